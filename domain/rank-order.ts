// The regulations' rank order: the commission qualifies down the ranking. Qualifying a candidate while
// someone ranked higher is still waiting for a decision passes them over, and needs a written
// justification that goes with the decision into the protocol. Pure: the round applies it.
import { compareCandidates, receivedSecond } from './ranking';
import type { RoundCandidate, RoundState } from './round';

/**
 * The regulations' order: more points first; on equal points the earlier application (to the second). Two
 * candidates equal in both are tied (the ranking's last tie-break, the id, is technical): neither passes the other over.
 */
function ranksAbove(x: RoundCandidate, c: RoundCandidate): boolean {
  return x.points > c.points || (x.points === c.points && receivedSecond(x.receivedAt) < receivedSecond(c.receivedAt));
}

/** Candidates still waiting who rank above this one (best first): whom qualifying it passes over. */
export function passedOver(s: RoundState, c: RoundCandidate): string[] {
  return Object.values(s.candidates)
    .filter((x) => x.status === 'waiting' && x.applicationId !== c.applicationId && ranksAbove(x, c))
    .sort(compareCandidates)
    .map((x) => x.applicationId);
}

/** How many higher-ranked waiting candidates a qualification without a justification would pass over (0: none, or justified). */
export function unjustifiedPassOver(s: RoundState, c: RoundCandidate, decision: string, justification: string | undefined): number {
  if (!s.rankOrderChecked || decision !== 'qualified' || justification?.trim()) return 0;
  return passedOver(s, c).length;
}

/** What the decision records of the rank order: whom it passed over and why (null fields: in order). */
export function rankOrderRecord(s: RoundState, c: RoundCandidate, decision: string, justification: string | undefined): { passedOver: string[]; justification: string | null } {
  if (!s.rankOrderChecked || decision !== 'qualified') return { passedOver: [], justification: null };
  const over = passedOver(s, c);
  return over.length ? { passedOver: over, justification: justification?.trim() || null } : { passedOver: [], justification: null };
}

export interface OutOfOrder {
  applicationId: string;
  passedOver: string[];
  justification: string;
}

/** A sitting's qualifications out of rank order, as the round holds them (what its protocol prints). */
export function outOfOrderIn(s: RoundState, seq: number): OutOfOrder[] {
  return Object.values(s.candidates)
    .filter((c) => c.sitting === seq && c.justification && c.passedOver?.length)
    .sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? ''))
    .map((c) => ({ applicationId: c.applicationId, passedOver: c.passedOver!, justification: c.justification! }));
}
