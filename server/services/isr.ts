// The IŚR (att. 8) of one participant: read with its history, revised through the journey (the owner of
// the plan: its reviseIsr Update), printed to sign. Revisions are checked here against the project (its
// support-form catalogue and period), with one field error per field; the journey checks the rest.
import type { Db } from '../../db/connect';
import { isrPdf, type IsrDocument } from '../../documents/isr';
import { AppError, type FieldError } from '../../domain/errors';
import type { IsrItem } from '../../domain/journey';
import { assertCan, canFor } from '../../domain/permissions';
import type { IsoDate, Stage } from '../../domain/types';
import { say, type Key, type Locale, type Message, type ParamValue } from '../../i18n';
import { formatDate } from '../../i18n/format';
import type { ServiceActor, Via } from '../actor';
import { audit } from '../audit';
import type { ExportFile } from './exports';
import { act, type JourneyDeps } from './journeys';
import { assertCanSee } from './scope';
import { projectContext } from './projects';
import { userNames } from './users';

/** The API's body (the panel's form is turned into it by isrFormToInput). */
export interface IsrInput {
  diagnosis?: unknown;
  goals?: unknown;
  reason?: unknown;
  items?: unknown;
}

export interface IsrRevisionView {
  revision: number;
  diagnosis: string;
  goals: string;
  items: Array<IsrItem & { label: string }>;
  reason: string | null;
  revisedBy: string | null;
  revisedAt: Date;
}

export interface IsrView {
  applicationId: string;
  participantName: string;
  socialWorkerName: string | null;
  stage: Stage;
  project: { code: string; name: string; startsOn: IsoDate; endsOn: IsoDate };
  catalogue: Array<{ code: string; label: string }>;
  attendanceThreshold: number;
  /** Newest first; [0] is the IŚR in force. */
  revisions: IsrRevisionView[];
  /** Whether this user may revise it (role, own participant). */
  canRevise: boolean;
}

const MAX_TEXT = 4000;
const MAX_HOURS = 2000;
const ISO = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (v: unknown): v is string => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v));

/**
 * The planned hours per support form of a participant: the current IŚR's plan (or the plain plan of a
 * participant without an IŚR), the hours the attendance rules measure against.
 */
export async function plannedHoursFor(db: Db, applicationId: string): Promise<Record<string, number>> {
  const rows = await db.selectFrom('support_plan').select(['form_code', 'hours']).where('application_id', '=', applicationId).execute();
  return Object.fromEntries(rows.map((r) => [r.form_code, r.hours]));
}

/** The IŚR and its revisions, for one who may see the participant (audited as a read of their data). */
export async function readIsr(db: Db, actor: ServiceActor, applicationId: string, via: Via): Promise<IsrView> {
  assertCan(actor.role, 'getParticipant');
  const { socialWorkerId } = await assertCanSee(db, actor, applicationId);
  const app = await db
    .selectFrom('applications as a')
    .innerJoin('projects as p', 'p.id', 'a.project_id')
    .select(['a.first_name', 'a.last_name', 'a.stage', 'a.project_id', 'a.rules_version', 'p.starts_on', 'p.ends_on'])
    .where('a.id', '=', applicationId)
    .executeTakeFirstOrThrow();
  const [project, rows] = await Promise.all([
    projectContext(db, app.project_id, app.rules_version),
    db.selectFrom('isr_revisions').selectAll().where('application_id', '=', applicationId).orderBy('revision', 'desc').execute(),
  ]);
  const names = await userNames(db, [...new Set([socialWorkerId, ...rows.map((r) => r.revised_by)].filter((x): x is string => !!x))]);
  const label = (code: string) => project.supportCatalogue.find((f) => f.code === code)?.label ?? code;
  await audit(db, actor, { action: 'participant_isr_read', entity: 'application', entityId: applicationId, details: { via } });
  return {
    applicationId,
    participantName: `${app.first_name} ${app.last_name}`,
    socialWorkerName: socialWorkerId ? (names.get(socialWorkerId) ?? null) : null,
    stage: app.stage,
    project: { code: project.code, name: project.name, startsOn: app.starts_on, endsOn: app.ends_on },
    catalogue: project.supportCatalogue,
    attendanceThreshold: project.rules.attendanceThreshold,
    revisions: rows.map((r) => ({
      revision: r.revision,
      diagnosis: r.diagnosis,
      goals: r.goals,
      items: r.items.map((i) => ({ ...i, label: label(i.formCode) })),
      reason: r.reason,
      revisedBy: r.revised_by ? (names.get(r.revised_by) ?? null) : null,
      revisedAt: r.revised_at,
    })),
    canRevise: app.stage === 'support' && canFor(actor.role, 'planSupport', actor.id, socialWorkerId),
  };
}

/**
 * Checks a revision against the project: texts, at least one form, each form from the catalogue with
 * hours, a period inside the project's and a provider; a reason once an IŚR exists. Field names are the
 * panel's (`items.<code>.hours`), so errors sit by their inputs; texts are said in the caller's language.
 */
export function checkIsr(
  input: IsrInput,
  ctx: { catalogue: ReadonlySet<string>; startsOn: IsoDate; endsOn: IsoDate; revising: boolean },
): { value: { diagnosis: string; goals: string; reason?: string; items: IsrItem[] } } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, key: Key, params?: Record<string, ParamValue>) => {
    const text: Message = params ? { key, params } : { key };
    errors.push({ field, message: say('pl', text), text });
  };
  const textOf = (field: 'diagnosis' | 'goals' | 'reason', v: unknown, required: boolean): string | undefined => {
    const s = typeof v === 'string' ? v.trim() : '';
    if (s.includes('\u0000')) fail(field, 'isr.error.text');
    else if (s.length > MAX_TEXT) fail(field, 'isr.error.tooLong', { max: MAX_TEXT });
    else if (s.length < 3 && (required || s.length > 0)) fail(field, field === 'reason' ? 'isr.error.reason' : 'isr.error.text');
    return s || undefined;
  };
  const diagnosis = textOf('diagnosis', input.diagnosis, true);
  const goals = textOf('goals', input.goals, true);
  const reason = textOf('reason', input.reason, ctx.revising);
  const raw = Array.isArray(input.items) ? (input.items as unknown[]).slice(0, 100) : [];
  const items: IsrItem[] = [];
  const seen = new Set<string>();
  const period = { from: formatDate(ctx.startsOn), to: formatDate(ctx.endsOn) };
  for (const [n, it] of raw.entries()) {
    const o = (typeof it === 'object' && it !== null ? it : {}) as Record<string, unknown>;
    const code = typeof o.formCode === 'string' ? o.formCode.trim() : '';
    const at = `items.${code || n}`;
    if (!ctx.catalogue.has(code) || seen.has(code)) {
      fail(`${at}.formCode`, 'isr.error.unknownForm', { code: code.slice(0, 50) });
      continue;
    }
    seen.add(code);
    const hours = typeof o.hours === 'number' ? o.hours : Number(o.hours);
    if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_HOURS) fail(`${at}.hours`, 'isr.error.hours');
    const from = o.from, to = o.to;
    if (!isDay(from)) fail(`${at}.from`, 'isr.error.date');
    else if (from < ctx.startsOn || from > ctx.endsOn) fail(`${at}.from`, 'isr.error.outsideProject', period);
    if (!isDay(to)) fail(`${at}.to`, 'isr.error.date');
    else if (isDay(from) && to < from) fail(`${at}.to`, 'isr.error.toBeforeFrom');
    else if (to < ctx.startsOn || to > ctx.endsOn) fail(`${at}.to`, 'isr.error.outsideProject', period);
    const provider = typeof o.provider === 'string' ? o.provider.trim() : '';
    if (provider.length < 2 || provider.length > 200 || provider.includes('\u0000')) fail(`${at}.provider`, 'isr.error.provider');
    items.push({ formCode: code, hours, from: String(from), to: String(to), provider });
  }
  if (raw.length === 0) fail('items', 'isr.error.noForms');
  if (errors.length > 0) return { errors };
  return { value: { diagnosis: diagnosis!, goals: goals!, items, ...(reason ? { reason } : {}) } };
}

/**
 * A new revision of the IŚR (the first one establishes it): through the journey's reviseIsr Update,
 * whose id is the request id (a retried submit is one revision). Who may: the participant's own social
 * worker or a coordinator (planSupport's rule). 400 with field errors, 409 when the journey refuses.
 */
export async function reviseIsr(
  deps: Pick<JourneyDeps, 'db' | 'temporal'> & { updateTimeoutMs?: number },
  actor: ServiceActor,
  req: { applicationId: string; input: IsrInput; requestId: string; via: Via },
): Promise<{ revision: number }> {
  assertCan(actor.role, 'planSupport');
  const { socialWorkerId } = await assertCanSee(deps.db, actor, req.applicationId);
  if (!canFor(actor.role, 'planSupport', actor.id, socialWorkerId)) throw new AppError('forbidden', 'only the participant’s own social worker may do this');
  const app = await deps.db
    .selectFrom('applications as a')
    .innerJoin('projects as p', 'p.id', 'a.project_id')
    .select(['a.project_id', 'a.rules_version', 'p.starts_on', 'p.ends_on'])
    .where('a.id', '=', req.applicationId)
    .executeTakeFirstOrThrow();
  const [project, existing] = await Promise.all([
    projectContext(deps.db, app.project_id, app.rules_version),
    deps.db.selectFrom('isr_revisions').select('id').where('application_id', '=', req.applicationId).limit(1).executeTakeFirst(),
  ]);
  const checked = checkIsr(req.input ?? {}, {
    catalogue: new Set(project.supportCatalogue.map((f) => f.code)),
    startsOn: app.starts_on,
    endsOn: app.ends_on,
    revising: !!existing,
  });
  if ('errors' in checked) throw new AppError('invalid_input', 'the IŚR has errors', checked.errors);
  const result = await act(deps, actor, req.applicationId, 'reviseIsr', checked.value, req.requestId);
  await audit(deps.db, actor, { action: 'participant_isr_revised', entity: 'application', entityId: req.applicationId, details: { via: req.via, revision: result.revision } });
  return result;
}

/** The panel's form fields (`items.<code>.hours` …) in the API's shape: the forms given hours count. */
export function isrFormToInput(form: Record<string, string | string[] | undefined>): IsrInput {
  const str = (k: string) => {
    const v = form[k];
    return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
  };
  const codes = [...new Set(Object.keys(form).filter((k) => /^items\.[^.]+\.hours$/.test(k)).map((k) => k.split('.')[1]!))];
  const items = codes
    .filter((c) => str(`items.${c}.hours`) !== '' && str(`items.${c}.hours`) !== '0')
    .map((c) => ({ formCode: c, hours: Number(str(`items.${c}.hours`).replace(',', '.')), from: str(`items.${c}.from`), to: str(`items.${c}.to`), provider: str(`items.${c}.provider`) }));
  return { diagnosis: str('diagnosis'), goals: str('goals'), reason: str('reason'), items };
}

/** Att. 8 of one revision (the current one unless asked), to print and sign; audited when handed out. */
export async function isrPrintout(db: Db, actor: ServiceActor, applicationId: string, locale: Locale, revision?: number): Promise<ExportFile> {
  const view = await readIsr(db, actor, applicationId, 'panel');
  const r = revision === undefined ? view.revisions[0] : view.revisions.find((x) => x.revision === revision);
  if (!r) throw new AppError('not_found', 'no such IŚR revision');
  const doc: IsrDocument = {
    project: view.project,
    participantName: view.participantName,
    socialWorkerName: view.socialWorkerName,
    attendanceThreshold: view.attendanceThreshold,
    revision: r,
  };
  return {
    filename: `ISR-${r.revision}.pdf`,
    contentType: 'application/pdf',
    body: await isrPdf(doc, locale),
    audit: { action: 'participant_isr_printed', entity: 'application', entityId: applicationId, details: { revision: r.revision } },
  };
}
