// Starting and signalling a project's recruitment round from outside a workflow (the server, or a journey's
// activity). The round is started by whoever needs it first; a running round is reused, never restarted.
import type { Client } from '@temporalio/client';
import { candidateScoredSignal, roundWorkflowId, type CandidateScored } from '../workflows/contracts';
import { ProjectKey } from '../workflows/search-attributes';

function roundOptions(taskQueue: string, projectId: string) {
  return {
    taskQueue,
    workflowId: roundWorkflowId(projectId),
    args: [{ projectId }] as [{ projectId: string }],
    typedSearchAttributes: [{ key: ProjectKey, value: projectId }],
  };
}

/** Starts the round if it is not running. */
export async function ensureRound(client: Client, taskQueue: string, projectId: string): Promise<void> {
  await client.workflow.start('recruitmentRound', { ...roundOptions(taskQueue, projectId), workflowIdConflictPolicy: 'USE_EXISTING' });
}

/** A scored candidate joins the round's ranking; the first one starts the round. */
export async function sendCandidateScored(client: Client, taskQueue: string, projectId: string, candidate: CandidateScored): Promise<void> {
  await client.workflow.signalWithStart('recruitmentRound', {
    ...roundOptions(taskQueue, projectId),
    signal: candidateScoredSignal,
    signalArgs: [candidate],
  });
}
