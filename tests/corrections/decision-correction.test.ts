// The commission corrects its own decision in the same sitting (the round's correctDecision Update) on the
// time-skipping server with the real round and journeys: a place freed by the correction goes to the
// first on the reserve list, the corrected candidate's journey takes the new decision (the old result
// letter leaves the queue, the new one is made), a correction to a rejection closes the journey; the
// reasons are printed in the sitting's protocol (the PDF read back). A rejection, a closed sitting, a
// missing reason and a member of another role are refused.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { decryptHistory } from '../../runtime/payload-codec';
import { testDataConverter } from '../helpers/temporal';
import { describe, expect, it } from 'vitest';
import { closeSittingUpdate, decideUpdate, roundWorkflowId } from '../../contracts/round';
import { AppError } from '../../domain/errors';
import { correctDecision } from '../../server/services/decision-correction';
import { getProtocol } from '../../server/services/recruitment';
import { anonymizeProject } from '../../server/services/gdpr';
import { testDb } from '../helpers/db';
import { pdfText } from '../helpers/pdf';
import { onTeardown } from '../helpers/teardown';
import { testWorker, timeSkippingEnv } from '../helpers/temporal';
import { journeyWorkflowId } from '../../contracts/journey';
import { waitForRound } from '../recruitment/round-helpers';
import { createWorld, Journey } from '../journey/driver';

const db = await testDb();
const env = await timeSkippingEnv();
const { worker, taskQueue } = await testWorker(env, { db, now: () => new Date(), temporal: env.client });
const running = worker.run();
onTeardown(async () => {
  worker.shutdown();
  await running;
});
const w = await createWorld(db, env, taskQueue);
await db.updateTable('projects').set({ places: 1 }).where('id', '=', w.projectId).execute();
const member = await db.insertInto('users').values({ email: `commission-${randomUUID()}@example.test`, name: 'Anna Komisja', role: 'commission', password_hash: 'x', all_projects: true }).returning('id').executeTakeFirstOrThrow();
const commission = { id: member.id, role: 'commission' as const };
const round = env.client.workflow.getHandle(roundWorkflowId(w.projectId));
const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('not refused'); }, (e: unknown) => e as AppError);
const correct = (j: Journey, decision: 'qualified' | 'reserve' | 'rejected', reason: string, actor: { id: string; role: typeof w.coordinator.role } = commission) =>
  correctDecision({ db, temporal: env.client }, actor, { applicationId: j.applicationId, decision, reason, requestId: randomUUID() });
const letters = (j: Journey) => db.selectFrom('letters').select(['kind', 'superseded_reason']).where('application_id', '=', j.applicationId).orderBy('created_at').execute();

describe('the commission corrects its decision in the same sitting', () => {
  const tag = randomUUID().slice(0, 4);
  const [a, b, c] = [new Journey(w), new Journey(w), new Journey(w)];
  /** b: the first on the reserve list (promoted by the correction), c: the other (then rejected). */
  const journeys = { b, c };
  const name = new Map<Journey, string>([[a, `Alfa-${tag}`], [b, `Beta-${tag}`], [c, `Gamma-${tag}`]]);

  it('qualified -> reserve frees the place for the first on the reserve list; reserve -> rejected closes the journey', async () => {
    for (const j of [a, b, c]) {
      await j.submit({ lastName: name.get(j)! });
      await j.screen();
      await waitForRound(env, w.projectId, (s) => s.ranking.some((x) => x.applicationId === j.applicationId));
    }
    const decide = (j: Journey, decision: 'qualified' | 'reserve') =>
      round.executeUpdate(decideUpdate, { args: [{ requestId: randomUUID(), applicationId: j.applicationId, decision, decidedBy: commission.id }] });
    await decide(a, 'qualified');
    await decide(b, 'reserve');
    await decide(c, 'reserve');
    await a.waitForDb(() => letters(a), (l) => l.length === 1, 'qualified letter');

    // B and C have the same points; the earlier application (or, in the same second, the id) is first in reserve.
    const before = await waitForRound(env, w.projectId, (x) => x.ranking.filter((y) => y.status === 'reserve').length === 2);
    const firstId = before.ranking.find((y) => y.status === 'reserve' && y.reservePosition === 1)!.applicationId;
    if (firstId !== b.applicationId) [journeys.b, journeys.c] = [c, b];
    const r = await correct(a, 'reserve', 'Pomyłka przy zliczaniu punktów: kandydatka B ma pierwszeństwo');
    expect(r).toMatchObject({ decision: 'reserve', placesFree: 0 });
    const s = await waitForRound(env, w.projectId, (x) => x.ranking.find((y) => y.applicationId === journeys.b.applicationId)?.status === 'qualified');
    expect(s.ranking.find((y) => y.applicationId === a.applicationId)).toMatchObject({ status: 'reserve' });
    expect(s.taken).toBe(1);
    const st = await a.waitFor((x) => x.decision === 'reserve');
    expect(st.stage).toBe('decided');
    // The qualified letter leaves the queue as obsolete; the reserve letter is made.
    expect(await a.waitForDb(() => letters(a), (l) => l.length === 2, 'reserve letter')).toEqual([
      { kind: 'result_qualified', superseded_reason: 'corrected' },
      { kind: 'result_reserve', superseded_reason: null },
    ]);
    const ev = (await a.events()).find((e) => e.type === 'decision_corrected')!;
    expect(ev.payload).toMatchObject({ decision: 'reserve', corrects: 'qualified', reason: 'Pomyłka przy zliczaniu punktów: kandydatka B ma pierwszeństwo' });

    await correct(journeys.c, 'rejected', 'Nie spełnia kryterium wieku (dowód osobisty)');
    await journeys.c.waitStage('closed');
    expect((await journeys.c.events()).map((e) => e.type)).toEqual(expect.arrayContaining(['decision_corrected', 'closed']));
    const audit = await db.selectFrom('audit_log').select('details').where('action', '=', 'decision_corrected').where('entity_id', '=', journeys.c.applicationId).execute();
    expect(audit).toEqual([{ details: { decision: 'rejected', via: 'api' } }]);
  });

  it('refuses a rejection, no reason, another role; after the sitting closes nothing more; the protocol prints the reasons', async () => {
    expect((await refusal(correct(journeys.c, 'reserve', 'Jednak rezerwa'))).text).toEqual({ key: 'refusal.round.correctionOfRejection' });
    expect((await refusal(correct(a, 'qualified', ''))).code).toBe('invalid_input');
    expect((await refusal(correct(a, 'qualified', 'Bez miejsca')))).toMatchObject({ code: 'not_allowed_now', text: { key: 'refusal.round.noFreePlace' } });
    expect((await refusal(correct(a, 'rejected', 'Nie ta rola', w.coordinator))).code).toBe('forbidden');

    const closed = await round.executeUpdate(closeSittingUpdate, { args: [{ requestId: randomUUID(), members: ['Anna Komisja', 'Jan Nowak'], date: await a.today(), closedBy: commission.id }] });
    expect((await refusal(correct(a, 'rejected', 'Po zamknięciu posiedzenia'))).text).toEqual({ key: 'refusal.round.correctionSittingClosed' });
    const pdf = await a.waitForDb(() => getProtocol(db, w.projectId, closed.sittingId).catch(() => null), (p) => p !== null, 'protocol');
    const text = (await pdfText(pdf!)).replace(/\s+/g, ' ');
    expect(text).toContain('Decyzje poprawione w toku posiedzenia');
    expect(text).toContain(`Zofia Alfa-${tag}: zakwalifikowany → lista rezerwowa. Powód: Pomyłka przy zliczaniu punktów: kandydatka B ma pierwszeństwo`);
    expect(text).toContain(`Zofia ${name.get(journeys.c)}: lista rezerwowa → odrzucony. Powód: Nie spełnia kryterium wieku (dowód osobisty)`);
  });

  it('the anonymization takes the corrections\' reasons too (the table and the event log)', async () => {
    await db.updateTable('projects').set({ ends_on: '2020-01-31', config: JSON.stringify({ retentionYears: 1 }) }).where('id', '=', w.projectId).execute();
    await anonymizeProject(db, null, w.projectId);
    const kept = await db.selectFrom('decision_corrections').select(['reason', 'from_decision', 'to_decision']).where('project_id', '=', w.projectId).orderBy('id').execute();
    expect(kept).toEqual([{ reason: null, from_decision: 'qualified', to_decision: 'reserve' }, { reason: null, from_decision: 'reserve', to_decision: 'rejected' }]);
    const ev = (await a.events()).find((e) => e.type === 'decision_corrected')!;
    expect(ev.payload).not.toHaveProperty('reason');
    expect(ev.payload).toMatchObject({ decision: 'reserve', corrects: 'qualified' });
  });

  // RECORD_HISTORIES=1: this run's round and the corrected journey become recorded histories for the replay tests.
  it.runIf(!!process.env.RECORD_HISTORIES)('records the histories', async () => {
    const save = async (workflowId: string, file: URL) =>
      writeFile(file, `${historyToJSON(await decryptHistory(await env.client.workflow.getHandle(workflowId).fetchHistory(), testDataConverter))}\n`);
    await save(roundWorkflowId(w.projectId), new URL('../recruitment/histories/round-decision-corrected.json', import.meta.url));
    await save(journeyWorkflowId(a.applicationId), new URL('../histories/journey-decision-corrected.json', import.meta.url));
  });
});
