// Who may do what: the one table both the panel (which actions to show) and the API (403) read.
import { AppError } from './errors';
import { ACTION_ROLES } from './journey';
import type { Role } from './types';

export type Operation =
  | 'createProject' | 'updateProject' | 'listProjects' | 'submitApplication'
  | 'scoreApplication' | 'confirmOriginal' | 'signDocuments' | 'planSupport' | 'recordAttendance' | 'justifyAbsence'
  | 'recordJob' | 'endParticipation' | 'recordFollowUp' | 'recordLetterSent' | 'migrateRules' | 'reassignSocialWorker'
  | 'withdrawApplication' | 'undoEnding'
  | 'getRanking' | 'decideApplication' | 'correctDecision' | 'closeSitting' | 'approveList'
  | 'getParticipant' | 'listParticipants' | 'getIndicators'
  | 'listLetters' | 'getLetterPdf' | 'markLetterSent'
  | 'viewToday' | 'bulkParticipants' | 'manageUsers' | 'manageApiTokens' | 'manageOwnApiTokens' | 'viewOperations' | 'retryActivity' | 'viewAudit'
  | 'useTemporalCodec' | 'viewOutbox' | 'resolveOutbox' | 'exportMonitoring' | 'exportAttendanceList'
  | 'exportPersonalData' | 'withdrawConsent' | 'eraseParticipant' | 'anonymizeProject'
  | 'workTask'
  | 'viewSessions' | 'manageSessions' | 'recordSessionAttendance' | 'correctAttendance'
  | 'correctParticipant' | 'viewCorrectedValues'
  | 'issueRules';

export const OPERATIONS: Record<Operation, readonly Role[]> = {
  // recruitment and journeys (API operationIds)
  createProject: ['admin', 'coordinator'],
  updateProject: ['admin', 'coordinator'],
  // A regulation change is the director's act: issuing the version and moving running journeys to it.
  issueRules: ['director'],
  listProjects: ['admin', 'coordinator', 'social_worker', 'commission', 'director', 'auditor'],
  submitApplication: ['coordinator', 'social_worker'],
  // The journey's own actions: the roles come from the journey's vocabulary (ACTION_ROLES), so the
  // workflow service and this table cannot disagree.
  scoreApplication: ACTION_ROLES.screen,
  confirmOriginal: ACTION_ROLES.recordOriginal,
  signDocuments: ACTION_ROLES.signDocuments,
  planSupport: ACTION_ROLES.planSupport,
  recordAttendance: ACTION_ROLES.recordAttendance,
  justifyAbsence: ACTION_ROLES.justifyAbsence,
  recordJob: ACTION_ROLES.recordJob,
  endParticipation: ACTION_ROLES.endParticipation,
  recordFollowUp: ACTION_ROLES.recordFollowUp,
  recordLetterSent: ACTION_ROLES.recordLetterSent,
  migrateRules: ACTION_ROLES.migrateRules,
  reassignSocialWorker: ACTION_ROLES.reassignSocialWorker,
  withdrawApplication: ACTION_ROLES.withdrawApplication,
  undoEnding: ACTION_ROLES.undoEnding,
  getRanking: ['coordinator', 'commission', 'director', 'auditor'],
  decideApplication: ['commission'],
  correctDecision: ['commission'],
  closeSitting: ['commission'],
  approveList: ['director'],
  getParticipant: ['coordinator', 'social_worker', 'commission', 'director', 'auditor'],
  listParticipants: ['coordinator', 'social_worker', 'commission', 'director', 'auditor'],
  // Aggregates, but each figure names the applications behind it (with their disability split).
  getIndicators: ['coordinator', 'director', 'auditor'],
  // Result and promotion letters to print and post: the office (a social worker only for their own
  // participants, as for every participant read); the auditor reads. Marking sent is the journey's action.
  listLetters: ['coordinator', 'social_worker', 'auditor'],
  getLetterPdf: ['coordinator', 'social_worker', 'auditor'],
  markLetterSent: ACTION_ROLES.recordLetterSent,
  // exports of personal data (the caller audits each one)
  exportMonitoring: ['coordinator', 'director', 'auditor'],
  exportAttendanceList: ['coordinator', 'social_worker', 'director', 'auditor'],
  // panel and administration
  viewToday: ['admin', 'coordinator', 'social_worker', 'commission', 'director', 'auditor'],
  bulkParticipants: ['coordinator'],
  manageUsers: ['admin'],
  // Tokens for service accounts (never as another person); everyone may hold tokens of their own.
  manageApiTokens: ['admin'],
  manageOwnApiTokens: ['admin', 'coordinator', 'social_worker', 'commission', 'director', 'auditor'],
  viewOperations: ['admin', 'coordinator'],
  retryActivity: ['admin', 'coordinator'],
  viewAudit: ['admin', 'auditor'],
  // The Temporal UI with decrypted histories (the codec endpoints, the links to the UI): the operators.
  // Everyone else reads a journey's history on the panel's own timeline.
  useTemporalCodec: ['admin', 'coordinator'],
  viewOutbox: ['admin', 'coordinator'],
  resolveOutbox: ['admin', 'coordinator'],
  // personal data (GDPR): the person's own data on request, a withdrawn consent, the end of retention
  exportPersonalData: ['admin', 'coordinator'],
  withdrawConsent: ['coordinator', 'social_worker'],
  // Art. 17: the coordinator, who answers the person's request for the centre.
  eraseParticipant: ['coordinator'],
  anonymizeProject: ['admin'],
  // Tasks: done, snoozed or dismissed by their owner or a coordinator (task-actions checks the owner);
  // the roles that are given tasks (the escalation chain and the commission).
  workTask: ['coordinator', 'social_worker', 'commission', 'director'],
  // group sessions of the support forms: planned and kept by the office, the sheet records the group
  viewSessions: ['coordinator', 'social_worker'],
  manageSessions: ['coordinator', 'social_worker'],
  recordSessionAttendance: ACTION_ROLES.recordSessionAttendance,
  correctAttendance: ACTION_ROLES.correctAttendance,
  // corrections of the participant's data (GDPR art. 16): made through the journey; the values a
  // correction replaced are read by those who keep the record and by the auditor (the others see which
  // fields changed)
  correctParticipant: ACTION_ROLES.correctData,
  viewCorrectedValues: ['coordinator', 'social_worker', 'auditor'],
};

/**
 * Operations a social worker may do only for participants assigned to them ("their own");
 * other roles listed for the operation act on any participant.
 */
export const OWN_PARTICIPANTS_ONLY: Partial<Record<Operation, readonly Role[]>> = {
  recordAttendance: ['social_worker'],
  justifyAbsence: ['social_worker'],
  planSupport: ['social_worker'],
  recordJob: ['social_worker'],
  endParticipation: ['social_worker'],
  withdrawApplication: ['social_worker'],
  withdrawConsent: ['social_worker'],
  correctAttendance: ['social_worker'],
  correctParticipant: ['social_worker'],
};

export function can(role: Role, op: Operation): boolean {
  return OPERATIONS[op].includes(role);
}

/** Refuses (403) an operation the role may not perform: services check it too, not only the routes. */
export function assertCan(role: Role, op: Operation): void {
  if (!can(role, op)) throw new AppError('forbidden', `role ${role} may not ${op}`);
}

/** Whether this role may act on this participant, given who their social worker is. */
export function canFor(role: Role, op: Operation, actorId: string, socialWorkerId: string | null | undefined): boolean {
  if (!can(role, op)) return false;
  const ownOnly = OWN_PARTICIPANTS_ONLY[op];
  return !ownOnly?.includes(role) || socialWorkerId === actorId;
}
