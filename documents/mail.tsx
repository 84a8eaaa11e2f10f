// Every e-mail Sciezka sends, in the recipient's language. Pure functions of plain data. On purpose a message
// carries only the participant's name and a link to their page: never PESEL, disability, addiction,
// homelessness or any other detail of the record (e-mail leaves our control). Plain text + escaped HTML.
import type { Child } from 'hono/jsx';
import type { Role } from '../domain/types';
import { formatDate, formatDateTime as when } from '../i18n/format';
import { translator, type Locale, type Translate } from '../i18n';
import { taskKindLabel } from '../i18n/task-kinds';

export type MailLocale = Locale;

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

const kindText = taskKindLabel;

/** A task kind as its e-mail's subject names it. */
export const kindLabel = (locale: MailLocale, kind: string): string => taskKindLabel(translator(locale), kind);

/** The HTML frame every message shares: its body, then the automatic-message footer. */
function htmlMail(locale: MailLocale, t: Translate, body: Child): string {
  const html = (
    <html lang={locale}>
      <body>
        {body}
        <p>
          <small>{t('mail.footer')}</small>
        </p>
      </body>
    </html>
  );
  return `<!doctype html>${html.toString()}`;
}

/** The plain-text twin: the lines, then the signature separator and the footer. */
const textMail = (t: Translate, lines: string[]) => [...lines, '', '-- ', t('mail.footer')].join('\n');

export interface TaskMailInput {
  locale: MailLocale;
  kind: string;
  /** First and last name only; null for a task about no participant. */
  participantName: string | null;
  link: string;
  dueAt: Date;
  /** Set on an escalated task: the role that did not act in time. */
  escalatedFrom: Role | null;
}

export function taskMail(m: TaskMailInput): ComposedMail {
  const t = translator(m.locale);
  const what = kindText(t, m.kind);
  const escalation = m.escalatedFrom ? t('mail.escalated', { role: t.label('role', m.escalatedFrom).toLowerCase() }) : null;
  const lines = [
    ...(escalation ? [escalation, ''] : []),
    `${t('mail.task')}: ${what}`,
    ...(m.participantName ? [`${t('mail.participant')}: ${m.participantName}`] : []),
    `${t('mail.due')}: ${when(m.dueAt)}`,
    '',
    `${t('mail.open')}: ${m.link}`,
  ];
  const body = (
    <>
      {escalation && (
        <p>
          <strong>{escalation}</strong>
        </p>
      )}
      <p>
        {t('mail.task')}: <strong>{what}</strong>
      </p>
      {m.participantName && (
        <p>
          {t('mail.participant')}: {m.participantName}
        </p>
      )}
      <p>
        {t('mail.due')}: {when(m.dueAt)}
      </p>
      <p>
        <a href={m.link}>{t('mail.open')}</a>
      </p>
    </>
  );
  return {
    subject: m.escalatedFrom ? t('mail.subject.escalated', { what }) : t('mail.subject.task', { what }),
    text: textMail(t, lines),
    html: htmlMail(m.locale, t, body),
  };
}

export interface DigestItem {
  kind: string;
  participantName: string | null;
  link: string;
  dueAt: Date;
  overdue: boolean;
}

export function digestMail(m: { locale: MailLocale; day: string; items: DigestItem[] }): ComposedMail {
  const t = translator(m.locale);
  const day = formatDate(m.day);
  const intro = t('mail.digest.intro', { day });
  const due = (i: DigestItem) => `${t('mail.due').toLowerCase()}: ${when(i.dueAt)}${i.overdue ? `, ${t('mail.overdue')}` : ''}`;
  const line = (i: DigestItem) => `- ${kindText(t, i.kind)}${i.participantName ? ` – ${i.participantName}` : ''} (${due(i)})\n  ${i.link}`;
  const body = (
    <>
      <p>{intro}</p>
      <ul>
        {m.items.map((i) => (
          <li>
            <a href={i.link}>{kindText(t, i.kind)}</a>
            {i.participantName ? ` – ${i.participantName}` : ''} ({due(i)})
          </li>
        ))}
      </ul>
    </>
  );
  return {
    subject: t('mail.subject.digest', { day, n: m.items.length }),
    text: textMail(t, [intro, '', ...m.items.map(line)]),
    html: htmlMail(m.locale, t, body),
  };
}
