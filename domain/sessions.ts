// Sessions of a support form and the attendance rules measured over them: the vocabulary shared by the
// journey (what a session's record carries), the services (the sheet, the standing) and the views.
// Pure: no database, usable in the workflow sandbox.
import type { AttendanceSession, SupportPlanItem } from './journey';
import type { IsoDate } from './types';

/** How a participant's attendance at one session is marked on its sheet. */
export const ATTENDANCE_MARKS = ['present', 'absent', 'justified'] as const;
export type AttendanceMark = (typeof ATTENDANCE_MARKS)[number];

/** Why an absence is justified: a sick leave, a phone call, a note in writing. */
export const JUSTIFICATIONS = ['sick_leave', 'phone', 'written'] as const;
export type Justification = (typeof JUSTIFICATIONS)[number];

/** One session of a support form (ids only: the group's names are read where they are shown). */
export interface SupportSession {
  id: string;
  projectId: string;
  formCode: string;
  sessionOn: IsoDate;
  /** HH:MM, Warsaw time. */
  startsAt: string;
  hours: number;
  place: string;
  leaderId: string;
  members: string[];
}

/** The attendance rules of a project (its config): the 80% over all planned hours, the 20% per training. */
export interface AttendanceRules {
  /** Minimum share of all planned (IŚR) hours a participant must attend, e.g. 0.8. */
  minShareOfPlanned: number;
  /** Maximum share of a training's planned hours a participant may miss, e.g. 0.2. */
  maxTrainingAbsence: number;
  /** The support forms that are trainings (the 20% rule applies to each of them). */
  trainingForms: string[];
}

export const DEFAULT_ATTENDANCE_RULES: AttendanceRules = { minShareOfPlanned: 0.8, maxTrainingAbsence: 0.2, trainingForms: ['vocational_training'] };

export function attendanceRulesOf(config: { attendance?: Partial<AttendanceRules> | undefined }): AttendanceRules {
  return { ...DEFAULT_ATTENDANCE_RULES, ...config.attendance };
}

export interface TrainingStanding {
  formCode: string;
  plannedHours: number;
  missedHours: number;
  /** Missed hours over the training's planned hours. */
  missedShare: number;
  ok: boolean;
}

export interface AttendanceStanding {
  plannedHours: number;
  attendedHours: number;
  /** Attended over all planned hours (0 when nothing is planned). */
  share: number;
  /** The 80% rule is met now. */
  ok: boolean;
  /** It can still be met: what is attended plus what is planned but not yet held reaches the minimum. */
  reachable: boolean;
  trainings: TrainingStanding[];
}

/**
 * Where a participant stands against the project's rules: attended hours over all planned hours, and
 * for each training the hours missed (absent, justified or not, or left early) over its planned hours.
 */
export function attendanceStanding(planned: readonly SupportPlanItem[], sessions: readonly AttendanceSession[], rules: AttendanceRules): AttendanceStanding {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const plannedHours = sum(planned.map((p) => p.hours));
  const attendedHours = sum(sessions.map((s) => s.attendedHours));
  const heldHours = sum(sessions.filter((s) => planned.some((p) => p.formCode === s.formCode)).map((s) => s.plannedHours));
  const share = plannedHours > 0 ? attendedHours / plannedHours : 0;
  const min = rules.minShareOfPlanned * plannedHours;
  const trainings = planned
    .filter((p) => rules.trainingForms.includes(p.formCode))
    .map((p) => {
      const missedHours = sum(sessions.filter((s) => s.formCode === p.formCode).map((s) => s.plannedHours - s.attendedHours));
      const missedShare = p.hours > 0 ? missedHours / p.hours : 0;
      return { formCode: p.formCode, plannedHours: p.hours, missedHours, missedShare, ok: missedShare <= rules.maxTrainingAbsence };
    });
  return {
    plannedHours,
    attendedHours,
    share,
    ok: plannedHours > 0 && attendedHours >= min,
    reachable: attendedHours + Math.max(0, plannedHours - heldHours) >= min,
    trainings,
  };
}

/** The hours a mark gives: present attends the session (or the hours given, when they left early). */
export function hoursFor(mark: AttendanceMark, plannedHours: number, attendedHours?: number): number {
  return mark === 'present' ? (attendedHours ?? plannedHours) : 0;
}

/** What a mark records: the hours, whether absent, whether justified and why. */
export function markedAttendance(a: { mark: AttendanceMark; plannedHours: number; attendedHours?: number | undefined; justification?: Justification | undefined }) {
  return {
    attendedHours: hoursFor(a.mark, a.plannedHours, a.attendedHours),
    absent: a.mark !== 'present',
    justified: a.mark === 'justified',
    ...(a.mark === 'justified' && a.justification ? { justification: a.justification } : {}),
  };
}

/** The mark a recorded row reads as (the sheet and the correction form start from it). */
export function markOf(s: Pick<AttendanceSession, 'absent' | 'justified'>): AttendanceMark {
  return !s.absent ? 'present' : s.justified ? 'justified' : 'absent';
}
