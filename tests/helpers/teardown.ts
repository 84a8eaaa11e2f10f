// What a test file started, stopped after the file wherever it was started. Helpers register here instead
// of calling afterAll() themselves: vitest silently drops an afterAll() called from inside a hook (a helper
// called in beforeAll), which left Temporal servers running after `npm test`. tests/setup-file.ts runs
// these after the file's own afterAll hooks, the last registered first (a worker before its server).
const cleanups: Array<() => unknown> = [];

export function onTeardown(cleanup: () => unknown): void {
  cleanups.push(cleanup);
}

export async function runTeardowns(): Promise<void> {
  const errors: unknown[] = [];
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length) throw new AggregateError(errors, `${errors.length} teardowns failed`);
}
