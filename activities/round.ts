// Side effects of the recruitment round: the ranking projection, decisions, sittings, the protocol PDF and
// the coordinator's promotion tasks. Every write is idempotent (upserts guarded by the round's revision),
// so a retried activity or a replayed round changes nothing twice. The round owns round_candidates,
// decisions and sittings; the participant's own record (applications.decision, reserve_position) is the
// journey's, written when the round's `decided` and `reservePosition` signals reach it.
import { sql } from 'kysely';
import type { Db } from '../db/connect';
import type { ProjectConfig } from '../domain/project';
import type { CandidateStatus, Promotion, RoundCandidate } from '../domain/round';
import type { DecisionCorrection } from '../domain/decision-correction';
import type { RoundConfigChange } from '../domain/round-reconfigure';
import type { Decision, Quota } from '../domain/types';
import { protocolPdf } from '../documents/protocol';
import type { OutOfOrder } from '../domain/rank-order';
import { DEFAULT_RULES } from '../domain/default-rules';
import type { ActivityDeps } from './deps';
import { openTask } from './tasks';

/** A candidate's projection row: the round's candidate, its sitting by number and by id. */
export interface RankingEntry extends Omit<RoundCandidate, 'sitting'> {
  sittingSeq: number | null;
  sittingId: string | null;
}

export interface SittingRecord {
  id: string;
  seq: number;
  heldOn: string | null;
  members: string[];
  closedAt: string | null;
  closedBy: string | null;
  participants: string[];
  reserve: string[];
  approvedAt: string | null;
  approvedBy: string | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DECIDED: ReadonlySet<CandidateStatus> = new Set(['qualified', 'reserve', 'rejected', 'left']);

/** The decision a status stands for ('left' keeps the qualified decision it had). */
function decisionOf(status: CandidateStatus): Decision {
  return status === 'reserve' ? 'reserve' : status === 'rejected' ? 'rejected' : 'qualified';
}

export function createRoundActivities(deps: ActivityDeps) {
  const { db, now } = deps;

  async function upsertSitting(projectId: string, s: SittingRecord, tx: Db = db) {
    await tx
      .insertInto('sittings')
      .values({
        id: s.id,
        project_id: projectId,
        seq: s.seq,
        held_on: s.heldOn,
        members: JSON.stringify(s.members),
        closed_at: s.closedAt,
        closed_by: s.closedBy,
        participants: JSON.stringify(s.participants),
        reserve_list: JSON.stringify(s.reserve),
        approved_at: s.approvedAt,
        approved_by: s.approvedBy,
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          held_on: eb.ref('excluded.held_on'),
          members: eb.ref('excluded.members'),
          closed_at: eb.ref('excluded.closed_at'),
          closed_by: eb.ref('excluded.closed_by'),
          participants: eb.ref('excluded.participants'),
          reserve_list: eb.ref('excluded.reserve_list'),
          approved_at: eb.ref('excluded.approved_at'),
          approved_by: eb.ref('excluded.approved_by'),
        })),
      )
      .execute();
  }

  /**
   * The sitting's qualifications out of rank order, with names (the protocol names who was passed over): as
   * the round sent them (its state; the decision rows may still be on their way), else from the decisions.
   */
  async function outOfOrderOf(sittingId: string, sent: OutOfOrder[] | undefined) {
    const rows: OutOfOrder[] = sent ?? (
      await db
        .selectFrom('decisions')
        .select(['application_id', 'passed_over', 'justification'])
        .where('sitting_id', '=', sittingId)
        .where('justification', 'is not', null)
        .orderBy('decided_at')
        .execute()
    ).map((r) => ({ applicationId: r.application_id, passedOver: r.passed_over, justification: r.justification! }));
    const ids = [...new Set(rows.flatMap((r) => [r.applicationId, ...r.passedOver]))];
    const names = ids.length ? await db.selectFrom('applications').select(['id', 'first_name', 'last_name']).where('id', 'in', ids).execute() : [];
    const nameOf = (id: string) => {
      const n = names.find((x) => x.id === id);
      return n ? `${n.first_name} ${n.last_name}` : '?';
    };
    return rows.map((r) => ({ name: nameOf(r.applicationId), passedOver: r.passedOver.map(nameOf), justification: r.justification }));
  }

  return {
    /** What the round needs of its project: places and quotas. */
    async loadRoundProject(projectId: string): Promise<{ places: number; quotas: Quota[] }> {
      const p = await db.selectFrom('projects').select(['places', 'config']).where('id', '=', projectId).executeTakeFirst();
      if (!p) throw new Error(`project ${projectId} not found`);
      return { places: p.places, quotas: (p.config as ProjectConfig).quotas ?? [] };
    },

    /** Writes changed ranking rows and their decisions. */
    async syncRanking(input: { projectId: string; entries: RankingEntry[]; sittings: SittingRecord[] }): Promise<void> {
      await db.transaction().execute(async (tx) => {
        // Sittings first: decisions reference them. Only those not yet written (the round saves closes itself).
        for (const s of input.sittings) {
          await tx.insertInto('sittings').values({ id: s.id, project_id: input.projectId, seq: s.seq }).onConflict((oc) => oc.column('id').doNothing()).execute();
        }
        for (const e of input.entries) {
          const written = await tx
            .insertInto('round_candidates')
            .values({
              application_id: e.applicationId,
              project_id: input.projectId,
              points: e.points,
              received_at: e.receivedAt,
              sex: e.sex,
              disability: e.disability,
              target_group: e.targetGroup,
              status: e.status,
              sitting_seq: e.sittingSeq,
              reserve_position: e.reservePosition,
              from_reserve: e.fromReserve,
              left_reason: e.leftReason,
              rev: e.rev,
            })
            .onConflict((oc) =>
              oc
                .column('application_id')
                .doUpdateSet((eb) => ({
                  points: eb.ref('excluded.points'),
                  received_at: eb.ref('excluded.received_at'),
                  sex: eb.ref('excluded.sex'),
                  disability: eb.ref('excluded.disability'),
                  target_group: eb.ref('excluded.target_group'),
                  status: eb.ref('excluded.status'),
                  sitting_seq: eb.ref('excluded.sitting_seq'),
                  reserve_position: eb.ref('excluded.reserve_position'),
                  from_reserve: eb.ref('excluded.from_reserve'),
                  left_reason: eb.ref('excluded.left_reason'),
                  rev: eb.ref('excluded.rev'),
                  updated_at: sql`now()`,
                }))
                .where('round_candidates.rev', '<', e.rev),
            )
            .returning('application_id')
            .executeTakeFirst();
          // A withdrawal leaves the decision as it was (a reserve stays a reserve decision).
          if (!written || !DECIDED.has(e.status) || !e.sittingId || e.leftReason === 'withdrawn') continue;
          const decision = decisionOf(e.status);
          await tx
            .insertInto('decisions')
            .values({
              application_id: e.applicationId,
              project_id: input.projectId,
              sitting_id: e.sittingId,
              decision,
              reserve_position: e.reservePosition,
              reason: e.reason,
              decided_by: e.decidedBy ?? 'system',
              decided_at: e.decidedAt ?? now(),
              from_reserve: e.fromReserve,
              rev: e.rev,
              justification: e.justification ?? null,
              passed_over: JSON.stringify(e.passedOver ?? []),
            })
            .onConflict((oc) =>
              oc
                .column('application_id')
                .doUpdateSet((eb) => ({
                  justification: eb.ref('excluded.justification'),
                  passed_over: eb.ref('excluded.passed_over'),
                  decision: eb.ref('excluded.decision'),
                  reserve_position: eb.ref('excluded.reserve_position'),
                  reason: eb.ref('excluded.reason'),
                  decided_at: eb.ref('excluded.decided_at'),
                  from_reserve: eb.ref('excluded.from_reserve'),
                  rev: eb.ref('excluded.rev'),
                }))
                .where('decisions.rev', '<', e.rev),
            )
            .execute();
        }
      });
    },

    /** Saves a sitting as the round knows it (closed, approved). */
    async saveSitting(input: { projectId: string; sitting: SittingRecord }): Promise<void> {
      await upsertSitting(input.projectId, input.sitting);
    },

    /** Renders the sitting's protocol (members, date, participant list, reserve list) and stores it. */
    async generateProtocol(input: { projectId: string; sittingId: string; outOfOrder?: OutOfOrder[] }): Promise<number> {
      const s = await db.selectFrom('sittings').selectAll().where('id', '=', input.sittingId).executeTakeFirstOrThrow();
      const project = await db.selectFrom('projects').select(['code', 'name', 'places', 'current_rules_version']).where('id', '=', input.projectId).executeTakeFirstOrThrow();
      // Names and points per criterion: the protocol says who was decided about, and on what scores.
      const rows = await db
        .selectFrom('round_candidates as r')
        .innerJoin('applications as a', 'a.id', 'r.application_id')
        .select(['r.application_id', 'r.points', 'r.received_at', 'a.first_name', 'a.last_name', 'a.scores', 'a.rules_version'])
        .where('r.project_id', '=', input.projectId)
        .where('r.sitting_seq', '=', s.seq)
        .execute();
      const versions = [...new Set(rows.map((r) => r.rules_version))];
      const rules = versions.length
        ? await db.selectFrom('project_rules').select(['version', 'rules']).where('project_id', '=', input.projectId).where('version', 'in', versions).execute()
        : [];
      const labelOf = (version: number, code: string) =>
        (rules.find((r) => r.version === version)?.rules ?? DEFAULT_RULES).criteria.find((c) => c.code === code)?.label ?? code;
      const rejected = await db
        .selectFrom('decisions')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('sitting_id', '=', s.id)
        .where('decision', '=', 'rejected')
        .executeTakeFirstOrThrow();
      const outOfOrder = await outOfOrderOf(s.id, input.outOfOrder);
      const corrections = await db
        .selectFrom('decision_corrections as d')
        .innerJoin('applications as a', 'a.id', 'd.application_id')
        .select(['d.from_decision', 'd.to_decision', 'd.reason', 'a.first_name', 'a.last_name'])
        .where('d.sitting_id', '=', s.id)
        .orderBy('d.id')
        .execute();
      const pdf = await protocolPdf({
        outOfOrder,
        corrections: corrections.map((c) => ({ name: `${c.first_name} ${c.last_name}`, from: c.from_decision, to: c.to_decision, reason: c.reason })),
        seq: s.seq,
        project,
        heldOn: s.held_on,
        members: s.members as string[],
        participants: s.participants as string[],
        reserve: s.reserve_list as string[],
        rejected: Number(rejected.n),
        candidates: new Map(
          rows.map((r) => [
            r.application_id,
            {
              points: r.points,
              receivedAt: r.received_at,
              name: `${r.first_name} ${r.last_name}`,
              scores: r.scores ? Object.entries(r.scores).map(([code, points]) => ({ label: labelOf(r.rules_version, code), points })) : null,
            },
          ]),
        ),
      });
      await db.updateTable('sittings').set({ protocol_pdf: pdf }).where('id', '=', s.id).execute();
      return pdf.length;
    },

    /** A decision the commission corrected in the open sitting, with its reason, for the protocol (once per request). */
    async recordDecisionCorrection(input: { projectId: string; sittingId: string; requestId: string; correction: DecisionCorrection }): Promise<void> {
      const c = input.correction;
      await db
        .insertInto('decision_corrections')
        .values({
          request_id: input.requestId, project_id: input.projectId, sitting_id: input.sittingId, application_id: c.applicationId,
          from_decision: c.from, to_decision: c.to, reason: c.reason, corrected_by: UUID_RE.test(c.correctedBy) ? c.correctedBy : null, corrected_at: c.correctedAt,
        })
        .onConflict((oc) => oc.column('request_id').doNothing())
        .execute();
    },

    /** A change of places or quotas the round applied (its reconfigure Update), for the recruitment page. */
    async recordConfigChange(input: { projectId: string; requestId: string; change: RoundConfigChange }): Promise<void> {
      const c = input.change;
      await db
        .insertInto('round_config_changes')
        .values({
          request_id: input.requestId, project_id: input.projectId, places_from: c.places.from, places_to: c.places.to, quotas_changed: c.quotasChanged,
          promoted: c.promoted.length, changed_by: UUID_RE.test(c.by) ? c.by : null, changed_at: c.at,
        })
        .onConflict((oc) => oc.column('request_id').doNothing())
        .execute();
    },

    /** A task on the coordinator's dashboard for each promotion from the reserve list. */
    async recordPromotions(input: { projectId: string; promotions: Promotion[] }): Promise<void> {
      for (const p of input.promotions) {
        await openTask(deps, {
          key: `${p.applicationId}:promoted-from-reserve`,
          kind: 'promoted_from_reserve',
          applicationId: p.applicationId,
          projectId: input.projectId,
          assigneeRole: 'coordinator',
          // Informational: the coordinator sees it at once; it escalates only if nobody looks for two days.
          dueAt: new Date(Date.parse(p.at) + 2 * 24 * 3600_000).toISOString(),
          escalate: true,
          payload: { freedBy: p.freedBy, at: p.at },
        });
      }
    },
  };
}
