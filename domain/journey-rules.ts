// Which action is allowed in which stage, and why not: the journey's validators call these, so a
// refused action changes nothing. A reason is a key of the word-book (i18n/refusals.ts) and its
// parameters; the adapter says it in the caller's language.
import type { Key, Message } from '../i18n';
import type { JourneyAction, JourneyActions, JourneySnapshot, AttendanceSession } from './journey';
import { ATTENDANCE_MARKS, JUSTIFICATIONS, markOf, type AttendanceMark, type Justification } from './sessions';
import { addCalendarDays } from './working-days';
import { UNDO_ENDING_DAYS, WITHDRAWAL_REASONS } from './journey';
import { DOCUMENT_KINDS, END_REASONS, REQUIRED_DOCUMENTS, type IsoDate, type ProjectRules } from './types';

export type RefusalKey = Extract<Key, `refusal.${string}`>;
/** Why an action is refused: a key of the word-book and its parameters (a date field's name is a key too). */
export type Reason = Message<RefusalKey>;
/**
 * How reasons were given before the word-book, both texts at once. Failures recorded by journeys (and
 * answers of workers) from before carry this shape; readers accept it too.
 */
export interface LegacyReason {
  pl: string;
  en: string;
}
type FieldKey = Extract<Key, `refusal.field.${string}`>;
const r = (key: RefusalKey, params?: Message['params']): Reason => (params ? { key, params } : { key });

export interface RuleContext {
  /** Today in Warsaw (workflow time). */
  today: IsoDate;
  rules: ProjectRules;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (d: unknown): d is IsoDate => typeof d === 'string' && ISO_DATE.test(d) && !Number.isNaN(Date.parse(d));

function dateInRange(d: unknown, from: IsoDate | null, to: IsoDate, what: FieldKey): Reason | null {
  const field = { key: what };
  if (!isDate(d)) return r('refusal.date.invalid', { field });
  if (d > to) return r('refusal.date.future', { field });
  if (from && d < from) return r('refusal.date.before', { field, from });
  return null;
}

/** Share of planned hours attended, over the sessions recorded so far (1 when nothing is planned yet). */
export function attendanceShare(sessions: readonly Pick<AttendanceSession, 'plannedHours' | 'attendedHours'>[]): number {
  const planned = sessions.reduce((a, s) => a + s.plannedHours, 0);
  if (planned === 0) return 1;
  return sessions.reduce((a, s) => a + s.attendedHours, 0) / planned;
}

export function belowAttendanceThreshold(sessions: readonly AttendanceSession[], rules: ProjectRules): boolean {
  return attendanceShare(sessions) < rules.attendanceThreshold;
}

/** The days a follow-up can be recorded on time: [opens, closes]. Follow-up 2 opens when 1's window closes. */
export function followUpWindow(endedOn: IsoDate, n: 1 | 2, rules: ProjectRules): { opens: IsoDate; closes: IsoDate } {
  return n === 1
    ? { opens: endedOn, closes: addCalendarDays(endedOn, rules.followUp1Days) }
    : { opens: addCalendarDays(endedOn, rules.followUp1Days), closes: addCalendarDays(endedOn, rules.followUp2Days) };
}

export function sessionKey(s: { sessionOn: IsoDate; formCode: string }): string {
  return `${s.sessionOn}/${s.formCode}`;
}

export function sumScores(scores: Record<string, number>): number {
  return Object.values(scores).reduce((a, b) => a + b, 0);
}

type Check<A extends JourneyAction> = (s: JourneySnapshot, args: JourneyActions[A][0], ctx: RuleContext) => Reason | null;

const inSupport = (s: JourneySnapshot): Reason | null =>
  s.stage === 'support' ? null : r('refusal.onlyInSupport');

/** A sheet's or a correction's mark: known, with its reason when justified, hours within the session. */
function markRefusal(a: { mark: AttendanceMark; attendedHours?: number | undefined; justification?: Justification | undefined }, plannedHours: number): Reason | null {
  if (!ATTENDANCE_MARKS.includes(a.mark)) return r('refusal.attendanceMark');
  if (a.mark === 'justified' && !JUSTIFICATIONS.includes(a.justification as Justification)) return r('refusal.justificationMissing');
  if (a.mark === 'present' && a.attendedHours !== undefined && !(a.attendedHours > 0 && a.attendedHours <= plannedHours)) return r('refusal.hoursOutOfRange');
  return null;
}

const CHECKS: { [A in JourneyAction]: Check<A> } = {
  screen(s, a, { rules }) {
    if (s.stage !== 'applied') return r('refusal.alreadyScreened');
    if (typeof a.opinion !== 'string' || a.opinion.trim() === '') return r('refusal.opinionMissing');
    const codes = new Set(rules.criteria.map((c) => c.code));
    for (const code of Object.keys(a.scores ?? {}))
      if (!codes.has(code)) return r('refusal.unknownCriterion', { code });
    for (const c of rules.criteria) {
      const p = a.scores?.[c.code];
      if (p === undefined) return r('refusal.criterionUnscored', { label: c.label, code: c.code });
      if (!Number.isInteger(p) || p < 0 || p > c.maxPoints)
        return r('refusal.criterionOutOfRange', { label: c.label, code: c.code, max: c.maxPoints });
    }
    return null;
  },
  recordOriginal(s, a, { today }) {
    if (!s.originalPending) return r('refusal.noOriginalPending');
    if (s.stage === 'closed') return r('refusal.journeyClosed');
    return dateInRange(a.receivedOn, null, today, 'refusal.field.originalReceivedOn');
  },
  signDocuments(s, a, { today }) {
    const kinds = a.kinds ?? [];
    if (kinds.length === 0 || kinds.some((k) => !DOCUMENT_KINDS.includes(k)) || new Set(kinds).size !== kinds.length)
      return r('refusal.invalidDocumentList');
    if (kinds.some((k) => s.documents[k])) return r('refusal.documentAlreadySigned');
    const dateErr = dateInRange(a.signedOn, null, today, 'refusal.field.signedOn');
    if (dateErr) return dateErr;
    if (s.stage === 'support') {
      // Only the optional image consent can come after participation started.
      if (kinds.some((k) => k !== 'image_consent')) return r('refusal.joiningDocumentsSigned');
      return null;
    }
    if (s.decision !== 'qualified') return r('refusal.notQualified');
    if (!s.approved || s.stage !== 'joining') return r('refusal.listNotApproved');
    if (s.awaitingPlaceConfirmation) return r('refusal.awaitingPlace');
    if (a.originalRequired && s.originalPending) return r('refusal.originalNotReceived');
    const missing = REQUIRED_DOCUMENTS.filter((k) => !kinds.includes(k));
    if (missing.length > 0)
      return r('refusal.joiningDocumentsMissing', { missing: missing.join(', ') });
    return null;
  },
  planSupport(s, a) {
    const bad = inSupport(s);
    if (bad) return bad;
    const items = a.items ?? [];
    if (items.length === 0) return r('refusal.planEmpty');
    if (items.some((i) => typeof i.formCode !== 'string' || i.formCode === '' || !(i.hours > 0)))
      return r('refusal.planItemInvalid');
    if (new Set(items.map((i) => i.formCode)).size !== items.length) return r('refusal.planFormRepeated');
    // Once there is an IŚR, its plan changes only as a revision with its reason (never replaced silently).
    if (s.isrRevision > 0) return r('refusal.isrRevisedOnly');
    return null;
  },
  reviseIsr(s, a, ctx) {
    // The plan's own checks (in support, forms once each with hours), then what an IŚR adds.
    const bad = CHECKS.planSupport({ ...s, isrRevision: 0 }, a, ctx);
    if (bad) return bad;
    if (![a.diagnosis, a.goals].every((t) => typeof t === 'string' && t.trim() !== '')) return r('refusal.isrTextMissing');
    if (a.items.some((i) => !isDate(i.from) || !isDate(i.to) || i.to < i.from || typeof i.provider !== 'string' || i.provider.trim() === ''))
      return r('refusal.isrItemInvalid');
    if (s.isrRevision > 0 && !a.reason?.trim()) return r('refusal.isrReasonMissing');
    return null;
  },
  recordAttendance(s, a, { today }) {
    const bad = inSupport(s) ?? dateInRange(a.sessionOn, s.participationStartedOn, today, 'refusal.field.sessionOn');
    if (bad) return bad;
    if (!(a.plannedHours > 0) || !(a.attendedHours >= 0) || a.attendedHours > a.plannedHours)
      return r('refusal.hoursOutOfRange');
    if (a.absent && a.attendedHours >= a.plannedHours) return r('refusal.absentWithFullAttendance');
    if (s.sessions.some((x) => sessionKey(x) === sessionKey(a))) return r('refusal.attendanceAlreadyRecorded');
    return null;
  },
  recordSessionAttendance(s, a, { today }) {
    const bad = inSupport(s) ?? dateInRange(a.sessionOn, s.participationStartedOn, today, 'refusal.field.sessionOn');
    if (bad) return bad;
    if (typeof a.sessionId !== 'string' || a.sessionId === '' || typeof a.formCode !== 'string' || a.formCode === '') return r('refusal.missingArguments');
    if (!(a.plannedHours > 0 && a.plannedHours <= 24)) return r('refusal.hoursOutOfRange');
    if (s.sessions.some((x) => sessionKey(x) === sessionKey(a))) return r('refusal.attendanceAlreadyRecorded');
    return markRefusal(a, a.plannedHours);
  },
  correctAttendance(s, a) {
    if (!['support', 'ended', 'follow_up_1', 'follow_up_2'].includes(s.stage)) return r('refusal.onlyInSupport');
    const session = s.sessions.find((x) => sessionKey(x) === sessionKey(a));
    if (!session) return r('refusal.noSuchAttendance');
    if (typeof a.reason !== 'string' || a.reason.trim() === '') return r('refusal.correctionNeedsReason');
    const bad = markRefusal(a, session.plannedHours);
    if (bad) return bad;
    const hours = a.mark === 'present' ? (a.attendedHours ?? session.plannedHours) : 0;
    const same = markOf(session) === a.mark && session.attendedHours === hours && (a.mark !== 'justified' || session.justification === a.justification);
    return same ? r('refusal.correctionChangesNothing') : null;
  },
  justifyAbsence(s, a, { today }) {
    const bad = inSupport(s);
    if (bad) return bad;
    const session = s.sessions.find((x) => sessionKey(x) === sessionKey(a));
    if (!session || !session.absent) return r('refusal.noSuchAbsence');
    if (session.justified) return r('refusal.absenceAlreadyJustified');
    if (a.justification !== 'written' && a.justification !== 'phone') return r('refusal.justificationKind');
    return dateInRange(a.justifiedOn, session.sessionOn, today, 'refusal.field.justifiedOn');
  },
  recordJob(s, a, { today }) {
    const bad = inSupport(s);
    if (bad) return bad;
    if (s.jobFoundOn) return r('refusal.jobAlreadyRecorded');
    return dateInRange(a.foundOn, s.participationStartedOn, today, 'refusal.field.foundOn');
  },
  endParticipation(s, a, { today }) {
    const bad = inSupport(s);
    if (bad) return bad;
    if (!END_REASONS.includes(a.reason)) return r('refusal.unknownEndReason');
    if ((a.reason === 'resigned' || a.reason === 'struck_off') && !a.note?.trim())
      return r('refusal.endNeedsNote');
    return dateInRange(a.endedOn, s.participationStartedOn, today, 'refusal.field.endedOn');
  },
  recordFollowUp(s, a, { today, rules }) {
    if (!['ended', 'follow_up_1', 'follow_up_2'].includes(s.stage) || !s.endedOn)
      return r('refusal.followUpBeforeEnd');
    if (a.number !== 1 && a.number !== 2) return r('refusal.followUpNumber');
    if (s.followUps[a.number]) return r('refusal.followUpAlreadyRecorded', { n: a.number });
    const { opens } = followUpWindow(s.endedOn, a.number, rules);
    if (today < opens) return r('refusal.followUpNotYet', { n: a.number, opens });
    if (typeof a.data !== 'object' || a.data === null) return r('refusal.followUpDataMissing');
    return dateInRange(a.recordedOn, s.endedOn, today, 'refusal.field.recordedOn');
  },
  migrateRules(s, a) {
    if (s.stage === 'closed') return r('refusal.journeyClosed');
    if (!Number.isInteger(a.toVersion) || a.toVersion <= s.rulesVersion)
      return r('refusal.rulesVersionNotNewer', { version: s.rulesVersion });
    return null;
  },
  recordLetterSent(s, a, { today }) {
    const letter = s.letters.find((l) => l.key === a.letterKey);
    if (!letter) return r('refusal.noSuchLetter');
    if (letter.sent) return r('refusal.letterAlreadySent');
    if (letter.superseded) return r('refusal.letterSuperseded');
    return dateInRange(a.sentOn, null, today, 'refusal.field.sentOn');
  },
  withdrawImageConsent(s, a, { today }) {
    const signedOn = s.documents.image_consent;
    if (!signedOn) return r('refusal.imageConsentNotSigned');
    return dateInRange(a.withdrawnOn, signedOn, today, 'refusal.field.withdrawnOn');
  },
  withdrawApplication(s, a) {
    if (s.stage === 'closed') return r('refusal.journeyClosed');
    // Once participation started, it ends (endParticipation); it is not withdrawn.
    if (!['applied', 'screened', 'decided', 'joining'].includes(s.stage)) return r('refusal.withdrawOnlyBeforeSupport');
    if (!WITHDRAWAL_REASONS.includes(a.reason)) return r('refusal.unknownWithdrawalReason');
    if (typeof a.note !== 'string' || !a.note.trim()) return r('refusal.withdrawalNeedsNote');
    return null;
  },
  correctData(s, a) {
    if (s.stage === 'closed') return r('refusal.journeyClosed');
    if (typeof a.changes !== 'object' || a.changes === null || Object.keys(a.changes).length === 0) return r('refusal.correctionEmpty');
    if (typeof a.reason !== 'string' || a.reason.trim() === '') return r('refusal.correctionReasonMissing');
    return null;
  },
  undoEnding(s, a, { today }) {
    if (s.stage !== 'ended' || !s.endedOn || Object.keys(s.followUps).length > 0) return r('refusal.undoEndingOnlyEnded');
    if (s.endReason === 'died') return r('refusal.undoEndingDied');
    const until = addCalendarDays(s.endedOn, UNDO_ENDING_DAYS);
    // dd.mm.rrrr, as people read dates (the message is shown as it is).
    if (today > until) return r('refusal.undoEndingTooLate', { days: UNDO_ENDING_DAYS, until: until.split('-').reverse().join('.') });
    if (typeof a.reason !== 'string' || a.reason.trim() === '') return r('refusal.undoEndingNeedsReason');
    return null;
  },
  reassignSocialWorker(s, a) {
    if (s.stage === 'closed') return r('refusal.journeyClosed');
    if (typeof a.socialWorkerId !== 'string' || a.socialWorkerId === '') return r('refusal.noSocialWorkerGiven');
    if (a.socialWorkerId === s.socialWorkerId) return r('refusal.socialWorkerAlreadyAssigned');
    return null;
  },
};

/** Why this action is not allowed now, or null when it is. */
export function refusal<A extends JourneyAction>(action: A, s: JourneySnapshot, args: JourneyActions[A][0], ctx: RuleContext): Reason | null {
  if (typeof args !== 'object' || args === null) return r('refusal.missingArguments');
  return (CHECKS[action] as Check<A>)(s, args, ctx);
}
