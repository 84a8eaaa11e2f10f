// Personal data (GDPR): everything held about one person as JSON (art. 15/20), the withdrawal of the
// image consent (att. 3), and the anonymization of a project's participants after its retention period.
// Every call is audited; the audit itself holds ids, never personal values.
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/connect';
import type { Database } from '../../db/schema';
import { AppError } from '../../domain/errors';
import { parseOrFail } from '../../domain/project';
import { participantDataColumns } from './participant-data';
import { anonymizationDueOn, anonymizedBirthDate, ERASURE_GROUNDS, FREE_TEXT_KEYS } from '../../domain/gdpr';
import { assertCan, canFor } from '../../domain/permissions';
import { todayInWarsaw } from '../../i18n/format';
import type { Actor } from '../actor';
import { audit } from '../audit';
import { act, JOURNEY_CLOSED, NO_SUCH_JOURNEY, NotAllowedNowError, type JourneyDeps } from './journeys';
import { assertCanSee } from './scope';

const ANONYMIZED_NAME = 'Anonimizowano';

/** Everything the system holds about one participant, for them (readable JSON, no internal secrets). */
export async function exportPersonalData(db: Db, actor: Actor, applicationId: string) {
  await assertCanSee(db, actor, applicationId);
  const app = await db.selectFrom('applications').selectAll().where('id', '=', applicationId).executeTakeFirstOrThrow();
  const { request_id: _r, ...person } = app;
  const byApp = <T extends 'documents' | 'support_plan' | 'isr_revisions' | 'attendance' | 'follow_ups' | 'journey_events' | 'decisions' | 'round_candidates'>(table: T) =>
    db.selectFrom(table as 'documents').selectAll().where('application_id', '=', applicationId).execute();
  const [project, documents, plan, isr, attendance, followUps, events, decisions, ranking, letters, tasks, trail] = await Promise.all([
    db.selectFrom('projects').select(['id', 'code', 'name', 'starts_on', 'ends_on']).where('id', '=', app.project_id).executeTakeFirstOrThrow(),
    byApp('documents'),
    byApp('support_plan'),
    byApp('isr_revisions'),
    byApp('attendance'),
    byApp('follow_ups'),
    byApp('journey_events'),
    byApp('decisions'),
    byApp('round_candidates'),
    db.selectFrom('letters').select(['id', 'kind', 'created_at', 'sent_on']).where('application_id', '=', applicationId).orderBy('created_at').execute(),
    db.selectFrom('tasks').select(['kind', 'due_at', 'state', 'created_at', 'closed_at']).where('application_id', '=', applicationId).orderBy('created_at').execute(),
    // Who saw or changed the data, when and from where (recipients of the data, art. 15(1)(c)).
    db
      .selectFrom('audit_log as l')
      .leftJoin('users as u', 'u.id', 'l.user_id')
      .select(['l.at', 'l.action', 'l.ip', 'u.name as userName', 'u.role as userRole'])
      .where('l.entity', '=', 'application')
      .where('l.entity_id', '=', applicationId)
      .orderBy('l.id')
      .execute(),
  ]);
  await audit(db, actor, { action: 'personal_data_exported', entity: 'application', entityId: applicationId, details: { via: actor.via === 'token' ? 'api' : 'panel' } });
  return {
    format: 'sciezka-personal-data/1' as const,
    exportedAt: new Date().toISOString(),
    exportedBy: { id: actor.id, name: actor.name, role: actor.role },
    project,
    person,
    documents,
    supportPlan: plan,
    isrRevisions: isr,
    attendance,
    followUps,
    recruitment: { decisions, ranking },
    letters,
    tasks,
    events,
    accessLog: trail,
  };
}

export const withdrawConsentSchema = z.object({ withdrawnOn: z.iso.date() });

/**
 * The participant withdraws the image consent (att. 3): recorded (who, when), shown on the timeline,
 * and the document no longer counts as signed. It goes through the journey (an Update), which then
 * accepts a new signature; a journey already over is past signing, so the office records it directly.
 */
export async function withdrawImageConsent(
  deps: Pick<JourneyDeps, 'db' | 'temporal'> & { updateTimeoutMs?: number },
  actor: Pick<Actor, 'id' | 'role'> & { ip?: string },
  applicationId: string,
  input: { withdrawnOn: string },
): Promise<{ withdrawnOn: string }> {
  const { db } = deps;
  const { socialWorkerId } = await assertCanSee(db, actor, applicationId);
  if (!canFor(actor.role, 'withdrawConsent', actor.id, socialWorkerId)) throw new AppError('forbidden', 'only the participant’s own social worker or a coordinator may do this');
  const doc = await db.selectFrom('documents').select(['signed_on', 'withdrawn_on']).where('application_id', '=', applicationId).where('kind', '=', 'image_consent').executeTakeFirst();
  if (!doc) throw new AppError('not_allowed_now', 'Zgoda na wizerunek nie została podpisana');
  if (doc.withdrawn_on) throw new AppError('not_allowed_now', `Zgoda na wizerunek została już wycofana (${doc.withdrawn_on})`);
  const on = input.withdrawnOn;
  if (on > todayInWarsaw()) throw new AppError('invalid_input', 'withdrawal date in the future', [{ field: 'withdrawnOn', message: 'Data wycofania zgody nie może być z przyszłości' }]);
  if (on < doc.signed_on) throw new AppError('invalid_input', 'withdrawal before signing', [{ field: 'withdrawnOn', message: `Data wycofania zgody przed jej podpisaniem (${doc.signed_on})` }]);
  // Numbered by the withdrawals before it: a repeated click is one Update, a later signature can be withdrawn again.
  const earlier = await db
    .selectFrom('journey_events')
    .select(db.fn.countAll<string>().as('n'))
    .where('application_id', '=', applicationId)
    .where('type', '=', 'image_consent_withdrawn')
    .executeTakeFirstOrThrow();
  try {
    await act(deps, actor, applicationId, 'withdrawImageConsent', { withdrawnOn: on }, `consent-withdrawn:${applicationId}:${Number(earlier.n) + 1}`);
  } catch (err) {
    const closed = err instanceof NotAllowedNowError && err.reason === JOURNEY_CLOSED;
    const gone = err instanceof AppError && err.code === 'not_found' && err.message === NO_SUCH_JOURNEY;
    if (!closed && !gone) throw err;
    await recordWithdrawalDirectly(db, actor, applicationId, on);
  }
  await audit(db, actor, { action: 'consent_withdrawn', entity: 'application', entityId: applicationId, details: { kind: 'image_consent', withdrawnOn: on } });
  return { withdrawnOn: on };
}

async function recordWithdrawalDirectly(db: Db, actor: Pick<Actor, 'id'>, applicationId: string, on: string) {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('documents').set({ withdrawn_on: on, withdrawn_by: actor.id }).where('application_id', '=', applicationId).where('kind', '=', 'image_consent').where('withdrawn_on', 'is', null).execute();
    await tx
      .insertInto('journey_events')
      .values({ application_id: applicationId, event_key: `consent-withdrawn:image_consent:${applicationId}:${on}`, actor_id: actor.id, occurred_at: new Date(), type: 'image_consent_withdrawn', payload: JSON.stringify({ withdrawnOn: on }) })
      .onConflict((oc) => oc.column('event_key').doNothing())
      .execute();
  });
}

export interface AnonymizationResult {
  projectId: string;
  dueOn: string;
  anonymized: number;
}

/** When the project's participants are due for anonymization (null: no retention period configured). */
async function anonymizationDue(db: Db, projectId: string): Promise<string | null> {
  const p = await db.selectFrom('projects').select(['ends_on', 'config']).where('id', '=', projectId).executeTakeFirst();
  if (!p) throw new AppError('not_found', 'no such project');
  return p.config.retentionYears ? anonymizationDueOn(p.ends_on, p.config.retentionYears) : null;
}

const stripFreeText = sql`${sql.raw(FREE_TEXT_KEYS.map((k) => `- '${k}'`).join(' '))}`;

/**
 * Removes what identifies the project's participants once its retention period is over: names, PESEL,
 * the exact birth date (the age at entry stays, see anonymizedBirthDate), free-text notes, opinions and
 * reasons, per-criterion scores, letters' and protocols' PDFs, e-mails about them (task mails and daily
 * digests), saved filters that search for them. Sex, disability, target group, dates and
 * outcomes stay: the indicators are the same before and after. Idempotent.
 */
export async function anonymizeProject(db: Db, actor: Pick<Actor, 'id' | 'ip'> | null, projectId: string, today = todayInWarsaw()): Promise<AnonymizationResult> {
  const dueOn = await anonymizationDue(db, projectId);
  if (!dueOn) throw new AppError('not_allowed_now', 'Projekt nie ma skonfigurowanego okresu przechowywania danych (retentionYears)');
  if (today < dueOn) throw new AppError('not_allowed_now', `Okres przechowywania danych trwa do ${dueOn}`);
  const anonymized = await db.transaction().execute(async (tx) => {
    const people = await tx
      .selectFrom('applications as a')
      .leftJoin('journey_events as e', (j) => j.onRef('e.application_id', '=', 'a.id').on('e.type', '=', 'participation_started'))
      .select(['a.id', 'a.birth_date', 'a.first_name', 'a.last_name', 'a.pesel', sql<string | null>`e.payload->>'startedOn'`.as('startedOn')])
      .where('a.project_id', '=', projectId)
      .where('a.anonymized_at', 'is', null)
      .execute();
    return anonymizePeople(tx, people, { projectId });
  });
  await audit(db, actor, { action: 'project_anonymized', entity: 'project', entityId: projectId, details: { anonymized, dueOn } });
  return { projectId, dueOn, anonymized };
}

type Person = { id: string; birth_date: string; first_name: string; last_name: string; pesel: string; startedOn: string | null };

/**
 * Removes what identifies these people (see anonymizeProject), in the caller's transaction; the stored
 * protocols that name them (the project's, or the sittings that decided about the one person) are dropped
 * too. Returns how many.
 */
async function anonymizePeople(tx: Transaction<Database>, people: Person[], protocols: { projectId: string } | { applicationId: string }): Promise<number> {
  for (const p of people) {
    await tx
      .updateTable('applications')
      .set({ first_name: ANONYMIZED_NAME, last_name: '', pesel: '', birth_date: anonymizedBirthDate(p.birth_date, p.startedOn), opinion: null, rejection_reason: null, end_note: null, withdrawal_note: null, scores: null, ...participantDataColumns({}), anonymized_at: new Date() })
      .where('id', '=', p.id)
      .execute();
  }
  const ids = people.map((p) => p.id);
  if (ids.length === 0) return 0;
  // The event log's one allowed change, run as the table's owner (migration 0015): the app's role may not update it.
  await sql`select journey_events_strip_free_text(${ids}::uuid[])`.execute(tx);
  await tx.updateTable('follow_ups').set({ data: sql`data ${stripFreeText}` }).where('application_id', 'in', ids).execute();
  await tx.updateTable('decisions').set({ reason: null }).where('application_id', 'in', ids).execute();
  await tx.updateTable('decision_corrections').set({ reason: null }).where('application_id', 'in', ids).execute();
  // The IŚR's diagnosis, goals and reasons describe the person; its forms, hours and periods stay.
  await tx.updateTable('isr_revisions').set({ diagnosis: '', goals: '', reason: null }).where('application_id', 'in', ids).execute();
  // Corrections keep which field changed and when; the values and reasons go like the rest.
  await tx.updateTable('corrections').set({ old_value: null, new_value: null, reason: null }).where('application_id', 'in', ids).execute();
  await tx.updateTable('letters').set({ pdf: Buffer.alloc(0) }).where('application_id', 'in', ids).execute();
  await tx
    .updateTable('outbox')
    .set({ subject: ANONYMIZED_NAME, body_text: ANONYMIZED_NAME, body_html: null })
    .where('task_id', 'in', tx.selectFrom('tasks').select('id').where('application_id', 'in', ids))
    .execute();
  // The daily digests that listed them (their names, a link with the id).
  await tx
    .updateTable('outbox')
    .set({ subject: ANONYMIZED_NAME, body_text: ANONYMIZED_NAME, body_html: null })
    .where('kind', '=', 'digest')
    .where(sql<boolean>`body_text like any(${ids.map((id) => `%/participants/${id}%`)}::text[])`)
    .execute();
  await deleteFiltersNaming(tx, people);
  const sittings = 'projectId' in protocols
    ? tx.selectFrom('sittings').select('id').where('project_id', '=', protocols.projectId)
    : tx.selectFrom('decisions').select('sitting_id as id').where('application_id', '=', protocols.applicationId);
  await tx.updateTable('sittings').set({ protocol_pdf: null }).where('id', 'in', sittings).execute();
  return ids.length;
}

/**
 * Saved filters whose search text or name points at one of these people (their surname or full name, a
 * search of 3 letters or more they begin with, or a PESEL prefix of 4 digits or more): deleted, they are a user's shortcut.
 */
async function deleteFiltersNaming(db: Db, people: Array<{ first_name: string; last_name: string; pesel: string }>) {
  const names = people.flatMap((p) => [p.last_name, `${p.first_name} ${p.last_name}`].map((n) => n.trim().toLowerCase()).filter((n) => n.length >= 3));
  // A search may be a prefix of the name; a filter's own label only counts when it contains a whole name.
  const namesSomeone = (text: string, prefix: boolean) => {
    const t = text.trim().toLowerCase();
    if (/^\d{4,11}$/.test(t)) return people.some((p) => p.pesel.startsWith(t));
    return t.length >= 3 && names.some((n) => t.includes(n) || (prefix && n.startsWith(t)));
  };
  const filters = await db.selectFrom('saved_filters').select(['id', 'name', 'query']).execute();
  const doomed = filters.filter((f) => namesSomeone(new URLSearchParams(f.query).get('q') ?? '', true) || namesSomeone(f.name, false)).map((f) => f.id);
  if (doomed.length) await db.deleteFrom('saved_filters').where('id', 'in', doomed).execute();
}

/** Every project whose retention period is over and which still holds personal data (the CLI runs this). */
export async function anonymizeDueProjects(db: Db, today = todayInWarsaw()): Promise<AnonymizationResult[]> {
  const projects = await db
    .selectFrom('projects as p')
    .select(['p.id', 'p.ends_on', 'p.config'])
    .where(sql<boolean>`(p.config->>'retentionYears') is not null`)
    .where(({ exists, selectFrom }) => exists(selectFrom('applications as a').select('a.id').whereRef('a.project_id', '=', 'p.id').where('a.anonymized_at', 'is', null)))
    .execute();
  const out: AnonymizationResult[] = [];
  for (const p of projects) {
    if (today >= anonymizationDueOn(p.ends_on, p.config.retentionYears!)) out.push(await anonymizeProject(db, null, p.id, today));
  }
  return out;
}

export const eraseSchema = z.object({ ground: z.enum(ERASURE_GROUNDS, { error: 'Wybierz podstawę usunięcia danych' }) });

/**
 * Erases one person (art. 17 GDPR) where retention allows: an applicant who never became a participant
 * (no participation started). A participant's documentation is kept for the project's retention period
 * (art. 17(3)(b): the ESF rules oblige it) and is anonymized with the project's after it. A journey still
 * running is withdrawn through itself first (the round drops the candidate and frees only what they held);
 * then names, PESEL, notes, letters, protocols naming them and e-mails about them go, as at anonymization.
 * The audit row keeps the ground, never the person.
 */
export async function eraseParticipant(
  deps: Pick<JourneyDeps, 'db' | 'temporal'> & { updateTimeoutMs?: number },
  actor: Pick<Actor, 'id' | 'role'> & { ip?: string },
  applicationId: string,
  input: z.input<typeof eraseSchema>,
): Promise<{ erased: true }> {
  const { db } = deps;
  assertCan(actor.role, 'eraseParticipant');
  await assertCanSee(db, actor, applicationId);
  const { ground } = parseOrFail(eraseSchema, input, 'invalid erasure');
  const person = await db
    .selectFrom('applications')
    .select(['id', 'birth_date', 'first_name', 'last_name', 'pesel', 'stage', 'participation_started_on', 'anonymized_at'])
    .where('id', '=', applicationId)
    .executeTakeFirstOrThrow();
  if (person.anonymized_at) throw new AppError('not_allowed_now', 'already erased', [], { key: 'refusal.alreadyErased' });
  if (person.participation_started_on) throw new AppError('not_allowed_now', 'a participant’s data are kept for the retention period', [], { key: 'refusal.erasureRetention' });
  if (person.stage !== 'closed') {
    try {
      await act(deps, actor, applicationId, 'withdrawApplication', { reason: 'applicant_request', note: 'Żądanie usunięcia danych (art. 17 RODO)' }, `erase:${applicationId}`);
    } catch (err) {
      // Closed meanwhile (or never started): nothing left to withdraw.
      const closed = err instanceof NotAllowedNowError && err.reason === JOURNEY_CLOSED;
      const gone = err instanceof AppError && err.code === 'not_found' && err.message === NO_SUCH_JOURNEY;
      if (!closed && !gone) throw err;
    }
  }
  await db.transaction().execute((tx) => anonymizePeople(tx, [{ ...person, startedOn: null }], { applicationId }));
  await audit(db, actor, { action: 'participant_erased', entity: 'application', entityId: applicationId, details: { ground } });
  return { erased: true };
}

