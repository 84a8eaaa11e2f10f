// The regulations' rank order on the time-skipping server with the real database: qualifying a candidate
// while a higher-ranked one still waits is refused without a written justification (in both languages),
// recorded with one (the decision row keeps whom it passed over and why) and printed in the protocol.
// RECORD_HISTORIES=1 keeps this round's history for round-replay.test.ts.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { inBothLanguages } from '../../i18n';
import { decryptHistory } from '../../runtime/payload-codec';
import { closeSitting, decide, getProtocol, getRanking } from '../../server/services/recruitment';
import { roundStateQuery } from '../../contracts/round';
import { testDb } from '../helpers/db';
import { pdfText } from '../helpers/pdf';
import { testDataConverter, timeSkippingEnv } from '../helpers/temporal';
import { candidate, commission, eventually, feed, makeProject, registerActors, req, roundHandle, waitForRound } from './round-helpers';

let env: TestWorkflowEnvironment;
let db: Db;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  [env, db, bundle] = await Promise.all([
    timeSkippingEnv(),
    testDb(),
    bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./journey-stub.ts', import.meta.url)),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
    }),
  ]);
  await registerActors(db);
});

async function withWorker<T>(fn: (taskQueue: string) => Promise<T>, overrides: object = {}): Promise<T> {
  const taskQueue = `test-${crypto.randomUUID()}`;
  const activities = { ...createActivities({ db, now: () => new Date() }), ...overrides };
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle, activities, dataConverter: testDataConverter });
  return worker.runUntil(fn(taskQueue));
}
const deps = () => ({ db, temporal: env.client });
const at = (hms: string) => `2022-03-01T${hms}.000Z`;

describe('rank order', () => {
  it('a qualification over a waiting higher-ranked candidate needs a justification, which the decision and the protocol keep', async () => {
    const projectId = await makeProject(db, 3);
    const [first, second, third] = [candidate(30, at('08:00:00')), candidate(20, at('08:00:00')), candidate(10, at('08:00:00'))];
    await withWorker(async (tq) => {
      await feed(env, tq, projectId, [first, second, third]);
      await waitForRound(env, projectId, (x) => x.ranking.length === 3 && x.places === 3);

      // The third over the first and second, without a word: refused, nothing changes.
      const refused = await decide(deps(), commission, projectId, { requestId: req(), applicationId: third.applicationId, decision: 'qualified' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ code: 'not_allowed_now' });
      expect((refused as AppError).message).toBe('Wyżej na liście rankingowej czeka na decyzję kandydatów: 2. Zakwalifikowanie z pominięciem kolejności wymaga pisemnego uzasadnienia');
      expect(inBothLanguages((refused as AppError).text!).en).toBe('Higher-ranked candidates still waiting for a decision: 2. Qualifying out of rank order needs a written justification');
      const blank = await decide(deps(), commission, projectId, { requestId: req(), applicationId: third.applicationId, decision: 'qualified', justification: '   ' }).catch((e: unknown) => e);
      expect(blank).toMatchObject({ code: 'not_allowed_now' });
      expect((await roundHandle(env, projectId).query(roundStateQuery)).taken).toBe(0);

      // Qualifying the top candidate needs none.
      await decide(deps(), commission, projectId, { requestId: req(), applicationId: first.applicationId, decision: 'qualified' });
      // With a justification the third is qualified over the second, who is still waiting.
      const why = 'Kandydatka z grupy docelowej osób z niepełnosprawnościami, wymaganej przez regulamin';
      const ok = await decide(deps(), commission, projectId, { requestId: req(), applicationId: third.applicationId, decision: 'qualified', justification: why });
      expect(ok).toMatchObject({ decision: 'qualified', placesFree: 1 });
      await decide(deps(), commission, projectId, { requestId: req(), applicationId: second.applicationId, decision: 'qualified' });

      const row = await eventually(async () => {
        const d = await db.selectFrom('decisions').select(['justification', 'passed_over']).where('application_id', '=', third.applicationId).executeTakeFirstOrThrow();
        expect(d.justification).toBe(why);
        return d;
      });
      expect(row.passed_over).toEqual([second.applicationId]);
      const inOrder = await db.selectFrom('decisions').select(['justification', 'passed_over']).where('application_id', '=', first.applicationId).executeTakeFirstOrThrow();
      expect(inOrder).toEqual({ justification: null, passed_over: [] });
      await eventually(async () => expect((await getRanking(db, projectId)).taken).toBe(3));

      const closed = await closeSitting(deps(), commission, projectId, { requestId: req(), members: ['Anna Nowak', 'Jan Kowalski'], date: '2022-03-02' });
      const text = (await pdfText(await getProtocol(db, projectId, closed.sittingId))).replace(/\s+/g, ' ');
      expect(text).toContain('Odstępstwa od kolejności listy rankingowej');
      expect(text).toContain(`Kandydatka ${third.applicationId.slice(0, 8)} zakwalifikowano z pominięciem: Kandydatka ${second.applicationId.slice(0, 8)}.`);
      expect(text).toContain(`Uzasadnienie komisji: ${why}`);

      if (process.env.RECORD_HISTORIES) {
        const history = await decryptHistory(await roundHandle(env, projectId).fetchHistory(), testDataConverter);
        await writeFile(new URL('./histories/round-rank-order.json', import.meta.url), historyToJSON(history));
      }
    });
  });

  it('a decision sent while a just-started round still reads its project waits for it, and is recorded', async () => {
    const projectId = await makeProject(db, 2);
    const only = candidate(30, at('08:00:00'));
    const real = createActivities({ db, now: () => new Date() });
    // The project's places read slowly (a loaded database): the decision arrives before they are known.
    const slowLoad = async (id: string) => {
      await new Promise((r) => setTimeout(r, 1500));
      return real.loadRoundProject(id);
    };
    await withWorker(async (tq) => {
      await feed(env, tq, projectId, [only]);
      const result = await decide(deps(), commission, projectId, { requestId: req(), applicationId: only.applicationId, decision: 'qualified' });
      expect(result).toMatchObject({ decision: 'qualified', placesFree: 1 });
    }, { loadRoundProject: slowLoad });
  });
});
