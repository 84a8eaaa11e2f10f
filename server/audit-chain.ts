// Checks the audit log's hash chain (migration 0012): every row's hash must be the hash of the previous
// row's hash and its own content, and seq must have no gap. A row changed, inserted or deleted behind the
// application's back (by the table's owner, with the append-only trigger disabled) breaks the chain at
// that row. Rewriting every later hash too would go unnoticed, except against a head noted down earlier:
// the result names the head (last seq and hash) for that.
import { sql } from 'kysely';
import type { Db } from '../db/connect';

export type ChainCheck =
  | { ok: true; rows: number; head: { seq: string; hash: string } | null }
  | { ok: false; rows: number; broken: { id: string; seq: string; reason: 'hash' | 'gap' } };

export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
  const { rows: first } = await sql<{ id: string; seq: string; gap: boolean }>`
    with c as (
      select id, seq, hash, lag(seq) over w as prev_seq,
             audit_log_hash(lag(hash) over w, seq, at, user_id, action, entity, entity_id, ip, details) as expected
      from audit_log window w as (order by seq)
    )
    select id::text, c.seq::text, c.seq <> coalesce(prev_seq, 0) + 1 as gap from c
    where hash <> expected or c.seq <> coalesce(prev_seq, 0) + 1
    order by c.seq limit 1`.execute(db);
  const { rows: stats } = await sql<{ rows: string; seq: string | null; hash: string | null }>`
    select (select count(*) from audit_log)::text as rows,
           (select l.seq::text from audit_log l order by l.seq desc limit 1) as seq,
           (select l.hash from audit_log l order by l.seq desc limit 1) as hash`.execute(db);
  const rows = Number(stats[0]?.rows ?? 0);
  const bad = first[0];
  if (bad) return { ok: false, rows, broken: { id: bad.id, seq: bad.seq, reason: bad.gap ? 'gap' : 'hash' } };
  const head = stats[0]?.seq && stats[0].hash ? { seq: stats[0].seq, hash: stats[0].hash } : null;
  return { ok: true, rows, head };
}

/** The CLI's wording of a check. */
export function describeChainCheck(c: ChainCheck): string {
  if (!c.ok) {
    const why = c.broken.reason === 'hash' ? 'its hash does not match its content and the previous row' : 'a row before it is missing';
    return `audit log chain BROKEN at seq ${c.broken.seq} (id ${c.broken.id}): ${why}; ${c.rows} rows`;
  }
  return c.head ? `audit log chain intact: ${c.rows} rows, head seq ${c.head.seq} hash ${c.head.hash}` : 'audit log chain intact: no rows';
}
