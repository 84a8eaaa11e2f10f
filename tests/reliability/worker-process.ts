// The worker as a real child process (runtime/worker-main.ts), the way it runs in production, so a
// SIGKILL is a real crash: no shutdown hook, in-flight activities and workflow tasks simply vanish.
// The same for the panel/API process (runtime/server-main.ts): another entry, another line saying it is up.
import { startEntry, type Started } from '../helpers/processes';

export class WorkerProcess {
  private current: Started | undefined;
  /** Every start, with how long it took to poll (ms). */
  readonly starts: number[] = [];
  kills = 0;
  /** The output of every life of the worker, the current one last. */
  private readonly lives: Started[] = [];

  constructor(
    private readonly env: Record<string, string>,
    private readonly entry = 'runtime/worker-main.ts',
    /** What the process prints once it is up. */
    private readonly ready = 'worker polling',
  ) {}

  /** Starts the process and resolves when it says it is up (the worker: polls its task queue). */
  async start(timeoutMs = 120_000): Promise<void> {
    const t0 = Date.now();
    const started = startEntry(this.entry, { LOG_LEVEL: 'warn', ...this.env });
    this.current = started;
    this.lives.push(started);
    const deadline = t0 + timeoutMs;
    while (!started.output().includes(this.ready)) {
      if (started.proc.exitCode !== null || started.proc.signalCode !== null) throw new Error(`${this.entry} exited during start:\n${started.output()}`);
      if (Date.now() > deadline) throw new Error(`${this.entry} did not say "${this.ready}" within ${timeoutMs} ms:\n${started.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    this.starts.push(Date.now() - t0);
  }

  get running(): boolean {
    const p = this.current?.proc;
    return !!p && p.exitCode === null && p.signalCode === null;
  }

  /** Everything every life of the worker printed. */
  output(): string {
    return this.lives.map((l) => l.output()).join('\n');
  }

  /** Workflow tasks the SDK reported as failed, by reason (first line of the error), over all lives. */
  failedWorkflowTasks(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const line of this.output().split('\n')) {
      if (!/Failing workflow task|Workflow task failed|WorkflowTaskFailed|nondetermin|deadlock/i.test(line)) continue;
      const reason = /(Nondeterminism[^"]{0,80}|Potential deadlock[^"]{0,40}|deadlock[^"]{0,40}|message: "?[^"]{0,80})/i.exec(line)?.[1] ?? line.slice(0, 120);
      counts[reason] = (counts[reason] ?? 0) + 1;
    }
    return counts;
  }

  /** A crash: SIGKILL, no chance to finish or report anything. */
  async kill(): Promise<void> {
    if (!this.current || !this.running) return;
    this.current.proc.kill('SIGKILL');
    await this.current.exited;
    this.kills++;
  }

  /** An orderly stop (SIGTERM) at the end of a test. */
  async stop(): Promise<void> {
    if (!this.current || !this.running) return;
    const proc = this.current.proc;
    proc.kill('SIGTERM');
    const force = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    await this.current.exited;
    clearTimeout(force);
  }
}
