// The recruitment round's contract (besides the journey <-> round signals in signals.ts): its workflow type
// and id, the commission's and the director's Updates, the Query, and the input.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  ApproveListArgs,
  ApproveListResult,
  CloseSittingArgs,
  CloseSittingResult,
  DecideArgs,
  DecideResult,
  RoundSnapshot,
  RoundState,
} from '../domain/round';
import type { CorrectDecisionArgs } from '../domain/decision-correction';
import type { ReconfigureArgs, ReconfigureResult } from '../domain/round-reconfigure';

export const ROUND_WORKFLOW_TYPE = 'recruitmentRound';
export const roundWorkflowId = (projectId: string) => `round-${projectId}`;

export const decideUpdate = defineUpdate<DecideResult, [DecideArgs]>('decide');
export const closeSittingUpdate = defineUpdate<CloseSittingResult, [CloseSittingArgs]>('closeSitting');
export const approveListUpdate = defineUpdate<ApproveListResult, [ApproveListArgs]>('approveList');
/** The commission corrects its own decision in the same sitting (domain/decision-correction.ts). */
export const correctDecisionUpdate = defineUpdate<DecideResult, [CorrectDecisionArgs]>('correctDecision');
/** Places and quotas edited in the project reach the running round (domain/round-reconfigure.ts). */
export const reconfigureUpdate = defineUpdate<ReconfigureResult, [ReconfigureArgs]>('reconfigure');
export const roundStateQuery = defineQuery<RoundSnapshot>('roundState');

export interface RoundInput {
  projectId: string;
  /** Carried across continue-as-new. */
  state?: RoundState;
  /** Test hook: continue-as-new once the history has this many events (besides the server's suggestion). */
  continueAsNewAfterEvents?: number;
}
