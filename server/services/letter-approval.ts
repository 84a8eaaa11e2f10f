// A result letter goes out only after the director approved the list it reports: the candidate's own
// approval (a qualified candidate, or one promoted from the approved reserve list, the journey's
// list_approved), or the approval of the sitting that decided about them (a reserve or rejected candidate,
// the round's record). Until then it may be printed, not marked as sent: by the letters' own action, the
// journey's recordLetterSent through the API or the panel, or the bulk action.
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';

/** SQL: the application `a` (an alias in scope) has its list approved. */
export const listApprovedFor = (alias: string) =>
  sql<boolean>`(${sql.ref(`${alias}.approved_at`)} is not null or exists (
    select 1 from decisions d left join sittings s on s.id = d.sitting_id
    where d.application_id = ${sql.ref(`${alias}.id`)} and (d.from_reserve or s.approved_at is not null)))`;

/** 409 with the reason, while the director has not approved the list. */
export async function assertListApproved(db: Db, applicationId: string): Promise<void> {
  const row = await db.selectFrom('applications as a').select(listApprovedFor('a').as('approved')).where('a.id', '=', applicationId).executeTakeFirst();
  if (row && !row.approved) throw new AppError('not_allowed_now', 'the list is not approved yet', [], { key: 'refusal.letterAwaitsApproval' });
}
