// The letters to candidates (recruitment result, promotion from the reserve list) that the journey
// generated as PDFs (activities/journey.ts createLetter, table `letters`): listed for the office to print
// and post, downloaded, and marked as sent. Every read and change is audited; a social worker reaches
// only their own participants' letters (and the unassigned ones), as everywhere else.
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { assertCan } from '../../domain/permissions';
import type { LetterKind, SupersededReason } from '../../domain/journey';
import { LETTER_STATUSES, type LetterStatus } from '../../domain/lists';
import type { IsoDate } from '../../domain/types';
import { z } from 'zod';
import { blankToUndefined } from '../forms';
import { formatDate, todayInWarsaw } from '../../i18n/format';
import type { Actor, ServiceActor } from '../actor';
import { audit } from '../audit';
import { act, JOURNEY_CLOSED, NO_SUCH_JOURNEY, NotAllowedNowError } from './journeys';
import type { ExportFile } from './exports';
import { assertListApproved } from './letter-approval';
import { assertCanSee, visibleTo } from './scope';

/** At most this many letters in one list (the office narrows by project or status). */
const LETTER_LIST_LIMIT = 500;

/** The letters list's filter: the panel's query string and the API's. */
export const letterFilterSchema = z.object({
  projectId: z.preprocess(blankToUndefined, z.uuid().optional()),
  status: z.preprocess(blankToUndefined, z.enum(LETTER_STATUSES).default('unsent')),
});

/** "Mark as sent": the day the letter was posted (the API's body, the panel's form). */
export const markSentSchema = z.object({ sentOn: z.iso.date().describe('the day it was posted; not in the future, not before the letter existed') });

export interface LetterFilter {
  projectId?: string | undefined;
  status: LetterStatus;
}

export interface LetterRow {
  id: string;
  kind: LetterKind;
  applicationId: string;
  participantName: string;
  projectId: string;
  projectCode: string;
  createdAt: Date;
  sentOn: IsoDate | null;
  /** Why it is no longer to be sent, when a later step made it obsolete. */
  superseded: SupersededReason | null;
  /** False once the project was anonymized (the PDF is gone). */
  hasPdf: boolean;
}

/** The letters the actor may see, oldest first (the order they were generated, so the order to post). */
export async function listLetters(db: Db, actor: Actor, f: LetterFilter): Promise<{ rows: LetterRow[]; total: number }> {
  assertCan(actor.role, 'listLetters');
  let q = db
    .selectFrom('letters as l')
    .innerJoin('applications as a', 'a.id', 'l.application_id')
    .innerJoin('projects as p', 'p.id', 'a.project_id')
    .where(visibleTo(actor));
  if (f.projectId) q = q.where('a.project_id', '=', f.projectId);
  if (f.status === 'unsent') q = q.where('l.sent_on', 'is', null).where('l.superseded_at', 'is', null);
  if (f.status === 'superseded') q = q.where('l.superseded_at', 'is not', null);
  if (f.status === 'sent') q = q.where('l.sent_on', 'is not', null);
  const { total } = await q.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
  const rows = await q
    .select(['l.id', 'l.kind', 'l.application_id', 'l.created_at', 'l.sent_on', 'l.superseded_reason', 'a.first_name', 'a.last_name', 'a.project_id', 'p.code'])
    .select((eb) => eb(eb.fn('octet_length', ['l.pdf']), '>', 0).as('has_pdf'))
    .orderBy('l.created_at')
    .orderBy('l.id')
    .limit(LETTER_LIST_LIMIT)
    .execute();
  await audit(db, actor, { action: 'letters_listed', entity: 'letter', details: { count: rows.length, status: f.status, ...(f.projectId ? { projectId: f.projectId } : {}) } });
  return {
    total: Number(total),
    rows: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      applicationId: r.application_id,
      participantName: `${r.first_name} ${r.last_name}`,
      projectId: r.project_id,
      projectCode: r.code,
      createdAt: new Date(r.created_at),
      sentOn: r.sent_on,
      superseded: r.superseded_reason,
      hasPdf: Boolean(r.has_pdf),
    })),
  };
}

/** One letter the actor may see (404 for the others, as for their participants). */
async function letterFor(db: Db, actor: ServiceActor, letterId: string) {
  const letter = await db
    .selectFrom('letters')
    .select(['id', 'key', 'kind', 'application_id', 'created_at', 'sent_on'])
    .where('id', '=', letterId)
    .executeTakeFirst();
  if (!letter) throw new AppError('not_found', 'no such letter');
  try {
    await assertCanSee(db, actor, letter.application_id);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', 'no such letter');
    throw err;
  }
  return letter;
}

/**
 * The letter's PDF as stored when the journey generated it. The id is a database key, never a path:
 * nothing is read from the file system. The caller sends it with sendDownload (which audits).
 */
export async function letterPdf(db: Db, actor: Actor, letterId: string): Promise<ExportFile> {
  assertCan(actor.role, 'getLetterPdf');
  const letter = await letterFor(db, actor, letterId);
  const { pdf } = await db.selectFrom('letters').select('pdf').where('id', '=', letter.id).executeTakeFirstOrThrow();
  if (pdf.length === 0) throw new AppError('not_found', 'the letter’s PDF was removed when the project was anonymized');
  return {
    filename: `pismo-${letter.kind}-${todayInWarsaw(new Date(letter.created_at))}-${letter.id.slice(0, 8)}.pdf`,
    contentType: 'application/pdf',
    body: Buffer.from(pdf),
    audit: { action: 'letter_downloaded', entity: 'application', entityId: letter.application_id, details: { letterId: letter.id, kind: letter.kind } },
  };
}

export interface MarkSentResult {
  letterId: string;
  applicationId: string;
  sentOn: IsoDate;
  /** True when it had been marked before (this call changed nothing). */
  alreadySent: boolean;
}

/**
 * Records that the letter went out on day `on`. Idempotent: a letter already marked stays as it was and
 * the answer says so. A running journey records it through its own Update (the journey's state and event
 * log stay one story); a closed journey (a rejected candidate's ends with the letter) or one whose history
 * Temporal no longer keeps is recorded here, with the same event type.
 */
export async function markLetterSent(deps: { db: Db; temporal: Client; updateTimeoutMs?: number }, actor: ServiceActor, letterId: string, on: IsoDate): Promise<MarkSentResult> {
  const { db } = deps;
  assertCan(actor.role, 'markLetterSent');
  const letter = await letterFor(db, actor, letterId);
  const result = (sentOn: IsoDate, alreadySent: boolean): MarkSentResult => ({ letterId: letter.id, applicationId: letter.application_id, sentOn, alreadySent });
  const done = async (r: MarkSentResult) => {
    await audit(db, actor, { action: 'letter_marked_sent', entity: 'application', entityId: letter.application_id, details: { letterId: letter.id, kind: letter.kind, sentOn: r.sentOn, alreadySent: r.alreadySent } });
    return r;
  };
  if (letter.sent_on) return done(result(letter.sent_on, true));
  await assertListApproved(db, letter.application_id);

  const created = todayInWarsaw(new Date(letter.created_at));
  if (on > todayInWarsaw()) throw new AppError('invalid_input', 'sentOn is in the future', [{ field: 'sentOn', message: 'Data wysłania nie może być z przyszłości' }]);
  if (on < created) throw new AppError('invalid_input', 'sentOn before the letter existed', [{ field: 'sentOn', message: `Data wysłania przed utworzeniem pisma (${formatDate(created)})` }]);

  const sentNow = async () => (await db.selectFrom('letters').select('sent_on').where('id', '=', letter.id).executeTakeFirstOrThrow()).sent_on;
  try {
    // One Update per letter: a repeated click (or two people at once) is one effect.
    await act(deps, actor, letter.application_id, 'recordLetterSent', { letterKey: letter.key, sentOn: on }, `letter-sent:${letter.id}`);
    return done(result((await sentNow()) ?? on, false));
  } catch (err) {
    const closed = err instanceof NotAllowedNowError && err.reason === JOURNEY_CLOSED;
    const gone = err instanceof AppError && err.code === 'not_found' && err.message === NO_SUCH_JOURNEY;
    if (err instanceof NotAllowedNowError && /already recorded as sent/.test(err.reason.en)) {
      const already = await sentNow();
      if (already) return done(result(already, true));
    }
    if (!closed && !gone) throw err;
  }
  const marked = await db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('letters')
      .set({ sent_on: on, sent_at: new Date(), sent_by: actor.id })
      .where('id', '=', letter.id)
      .where('sent_on', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await tx
      .insertInto('journey_events')
      .values({
        application_id: letter.application_id,
        event_key: `office:letter_sent:${letter.key}`,
        actor_id: actor.id,
        occurred_at: new Date(),
        type: 'letter_sent',
        payload: JSON.stringify({ letterKey: letter.key, sentOn: on, journeyClosed: true }),
      })
      .onConflict((oc) => oc.column('event_key').doNothing())
      .execute();
    return true;
  });
  return done(marked ? result(on, false) : result((await sentNow()) ?? on, true));
}
