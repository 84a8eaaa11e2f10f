// Shared by the entry points: one-line failures, orderly shutdown on Ctrl-C / SIGTERM.
import closeWithGrace from 'close-with-grace';
import { ConfigError } from './config';
import { StartupError } from './startup-error';
import { AppError } from '../domain/errors';

export const say = (msg: string) => console.log(`[sciezka] ${msg}`);

/** What an entry point has opened, closed first to last on Ctrl-C / SIGTERM or after a failed start. */
export type Closers = Array<() => Promise<unknown>>;

/**
 * Runs an entry point; a known start-up problem prints one line and exits 1, nothing is deleted. What
 * `main` pushed onto `closers` is closed in order on a signal, and also when the start fails half-way
 * (an embedded Temporal already spawned must not outlive us, the data folder's lock is released).
 */
export async function runMain(main: (closers: Closers) => Promise<void>): Promise<void> {
  const closers: Closers = [];
  const handlers = onShutdown(closers);
  try {
    await main(closers);
    // A command that keeps nothing open (cli, seed, migrate) is done: let it end by itself, without the
    // shutdown handlers' "stopping" lines on its output.
    if (closers.length === 0) handlers.uninstall();
  } catch (err) {
    console.error(`[sciezka] cannot start: ${startupMessage(err)}`);
    for (const close of closers) await close().catch(() => {});
    process.exit(1);
  }
}

function startupMessage(err: unknown): string {
  if (err instanceof StartupError || err instanceof ConfigError || err instanceof AppError) return err.message;
  const message = (err as Error)?.message ?? String(err);
  if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') return `${message}; set PORT to a free port`;
  if ((err as NodeJS.ErrnoException)?.code === 'ECONNREFUSED' || message.includes('ECONNREFUSED')) {
    return `the database refused the connection (${message}); check DATABASE_URL`;
  }
  return message;
}

/** Runs the closers in order on the first signal; a second signal forces exit. */
function onShutdown(closers: Closers): { uninstall(): void } {
  return closeWithGrace({ delay: 30_000 }, async ({ signal, err }) => {
    if (err) console.error(`[sciezka] stopping after an error: ${err.message}`);
    else say(`${signal ?? 'stop'} received, stopping`);
    for (const close of closers) {
      try {
        await close();
      } catch (e) {
        console.error(`[sciezka] while stopping: ${(e as Error).message}`);
      }
    }
    say('stopped');
  });
}
