// The round's own messages (besides the journey <-> round signals in contracts.ts): the commission's and
// the director's Updates, the Query, and the input. The server imports these definitions.
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

export const decideUpdate = defineUpdate<DecideResult, [DecideArgs]>('decide');
export const closeSittingUpdate = defineUpdate<CloseSittingResult, [CloseSittingArgs]>('closeSitting');
export const approveListUpdate = defineUpdate<ApproveListResult, [ApproveListArgs]>('approveList');
export const roundStateQuery = defineQuery<RoundSnapshot>('roundState');

export interface RoundInput {
  projectId: string;
  /** Carried across continue-as-new. */
  state?: RoundState;
  /** Test hook: continue-as-new once the history has this many events (besides the server's suggestion). */
  continueAsNewAfterEvents?: number;
}
