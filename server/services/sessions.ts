// Sessions of a support form: planned and changed by coordinators and social workers, and their sheet,
// which records the whole group in one submit, through each participant's journey (one Update each:
// a journey that refuses is named with its reason, the others stay recorded). Also the sign-in sheet
// PDF, before the session (names and a column to sign) and after it (the recorded attendance).
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { signInSheetPdf, type SignInSheet } from '../../documents/attendance-sheet';
import { AppError, type FieldError } from '../../domain/errors';
import { assertCan } from '../../domain/permissions';
import { ATTENDANCE_MARKS, JUSTIFICATIONS, markOf, type AttendanceMark, type Justification } from '../../domain/sessions';
import { supportCatalogueOf } from '../../domain/support-forms';
import type { IsoDate } from '../../domain/types';
import { inBothLanguages, type BothLanguages, type Locale } from '../../i18n';
import { formatDate } from '../../i18n/format';
import type { ServiceActor, Via } from '../actor';
import { audit } from '../audit';
import { Semaphore } from '../semaphore';
import { fieldErrors, parseLocalized, requiredText } from '../forms';
import type { ExportFile } from './exports';
import { act, NotAllowedNowError } from './journeys';
import { assertCanSeeProject, inProjectsOf, visibleTo } from './scope';

export interface SessionDeps {
  db: Db;
  temporal: Client;
  updateTimeoutMs?: number;
}

const uuid = z.uuid();
export const sessionInput = z.object({
  formCode: requiredText(50, 'Wybierz formę wsparcia'),
  sessionOn: z.iso.date('Data w formacie dd.mm.rrrr'),
  startsAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Godzina w formacie GG:MM'),
  hours: z.number('Podaj liczbę godzin').positive('Liczba godzin musi być dodatnia').max(24, 'Najwyżej 24 godziny'),
  place: requiredText(200, 'Podaj miejsce', 'Najwyżej 200 znaków'),
  leaderId: z.uuid('Wybierz osobę prowadzącą'),
  members: z.array(z.uuid('Wybierz uczestników z listy')).min(1, 'Wybierz co najmniej jedną osobę').max(200, 'Najwyżej 200 osób'),
});
export type SessionInput = z.input<typeof sessionInput>;

export const sheetInput = z.object({
  marks: z
    .array(
      z.object({
        applicationId: z.uuid(),
        mark: z.enum(ATTENDANCE_MARKS, 'Zaznacz obecność'),
        justification: z.enum(JUSTIFICATIONS, 'Wybierz powód').optional(),
        attendedHours: z.number().positive('Liczba godzin musi być dodatnia').max(24).optional(),
      }),
    )
    .min(1, 'Zaznacz obecność co najmniej jednej osoby')
    .max(200),
}).superRefine((v, ctx) => {
  v.marks.forEach((m, i) => {
    if (m.mark === 'justified' && !m.justification) ctx.addIssue({ code: 'custom', path: ['marks', i, 'justification'], message: 'Podaj powód usprawiedliwienia' });
  });
});
export type SheetInput = z.input<typeof sheetInput>;

export interface SessionSummary {
  id: string;
  projectId: string;
  formCode: string;
  formLabel: string;
  sessionOn: IsoDate;
  startsAt: string;
  hours: number;
  place: string;
  leaderId: string;
  leaderName: string;
  groupSize: number;
}

export interface SheetMember {
  applicationId: string;
  name: string;
  /** Recorded for this session: its mark, hours and reason. */
  recorded: { mark: AttendanceMark; attendedHours: number; justification: Justification | null } | null;
}

export interface SessionSheet extends SessionSummary {
  project: { id: string; code: string; name: string; startsOn: IsoDate; endsOn: IsoDate };
  members: SheetMember[];
}

const invalid = (fields: FieldError[]) => new AppError('invalid_input', 'the session has errors', fields);

function parse<S extends z.ZodType>(schema: S, input: unknown, locale: Locale): z.output<S> {
  const parsed = parseLocalized(schema, input, locale);
  if (!parsed.success) throw invalid(fieldErrors(parsed.error));
  return parsed.data;
}

/** A coordinator keeps every session; a social worker those they lead or planned. */
function assertKeeps(actor: ServiceActor, s: { leader_id: string; created_by: string | null }) {
  if (actor.role === 'social_worker' && s.leader_id !== actor.id && s.created_by !== actor.id) throw new AppError('forbidden', 'only the session’s leader or its author may do this');
}

/** The session, if it belongs to a project the actor works in (another project's does not exist for them). */
async function sessionRow(db: Db, actor: ServiceActor, id: string) {
  if (!uuid.safeParse(id).success) throw new AppError('not_found', 'no such session');
  const row = await db.selectFrom('support_sessions as s').selectAll('s').where('s.id', '=', id).where(inProjectsOf(actor, 's.project_id')).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'no such session');
  return row;
}

/**
 * The checks a session's data must pass, with Polish field errors: the form from the project's
 * catalogue, the day inside the project's period, an active coordinator or social worker leading it,
 * a group of the project's participants in support (that the actor may see), none of them in another
 * session of the same form that day.
 */
async function checkSession(db: Db, actor: ServiceActor, projectId: string, v: z.output<typeof sessionInput>, sessionId: string | null) {
  await assertCanSeeProject(db, actor, projectId);
  const project = await db.selectFrom('projects').select(['id', 'starts_on', 'ends_on', 'config']).where('id', '=', projectId).executeTakeFirstOrThrow();
  const errors: FieldError[] = [];
  if (!supportCatalogueOf(project.config).some((f) => f.code === v.formCode)) errors.push({ field: 'formCode', message: 'Tej formy wsparcia nie ma w katalogu projektu' });
  if (v.sessionOn < project.starts_on || v.sessionOn > project.ends_on)
    errors.push({ field: 'sessionOn', message: `Data poza okresem projektu (${formatDate(project.starts_on)} – ${formatDate(project.ends_on)})` });
  const leader = await leadersOf(db, projectId).where('u.id', '=', v.leaderId).executeTakeFirst();
  if (!leader) errors.push({ field: 'leaderId', message: 'Prowadzącym może być aktywny koordynator lub pracownik socjalny tego projektu' });
  const members = [...new Set(v.members)];
  const found = await db
    .selectFrom('applications as a')
    .select(['a.id', 'a.first_name', 'a.last_name'])
    .where('a.id', 'in', members)
    .where('a.project_id', '=', projectId)
    .where('a.stage', '=', 'support')
    .where(visibleTo(actor))
    .execute();
  if (found.length !== members.length) errors.push({ field: 'members', message: 'Grupa może objąć tylko uczestników tego projektu w trakcie wsparcia' });
  const busy = await db
    .selectFrom('support_session_members as m')
    .innerJoin('support_sessions as s', 's.id', 'm.session_id')
    .innerJoin('applications as a', 'a.id', 'm.application_id')
    .select(['a.first_name', 'a.last_name'])
    .where('m.application_id', 'in', members)
    .where('s.form_code', '=', v.formCode)
    .where('s.session_on', '=', v.sessionOn)
    .$if(sessionId !== null, (q) => q.where('s.id', '<>', sessionId!))
    .execute();
  if (busy.length) errors.push({ field: 'members', message: `Ma już zajęcia tej formy tego dnia: ${busy.map((b) => `${b.first_name} ${b.last_name}`).join(', ')}` });
  if (errors.length) throw invalid(errors);
  return members;
}

/** Who may lead a session of the project: its active coordinators and social workers. */
function leadersOf(db: Db, projectId: string) {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.name'])
    .where('u.active', '=', true)
    .where('u.role', 'in', ['coordinator', 'social_worker'])
    .where((eb) => eb.or([eb('u.all_projects', '=', true), eb.exists(eb.selectFrom('user_projects as up').select('up.user_id').whereRef('up.user_id', '=', 'u.id').where('up.project_id', '=', projectId))]));
}

/** Plans a session of a support form. */
export async function createSession(db: Db, actor: ServiceActor, projectId: string, input: unknown, locale: Locale = 'pl'): Promise<{ id: string }> {
  assertCan(actor.role, 'manageSessions');
  await assertCanSeeProject(db, actor, projectId);
  const v = parse(sessionInput, input, locale);
  const members = await checkSession(db, actor, projectId, v, null);
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('support_sessions')
      .values({ project_id: projectId, form_code: v.formCode, session_on: v.sessionOn, starts_at: v.startsAt, hours: v.hours, place: v.place, leader_id: v.leaderId, created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.insertInto('support_session_members').values(members.map((m) => ({ session_id: row.id, application_id: m }))).execute();
    return row.id;
  });
  await audit(db, actor, { action: 'session_created', entity: 'support_session', entityId: id, details: { projectId, formCode: v.formCode, sessionOn: v.sessionOn, members: members.length } });
  return { id };
}

/**
 * Changes a session. Once attendance is recorded on its sheet, its form, day and hours stay (the rows
 * carry them; a row is corrected on the participant's page) and nobody recorded leaves the group.
 */
export async function updateSession(db: Db, actor: ServiceActor, sessionId: string, input: unknown, locale: Locale = 'pl'): Promise<void> {
  assertCan(actor.role, 'manageSessions');
  const row = await sessionRow(db, actor, sessionId);
  assertKeeps(actor, row);
  const v = parse(sessionInput, input, locale);
  const members = await checkSession(db, actor, row.project_id, v, sessionId);
  const recorded = await db.selectFrom('attendance').select('application_id').where('session_id', '=', sessionId).execute();
  if (recorded.length) {
    const errors: FieldError[] = [];
    const frozen = 'Obecność jest już zapisana: tego nie można zmienić (popraw obecność na stronie uczestnika)';
    if (v.formCode !== row.form_code) errors.push({ field: 'formCode', message: frozen });
    if (v.sessionOn !== row.session_on) errors.push({ field: 'sessionOn', message: frozen });
    if (v.hours !== row.hours) errors.push({ field: 'hours', message: frozen });
    if (recorded.some((r) => !members.includes(r.application_id))) errors.push({ field: 'members', message: 'Nie można usunąć z grupy osoby, której obecność zapisano' });
    if (errors.length) throw invalid(errors);
  }
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('support_sessions')
      .set({ form_code: v.formCode, session_on: v.sessionOn, starts_at: v.startsAt, hours: v.hours, place: v.place, leader_id: v.leaderId, updated_at: new Date() })
      .where('id', '=', sessionId)
      .execute();
    await tx.deleteFrom('support_session_members').where('session_id', '=', sessionId).execute();
    await tx.insertInto('support_session_members').values(members.map((m) => ({ session_id: sessionId, application_id: m }))).execute();
  });
  await audit(db, actor, { action: 'session_updated', entity: 'support_session', entityId: sessionId, details: { formCode: v.formCode, sessionOn: v.sessionOn, members: members.length } });
}

function summaries(db: Db) {
  return db
    .selectFrom('support_sessions as s')
    .innerJoin('users as u', 'u.id', 's.leader_id')
    .innerJoin('projects as p', 'p.id', 's.project_id')
    .select((eb) => [
      's.id', 's.project_id', 's.form_code', 's.session_on', 's.starts_at', 's.hours', 's.place', 's.leader_id', 's.created_by', 'u.name as leader_name', 'p.config',
      eb.selectFrom('support_session_members as m').select((e) => e.fn.countAll<string>().as('n')).whereRef('m.session_id', '=', 's.id').as('group_size'),
    ]);
}

function toSummary(r: Awaited<ReturnType<ReturnType<typeof summaries>['execute']>>[number]): SessionSummary {
  return {
    id: r.id, projectId: r.project_id, formCode: r.form_code,
    formLabel: supportCatalogueOf(r.config).find((f) => f.code === r.form_code)?.label ?? r.form_code,
    sessionOn: r.session_on, startsAt: r.starts_at, hours: r.hours, place: r.place, leaderId: r.leader_id, leaderName: r.leader_name,
    groupSize: Number(r.group_size ?? 0),
  };
}

/** A project's sessions, by day (no personal data: sizes of the groups only). */
export async function listSessions(db: Db, actor: ServiceActor, projectId: string): Promise<SessionSummary[]> {
  assertCan(actor.role, 'viewSessions');
  if (!uuid.safeParse(projectId).success) throw new AppError('not_found', 'no such project');
  await assertCanSeeProject(db, actor, projectId);
  const rows = await summaries(db)
    .where('s.project_id', '=', projectId)
    // A social worker sees the sessions they keep (lead or planned), as they open them.
    .$if(actor.role === 'social_worker', (q) => q.where((eb) => eb.or([eb('s.leader_id', '=', actor.id), eb('s.created_by', '=', actor.id)])))
    .orderBy('s.session_on')
    .orderBy('s.starts_at')
    .execute();
  return rows.map(toSummary);
}

/** A session with its group and what is recorded for each (read and audited: names are personal data). */
export async function getSessionSheet(db: Db, actor: ServiceActor, sessionId: string): Promise<SessionSheet> {
  assertCan(actor.role, 'viewSessions');
  const row = await sessionRow(db, actor, sessionId);
  assertKeeps(actor, row);
  const [s, project, members] = await Promise.all([
    summaries(db).where('s.id', '=', sessionId).executeTakeFirstOrThrow(),
    db.selectFrom('projects').select(['id', 'code', 'name', 'starts_on', 'ends_on']).where('id', '=', row.project_id).executeTakeFirstOrThrow(),
    db
      .selectFrom('support_session_members as m')
      .innerJoin('applications as a', 'a.id', 'm.application_id')
      .leftJoin('attendance as t', (j) => j.onRef('t.application_id', '=', 'a.id').on('t.session_on', '=', row.session_on).on('t.form_code', '=', row.form_code))
      .select(['a.id', 'a.first_name', 'a.last_name', 't.id as attendance_id', 't.absent', 't.justified', 't.attended_hours', 't.justification'])
      .where('m.session_id', '=', sessionId)
      .orderBy('a.last_name')
      .orderBy('a.first_name')
      .execute(),
  ]);
  await audit(db, actor, { action: 'session_sheet_read', entity: 'support_session', entityId: sessionId, details: { people: members.length } });
  return {
    ...toSummary(s),
    project: { id: project.id, code: project.code, name: project.name, startsOn: project.starts_on, endsOn: project.ends_on },
    members: members.map((m) => ({
      applicationId: m.id,
      name: `${m.last_name} ${m.first_name}`,
      recorded: m.attendance_id === null ? null : { mark: markOf({ absent: m.absent ?? false, justified: m.justified ?? false }), attendedHours: m.attended_hours ?? 0, justification: m.justification ?? null },
    })),
  };
}

export interface SheetResult {
  recorded: { applicationId: string; name: string }[];
  refused: { applicationId: string; name: string; reason: BothLanguages }[];
}

const SHEET_CONCURRENCY = 25;
const UNEXPECTED: BothLanguages = inBothLanguages({ key: 'sessions.failedUnexpectedly' });

/**
 * Records a session's sheet: one Update per member not yet recorded (the request id and the member
 * make the update id, so a retried submit records nobody twice), all at once. A refusal, or any other
 * failure, is reported for that person with its reason; the others stay recorded. Each recorded line
 * is audited on the participant.
 */
export async function recordSheet(
  deps: SessionDeps,
  actor: ServiceActor,
  sessionId: string,
  input: unknown,
  req: { requestId: string; via: Via; locale: Locale },
): Promise<SheetResult> {
  assertCan(actor.role, 'recordSessionAttendance');
  const row = await sessionRow(deps.db, actor, sessionId);
  assertKeeps(actor, row);
  const v = parse(sheetInput, input, req.locale);
  const members = await deps.db
    .selectFrom('support_session_members as m')
    .innerJoin('applications as a', 'a.id', 'm.application_id')
    .select(['a.id', 'a.first_name', 'a.last_name'])
    .where('m.session_id', '=', sessionId)
    .execute();
  const names = new Map(members.map((m) => [m.id, `${m.last_name} ${m.first_name}`]));
  const strangers = v.marks.flatMap((m, i) => (names.has(m.applicationId) ? [] : [{ field: `marks.${i}.applicationId`, message: 'Ta osoba nie należy do grupy tych zajęć' }]));
  if (strangers.length) throw invalid(strangers);

  const result: SheetResult = { recorded: [], refused: [] };
  // A club of 25 at once, a bigger group a batch at a time (each line waits for its journey's answer).
  const slots = new Semaphore(SHEET_CONCURRENCY);
  await Promise.all(
    v.marks.map((m) => slots.run(async () => {
      const name = names.get(m.applicationId)!;
      try {
        await act(deps, actor, m.applicationId, 'recordSessionAttendance', {
          sessionId, sessionOn: row.session_on, formCode: row.form_code, plannedHours: row.hours, mark: m.mark,
          ...(m.attendedHours !== undefined ? { attendedHours: m.attendedHours } : {}),
          ...(m.mark === 'justified' && m.justification ? { justification: m.justification } : {}),
        }, `${req.requestId}:${m.applicationId}`);
        await audit(deps.db, actor, { action: 'participant_recordSessionAttendance', entity: 'application', entityId: m.applicationId, details: { via: req.via, sessionId, mark: m.mark } });
        result.recorded.push({ applicationId: m.applicationId, name });
      } catch (err) {
        const reason = err instanceof NotAllowedNowError ? err.reason : UNEXPECTED;
        result.refused.push({ applicationId: m.applicationId, name, reason });
      }
    })),
  );
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'pl');
  result.recorded.sort(byName);
  result.refused.sort(byName);
  return result;
}

/** The sign-in sheet of a session as a PDF: before it, names and a column to sign; after, what is recorded. */
export async function sessionSheetPdf(db: Db, actor: ServiceActor, sessionId: string, filled: boolean, locale: Locale = 'pl'): Promise<ExportFile> {
  assertCan(actor.role, 'exportAttendanceList');
  const sheet = await getSessionSheet(db, actor, sessionId);
  const pdf: SignInSheet = {
    project: { code: sheet.project.code, name: sheet.project.name },
    form: sheet.formLabel,
    sessionOn: sheet.sessionOn,
    startsAt: sheet.startsAt,
    hours: sheet.hours,
    place: sheet.place,
    leader: sheet.leaderName,
    people: sheet.members.map((m) => ({ name: m.name, recorded: filled ? m.recorded : null })),
    filled,
  };
  return {
    filename: `lista-obecnosci-${sheet.formCode}-${sheet.sessionOn}${filled ? '-zapisana' : ''}.pdf`,
    contentType: 'application/pdf',
    body: await signInSheetPdf(pdf, locale),
    audit: { action: 'export.session_sheet', entity: 'project', entityId: sheet.project.id, details: { sessionId, filled, people: sheet.members.length } },
  };
}

/**
 * What a session's form offers: the project's support forms, who may lead (active coordinators and
 * social workers), and the people the group can be chosen from (the project's participants in
 * support that the actor may see).
 */
export async function sessionFormOptions(db: Db, actor: ServiceActor, projectId: string) {
  assertCan(actor.role, 'manageSessions');
  await assertCanSeeProject(db, actor, projectId);
  const project = await db.selectFrom('projects').select('config').where('id', '=', projectId).executeTakeFirstOrThrow();
  const [leaders, candidates] = await Promise.all([
    leadersOf(db, projectId).orderBy('u.name').execute(),
    db
      .selectFrom('applications as a')
      .select(['a.id', 'a.first_name', 'a.last_name'])
      .where('a.project_id', '=', projectId)
      .where('a.stage', '=', 'support')
      .where(visibleTo(actor))
      .orderBy('a.last_name')
      .orderBy('a.first_name')
      .execute(),
  ]);
  return {
    forms: supportCatalogueOf(project.config).map((f) => ({ code: f.code, label: f.label })),
    leaders,
    candidates: candidates.map((r) => ({ id: r.id, name: `${r.last_name} ${r.first_name}` })),
  };
}
