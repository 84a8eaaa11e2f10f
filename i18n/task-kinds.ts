// How a task kind reads, in the panel (Today) and in its e-mail's subject.
import { taskKindBase } from '../domain/reminders';
import type { MessageKey, Translate } from './index';

/**
 * The label key of a task kind: one per absence (`absence_unjustified:<session>`) reads as the absence,
 * the due and reminder steps of a follow-up as the follow-up.
 */
export const taskKindKey = (kind: string) => taskKindBase(kind).replace(/^(follow_up_[12])_(due|reminder)$/, '$1');

/** What to do, as a sentence; a kind without its own sentence gets a generic line naming it. */
export function taskKindLabel(t: Translate, kind: string): string {
  const key = taskKindKey(kind);
  return t.has(`task.${key}`) ? t.label('task', key) : t('task.other', { kind: key });
}

/** Why a task closed by itself, from the cause its journey recorded (an unknown one reads generically). */
export function closeCauseLabel(t: Translate, cause: string | null): string {
  const key = `tasks.cause.${(cause ?? 'other').replaceAll(' ', '_')}`;
  return t.has(key) ? t(key as MessageKey) : t('tasks.cause.other');
}
