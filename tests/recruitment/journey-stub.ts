// Test-only workflows bundle: the real workflows plus a stand-in journey that records what the round tells it.
import { condition, defineQuery, setHandler } from '@temporalio/workflow';
import { decidedSignal, listApprovedSignal, placeConfirmationSignal, reservePositionSignal } from '../../contracts/signals';

export * from '../../workflows/index';

export const receivedQuery = defineQuery<{ kind: string; payload: unknown }[]>('received');

export async function journeyStub(): Promise<void> {
  const received: { kind: string; payload: unknown }[] = [];
  setHandler(receivedQuery, () => received);
  setHandler(decidedSignal, (m) => void received.push({ kind: 'decided', payload: m }));
  setHandler(listApprovedSignal, (m) => void received.push({ kind: 'listApproved', payload: m }));
  setHandler(reservePositionSignal, (m) => void received.push({ kind: 'reservePosition', payload: m }));
  setHandler(placeConfirmationSignal, (m) => void received.push({ kind: 'placeConfirmation', payload: m }));
  await condition(() => false);
}
