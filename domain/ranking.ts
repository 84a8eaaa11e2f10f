// The ranking rules of the regulations (§4.5.3 of DRUGI BRZEG): highest points first; equal points,
// the earlier application first. Pure: used by the round workflow, the services and the views.
import type { Message } from '../i18n';
import type { Quota } from './types';

export interface RankableCandidate {
  applicationId: string;
  points: number;
  /** ISO instant the application was received. */
  receivedAt: string;
}

export interface QuotaSubject {
  sex: 'K' | 'M';
  disability: boolean;
  targetGroup: string | null;
}

/** The regulations compare application moments to the second; milliseconds do not count. */
export function receivedSecond(receivedAt: string): number {
  return Math.floor(Date.parse(receivedAt) / 1000);
}

/** Points descending, then received-at (to the second) ascending, then application id: a total order. */
export function compareCandidates(a: RankableCandidate, b: RankableCandidate): number {
  if (a.points !== b.points) return b.points - a.points;
  const ta = receivedSecond(a.receivedAt);
  const tb = receivedSecond(b.receivedAt);
  if (ta !== tb) return ta - tb;
  return a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0;
}

export function rankCandidates<T extends RankableCandidate>(candidates: readonly T[]): T[] {
  return [...candidates].sort(compareCandidates);
}

/** Reserve entries: earlier sittings' lists come first, each list in ranking order. */
export interface ReserveEntry extends RankableCandidate {
  sitting: number;
}

export function compareReserve(a: ReserveEntry, b: ReserveEntry): number {
  return a.sitting !== b.sitting ? a.sitting - b.sitting : compareCandidates(a, b);
}

/** The reserve list in order; position = index + 1. The first is promoted when a place is freed. */
export function reserveOrder<T extends ReserveEntry>(waiting: readonly T[]): T[] {
  return [...waiting].sort(compareReserve);
}

export function nextOnReserve<T extends ReserveEntry>(waiting: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const w of waiting) if (!best || compareReserve(w, best) < 0) best = w;
  return best;
}

export interface QuotaStatus {
  code: string;
  label: string;
  min: number;
  count: number;
  met: boolean;
  /** Even if every free place went to this group, the minimum could not be reached. */
  unreachable: boolean;
  /** "27 z co najmniej 39 kobiet": a word-book key (i18n/refusals.ts) and its parameters. */
  text: Message<`quota.${Quota['field']}`>;
}

function counts(q: Quota, s: QuotaSubject): boolean {
  if (q.field === 'sex_k') return s.sex === 'K';
  if (q.field === 'disability') return s.disability;
  return s.targetGroup === q.targetGroup;
}

/** The quotas against the people holding places now. */
export function quotaStatus(quotas: readonly Quota[], holders: readonly QuotaSubject[], freePlaces: number): QuotaStatus[] {
  return quotas.map((q) => {
    const count = holders.filter((h) => counts(q, h)).length;
    return {
      code: q.code,
      label: q.label,
      min: q.min,
      count,
      met: count >= q.min,
      unreachable: count + Math.max(0, freePlaces) < q.min,
      text: { key: `quota.${q.field}`, params: { count, min: q.min, ...(q.field === 'target_group' ? { group: q.label } : {}) } },
    };
  });
}

/** Quota warnings worth showing while deciding: a minimum that can no longer be reached. */
export function quotaWarnings(status: readonly QuotaStatus[]): QuotaStatus[] {
  return status.filter((s) => s.unreachable);
}
