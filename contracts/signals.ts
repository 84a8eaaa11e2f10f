// Signals between the participant journey and the recruitment round (the single writer of places).
// Both workflows import these definitions; the signal names are part of the versioned contract.
import { defineSignal } from '@temporalio/workflow';
import type { IsoInstant } from '../domain/types';
import type { LeftReason, RoundDecision, ScoredInput } from '../domain/round';

// ---- journey -> round --------------------------------------------------------------------------

/** The candidate was screened and scored: the round ranks them for the next sitting. */
export type CandidateScored = ScoredInput;
export const candidateScoredSignal = defineSignal<[CandidateScored]>('candidateScored');

/**
 * A correction changed what the round ranks and counts quotas by (sex, disability, target group): the
 * round re-counts its quotas with the corrected facts (read from the record, as at scoring).
 */
export type CandidateCorrected = Pick<ScoredInput, 'applicationId' | 'sex' | 'disability' | 'targetGroup'>;
export const candidateCorrectedSignal = defineSignal<[CandidateCorrected]>('candidateCorrected');

/** A participant's place is free: they ended early, or never signed (after escalation). */
export interface PlaceFreed {
  applicationId: string;
  reason: LeftReason;
}
export const placeFreedSignal = defineSignal<[PlaceFreed]>('placeFreed');

/**
 * The application was withdrawn (the applicant's request, or entered by mistake): it leaves the ranking;
 * a place or a reserve position it held is handled as after a resignation.
 */
export const candidateWithdrawnSignal = defineSignal<[{ applicationId: string }]>('candidateWithdrawn');

/**
 * An early end recorded by mistake was undone (journey's undoEnding): the place it freed returns to the
 * participant, over the limit when a promoted reserve has taken it since (domain/round-undo.ts).
 */
export const candidateReinstatedSignal = defineSignal<[{ applicationId: string }]>('candidateReinstated');

/**
 * A qualified candidate signs after the signing deadline escalated: the round must confirm the place
 * is still theirs (it may have gone to the reserve). Answered by placeConfirmationSignal.
 */
export const confirmPlaceSignal = defineSignal<[{ applicationId: string; requestId: string }]>('confirmPlace');

// ---- round -> journey --------------------------------------------------------------------------

/**
 * Which round sent a decision or an approval (from patch ROUND_NAMES_PROJECT_PATCH on): the journey
 * re-checks it is its own project's round and ignores any other (absent in messages of older rounds).
 */
export interface FromRound {
  projectId?: string;
}

/** The commission's decision for this candidate, or a promotion from the reserve list. */
export type DecisionMessage = RoundDecision & FromRound;
export const decidedSignal = defineSignal<[DecisionMessage]>('decided');

/** The director approved the participant list this candidate is on. */
export type ListApproved = { approvedBy: string; approvedAt: IsoInstant } & FromRound;
export const listApprovedSignal = defineSignal<[ListApproved]>('listApproved');

/** The reserve list moved: this candidate's new position. */
export const reservePositionSignal = defineSignal<[{ position: number }]>('reservePosition');

/** Answer to confirmPlace: whether the place is still this candidate's. */
export const placeConfirmationSignal = defineSignal<[{ requestId: string; confirmed: boolean }]>('placeConfirmation');
