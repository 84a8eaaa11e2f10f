import type { FieldError } from '../../domain/errors';
import { Alert } from '../components';
import type { ViewCtx } from '../context';

export function ErrorPage({ ctx, title, message, fields }: { ctx: ViewCtx; title: string; message: string; fields?: FieldError[] }) {
  return (
    <section class="centered">
      <h1>{title}</h1>
      <Alert kind="error">
        <p>{message}</p>
        {fields && fields.length > 0 && (
          <ul>
            {fields.map((f) => (
              <li>
                {f.field}: {f.message}
              </li>
            ))}
          </ul>
        )}
      </Alert>
      <p>
        <a href="/">{ctx.t('error.home')}</a>
      </p>
    </section>
  );
}

/** What htmx swaps into #flash when a request fails outside a form. */
export const ErrorFlash = ({ message }: { message: string }) => <Alert kind="error">{message}</Alert>;
