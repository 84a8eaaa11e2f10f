// The project's indicators as of a moment, rebuilt from the journey event log: a fact counts only if
// the event that recorded it had occurred by then (participation_started, job_found, participation_ended,
// follow_up_N_recorded), so a figure for a past moment is the same whenever it is asked for.
// Follow-up answers are read from follow_ups (written once, with the event that recorded them).
import { TZDate } from '@date-fns/tz';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import {
  addMonths,
  computeIndicators,
  type IndicatorFollowUp1,
  type IndicatorFollowUp2,
  type IndicatorParticipant,
  type IndicatorReport,
} from '../../domain/indicators';
import { EMPTY_PROJECT_CONFIG, indicatorConfigOf, type IndicatorWindows, type ProjectConfig } from '../../domain/project';
import { EMPLOYMENT_CONTRACTS, type EndReason, type IsoDate, type LabourStatus, type Sex } from '../../domain/types';
import { startOfWarsawDay, TIME_ZONE, todayInWarsaw } from '../../i18n/format';
import { addCalendarDays } from '../../domain/working-days';
import { assertCan } from '../../domain/permissions';
import type { ServiceActor, Via } from '../actor';
import { audit } from '../audit';
import { assertCanSeeProject } from './scope';
import type { ExportActor, ExportFile } from './exports';
import { indicatorReportPdf } from '../../documents/indicator-report';
import type { Locale } from '../../i18n';

const EVENT_TYPES = ['participation_started', 'job_found', 'participation_ended', 'ending_undone', 'follow_up_1_recorded', 'follow_up_2_recorded'] as const;

interface ProjectFacts {
  project: { id: string; code: string; name: string; startsOn: IsoDate; endsOn: IsoDate; config: ProjectConfig };
  people: PersonRow[];
  events: EventRow[];
  followUps: Map<string, { 1?: Record<string, unknown>; 2?: Record<string, unknown> }>;
  /** Days present at a session, by application (recorded through the journey: recordAttendance, session sheets). */
  attended: Map<string, { formCode: string; on: IsoDate }[]>;
}

interface PersonRow {
  id: string;
  sex: Sex;
  disability: boolean;
  target_group: string | null;
  birth_date: string;
  labour_status: LabourStatus | null;
}

interface EventRow {
  application_id: string;
  type: string;
  occurred_at: Date;
  payload: Record<string, unknown>;
}

/** Everything the indicators need for one project, read once (a trend folds it for many moments). */
export async function loadProjectFacts(db: Db, projectId: string): Promise<ProjectFacts> {
  const project = await db
    .selectFrom('projects')
    .select(['id', 'code', 'name', 'starts_on', 'ends_on', 'config'])
    .where('id', '=', projectId)
    .executeTakeFirst();
  if (!project) throw new AppError('not_found', `project ${projectId} not found`);
  const people = await db
    .selectFrom('applications')
    .select(['id', 'sex', 'disability', 'target_group', 'birth_date', 'labour_status'])
    .where('project_id', '=', projectId)
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  const events = await db
    .selectFrom('journey_events as e')
    .innerJoin('applications as a', 'a.id', 'e.application_id')
    .select(['e.application_id', 'e.type', 'e.occurred_at', 'e.payload'])
    .where('a.project_id', '=', projectId)
    .where('e.type', 'in', [...EVENT_TYPES])
    .orderBy('e.occurred_at')
    .orderBy('e.id')
    .execute();
  const rows = await db
    .selectFrom('follow_ups as f')
    .innerJoin('applications as a', 'a.id', 'f.application_id')
    .select(['f.application_id', 'f.number', 'f.data'])
    .where('a.project_id', '=', projectId)
    .execute();
  const presence = await db
    .selectFrom('attendance as t')
    .innerJoin('applications as a', 'a.id', 't.application_id')
    .select(['t.application_id', 't.form_code', 't.session_on'])
    .where('a.project_id', '=', projectId)
    .where('t.absent', '=', false)
    .where('t.attended_hours', '>', 0)
    .orderBy('t.session_on')
    .execute();
  const attended: ProjectFacts['attended'] = new Map();
  for (const r of presence) attended.set(r.application_id, [...(attended.get(r.application_id) ?? []), { formCode: r.form_code, on: r.session_on }]);
  const followUps: ProjectFacts['followUps'] = new Map();
  for (const r of rows) followUps.set(r.application_id, { ...followUps.get(r.application_id), [r.number]: r.data });
  return {
    project: { id: project.id, code: project.code, name: project.name, startsOn: project.starts_on, endsOn: project.ends_on,
      // A project saved before its configuration had every section counts with the missing ones empty.
      config: { ...EMPTY_PROJECT_CONFIG, ...project.config } },
    people,
    events: events.map((e) => ({ ...e, occurred_at: new Date(e.occurred_at) })),
    followUps,
    attended,
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const bool = (v: unknown): boolean => v === true;

function followUp1(recordedOn: IsoDate, d: Record<string, unknown>): IndicatorFollowUp1 {
  return {
    recordedOn,
    qualificationObtained: bool(d.qualificationObtained),
    qualificationObtainedOn: str(d.qualificationObtainedOn),
    jobSeeking: bool(d.jobSeeking),
    working: bool(d.working),
    workingSince: str(d.workingSince),
  };
}

function followUp2(recordedOn: IsoDate, d: Record<string, unknown>): IndicatorFollowUp2 {
  const contract = str(d.contractType);
  return {
    recordedOn,
    socialProgress: bool(d.socialProgress),
    employed: bool(d.employed),
    contractType: EMPLOYMENT_CONTRACTS.find((c) => c === contract),
    employedSince: str(d.employedSince),
    startUpGrant: bool(d.startUpGrant),
    backToSchool: bool(d.backToSchool),
  };
}

/** The participants as the event log knew them at `asOf`. */
export function participantsAsOf(facts: ProjectFacts, asOf: Date): IndicatorParticipant[] {
  const byId = new Map<string, IndicatorParticipant>();
  for (const p of facts.people) {
    byId.set(p.id, {
      applicationId: p.id,
      sex: p.sex,
      disability: p.disability,
      targetGroup: p.target_group,
      birthDate: p.birth_date,
      startedOn: null,
      statusAtEntry: p.labour_status,
      jobFoundOn: null,
      endedOn: null,
      endReason: null,
      followUp1: null,
      followUp2: null,
      attended: facts.attended.get(p.id) ?? [],
    });
  }
  for (const e of facts.events) {
    if (e.occurred_at > asOf) break; // ordered by occurred_at
    const p = byId.get(e.application_id);
    if (!p) continue;
    const pl = e.payload;
    if (e.type === 'participation_started') p.startedOn = str(pl.startedOn) ?? null;
    else if (e.type === 'job_found') p.jobFoundOn = str(pl.foundOn) ?? null;
    else if (e.type === 'participation_ended') {
      p.endedOn = str(pl.endedOn) ?? null;
      p.endReason = (str(pl.reason) as EndReason | undefined) ?? null;
    } else if (e.type === 'ending_undone') {
      // An end recorded by mistake and undone: the participant never left.
      p.endedOn = null;
      p.endReason = null;
    } else {
      const n = e.type === 'follow_up_1_recorded' ? 1 : 2;
      const data = facts.followUps.get(p.applicationId)?.[n];
      const on = str(pl.recordedOn);
      if (!data || !on) continue;
      if (n === 1) p.followUp1 = followUp1(on, data);
      else p.followUp2 = followUp2(on, data);
    }
  }
  return [...byId.values()];
}

function reportFromFacts(facts: ProjectFacts, asOf: Date): IndicatorReport {
  return computeIndicators(participantsAsOf(facts, asOf), facts.project.config, { asOf: asOf.toISOString(), asOfDay: todayInWarsaw(asOf) });
}

/** The project's indicators as of `asOf` (default: now). */
export async function getIndicators(db: Db, projectId: string, asOf: Date = new Date()): Promise<IndicatorReport> {
  return reportFromFacts(await loadProjectFacts(db, projectId), asOf);
}

interface TrendPoint {
  /** 'YYYY-MM' */
  month: string;
  report: IndicatorReport;
}

/** The last moment of each month from the project's start to `until` (Warsaw months). */
function monthEnds(startsOn: IsoDate, until: Date): { month: string; at: Date }[] {
  const [y0, m0] = startsOn.split('-').map(Number) as [number, number];
  const out: { month: string; at: Date }[] = [];
  for (let i = 0; ; i++) {
    const start = new TZDate(y0, m0 - 1 + i, 1, TIME_ZONE);
    if (start.getTime() > until.getTime()) break;
    const next = new TZDate(y0, m0 + i, 1, TIME_ZONE);
    const at = new Date(Math.min(next.getTime() - 1, until.getTime()));
    out.push({ month: `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}`, at });
  }
  return out;
}

/**
 * Each month by the facts' own dates, as known at `knownAt` (default `until`): a record entered late (an ending from paper
 * records) counts in the month it happened, not in the month it was typed in.
 */
function trendFromFacts(facts: ProjectFacts, until: Date, knownAt: Date = until): TrendPoint[] {
  const known = participantsAsOf(facts, knownAt);
  return monthEnds(facts.project.startsOn, until).map(({ month, at }) => ({
    month,
    report: computeIndicators(known, facts.project.config, { asOf: at.toISOString(), asOfDay: todayInWarsaw(at) }),
  }));
}

/** The indicators at the end of every month of the project up to `until` (the last point is `until` itself). */
export async function getIndicatorTrend(db: Db, projectId: string, until: Date = new Date()): Promise<TrendPoint[]> {
  return trendFromFacts(await loadProjectFacts(db, projectId), until);
}

export interface IndicatorReportData {
  project: { id: string; code: string; name: string };
  report: IndicatorReport;
  /** Efficiency group labels by code, from the project's indicator configuration. */
  groups: Record<string, { pl: string; en: string }>;
}

export interface IndicatorDashboardData extends IndicatorReportData {
  trend: TrendPoint[];
  /** The windows and the age of majority the figures were counted with. */
  windows: IndicatorWindows;
}

function reportData(facts: ProjectFacts, asOf: Date): IndicatorReportData {
  const { id, code, name, config } = facts.project;
  return {
    project: { id, code, name },
    report: reportFromFacts(facts, asOf),
    groups: Object.fromEntries(indicatorConfigOf(config).efficiencyGroups.map((g) => [g.code, g.label])),
  };
}

/** The indicators at one moment, without the monthly trend (the API's answer). */
export async function getIndicatorReport(db: Db, projectId: string, asOf: Date = new Date()): Promise<IndicatorReportData> {
  return reportData(await loadProjectFacts(db, projectId), asOf);
}

/** The report and its monthly trend, for the dashboard. */
export async function getIndicatorDashboard(db: Db, projectId: string, asOf: Date = new Date()): Promise<IndicatorDashboardData> {
  const facts = await loadProjectFacts(db, projectId);
  const cfg = indicatorConfigOf(facts.project.config);
  // The trend stops when the figures can no longer move: the efficiency window after the project's end,
  // and a month's grace for late follow-ups (years of flat line would hide the months that matter).
  const settled = addCalendarDays(addMonths(facts.project.endsOn, cfg.efficiencyWindowMonths + 1), 1);
  const trendUntil = new Date(Math.min(asOf.getTime(), startOfWarsawDay(settled).getTime() - 1));
  const windows = { resultWindowDays: cfg.resultWindowDays, efficiencyWindowMonths: cfg.efficiencyWindowMonths, adultAge: cfg.adultAge };
  return { ...reportData(facts, asOf), trend: trendFromFacts(facts, trendUntil, asOf), windows };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The moment a request asks about: absent -> now; a day ('YYYY-MM-DD') -> the end of that Warsaw day
 * (today: now); an instant with its offset. The future is refused: its facts are not facts yet.
 */
export function asOfFromInput(value: string | undefined, now: Date = new Date()): Date {
  if (value === undefined || value === '') return now;
  const refuse = (message: string) => new AppError('invalid_input', `asOf: ${message}`, [{ field: 'asOf', message }]);
  let at: Date;
  if (DAY.test(value)) {
    const day = new Date(`${value}T00:00:00Z`);
    // Date rolls 30 February over to March: a real day reads back the same.
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) throw refuse('Nieprawidłowa data');
    at = new Date(startOfWarsawDay(addCalendarDays(value, 1)).getTime() - 1);
    if (value === todayInWarsaw(now)) at = now;
  } else {
    at = new Date(value);
    if (Number.isNaN(at.getTime())) throw refuse('Nieprawidłowa data');
  }
  if (at.getTime() > now.getTime()) throw refuse('Stan nie może dotyczyć przyszłości');
  return at;
}

/** A project's indicators as a user reads them (audited: every figure names its applications). */
export async function viewIndicatorReport(db: Db, actor: ServiceActor, projectId: string, asOf: Date, via: Via): Promise<IndicatorReportData> {
  assertCan(actor.role, 'getIndicators');
  await assertCanSeeProject(db, actor, projectId);
  const data = await getIndicatorReport(db, projectId, asOf);
  await audit(db, actor, { action: 'indicators_viewed', entity: 'project', entityId: projectId, details: { asOf: data.report.asOf, via } });
  return data;
}

/**
 * The director's PDF report of the dashboard's moment: the same figures, trend and scope (assertCanSeeProject),
 * handed out as a file whose audit row (export.indicator_report) sendDownload writes.
 */
export async function indicatorReportFile(db: Db, actor: ExportActor, projectId: string, asOf: Date, lang: Locale = 'pl'): Promise<ExportFile> {
  assertCan(actor.role, 'getIndicators');
  await assertCanSeeProject(db, actor, projectId);
  const computedAt = new Date();
  const data = await getIndicatorDashboard(db, projectId, asOf);
  const body = await indicatorReportPdf({ ...data, computedAt }, lang);
  return {
    filename: `raport-wskaznikow-${data.project.code}-${data.report.asOfDay}.pdf`,
    contentType: 'application/pdf',
    body,
    audit: { action: 'export.indicator_report', entity: 'project', entityId: projectId, details: { asOf: data.report.asOf } },
  };
}

/** The indicators page's data, read as viewIndicatorReport is (and audited the same way). */
export async function viewIndicatorDashboard(db: Db, actor: ServiceActor, projectId: string, asOf: Date): Promise<IndicatorDashboardData> {
  assertCan(actor.role, 'getIndicators');
  await assertCanSeeProject(db, actor, projectId);
  const data = await getIndicatorDashboard(db, projectId, asOf);
  await audit(db, actor, { action: 'indicators_viewed', entity: 'project', entityId: projectId, details: { asOf: data.report.asOf, via: 'panel' } });
  return data;
}
