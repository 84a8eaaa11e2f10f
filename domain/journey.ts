// The participant journey's vocabulary: the state a journey exposes (Query) and the arguments of the
// human actions (Updates). Shared by the workflow, the server and the views. Ids only, no personal data
// beyond what an action must carry (an opinion, a note, the follow-up answers).
import type { AttendanceMark, Justification } from './sessions';
import type { Decision, DocumentKind, EmploymentContract, EndReason, IsoDate, IsoInstant, Role, Stage } from './types';

export interface JourneyInput {
  applicationId: string;
  projectId: string;
  /** The regulations version the journey starts on (the project's current one at application). */
  rulesVersion: number;
}

export interface AttendanceSession {
  sessionOn: IsoDate;
  formCode: string;
  plannedHours: number;
  attendedHours: number;
  absent: boolean;
  justified: boolean;
  /** Recorded on a session's sheet (recordSessionAttendance): that session. */
  sessionId?: string;
  /** Why the absence is justified, when the sheet or a correction said so. */
  justification?: Justification;
}

export interface JourneyLetter {
  key: string;
  kind: LetterKind;
  sent: boolean;
  /** Made obsolete by a later step before it was sent (it is no longer to be sent). */
  superseded?: SupersededReason;
}

/** Why an unsent letter is no longer to be sent: a promotion replaced the reserve letter, the application was withdrawn, or the commission corrected its decision. */
export const SUPERSEDED_REASONS = ['promoted', 'withdrawn', 'corrected'] as const;
export type SupersededReason = (typeof SUPERSEDED_REASONS)[number];

/** Why an application is withdrawn: at the applicant's request, or it was entered by mistake. */
export const WITHDRAWAL_REASONS = ['applicant_request', 'entered_by_mistake'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

export const LETTER_KINDS = ['result_qualified', 'result_reserve', 'result_rejected', 'promoted'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** What the journey knows now (the journeyState Query). */
export interface JourneySnapshot {
  applicationId: string;
  projectId: string;
  rulesVersion: number;
  stage: Stage;
  /** Who looks after the participant: their reminder tasks and e-mails go to this social worker. */
  socialWorkerId: string | null;
  originalPending: boolean;
  points: number | null;
  decision: Decision | null;
  reservePosition: number | null;
  approved: boolean;
  /** The signing deadline escalated and the round was told the place may be freed. */
  signingEscalated: boolean;
  /** Signed late: waiting for the round to confirm the place is still theirs. */
  awaitingPlaceConfirmation: boolean;
  documents: Partial<Record<DocumentKind, IsoDate>>;
  participationStartedOn: IsoDate | null;
  plan: SupportPlanItem[];
  /** Revisions of the IŚR (att. 8) so far; 0 while there is none. Its texts live in the database only. */
  isrRevision: number;
  sessions: AttendanceSession[];
  jobFoundOn: IsoDate | null;
  endedOn: IsoDate | null;
  endReason: EndReason | null;
  followUps: { 1?: IsoDate; 2?: IsoDate };
  letters: JourneyLetter[];
}

// ---- Update arguments (the server adds actorId, the user who acts) ------------------------------

export interface Acting {
  actorId: string;
}

export interface ScreenArgs extends Acting {
  /** Points per criterion code of the journey's rules version. */
  scores: Record<string, number>;
  opinion: string;
}
export interface RecordOriginalArgs extends Acting {
  receivedOn: IsoDate;
}
export interface SignDocumentsArgs extends Acting {
  signedOn: IsoDate;
  kinds: DocumentKind[];
  /** The project's originals check (domain/intake-checks.ts): a pending original of an e-mailed form blocks the contract. */
  originalRequired?: boolean;
}
export interface SupportPlanItem {
  formCode: string;
  hours: number;
}
/** One planned support form of the IŚR: from the project's catalogue, with hours, period and provider. */
export interface IsrItem extends SupportPlanItem {
  from: IsoDate;
  to: IsoDate;
  /** Who provides it (the partner, a specialist, the social worker). */
  provider: string;
}
/** A whole IŚR as agreed: each revision states it all again, with why it changed (an annex). */
export interface ReviseIsrArgs extends Acting {
  diagnosis: string;
  goals: string;
  items: IsrItem[];
  /** Why it changed: required for every revision after the first. */
  reason?: string;
}
export interface PlanSupportArgs extends Acting {
  items: SupportPlanItem[];
}
export interface RecordAttendanceArgs extends Acting {
  sessionOn: IsoDate;
  formCode: string;
  plannedHours: number;
  attendedHours: number;
  absent: boolean;
}
/** One participant's line of a session's sheet (the service sends one per member of the group). */
export interface RecordSessionAttendanceArgs extends Acting {
  sessionId: string;
  sessionOn: IsoDate;
  formCode: string;
  plannedHours: number;
  mark: AttendanceMark;
  /** Present but for fewer hours (came late, left early); absent: none. */
  attendedHours?: number;
  /** Required when the mark is 'justified'. */
  justification?: Justification;
}
/** A recorded attendance row corrected: the new mark and why (shown on the timeline). */
export interface CorrectAttendanceArgs extends Acting {
  sessionOn: IsoDate;
  formCode: string;
  mark: AttendanceMark;
  attendedHours?: number;
  justification?: Justification;
  reason: string;
}
export interface JustifyAbsenceArgs extends Acting {
  sessionOn: IsoDate;
  formCode: string;
  justification: 'written' | 'phone';
  justifiedOn: IsoDate;
}
export interface RecordJobArgs extends Acting {
  foundOn: IsoDate;
  note?: string;
}
export interface EndParticipationArgs extends Acting {
  reason: EndReason;
  endedOn: IsoDate;
  note?: string;
}
export interface FollowUp1Data {
  qualificationObtained: boolean;
  jobSeeking: boolean;
  working: boolean;
  /** When the qualification was obtained (the 4-week result indicator counts it within the window). */
  qualificationObtainedOn?: IsoDate;
  workingSince?: IsoDate;
  evidence?: string;
}
export interface FollowUp2Data {
  socialProgress: boolean;
  employed: boolean;
  contractType?: EmploymentContract;
  employedSince?: IsoDate;
  /** Self-employment financed by an ESF start-up grant: excluded from employment efficiency. */
  startUpGrant?: boolean;
  /** Went back to school: excluded from employment efficiency. */
  backToSchool?: boolean;
  note?: string;
}
export type RecordFollowUpArgs = Acting & ({ number: 1; recordedOn: IsoDate; data: FollowUp1Data } | { number: 2; recordedOn: IsoDate; data: FollowUp2Data });
export interface MigrateRulesArgs extends Acting {
  toVersion: number;
}
export interface RecordLetterSentArgs extends Acting {
  letterKey: string;
  sentOn: IsoDate;
}
export interface WithdrawImageConsentArgs extends Acting {
  withdrawnOn: IsoDate;
}
export interface ReassignSocialWorkerArgs extends Acting {
  /** The social worker who takes the participant over (the service checks it is an active one). */
  socialWorkerId: string;
}

export interface WithdrawApplicationArgs extends Acting {
  reason: WithdrawalReason;
  /** Required: what the applicant said, or what was entered wrongly. */
  note: string;
}

export interface CorrectDataArgs extends Acting {
  /** The corrected fields and their new values (the service has checked them against the record). */
  changes: import('./corrections').CorrectionChanges;
  reason: string;
}

/** An ending recorded by mistake, undone by a coordinator within UNDO_ENDING_DAYS (the reason required). */
export interface UndoEndingArgs extends Acting {
  reason: string;
}
/** Calendar days after the end's date an ending may still be undone. */
export const UNDO_ENDING_DAYS = 14;

/** Every Update of the journey, by name, with its argument and result. */
export interface JourneyActions {
  screen: [ScreenArgs, { points: number }];
  recordOriginal: [RecordOriginalArgs, JourneyAck];
  signDocuments: [SignDocumentsArgs, { started: boolean; awaitingPlaceConfirmation: boolean }];
  planSupport: [PlanSupportArgs, JourneyAck];
  recordAttendance: [RecordAttendanceArgs, { attendanceShare: number; belowThreshold: boolean }];
  justifyAbsence: [JustifyAbsenceArgs, JourneyAck];
  recordJob: [RecordJobArgs, JourneyAck];
  endParticipation: [EndParticipationArgs, JourneyAck];
  recordFollowUp: [RecordFollowUpArgs, JourneyAck];
  migrateRules: [MigrateRulesArgs, { rulesVersion: number }];
  recordLetterSent: [RecordLetterSentArgs, JourneyAck];
  withdrawImageConsent: [WithdrawImageConsentArgs, { withdrawnOn: IsoDate }];
  reassignSocialWorker: [ReassignSocialWorkerArgs, { socialWorkerId: string; previous: string | null }];
  reviseIsr: [ReviseIsrArgs, { revision: number }];
  recordSessionAttendance: [RecordSessionAttendanceArgs, { attendanceShare: number; belowThreshold: boolean }];
  correctAttendance: [CorrectAttendanceArgs, JourneyAck];
  withdrawApplication: [WithdrawApplicationArgs, JourneyAck];
  correctData: [CorrectDataArgs, { fields: import('./corrections').CorrectableField[]; roundTold: boolean }];
  undoEnding: [UndoEndingArgs, JourneyAck & { placeReturned: boolean }];
}
export type JourneyAction = keyof JourneyActions;
export interface JourneyAck {
  stage: Stage;
}

/** Who may take each action (the server checks; the workflow checks whether it is allowed now). */
export const ACTION_ROLES: Record<JourneyAction, readonly Role[]> = {
  screen: ['social_worker', 'coordinator'],
  recordOriginal: ['social_worker', 'coordinator'],
  signDocuments: ['social_worker', 'coordinator'],
  planSupport: ['social_worker', 'coordinator'],
  recordAttendance: ['social_worker', 'coordinator'],
  justifyAbsence: ['social_worker', 'coordinator'],
  recordJob: ['social_worker', 'coordinator'],
  endParticipation: ['social_worker', 'coordinator'],
  recordFollowUp: ['coordinator', 'social_worker'],
  migrateRules: ['coordinator'],
  recordLetterSent: ['coordinator', 'social_worker'],
  withdrawImageConsent: ['social_worker', 'coordinator'],
  // Who looks after whom is the coordinator's call.
  reassignSocialWorker: ['coordinator'],
  reviseIsr: ['social_worker', 'coordinator'],
  // A session's sheet is the group's: whoever leads or keeps it records the whole group.
  recordSessionAttendance: ['social_worker', 'coordinator'],
  correctAttendance: ['social_worker', 'coordinator'],
  withdrawApplication: ['social_worker', 'coordinator'],
  // Those who record an application correct it (a social worker their own participants' only).
  correctData: ['coordinator', 'social_worker'],
  // The coordinator's call: it may put the project over its limit by one (README).
  undoEnding: ['coordinator'],
};

/** One row of the journey's event log, as the panel reads it. */
export interface JourneyEventView {
  /** The event's id (a correction's old and new values are kept under it). */
  id: string;
  type: string;
  occurredAt: IsoInstant;
  actorId: string | null;
  stageBefore: Stage | null;
  stageAfter: Stage | null;
  payload: Record<string, unknown>;
}
