// The worker's side of "Temporal trusts only the app": a payload that is not sealed with the app's key
// (someone with the bare Temporal client or the UI sending a signal, an Update or a start) reaches the
// workflow as a fixed marker value (runtime/payload-codec.ts puts it there instead of failing: a codec
// error would fail every workflow task of a journey whose history holds the signal, wedging it for good).
// This interceptor turns the marker away before any handler sees it: a signal is dropped with a warning
// in the worker's log, an Update or a query is refused with the fixed message, a workflow start fails.
import * as wf from '@temporalio/workflow';

/** The one key of the marker object; nothing the app sends has it. */
export const REFUSED_PAYLOAD_KEY = '__sciezkaRefusedPayload';
export const REFUSED_PAYLOAD_MESSAGE = 'payload refused: not sealed with the app payload key (binary/encrypted); only the app may send signals, Updates and starts';
export const REFUSED_PAYLOAD_TYPE = 'RefusedPayload';

export const isRefusedPayload = (v: unknown): boolean => typeof v === 'object' && v !== null && REFUSED_PAYLOAD_KEY in v;

const refused = (args: readonly unknown[]) => args.some(isRefusedPayload);
/** Logs the refusal for the operator (the worker's log; the sender sees only an encoded failure) and returns the failure. */
const refusal = (what: string) => {
  wf.log.warn(`${what} refused: ${REFUSED_PAYLOAD_MESSAGE}`);
  return wf.ApplicationFailure.create({ type: REFUSED_PAYLOAD_TYPE, message: REFUSED_PAYLOAD_MESSAGE, nonRetryable: true });
};

class RefusePlaintext implements wf.WorkflowInboundCallsInterceptor {
  async execute(input: wf.WorkflowExecuteInput, next: wf.Next<wf.WorkflowInboundCallsInterceptor, 'execute'>) {
    if (refused(input.args)) throw refusal(`start of ${wf.workflowInfo().workflowType}`);
    return next(input);
  }

  async handleSignal(input: wf.SignalInput, next: wf.Next<wf.WorkflowInboundCallsInterceptor, 'handleSignal'>) {
    if (!refused(input.args)) return next(input);
    // Dropped, not thrown: a throwing signal handler would fail the workflow task (or the journey).
    refusal(`signal ${input.signalName}`);
  }

  validateUpdate(input: wf.UpdateInput, next: wf.Next<wf.WorkflowInboundCallsInterceptor, 'validateUpdate'>) {
    if (refused(input.args)) throw refusal(`update ${input.name}`);
    next(input);
  }

  async handleUpdate(input: wf.UpdateInput, next: wf.Next<wf.WorkflowInboundCallsInterceptor, 'handleUpdate'>) {
    // Updates without a validator skip validateUpdate.
    if (refused(input.args)) throw refusal(`update ${input.name}`);
    return next(input);
  }

  async handleQuery(input: wf.QueryInput, next: wf.Next<wf.WorkflowInboundCallsInterceptor, 'handleQuery'>) {
    if (refused(input.args)) throw refusal(`query ${input.queryName}`);
    return next(input);
  }
}

export const interceptors: wf.WorkflowInterceptorsFactory = () => ({ inbound: [new RefusePlaintext()] });
