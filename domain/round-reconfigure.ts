// Places and quotas edited in the project reach the running round (issue 15 item 3): the round's
// reconfigure Update applies them to its state, so the ranking page and the decision agree. Fewer places
// than are already taken is refused (nobody loses a place by a form); more places go at once to the first
// on the reserve list (never an empty place with a waiting reserve), as the system's step "after the
// number of places grew". Each change is kept in the round's state for the recruitment page.
import { remember, setProject, RoundRefusal, placesTaken, type Outcome, type RoundReason, type RoundState } from './round';
import type { IsoInstant, Quota } from './types';

export interface ReconfigureArgs {
  requestId: string;
  places: number;
  quotas: Quota[];
  changedBy: string;
}

/** One configuration change as the round applied it. */
export interface RoundConfigChange {
  at: IsoInstant;
  by: string;
  places: { from: number | null; to: number };
  quotasChanged: boolean;
  /** Reserve candidates who took the new places. */
  promoted: string[];
}

export interface ReconfigureResult {
  places: number;
  taken: number;
  promoted: string[];
}

const MAX_CHANGES_IN_STATE = 50;

export function checkReconfigure(s: RoundState, a: ReconfigureArgs): RoundReason | null {
  if (s.requests[a.requestId] !== undefined) return null;
  if (!Number.isInteger(a.places) || a.places < 1) return { key: 'refusal.round.placesInvalid' };
  const taken = placesTaken(s);
  if (a.places < taken) return { key: 'refusal.round.placesBelowTaken', params: { taken, places: a.places } };
  return null;
}

export function applyReconfigure(s: RoundState, a: ReconfigureArgs, now: IsoInstant): { result: ReconfigureResult; out: Outcome; change: RoundConfigChange | null } {
  const remembered = s.requests[a.requestId] as ReconfigureResult | undefined;
  if (remembered) return { result: remembered, out: { effects: [], changed: [] }, change: null };
  const refusal = checkReconfigure(s, a);
  if (refusal) throw new RoundRefusal(refusal);
  const from = s.places;
  const quotasChanged = JSON.stringify(s.quotas) !== JSON.stringify(a.quotas);
  const out = setProject(s, a.places, a.quotas, now);
  const promoted = out.effects.flatMap((e) => (e.kind === 'promoted' ? [e.applicationId] : []));
  const change = from !== a.places || quotasChanged ? { at: now, by: a.changedBy, places: { from, to: a.places }, quotasChanged, promoted } : null;
  if (change) {
    (s.configChanges ??= []).push(change);
    if (s.configChanges.length > MAX_CHANGES_IN_STATE) s.configChanges.shift();
  }
  const result = { places: a.places, taken: placesTaken(s), promoted };
  remember(s, a.requestId, result);
  return { result, out, change };
}
