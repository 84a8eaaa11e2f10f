// Temporal trusts only the app: whoever reaches the Temporal frontend with the bare client (no payload
// key) and sends a `decided` signal, an Update or a start in plain JSON changes nothing, the journey is
// not wedged (legitimate actions go on), and the worker's log says why. Failure texts are encoded too.
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { Runtime, type LogLevel } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { temporal } from '../../runtime/temporal-proto';
import { decidedSignal, listApprovedSignal } from '../../contracts/signals';
import { journeyUpdates, journeyWorkflowId, JOURNEY_WORKFLOW_TYPE } from '../../contracts/journey';
import { REFUSED_PAYLOAD_MESSAGE } from '../../workflows/refused-payloads';
import { testDataConverter } from '../helpers/temporal';
import { until } from '../helpers/wait';
import { Journey } from '../journey/driver';
import { timeSkippingWorld } from '../journey/world';

// The worker's log, as an operator reads it (the test process's runtime logger, tapped).
const logged: { level: LogLevel; message: string }[] = [];
const logger = Runtime.instance().logger;
const log = logger.log.bind(logger);
logger.log = (level, message, meta) => {
  logged.push({ level, message });
  log(level, message, meta);
};
const w = await timeSkippingWorld();
const namespace = w.env.namespace ?? 'default';
const raw = new Client({ connection: w.env.connection, namespace });
const refusedInLog = (what: string) => until(async () => logged.find((e) => e.message === `${what} refused: ${REFUSED_PAYLOAD_MESSAGE}`), `"${what} refused" in the worker's log`);

describe('a client without the payload key', () => {
  it('cannot decide a journey with a plaintext signal, and the journey goes on', async () => {
    const j = new Journey(w);
    await j.submit();
    await j.screen();
    const eventsBefore = (await j.events()).length;
    const forged = raw.workflow.getHandle(journeyWorkflowId(j.applicationId));
    const at = new Date(await w.env.currentTimeMs()).toISOString();
    // fromReserve would even skip the director's approval.
    await forged.signal(decidedSignal, { decision: 'qualified', fromReserve: true, decidedBy: w.coordinator.id, decidedAt: at });
    await forged.signal(listApprovedSignal, { approvedBy: w.coordinator.id, approvedAt: at });
    await refusedInLog('signal decided');
    await refusedInLog('signal listApproved');

    // A plaintext Update is rejected before it is accepted (so it is not even in the history).
    await expect(forged.executeUpdate(journeyUpdates.recordOriginal, { args: [{ actorId: w.coordinator.id, receivedOn: at.slice(0, 10) } as never] })).rejects.toThrow();
    await refusedInLog('update recordOriginal');

    // Nothing changed: the journey (read by the app) and the database are as they were.
    const state = await j.state();
    expect(state.stage).toBe('screened');
    expect(state.decision ?? null).toBeNull();
    expect(await j.stage()).toBe('screened');
    expect((await j.events()).length).toBe(eventsBefore);

    // The journey is not wedged: the round's real decision and approval go through.
    await j.decide('qualified');
    await j.approveList();
    await j.waitStage('joining');
    const decided = (await j.events()).filter((e) => e.type === 'decided');
    expect(decided.map((e) => e.actor_id)).toEqual([w.coordinator.id]);
  });

  it("a sealed decision naming another project's round is ignored; the own round's goes through", async () => {
    const j = new Journey(w);
    await j.submit();
    await j.screen();
    const eventsBefore = (await j.events()).length;
    const other = randomUUID();
    await j.decide('qualified', { projectId: other });
    await j.handle.signal(listApprovedSignal, { approvedBy: w.coordinator.id, approvedAt: new Date(await w.env.currentTimeMs()).toISOString(), projectId: other });
    await until(async () => logged.filter((e) => e.message.startsWith("round message ignored: sent by another project's round")).length >= 2, 'both messages ignored in the log');
    expect((await j.state()).stage).toBe('screened');
    expect((await j.events()).length).toBe(eventsBefore);

    await j.decide('qualified', { projectId: w.projectId });
    await j.approveList();
    await j.waitStage('joining');
  });

  it('cannot start a journey; the failure it gets is encoded in the history', async () => {
    const workflowId = `forged-${randomUUID()}`;
    await raw.workflow.start(JOURNEY_WORKFLOW_TYPE, { workflowId, taskQueue: w.taskQueue, args: [{ applicationId: randomUUID(), projectId: w.projectId }] });
    await refusedInLog(`start of ${JOURNEY_WORKFLOW_TYPE}`);
    // The app reads why; the stored history holds neither the message nor a stack trace in clear.
    const app = new Client({ connection: w.env.connection, namespace, dataConverter: testDataConverter });
    await expect(app.workflow.getHandle(workflowId).result()).rejects.toMatchObject({ cause: { message: REFUSED_PAYLOAD_MESSAGE } });
    const history = await raw.workflow.getHandle(workflowId).fetchHistory();
    const failed = history.events?.find((e) => e.workflowExecutionFailedEventAttributes)?.workflowExecutionFailedEventAttributes?.failure;
    expect(failed?.message).toBe('Encoded failure');
    expect(failed?.stackTrace ?? '').toBe('');
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    expect(bytes.includes(Buffer.from('not sealed with the app payload key'))).toBe(false);
  });
});
