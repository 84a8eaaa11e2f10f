// Waiting for what follows asynchronously (a projection, a workflow, a delivery): one polling loop.

/** Polls `fn` until it returns a value (not undefined) and returns it; fails naming `what` after `timeoutMs`. */
export async function until<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
