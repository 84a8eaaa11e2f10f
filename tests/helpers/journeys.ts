// Journeys for panel and API tests: a project, applications through the real service, and the commission's
// qualification and the director's approval through the real recruitment round (qualify). A reserve or
// rejection letter without a round (decidedWithLetter, approvedSitting) stays a stand-in: those tests are
// about letters, and a reserve decision needs a full project first.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/connect';
import { peselCheckDigit } from '../../domain/pesel';
import type { Decision, Stage } from '../../domain/types';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { act, submitApplication } from '../../server/services/journeys';
import { decidedSignal, listApprovedSignal } from '../../contracts/signals';
import { journeyWorkflowId } from '../../contracts/journey';
import { createTestUser, type TestUser } from './app';
import { approveList, closeSitting, decide, getRanking } from '../../server/services/recruitment';
import { todayInWarsaw } from '../../i18n/format';

const DRUGI_BRZEG_GROUPS = [{ code: 'poverty', label: 'Ubóstwo / bezrobocie', planned: 23 }, { code: 'popz', label: 'POPŻ', planned: 14 }];

export async function createProject(db: Db, code = `P-${randomUUID().slice(0, 8)}`, targetGroups = DRUGI_BRZEG_GROUPS): Promise<string> {
  const row = await db
    .insertInto('projects')
    .values({
      code,
      name: 'DRUGI BRZEG',
      starts_on: '2022-01-03',
      ends_on: '2030-06-30',
      places: 55,
      config: JSON.stringify({ targetGroups, quotas: [], supportCatalogue: [], indicatorTargets: {} }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

let serial = 200 + Math.floor(Math.random() * 500);
/** A valid PESEL for a woman born on 2002-03-15. */
export function testPesel(): string {
  const first10 = `022315${String(serial++ % 1000).padStart(3, '0')}4`;
  return first10 + String(peselCheckDigit(first10));
}

/**
 * A valid PESEL of someone of this sex born on a random day of 1950-1999: testPesel()'s thousand (one birth
 * day) are shared by every file of the run, so a test that needs a PESEL nobody else holds (a warning about
 * "the same person in another project" must be its own) takes one of these 84 million.
 */
export function uniquePesel(sex: 'K' | 'M' = 'K'): string {
  const pick = (n: number) => Math.floor(Math.random() * n);
  const two = (n: number) => String(n).padStart(2, '0');
  const first10 = `${two(50 + pick(50))}${two(1 + pick(12))}${two(1 + pick(28))}${String(pick(1000)).padStart(3, '0')}${2 * pick(5) + (sex === 'M' ? 1 : 0)}`;
  return first10 + String(peselCheckDigit(first10));
}

/** Distinct PESELs of one birth day and sex (the first 6 digits and the sex digit of `like`), one per call. */
export function peselsBornAs(like: string): () => string {
  let serial = Math.floor(Math.random() * 1000);
  return () => {
    const first10 = `${like.slice(0, 6)}${String(serial++ % 1000).padStart(3, '0')}${like[9]}`;
    return first10 + String(peselCheckDigit(first10));
  };
}

export async function apply(
  deps: { db: Db; temporal: Client; taskQueue: string },
  actor: TestUser,
  projectId: string,
  over: Record<string, unknown> = {},
): Promise<string> {
  const { applicationId } = await submitApplication(
    deps,
    { id: actor.id, role: actor.role },
    { projectId, firstName: 'Zofia', lastName: 'Łękawska', pesel: testPesel(), birthDate: '2002-03-15', sex: 'K', disability: false, targetGroup: 'poverty', channel: 'in_person', ...over },
    randomUUID(),
  );
  return applicationId;
}

export async function waitForStage(db: Db, applicationId: string, stage: Stage): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const row = await db.selectFrom('applications').select('stage').where('id', '=', applicationId).executeTakeFirst();
    if (row?.stage === stage) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`application ${applicationId} never reached ${stage}`);
}

const roundStaff = new WeakMap<Db, Promise<{ commission: TestUser; director: TestUser }>>();
const roundQueue = new Map<string, Promise<unknown>>();

/**
 * The commission qualifies (or rejects) a screened candidate and the director approves the sitting, through the real
 * recruitment round (one sitting each; a file's candidates of one project take turns, and a written
 * justification lets any of them go first: their order is not what these tests are about).
 */
export async function qualify(deps: { db: Db; temporal: Client }, applicationId: string, decision: 'qualified' | 'rejected' = 'qualified'): Promise<void> {
  const { db } = deps;
  let staff = roundStaff.get(db);
  if (!staff) {
    staff = Promise.all([createTestUser(db, 'commission', { name: 'Komisja Testowa' }), createTestUser(db, 'director', { name: 'Dyrektor Testowy' })]).then(([commission, director]) => ({ commission, director }));
    roundStaff.set(db, staff);
  }
  const { commission, director } = await staff;
  const { project_id: projectId } = await db.selectFrom('applications').select('project_id').where('id', '=', applicationId).executeTakeFirstOrThrow();
  const turn = (roundQueue.get(projectId) ?? Promise.resolve()).then(async () => {
    for (let i = 0; !(await getRanking(db, projectId)).rows.some((r) => r.applicationId === applicationId); i++) {
      if (i > 300) throw new Error(`${applicationId} never reached the ranking`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const why = decision === 'qualified' ? { justification: 'Kolejność kandydatów w teście' } : { reason: 'Nie spełnia kryteriów formalnych' };
    await decide(deps, commission, projectId, { applicationId, decision, ...why, requestId: randomUUID() });
    await closeSitting(deps, commission, projectId, { members: ['Komisja Testowa'], date: todayInWarsaw(), requestId: randomUUID() });
    await approveList(deps, director, projectId, { requestId: randomUUID() });
  });
  roundQueue.set(projectId, turn.catch(() => {}));
  await turn;
}

/**
 * A stand-in for the recruitment round (its decision and approval signals sent by hand), only where a test
 * needs a decision the round would not give here (a reserve while places are free).
 */
export async function decideAndApprove(temporal: Client, applicationId: string, by: string, decision: Decision = 'qualified'): Promise<void> {
  const handle = temporal.workflow.getHandle(journeyWorkflowId(applicationId));
  const at = new Date().toISOString();
  await handle.signal(decidedSignal, { decision, fromReserve: false, decidedBy: by, decidedAt: at });
  if (decision === 'qualified') await handle.signal(listApprovedSignal, { approvedBy: by, approvedAt: at });
}

/** Screening as the social worker does it, on the default points sheet (every criterion scored 1). */
export async function screen(temporal: Client, actor: TestUser, applicationId: string): Promise<void> {
  const scores = Object.fromEntries(DEFAULT_RULES.criteria.map((c) => [c.code, 1]));
  await act({ temporal }, actor, applicationId, 'screen', { scores, opinion: 'Rekomenduję.' }, randomUUID());
}

/**
 * What the recruitment round records when the director approves a sitting that decided a reserve or a
 * rejection (a stand-in: these tests tell the journey the decision themselves, without a round), so the
 * letter may be sent (server/services/letter-approval.ts).
 */
export async function approvedSitting(db: Db, projectId: string, applicationId: string, decision: Decision, by: string): Promise<void> {
  const now = new Date();
  const sittingId = randomUUID();
  // A number of its own (stand-ins of one project are made concurrently).
  const seq = 1000 + Math.floor(Math.random() * 1_000_000_000);
  await db.insertInto('sittings').values({ id: sittingId, project_id: projectId, seq, held_on: null, closed_at: now, closed_by: by, protocol_pdf: null, approved_at: now, approved_by: by }).execute();
  await db.insertInto('decisions').values({ application_id: applicationId, project_id: projectId, sitting_id: sittingId, decision, reserve_position: null, reason: null, decided_by: by, decided_at: now, rev: 1 }).execute();
}

/**
 * An application screened and decided, once its result letter exists (a rejection also closes the
 * journey: then until the workflow has completed). Returns the application and the letter.
 */
export async function decidedWithLetter(
  deps: { db: Db; temporal: Client; taskQueue: string },
  actor: TestUser,
  projectId: string,
  decision: Decision,
  over: Record<string, unknown> = {},
): Promise<{ applicationId: string; letterId: string }> {
  const applicationId = await apply(deps, actor, projectId, over);
  await waitForStage(deps.db, applicationId, 'applied');
  await screen(deps.temporal, actor, applicationId);
  await waitForStage(deps.db, applicationId, 'screened');
  if (decision === 'reserve') await decideAndApprove(deps.temporal, applicationId, actor.id, decision);
  else await qualify(deps, applicationId, decision);
  for (let i = 0; i < 300; i++) {
    const letter = await deps.db.selectFrom('letters').select('id').where('application_id', '=', applicationId).executeTakeFirst();
    const done = decision !== 'rejected' || (await deps.temporal.workflow.getHandle(journeyWorkflowId(applicationId)).describe()).status.name === 'COMPLETED';
    if (letter && done) {
      if (decision === 'reserve') await approvedSitting(deps.db, projectId, applicationId, decision, actor.id);
      return { applicationId, letterId: letter.id };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no letter for ${applicationId}`);
}
