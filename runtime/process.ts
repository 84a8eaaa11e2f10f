// Shared by the entry points: one-line failures, orderly shutdown on Ctrl-C / SIGTERM.
import closeWithGrace from 'close-with-grace';
import { ConfigError } from './config';
import { StartupError } from './startup-error';
import { AppError } from '../domain/errors';

export const say = (msg: string) => console.log(`[sciezka] ${msg}`);

/** Runs an entry point; a known start-up problem prints one line and exits 1, nothing is deleted. */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof StartupError || err instanceof ConfigError || err instanceof AppError) {
      console.error(`[sciezka] cannot start: ${err.message}`);
    } else if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      console.error(`[sciezka] cannot start: ${(err as Error).message}; set PORT to a free port`);
    } else if ((err as NodeJS.ErrnoException)?.code === 'ECONNREFUSED' || (err as Error)?.message?.includes('ECONNREFUSED')) {
      console.error(`[sciezka] cannot start: the database refused the connection (${(err as Error).message}); check DATABASE_URL`);
    } else {
      console.error(`[sciezka] cannot start: ${(err as Error)?.message ?? String(err)}`);
    }
    process.exit(1);
  }
}

/** Runs the closers in order on the first signal; a second signal forces exit. */
export function onShutdown(closers: Array<() => Promise<unknown>>): void {
  closeWithGrace({ delay: 30_000 }, async ({ signal, err }) => {
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
