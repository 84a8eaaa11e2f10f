// The participant journey's contract: its workflow type and id, Updates and Query, one definition shared
// by the workflow, the activities and the server (the round's signals to it are in signals.ts).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { JourneyAction, JourneyActions, JourneySnapshot } from '../domain/journey';

const update = <A extends JourneyAction>(name: A) => defineUpdate<JourneyActions[A][1], [JourneyActions[A][0]]>(name);

/** Every human action on a journey, by Update name (the names are part of the versioned contract). */
export const journeyUpdates = {
  screen: update('screen'),
  recordOriginal: update('recordOriginal'),
  signDocuments: update('signDocuments'),
  planSupport: update('planSupport'),
  recordAttendance: update('recordAttendance'),
  justifyAbsence: update('justifyAbsence'),
  recordJob: update('recordJob'),
  endParticipation: update('endParticipation'),
  recordFollowUp: update('recordFollowUp'),
  migrateRules: update('migrateRules'),
  recordLetterSent: update('recordLetterSent'),
  withdrawImageConsent: update('withdrawImageConsent'),
  reassignSocialWorker: update('reassignSocialWorker'),
  reviseIsr: update('reviseIsr'),
  recordSessionAttendance: update('recordSessionAttendance'),
  correctAttendance: update('correctAttendance'),
  withdrawApplication: update('withdrawApplication'),
  correctData: update('correctData'),
  undoEnding: update('undoEnding'),
} as const satisfies { [A in JourneyAction]: ReturnType<typeof update<A>> };

export const journeyStateQuery = defineQuery<JourneySnapshot>('journeyState');

/** What a finished journey returns. */
export interface JourneyOutcome {
  stage: JourneySnapshot['stage'];
  endReason: JourneySnapshot['endReason'];
  followUps: JourneySnapshot['followUps'];
}

/** The type a refused Update fails with (journey and round); a journey's details[0] is the {pl, en} reason. */
export const NOT_ALLOWED_NOW = 'NotAllowedNow';

export const JOURNEY_WORKFLOW_TYPE = 'participantJourney';
export const journeyWorkflowId = (applicationId: string) => `journey-${applicationId}`;
