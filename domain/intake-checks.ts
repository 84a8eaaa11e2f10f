// The regulations' checks of an application's date and of originals (issue 15 item 4). An application
// received outside the recruitment period (the project's own, unless the project sets one) or on a day off
// (a weekend or a Polish public holiday) is refused or flagged, as the project configures (default: flagged).
// An e-mailed form without its original is flagged at qualification and, unless the project says flag,
// blocks the contract's signing (the journey's signDocuments check, domain/journey-rules.ts).
import { isWorkingDay } from './working-days';
import type { IsoDate } from './types';

export const INTAKE_FLAGS = ['outside_period', 'day_off'] as const;
export type IntakeFlag = (typeof INTAKE_FLAGS)[number];
export const CANDIDATE_FLAGS = ['original_pending', ...INTAKE_FLAGS] as const;
export type CandidateFlag = (typeof CANDIDATE_FLAGS)[number];

export const CHECK_MODES = ['refuse', 'flag'] as const;
export type CheckMode = (typeof CHECK_MODES)[number];

/** A project's settings of the regulations' checks (ProjectConfig.checks); absent: DEFAULT_CHECKS. */
export interface RegulationChecks {
  /** An application dated outside the recruitment period or received on a day off: refused, or flagged. */
  applicationDate: CheckMode;
  /** Signing the contract while the original of an e-mailed form is missing: refused ('refuse'), or flagged. */
  originalAtSigning: CheckMode;
  /** The recruitment period, when narrower than the project's (both ends inclusive). */
  recruitmentFrom?: IsoDate | undefined;
  recruitmentTo?: IsoDate | undefined;
}

export const DEFAULT_CHECKS: RegulationChecks = { applicationDate: 'flag', originalAtSigning: 'refuse' };

export function checksOf(config: { checks?: Partial<RegulationChecks> | undefined }): RegulationChecks {
  return { ...DEFAULT_CHECKS, ...config.checks };
}

/** The period applications are accepted in: the project's configured recruitment period, else the project's own. */
export function recruitmentPeriod(project: { startsOn: IsoDate; endsOn: IsoDate }, checks: RegulationChecks): { from: IsoDate; to: IsoDate } {
  return { from: checks.recruitmentFrom ?? project.startsOn, to: checks.recruitmentTo ?? project.endsOn };
}

/** What the regulations say of an application received on this (Warsaw) day. */
export function intakeFlags(receivedOn: IsoDate, period: { from: IsoDate; to: IsoDate }): IntakeFlag[] {
  const flags: IntakeFlag[] = [];
  if (receivedOn < period.from || receivedOn > period.to) flags.push('outside_period');
  if (!isWorkingDay(receivedOn)) flags.push('day_off');
  return flags;
}

/** The flags staff see on an application (stored intake flags, and a missing original). */
export function candidateFlags(a: { original_pending: boolean; intake_flags: readonly string[] }): CandidateFlag[] {
  const stored = a.intake_flags.filter((f): f is IntakeFlag => (INTAKE_FLAGS as readonly string[]).includes(f));
  return a.original_pending ? ['original_pending', ...stored] : stored;
}
