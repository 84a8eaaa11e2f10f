// What every activity factory is built from: the database, the clock, the mailer and a Temporal client.
// The worker passes the real ones, tests pass real ones of their own. Factories take these and nothing
// else: none builds another factory; what two of them share is a plain function taking these deps.
import type { Client } from '@temporalio/client';
import type { Db } from '../db/connect';
import { keepMailer, type Mailer } from './mailer';

export interface MailDeps {
  mailer: Mailer;
  /** PUBLIC_URL: links in messages point here. */
  publicUrl: string;
  leaseMs?: number;
  /**
   * Fault injection for tests: runs after the SMTP server accepted a message and before the result is
   * recorded, the exact spot a crash would hit.
   */
  afterHandOver?: (outboxId: string) => void | Promise<void>;
}

/** No SMTP configured (development): messages stay in the outbox as 'kept'. */
export const DEV_MAIL: MailDeps = { mailer: keepMailer, publicUrl: 'http://localhost:3000' };

export interface ActivityDeps {
  db: Db;
  /** Injected so tests can pin "now" for side effects that stamp time. */
  now: () => Date;
  /** The mailer and the public URL for links; absent: the development default (kept in the outbox). */
  mail?: MailDeps;
  /** For activities that message other workflows (signal-with-start the recruitment round). */
  temporal?: Client;
}
