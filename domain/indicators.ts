// The project's indicators, computed from plain participant records: product indicators (supported,
// with disabilities, women), result indicators within the result window after the end (qualifications,
// job seeking, working), and social and employment efficiency within the efficiency window, per group.
// Every figure lists the application ids behind it and the moment it describes. Pure: no I/O.
// Product figures beyond the ESF three, when the project configures them: people at risk (without the
// target groups marked "otoczenie"), each target group against its plan, and the people a support form of
// a kind reached (internships, scholarships: present at one of its sessions at least).
// Over 350 lines: one set of counting rules, read together.
import {
  indicatorConfigOf,
  type EfficiencyGroup,
  type GroupMembers,
  type IndicatorConfig,
  type ProjectConfig,
} from './project';
import type { FollowUp1Data, FollowUp2Data } from './journey';
import { addCalendarDays } from './working-days';
import type { EndReason, IsoDate, IsoInstant, LabourStatus, Sex, SupportFormKind } from './types';


/**
 * Follow-up within 4 weeks of the end: the journey's FollowUp1Data (typed from it, so a rename there breaks
 * here), plus the day the qualification was obtained when the project records it.
 */
export type IndicatorFollowUp1 = Pick<FollowUp1Data, 'qualificationObtained' | 'jobSeeking' | 'working'> & {
  recordedOn: IsoDate;
  workingSince?: IsoDate | undefined;
  qualificationObtainedOn?: FollowUp1Data['qualificationObtainedOn'] | undefined;
};

/** Follow-up within 3 months of the end: the journey's FollowUp2Data, plus the exclusions when recorded. */
export type IndicatorFollowUp2 = Pick<FollowUp2Data, 'socialProgress' | 'employed'> & {
  recordedOn: IsoDate;
  contractType?: FollowUp2Data['contractType'] | undefined;
  employedSince?: IsoDate | undefined;
  startUpGrant?: FollowUp2Data['startUpGrant'] | undefined;
  backToSchool?: FollowUp2Data['backToSchool'] | undefined;
};

/** One participant as the indicators see them, as known at the moment computed. */
export interface IndicatorParticipant {
  applicationId: string;
  sex: Sex;
  disability: boolean;
  targetGroup: string | null;
  birthDate: IsoDate;
  /** Participation start (the declaration and contract signed): the entry date. Null: never started. */
  startedOn: IsoDate | null;
  statusAtEntry: LabourStatus | null;
  jobFoundOn: IsoDate | null;
  endedOn: IsoDate | null;
  endReason: EndReason | null;
  followUp1: IndicatorFollowUp1 | null;
  followUp2: IndicatorFollowUp2 | null;
  /** The days the person was present at a session of a support form (attendance, through the journey). */
  attended?: { formCode: string; on: IsoDate }[] | undefined;
}

export const COUNT_INDICATORS = [
  'supported',
  'supportedAtRisk',
  'supportedDisabled',
  'supportedWomen',
  'internships',
  'scholarships',
  'qualifications',
  'jobSeeking',
  'working',
] as const;
export type CountIndicator = (typeof COUNT_INDICATORS)[number];
const PRODUCT_INDICATORS: readonly CountIndicator[] = ['supported', 'supportedAtRisk', 'supportedDisabled', 'supportedWomen', 'internships', 'scholarships'];
/** Shown only where the project configures them (a target, an "otoczenie" group, a form of the kind). */
const OPTIONAL_INDICATORS: readonly CountIndicator[] = ['supportedAtRisk', 'internships', 'scholarships'];
const FORM_KIND_OF: Partial<Record<CountIndicator, SupportFormKind>> = { internships: 'internship', scholarships: 'scholarship' };

export const EFFICIENCY_KINDS = ['social', 'employment', 'combined'] as const;
export type EfficiencyKind = (typeof EFFICIENCY_KINDS)[number];

export type ExclusionReason =
  | 'under_age' // under adultAge at entry, for an adult-only indicator
  | 'employed_at_entry' // employment efficiency counts those unemployed or inactive at entry
  | 'start_up_grant'
  | 'back_to_school'
  | 'not_completed' // left early for a reason other than a job
  | 'pending' // ended, but the follow-up is neither recorded nor overdue yet
  | 'late'; // the follow-up shows the result, but outside the window

export interface Exclusion {
  applicationId: string;
  reason: ExclusionReason;
}

export interface CountFigure {
  /** 'targetGroup': one target group against its plan (targetGroup says which). */
  code: CountIndicator | 'targetGroup';
  /** Unique within a report: the code, or 'targetGroup-<group code>'. */
  key: string;
  targetGroup?: { code: string; label: string } | undefined;
  kind: 'product' | 'result';
  /** The moment the figure describes. */
  asOf: IsoInstant;
  value: number;
  ids: string[];
  /** Configured target (projects.config.indicatorTargets), null if none. */
  target: number | null;
  met: boolean | null;
  split: { disabled: string[]; others: string[] };
  /** Showed the result but not counted, and why. */
  excluded: Exclusion[];
}

export interface ShareFigure {
  kind: EfficiencyKind;
  group: string;
  asOf: IsoInstant;
  /** ids.length / baseIds.length; null while the base is empty. */
  value: number | null;
  ids: string[];
  baseIds: string[];
  /** Null: the project sets no minimum ("brak progu"); met is then null too. */
  threshold: number | null;
  met: boolean | null;
  /** Not in ids, and why (a 'late' person stays in baseIds; the other reasons keep them out of it). */
  excluded: Exclusion[];
}

export interface IndicatorReport {
  asOf: IsoInstant;
  /** The Warsaw calendar day of asOf: facts dated later are not yet facts. */
  asOfDay: IsoDate;
  counts: CountFigure[];
  efficiency: ShareFigure[];
}

// ---- calendar days (UTC arithmetic on 'YYYY-MM-DD': a calendar day has no zone) ------------------

const utc = (d: IsoDate) => new Date(`${d}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: IsoDate, n: number): IsoDate {
  const d = utc(day);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return iso(target);
}

/** Full years between birth and a day. */
export function ageOn(birthDate: IsoDate, day: IsoDate): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

// ---- the counting rules ------------------------------------------------------------------------------

/** Left early because of a job: a resignation after a job was found. It counts as completing. */
function leftForJob(p: IndicatorParticipant): boolean {
  return p.endReason === 'resigned' && p.jobFoundOn !== null && p.endedOn !== null && p.jobFoundOn <= p.endedOn;
}

/** Ended as planned, or left early for a job. */
export function completed(p: IndicatorParticipant): boolean {
  return p.endReason === 'completed' || leftForJob(p);
}

function isMember(p: IndicatorParticipant, members: GroupMembers): boolean {
  if (members === 'all') return true;
  if (members === 'disability') return p.disability;
  if (members === 'no_disability') return !p.disability;
  if (members === 'women') return p.sex === 'K';
  return p.targetGroup === members.targetGroup;
}

interface Tally {
  ids: string[];
  excluded: Exclusion[];
}

/**
 * Computes every figure as of a moment. `participants` are the project's applications as known then;
 * the function also ignores facts dated after asOfDay, so an early asOf never sees the future.
 */
export function computeIndicators(
  participants: readonly IndicatorParticipant[],
  project: Pick<ProjectConfig, 'indicatorTargets'> & Partial<ProjectConfig>,
  at: { asOf: IsoInstant; asOfDay: IsoDate },
): IndicatorReport {
  const cfg = indicatorConfigOf(project);
  const known = participants.map((p) => asKnownOn(p, at.asOfDay)).filter((p) => p.startedOn !== null);
  const targets = project.indicatorTargets;
  const groups = project.targetGroups ?? [];
  const formsOf = (kind: SupportFormKind) => new Set((project.supportCatalogue ?? []).filter((f) => f.kind === kind).map((f) => f.code));
  const configured = (code: CountIndicator) =>
    !OPTIONAL_INDICATORS.includes(code) ||
    typeof targets[code] === 'number' ||
    (code === 'supportedAtRisk' ? groups.some((g) => g.surroundings) : formsOf(FORM_KIND_OF[code] as SupportFormKind).size > 0);
  const product = COUNT_INDICATORS.filter(configured).map((code) => {
    const kind = FORM_KIND_OF[code];
    const tally = kind ? reachedBy(known, formsOf(kind)) : tallyCount(code, known, cfg, new Set(groups.filter((g) => g.surroundings).map((g) => g.code)));
    return countFigure({ code, key: code }, tally, known, typeof targets[code] === 'number' ? targets[code] : null, at);
  });
  const byGroup = groups.map((g) =>
    countFigure({ code: 'targetGroup', key: `targetGroup-${g.code}`, targetGroup: { code: g.code, label: g.label } }, { ids: known.filter((p) => p.targetGroup === g.code).map((p) => p.applicationId), excluded: [] }, known, g.planned, at),
  );
  const counts = [...product.filter((f) => f.kind === 'product'), ...byGroup, ...product.filter((f) => f.kind === 'result')];
  const efficiency = cfg.efficiencyGroups.flatMap((g) => groupFigures(g, known, cfg, at));
  return { asOf: at.asOf, asOfDay: at.asOfDay, counts, efficiency };
}

/** Drops what had not happened by `day`. */
function asKnownOn(p: IndicatorParticipant, day: IsoDate): IndicatorParticipant {
  const upTo = (d: IsoDate | null | undefined) => (d != null && d <= day ? d : null);
  const ended = upTo(p.endedOn);
  return {
    ...p,
    startedOn: upTo(p.startedOn),
    jobFoundOn: upTo(p.jobFoundOn),
    endedOn: ended,
    endReason: ended ? p.endReason : null,
    followUp1: ended && p.followUp1 && p.followUp1.recordedOn <= day ? p.followUp1 : null,
    followUp2: ended && p.followUp2 && p.followUp2.recordedOn <= day ? p.followUp2 : null,
    attended: p.attended?.filter((a) => a.on <= day),
  };
}

const isAdult = (p: IndicatorParticipant, cfg: IndicatorConfig) => ageOn(p.birthDate, p.startedOn as IsoDate) >= cfg.adultAge;

/** Present at a session of one of the forms at least once (while a participant). */
function reachedBy(people: IndicatorParticipant[], forms: Set<string>): Tally {
  return { ids: people.filter((p) => p.attended?.some((a) => forms.has(a.formCode) && a.on >= (p.startedOn as IsoDate))).map((p) => p.applicationId), excluded: [] };
}

function countFigure(
  id: Pick<CountFigure, 'code' | 'key' | 'targetGroup'>,
  t: Tally,
  people: IndicatorParticipant[],
  target: number | null,
  at: { asOf: IsoInstant },
): CountFigure {
  const disabled = new Set(people.filter((p) => p.disability).map((p) => p.applicationId));
  return {
    ...id,
    kind: id.code === 'targetGroup' || PRODUCT_INDICATORS.includes(id.code) ? 'product' : 'result',
    asOf: at.asOf,
    value: t.ids.length,
    ids: t.ids,
    target,
    met: target === null ? null : t.ids.length >= target,
    split: { disabled: t.ids.filter((id) => disabled.has(id)), others: t.ids.filter((id) => !disabled.has(id)) },
    excluded: t.excluded,
  };
}

function tallyCount(code: CountIndicator, people: IndicatorParticipant[], cfg: IndicatorConfig, surroundings: Set<string>): Tally {
  const t: Tally = { ids: [], excluded: [] };
  for (const p of people) {
    const id = p.applicationId;
    if (code === 'supported') t.ids.push(id);
    else if (code === 'supportedAtRisk') {
      if (p.targetGroup === null || !surroundings.has(p.targetGroup)) t.ids.push(id);
    } else if (code === 'internships' || code === 'scholarships') continue;
    else if (code === 'supportedDisabled') {
      if (p.disability) t.ids.push(id);
    } else if (code === 'supportedWomen') {
      if (p.sex === 'K') t.ids.push(id);
    } else {
      const f = p.followUp1;
      if (!f || !p.endedOn) continue;
      const shows = code === 'qualifications' ? f.qualificationObtained : code === 'jobSeeking' ? f.jobSeeking : f.working;
      if (!shows) continue;
      if (code !== 'qualifications' && cfg.adultOnly.includes(code) && !isAdult(p, cfg)) {
        t.excluded.push({ applicationId: id, reason: 'under_age' });
        continue;
      }
      // The evidence date: when the result happened if recorded, else the day the follow-up was made.
      const evidence = code === 'qualifications' ? f.qualificationObtainedOn : code === 'working' ? f.workingSince : undefined;
      const on = evidence ?? f.recordedOn;
      if (on > addCalendarDays(p.endedOn, cfg.resultWindowDays)) t.excluded.push({ applicationId: id, reason: 'late' });
      else t.ids.push(id);
    }
  }
  return t;
}

function groupFigures(g: EfficiencyGroup, people: IndicatorParticipant[], cfg: IndicatorConfig, at: { asOf: IsoInstant; asOfDay: IsoDate }): ShareFigure[] {
  const members = people.filter((p) => p.endedOn !== null && isMember(p, g.members));
  const social = tallyEfficiency('social', members, cfg, at.asOfDay);
  const employment = tallyEfficiency('employment', members, cfg, at.asOfDay);
  const figure = (kind: EfficiencyKind, t: Tally & { base: string[] }, threshold: number | null): ShareFigure => {
    const value = t.base.length ? t.ids.length / t.base.length : null;
    const met = value === null || threshold === null ? null : value >= threshold;
    return { kind, group: g.code, asOf: at.asOf, value, ids: t.ids, baseIds: t.base, threshold, met, excluded: t.excluded };
  };
  if (g.formula.kind === 'separate') {
    return [figure('social', social, g.formula.social), figure('employment', employment, g.formula.employment)];
  }
  // Combined: social progress or work, over those who completed (the social base).
  const working = new Set(employment.ids);
  const combined = { ...social, ids: social.base.filter((id) => social.ids.includes(id) || working.has(id)) };
  return [figure('combined', combined, g.formula.total), figure('employment', employment, g.formula.employment)];
}

function tallyEfficiency(kind: 'social' | 'employment', members: IndicatorParticipant[], cfg: IndicatorConfig, asOfDay: IsoDate): Tally & { base: string[] } {
  const t: Tally & { base: string[] } = { ids: [], base: [], excluded: [] };
  const out = (id: string, reason: ExclusionReason) => t.excluded.push({ applicationId: id, reason });
  for (const p of members) {
    const id = p.applicationId;
    const endedOn = p.endedOn as IsoDate;
    const windowEnd = addMonths(endedOn, cfg.efficiencyWindowMonths);
    const f = p.followUp2;
    if (!completed(p)) {
      out(id, 'not_completed');
      continue;
    }
    if (kind === 'employment') {
      if (cfg.adultOnly.includes('employment') && !isAdult(p, cfg)) {
        out(id, 'under_age');
        continue;
      }
      if (p.statusAtEntry === 'employed') {
        out(id, 'employed_at_entry');
        continue;
      }
      if (f?.startUpGrant) {
        out(id, 'start_up_grant');
        continue;
      }
      if (f?.backToSchool) {
        out(id, 'back_to_school');
        continue;
      }
    }
    // Measured once the follow-up is in or its window has closed; until then the person is pending.
    // Someone who left for a job took up work before the end: measured already.
    const tookJob = kind === 'employment' && leftForJob(p);
    if (!f && !tookJob && asOfDay <= windowEnd) {
      out(id, 'pending');
      continue;
    }
    t.base.push(id);
    if (tookJob) {
      t.ids.push(id);
      continue;
    }
    if (!f) continue;
    const shows =
      kind === 'social' ? f.socialProgress : f.employed && (f.contractType === undefined || cfg.employmentContracts.includes(f.contractType));
    if (!shows) continue;
    const on = (kind === 'employment' ? f.employedSince : undefined) ?? f.recordedOn;
    if (on > windowEnd) out(id, 'late');
    else t.ids.push(id);
  }
  return t;
}
