// An early end recorded by mistake and undone (the journey's undoEnding, issue 20 item 3): the place it
// freed returns to the participant. Whoever was promoted into it meanwhile keeps theirs (they were told
// and may have signed): the round then holds one place over its limit, shown as such (taken > places),
// and no freed place goes to the reserve list until the count is back under the limit (promote() fills
// only free places). A candidate not left by an early end is not changed (a retried signal included).
import { touch, type Outcome, type RoundState } from './round';

export function applyReinstated(s: RoundState, applicationId: string): Outcome {
  const out: Outcome = { effects: [], changed: [] };
  const c = s.candidates[applicationId];
  if (!c || c.status !== 'left' || c.leftReason !== 'ended_early') return out;
  c.status = 'qualified';
  c.leftReason = null;
  touch(s, c, out.changed);
  return out;
}
