import type { Operation } from '../domain/permissions';
import { can } from '../domain/permissions';
import type { Role } from '../domain/types';
import type { Locale, Translate } from '../i18n';

export interface ViewUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** What every view gets besides its own data: words, the user, the CSRF token, the current path. */
export interface ViewCtx {
  t: Translate;
  locale: Locale;
  user: ViewUser | null;
  csrf: string;
  path: string;
  /** What waits on the user, per menu item (href): shown as a count by the item. */
  counts?: Partial<Record<string, number>> | undefined;
}

export const allowed = (ctx: ViewCtx, op: Operation) => ctx.user !== null && can(ctx.user.role, op);
