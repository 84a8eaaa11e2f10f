// Signalling a project's recruitment round from a journey's activity. The round is started by whoever
// needs it first; a running round is reused, never restarted.
import type { Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/workflow';
import { ROUND_WORKFLOW_TYPE, roundWorkflowId } from '../contracts/round';
import { ProjectKey } from '../contracts/search-attributes';

function roundOptions(taskQueue: string, projectId: string) {
  return {
    taskQueue,
    workflowId: roundWorkflowId(projectId),
    args: [{ projectId }] as [{ projectId: string }],
    typedSearchAttributes: [{ key: ProjectKey, value: projectId }],
  };
}

/** Signals the project's round, starting it if it is not running (the first scored candidate usually does). */
export async function signalRound<T>(client: Client, taskQueue: string, projectId: string, signal: SignalDefinition<[T]>, payload: T): Promise<void> {
  // Widened to a concrete signature: the SDK's conditional option types do not resolve for a generic T.
  await client.workflow.signalWithStart(ROUND_WORKFLOW_TYPE, {
    ...roundOptions(taskQueue, projectId),
    signal: signal as SignalDefinition<[unknown]>,
    signalArgs: [payload as unknown],
  });
}
