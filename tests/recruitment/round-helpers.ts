// Shared set-up of the round tests: a project, a worker, candidates fed as journeys would feed them.
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { Db } from '../../db/connect';
import type { RoundSnapshot } from '../../domain/round';
import type { Quota } from '../../domain/types';
import { createProject, SYSTEM_ACTOR } from '../../server/services/projects';
import { AKTYWNY_SPOLECZNIE } from '../../scripts/example-projects';
import { candidateScoredSignal, type CandidateScored } from '../../contracts/signals';
import { ROUND_WORKFLOW_TYPE, roundStateQuery, roundWorkflowId } from '../../contracts/round';
import { parsePesel } from '../../domain/pesel';
import { uniquePesel } from '../helpers/journeys';

/**
 * The database of each project made here: the stand-in journeys have no journey of their own to write their
 * application, so feed() writes the row the services' checks read (who may decide about whom).
 */
const projectDbs = new Map<string, Db>();

/** The commission member and the director who act in these tests, as users who work in every project. */
async function ensureActors(db: Db): Promise<void> {
  await db
    .insertInto('users')
    .values([commission, director].map((u) => ({ id: u.id, email: `${u.role}-${u.id}@round.test`, name: `Test ${u.role}`, role: u.role, password_hash: 'x', all_projects: true })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function makeProject(db: Db, places: number, quotas: Quota[] = []): Promise<string> {
  const p = await createProject(db, SYSTEM_ACTOR, {
    ...AKTYWNY_SPOLECZNIE,
    code: `T-${randomUUID().slice(0, 8)}`,
    places,
    config: { ...AKTYWNY_SPOLECZNIE.config, targetGroups: [], quotas },
  });
  projectDbs.set(p.id, db);
  await ensureActors(db);
  return p.id;
}

export function candidate(points: number, receivedAt: string, over: Partial<CandidateScored> = {}): CandidateScored {
  return { applicationId: randomUUID(), points, receivedAt, sex: 'K', disability: false, targetGroup: null, ...over };
}

/** Starts the round (if needed) with the first candidate, then signals the rest, as journeys do. */
export async function feed(env: TestWorkflowEnvironment, taskQueue: string, projectId: string, cs: CandidateScored[], extra: object = {}) {
  const db = projectDbs.get(projectId);
  if (db && cs.length) {
    await db
      .insertInto('applications')
      .values(cs.map((c) => {
        // Their own PESELs: the run's other files draw theirs from testPesel()'s few.
        const pesel = uniquePesel(c.sex);
        const parsed = parsePesel(pesel);
        const birthDate = parsed.ok ? parsed.facts.birthDate : '1990-01-01';
        return {
          id: c.applicationId, project_id: projectId, first_name: 'Kandydatka', last_name: c.applicationId.slice(0, 8), pesel, birth_date: birthDate,
          sex: c.sex, disability: c.disability, channel: 'post', received_at: new Date(c.receivedAt), rules_version: 1,
        };
      }))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  for (const c of cs) {
    await env.client.workflow.signalWithStart(ROUND_WORKFLOW_TYPE, {
      taskQueue,
      workflowId: roundWorkflowId(projectId),
      args: [{ projectId, ...extra }],
      signal: candidateScoredSignal,
      signalArgs: [c],
    });
  }
}

export function roundHandle(env: TestWorkflowEnvironment, projectId: string): WorkflowHandle {
  return env.client.workflow.getHandle(roundWorkflowId(projectId));
}

/** Polls the round's Query until the predicate holds (signals are processed asynchronously). */
export async function waitForRound(env: TestWorkflowEnvironment, projectId: string, pred: (s: RoundSnapshot) => boolean): Promise<RoundSnapshot> {
  const h = roundHandle(env, projectId);
  for (let i = 0; i < 400; i++) {
    try {
      const s = await h.query(roundStateQuery);
      if (pred(s)) return s;
    } catch {
      // not started yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('round never reached the expected state');
}

export const commission = { id: randomUUID(), role: 'commission' as const };
export const director = { id: randomUUID(), role: 'director' as const };

/** The commission member and the director as users of every project (the services scope by the user's projects). */
export async function registerActors(db: Db): Promise<void> {
  await db
    .insertInto('users')
    .values([commission, director].map((a) => ({ id: a.id, email: `${a.role}-${a.id}@test.sciezka`, name: a.role, role: a.role, password_hash: 'x', all_projects: true })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}
export const req = () => `req-${randomUUID()}`;

/** Retries an assertion until it holds: the database projection follows the round's state asynchronously. */
export async function eventually<T>(fn: () => Promise<T>, tries = 200): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
