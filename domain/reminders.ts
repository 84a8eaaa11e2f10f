// Reminder rules: who hears about an overdue task next, the idempotency keys that make every reminder
// and every escalation step happen once, and when the daily digest runs. Pure and bundle-safe.
import type { IsoDate, OfficeHours, Role } from './types';

export interface EscalationChain {
  /** Roles in order: an overdue task assigned to chain[i] escalates to chain[i + 1]. */
  chain: Role[];
  /** Working days an overdue task may stay open before the next role is told. */
  afterWorkingDays: number;
}

export const DEFAULT_ESCALATION: EscalationChain = {
  chain: ['social_worker', 'coordinator', 'director'],
  afterWorkingDays: 2,
};

/** The role an overdue task of `role` escalates to, or null at the end of the chain (or off it). */
export function nextInChain(chain: readonly Role[], role: Role): Role | null {
  const i = chain.indexOf(role);
  return i >= 0 && i + 1 < chain.length ? chain[i + 1]! : null;
}

/**
 * Task kinds that climb the chain by themselves while left open past due: a person has to act and
 * nothing else will tell their superior. The journey escalates signing (sign_*) and the follow-ups
 * (follow_up_*) itself, with consequences of its own, and repeats its original_pending reminders.
 */
const CHAIN_ESCALATED_KINDS = new Set(['attendance_low', 'absence_unjustified']);
/** The kind of work a task is, without what it is about: `absence_unjustified:<session>` -> absence_unjustified. */
export const taskKindBase = (kind: string) => kind.split(':')[0]!;
/** Whether a task of `kind` escalates along the chain. */
export const escalatesAlongChain = (kind: string) => CHAIN_ESCALATED_KINDS.has(taskKindBase(kind));

/** The key of the task an escalation opens: one per task and step, so a retry or replay opens it once. */
export const escalationTaskKey = (taskKey: string, to: Role) => `${taskKey}>${to}`;

/** One e-mail per task and recipient. */
export const taskMailKey = (taskId: string, userId: string) => `task:${taskId}:${userId}`;
/** One digest per user and day. */
export const digestMailKey = (day: IsoDate, userId: string) => `digest:${day}:${userId}`;

export const WEEKDAY_NAMES = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

/**
 * When the digest runs: at the opening time of each weekday the office opens, grouped by time
 * (Europe/Warsaw). Holidays are not expressible here; the digest workflow skips them itself.
 */
export function digestTimes(hours: OfficeHours): Array<{ days: WeekdayName[]; hour: number; minute: number }> {
  const byTime = new Map<string, WeekdayName[]>();
  for (let wd = 1 as 1 | 2 | 3 | 4 | 5 | 6 | 7; wd <= 7; wd++) {
    const slot = hours[wd];
    if (!slot) continue;
    byTime.set(slot.from, [...(byTime.get(slot.from) ?? []), WEEKDAY_NAMES[wd - 1]!]);
  }
  return [...byTime].map(([from, days]) => {
    const [hour, minute] = from.split(':').map(Number) as [number, number];
    return { days, hour, minute };
  });
}
