// Who may do what: the one table both the panel (which actions to show) and the API (403) read.
import type { Role } from './types';

export const OPERATIONS = {
  // recruitment and journeys (API operationIds)
  createProject: ['admin', 'coordinator'],
  updateProject: ['admin', 'coordinator'],
  listProjects: ['admin', 'coordinator', 'social_worker', 'commission', 'director', 'auditor'],
  submitApplication: ['coordinator', 'social_worker'],
  scoreApplication: ['commission', 'social_worker'],
  getRanking: ['coordinator', 'commission', 'director', 'auditor'],
  decideApplication: ['commission'],
  closeSitting: ['commission'],
  approveList: ['director'],
  signDocuments: ['coordinator', 'social_worker'],
  planSupport: ['coordinator', 'social_worker'],
  recordAttendance: ['social_worker'],
  justifyAbsence: ['social_worker'],
  confirmOriginal: ['coordinator', 'social_worker'],
  endParticipation: ['coordinator', 'social_worker'],
  recordFollowUp: ['coordinator'],
  getParticipant: ['coordinator', 'social_worker', 'commission', 'director', 'auditor'],
  listParticipants: ['coordinator', 'social_worker', 'commission', 'director', 'auditor'],
  getIndicators: ['coordinator', 'director', 'auditor'],
  // exports of personal data (the caller audits each one)
  exportMonitoring: ['coordinator', 'director', 'auditor'],
  exportAttendanceList: ['coordinator', 'social_worker', 'director', 'auditor'],
  // panel and administration
  viewToday: ['admin', 'coordinator', 'social_worker', 'commission', 'director', 'auditor'],
  bulkParticipants: ['coordinator'],
  manageUsers: ['admin'],
  manageApiTokens: ['admin'],
  viewOperations: ['admin', 'coordinator'],
  retryActivity: ['admin', 'coordinator'],
  viewAudit: ['admin', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Operation = keyof typeof OPERATIONS;

/**
 * Operations a social worker may do only for participants assigned to them ("their own");
 * other roles listed for the operation act on any participant.
 */
export const OWN_PARTICIPANTS_ONLY: Partial<Record<Operation, readonly Role[]>> = {
  recordAttendance: ['social_worker'],
  justifyAbsence: ['social_worker'],
  planSupport: ['social_worker'],
  endParticipation: ['social_worker'],
};

export function can(role: Role, op: Operation): boolean {
  return (OPERATIONS[op] as readonly Role[]).includes(role);
}

/** Whether this role may act on this participant, given who their social worker is. */
export function canFor(role: Role, op: Operation, actorId: string, socialWorkerId: string | null | undefined): boolean {
  if (!can(role, op)) return false;
  const ownOnly = OWN_PARTICIPANTS_ONLY[op];
  return !ownOnly?.includes(role) || socialWorkerId === actorId;
}
