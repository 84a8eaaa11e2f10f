// Messages between the participant journey and the recruitment round (the single writer of places).
// Both workflows import these definitions; the server uses the id helpers.
import { defineSignal } from '@temporalio/workflow';
import type { Decision, IsoInstant } from '../domain/types';

export const journeyWorkflowId = (applicationId: string) => `journey-${applicationId}`;
export const roundWorkflowId = (projectId: string) => `round-${projectId}`;

// ---- journey -> round --------------------------------------------------------------------------

/** The candidate was screened and scored: the round ranks them for the next sitting. */
export interface CandidateScored {
  applicationId: string;
  points: number;
  /** Breaks ties: the earlier application first. */
  receivedAt: IsoInstant;
  sex: 'K' | 'M';
  disability: boolean;
  targetGroup: string | null;
}
export const candidateScoredSignal = defineSignal<[CandidateScored]>('candidateScored');

/** A participant's place is free: they ended early, or never signed (after escalation). */
export interface PlaceFreed {
  applicationId: string;
  reason: 'ended_early' | 'not_signed';
}
export const placeFreedSignal = defineSignal<[PlaceFreed]>('placeFreed');

/**
 * A qualified candidate signs after the signing deadline escalated: the round must confirm the place
 * is still theirs (it may have gone to the reserve). Answered by placeConfirmationSignal.
 */
export const confirmPlaceSignal = defineSignal<[{ applicationId: string; requestId: string }]>('confirmPlace');

// ---- round -> journey --------------------------------------------------------------------------

/** The commission's decision for this candidate, or a promotion from the reserve list. */
export interface DecisionMessage {
  decision: Decision;
  reservePosition?: number;
  reason?: string;
  /** True when a freed place went to this reserve candidate. */
  fromReserve: boolean;
  decidedBy: string;
  decidedAt: IsoInstant;
}
export const decidedSignal = defineSignal<[DecisionMessage]>('decided');

/** The director approved the participant list this candidate is on. */
export const listApprovedSignal = defineSignal<[{ approvedBy: string; approvedAt: IsoInstant }]>('listApproved');

/** The reserve list moved: this candidate's new position. */
export const reservePositionSignal = defineSignal<[{ position: number }]>('reservePosition');

/** Answer to confirmPlace: whether the place is still this candidate's. */
export const placeConfirmationSignal = defineSignal<[{ requestId: string; confirmed: boolean }]>('placeConfirmation');
