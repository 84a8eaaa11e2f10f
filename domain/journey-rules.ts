// Which action is allowed in which stage, and why not: the journey's validators call these, so a
// refused action changes nothing. Each reason is given in Polish (the panel) and English (the API).
import type { JourneyAction, JourneyActions, JourneySnapshot, AttendanceSession } from './journey';
import { addCalendarDays } from './working-days';
import { DOCUMENT_KINDS, END_REASONS, REQUIRED_DOCUMENTS, type IsoDate, type ProjectRules } from './types';

export interface Reason {
  pl: string;
  en: string;
}
const r = (pl: string, en: string): Reason => ({ pl, en });

export interface RuleContext {
  /** Today in Warsaw (workflow time). */
  today: IsoDate;
  rules: ProjectRules;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (d: unknown): d is IsoDate => typeof d === 'string' && ISO_DATE.test(d) && !Number.isNaN(Date.parse(d));

function dateInRange(d: unknown, from: IsoDate | null, to: IsoDate, what: { pl: string; en: string }): Reason | null {
  if (!isDate(d)) return r(`${what.pl}: niepoprawna data`, `${what.en}: invalid date`);
  if (d > to) return r(`${what.pl}: data z przyszłości`, `${what.en}: date in the future`);
  if (from && d < from) return r(`${what.pl}: data przed ${from}`, `${what.en}: date before ${from}`);
  return null;
}

/** Share of planned hours attended, over the sessions recorded so far (1 when nothing is planned yet). */
export function attendanceShare(sessions: readonly AttendanceSession[]): number {
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
  s.stage === 'support' ? null : r('Dostępne tylko w trakcie udziału w projekcie (ścieżka IŚR)', 'only allowed during participation (support path)');

const CHECKS: { [A in JourneyAction]: Check<A> } = {
  screen(s, a, { rules }) {
    if (s.stage !== 'applied') return r('Kandydat został już oceniony', 'the candidate has already been screened');
    if (typeof a.opinion !== 'string' || a.opinion.trim() === '') return r('Brak opinii pracownika socjalnego', 'the social worker opinion is missing');
    const codes = new Set(rules.criteria.map((c) => c.code));
    for (const code of Object.keys(a.scores ?? {}))
      if (!codes.has(code)) return r(`Nieznane kryterium: ${code}`, `unknown criterion: ${code}`);
    for (const c of rules.criteria) {
      const p = a.scores?.[c.code];
      if (p === undefined) return r(`Brak punktów za kryterium: ${c.label}`, `no points for criterion ${c.code}`);
      if (!Number.isInteger(p) || p < 0 || p > c.maxPoints)
        return r(`Punkty za „${c.label}” muszą być od 0 do ${c.maxPoints}`, `points for ${c.code} must be 0..${c.maxPoints}`);
    }
    return null;
  },
  recordOriginal(s, a, { today }) {
    if (!s.originalPending) return r('Nie oczekujemy na oryginał zgłoszenia', 'no original application is pending');
    if (s.stage === 'closed') return r('Ścieżka jest zamknięta', 'the journey is closed');
    return dateInRange(a.receivedOn, null, today, r('Data wpływu oryginału', 'original received on'));
  },
  signDocuments(s, a, { today }) {
    const kinds = a.kinds ?? [];
    if (kinds.length === 0 || kinds.some((k) => !DOCUMENT_KINDS.includes(k)) || new Set(kinds).size !== kinds.length)
      return r('Niepoprawna lista dokumentów', 'invalid list of documents');
    if (kinds.some((k) => s.documents[k])) return r('Dokument został już podpisany', 'a document is already signed');
    const dateErr = dateInRange(a.signedOn, null, today, r('Data podpisania', 'signed on'));
    if (dateErr) return dateErr;
    if (s.stage === 'support') {
      // Only the optional image consent can come after participation started.
      if (kinds.some((k) => k !== 'image_consent')) return r('Dokumenty przystąpienia są już podpisane', 'joining documents are already signed');
      return null;
    }
    if (s.decision !== 'qualified') return r('Kandydat nie został zakwalifikowany', 'the candidate is not qualified');
    if (!s.approved || s.stage !== 'joining') return r('Lista uczestników nie została jeszcze zatwierdzona przez dyrektora', 'the participant list is not approved yet');
    if (s.awaitingPlaceConfirmation) return r('Czekamy na potwierdzenie miejsca przez rekrutację', 'waiting for the round to confirm the place');
    const missing = REQUIRED_DOCUMENTS.filter((k) => !kinds.includes(k));
    if (missing.length > 0)
      return r(`Do rozpoczęcia udziału potrzebne są: deklaracja, kontrakt socjalny i oświadczenie o danych osobowych (brak: ${missing.join(', ')})`,
        `participation needs the declaration, the social contract and the data statement (missing: ${missing.join(', ')})`);
    return null;
  },
  planSupport(s, a) {
    const bad = inSupport(s);
    if (bad) return bad;
    const items = a.items ?? [];
    if (items.length === 0) return r('Plan wsparcia jest pusty', 'the support plan is empty');
    if (items.some((i) => typeof i.formCode !== 'string' || i.formCode === '' || !(i.hours > 0)))
      return r('Każda forma wsparcia potrzebuje kodu i liczby godzin > 0', 'each support form needs a code and hours > 0');
    if (new Set(items.map((i) => i.formCode)).size !== items.length) return r('Forma wsparcia powtarza się', 'a support form is repeated');
    return null;
  },
  recordAttendance(s, a, { today }) {
    const bad = inSupport(s) ?? dateInRange(a.sessionOn, s.participationStartedOn, today, r('Data zajęć', 'session date'));
    if (bad) return bad;
    if (!(a.plannedHours > 0) || !(a.attendedHours >= 0) || a.attendedHours > a.plannedHours)
      return r('Godziny obecności muszą mieścić się w godzinach zaplanowanych', 'attended hours must be within planned hours');
    if (a.absent && a.attendedHours >= a.plannedHours) return r('Nieobecność przy pełnej obecności', 'absent with full attendance');
    if (s.sessions.some((x) => sessionKey(x) === sessionKey(a))) return r('Obecność na tych zajęciach już zapisano', 'attendance for this session is already recorded');
    return null;
  },
  justifyAbsence(s, a, { today }) {
    const bad = inSupport(s);
    if (bad) return bad;
    const session = s.sessions.find((x) => sessionKey(x) === sessionKey(a));
    if (!session || !session.absent) return r('Nie ma takiej nieobecności', 'no such absence');
    if (session.justified) return r('Nieobecność jest już usprawiedliwiona', 'the absence is already justified');
    if (a.justification !== 'written' && a.justification !== 'phone') return r('Usprawiedliwienie: pisemne lub telefoniczne', 'justification must be written or phone');
    return dateInRange(a.justifiedOn, session.sessionOn, today, r('Data usprawiedliwienia', 'justified on'));
  },
  recordJob(s, a, { today }) {
    const bad = inSupport(s);
    if (bad) return bad;
    if (s.jobFoundOn) return r('Podjęcie pracy jest już zapisane', 'a job is already recorded');
    return dateInRange(a.foundOn, s.participationStartedOn, today, r('Data podjęcia pracy', 'job found on'));
  },
  endParticipation(s, a, { today }) {
    const bad = inSupport(s);
    if (bad) return bad;
    if (!END_REASONS.includes(a.reason)) return r('Nieznany powód zakończenia', 'unknown end reason');
    if ((a.reason === 'resigned' || a.reason === 'struck_off') && !a.note?.trim())
      return r('Rezygnacja i skreślenie wymagają udokumentowanego powodu', 'resignation and striking off need a documented reason');
    return dateInRange(a.endedOn, s.participationStartedOn, today, r('Data zakończenia', 'ended on'));
  },
  recordFollowUp(s, a, { today, rules }) {
    if (!['ended', 'follow_up_1', 'follow_up_2'].includes(s.stage) || !s.endedOn)
      return r('Monitoring jest możliwy dopiero po zakończeniu udziału', 'follow-ups come after the end of participation');
    if (a.number !== 1 && a.number !== 2) return r('Monitoring 1 albo 2', 'follow-up 1 or 2');
    if (s.followUps[a.number]) return r(`Monitoring ${a.number} jest już zapisany`, `follow-up ${a.number} is already recorded`);
    const { opens } = followUpWindow(s.endedOn, a.number, rules);
    if (today < opens) return r(`Monitoring ${a.number} będzie możliwy od ${opens}`, `follow-up ${a.number} is not due before ${opens}`);
    if (typeof a.data !== 'object' || a.data === null) return r('Brak danych monitoringu', 'follow-up data missing');
    return dateInRange(a.recordedOn, s.endedOn, today, r('Data monitoringu', 'recorded on'));
  },
  migrateRules(s, a) {
    if (s.stage === 'closed') return r('Ścieżka jest zamknięta', 'the journey is closed');
    if (!Number.isInteger(a.toVersion) || a.toVersion <= s.rulesVersion)
      return r(`Można przejść tylko na nowszą wersję regulaminu niż ${s.rulesVersion}`, `can only migrate to a version newer than ${s.rulesVersion}`);
    return null;
  },
  recordLetterSent(s, a, { today }) {
    const letter = s.letters.find((l) => l.key === a.letterKey);
    if (!letter) return r('Nie ma takiego pisma', 'no such letter');
    if (letter.sent) return r('Pismo jest już oznaczone jako wysłane', 'the letter is already recorded as sent');
    return dateInRange(a.sentOn, null, today, r('Data wysłania', 'sent on'));
  },
  withdrawImageConsent(s, a, { today }) {
    const signedOn = s.documents.image_consent;
    if (!signedOn) return r('Zgoda na wizerunek nie jest podpisana (albo została już wycofana)', 'the image consent is not signed (or already withdrawn)');
    return dateInRange(a.withdrawnOn, signedOn, today, r('Data wycofania zgody', 'withdrawn on'));
  },
  reassignSocialWorker(s, a) {
    if (s.stage === 'closed') return r('Ścieżka jest zamknięta', 'the journey is closed');
    if (typeof a.socialWorkerId !== 'string' || a.socialWorkerId === '') return r('Nie wskazano pracownika socjalnego', 'no social worker given');
    if (a.socialWorkerId === s.socialWorkerId) return r('Ten pracownik socjalny już prowadzi uczestnika', 'this social worker is already assigned');
    return null;
  },
};

/** Why this action is not allowed now, or null when it is. */
export function refusal<A extends JourneyAction>(action: A, s: JourneySnapshot, args: JourneyActions[A][0], ctx: RuleContext): Reason | null {
  if (typeof args !== 'object' || args === null) return r('Brak danych', 'missing arguments');
  return (CHECKS[action] as Check<A>)(s, args, ctx);
}
