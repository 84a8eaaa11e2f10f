// The mailer: SMTP through nodemailer's connection class, or, with no SMTP_URL (development), nothing at
// all: messages stay in the outbox with status 'kept'. The SMTP session is split on purpose: open()
// connects and authenticates (nothing can be delivered yet), send() hands one message over. The outbox
// marks the hand-over in between, so the window in which a crash leaves the outcome unknown is only
// the message transfer itself.
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';

export interface OutgoingMail {
  /** Stable per outbox row, '<uuid@host>': the same message keeps one identity across attempts. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export interface SmtpAccepted {
  response: string;
}

/** How a failed hand-over ended, from the server's point of view. */
export type SmtpFailureKind =
  | 'rejected' // a 5xx answer: the server refused the message, it was not delivered
  | 'deferred' // a 4xx answer or no connection: not delivered, try again later
  | 'unknown'; // the connection broke during the transfer: the server may have accepted it

export class SmtpFailure extends Error {
  constructor(
    readonly kind: SmtpFailureKind,
    message: string,
    readonly response: string | null,
  ) {
    super(message);
  }
}

export interface MailSession {
  send(mail: OutgoingMail): Promise<SmtpAccepted>;
  close(): void;
}

export interface Mailer {
  mode: 'smtp' | 'keep';
  /** Connects and authenticates. Failures are 'deferred' or 'rejected': nothing was handed over. */
  open(): Promise<MailSession>;
}

export const keepMailer: Mailer = {
  mode: 'keep',
  open: () => Promise.reject(new Error('the development mailer keeps messages in the outbox; nothing to open')),
};

interface NodemailerError extends Error {
  code?: string;
  response?: string;
  responseCode?: number;
  command?: string;
}

function classify(err: NodemailerError, transferring: boolean): SmtpFailure {
  const code = err.responseCode;
  if (code !== undefined && code >= 500) return new SmtpFailure('rejected', err.message, err.response ?? null);
  // An answer (4xx) means the server did not take the message; so does a failure before the transfer
  // ('API' errors are raised before anything is written to the socket).
  if (code !== undefined || !transferring || err.command === 'API') {
    return new SmtpFailure('deferred', err.message, err.response ?? null);
  }
  return new SmtpFailure('unknown', err.message, null);
}

export interface SmtpOptions {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  /** Honour the STARTTLS offer? Off for a local test server. */
  ignoreTLS: boolean;
}

/** smtp://user:pass@host:port, smtps://… for implicit TLS; ?ignoreTLS=true skips STARTTLS. */
export function parseSmtpUrl(url: string): SmtpOptions {
  const u = new URL(url);
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') throw new Error(`SMTP_URL must be smtp:// or smtps://, not ${u.protocol}`);
  const secure = u.protocol === 'smtps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    ignoreTLS: u.searchParams.get('ignoreTLS') === 'true',
  };
}

// Bounded, so a live holder always finishes or fails well within the outbox lease (see OUTBOX_LEASE_MS).
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

export function smtpMailer(opts: SmtpOptions, from: string): Mailer {
  return {
    mode: 'smtp',
    open: () =>
      new Promise<MailSession>((resolve, reject) => {
        const conn = new SMTPConnection({ host: opts.host, port: opts.port, secure: opts.secure, ignoreTLS: opts.ignoreTLS, ...TIMEOUTS });
        let settled = false;
        conn.once('error', (err: NodemailerError) => {
          if (!settled) reject(classify(err, false));
        });
        conn.connect((err) => {
          if (err) return reject(classify(err, false));
          const ready = () => {
            settled = true;
            resolve(session(conn, from));
          };
          if (!opts.auth) return ready();
          conn.login(opts.auth, (loginErr) => (loginErr ? reject(classify(loginErr, false)) : ready()));
        });
      }),
  };
}

function session(conn: SMTPConnection, from: string): MailSession {
  let broken: NodemailerError | undefined;
  conn.on('error', (err: NodemailerError) => (broken = err));
  return {
    async send(mail) {
      if (broken) throw classify(broken, false);
      const node = new MailComposer({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        messageId: mail.messageId,
      }).compile();
      const raw = await node.build();
      const envelope = node.getEnvelope();
      return new Promise<SmtpAccepted>((resolve, reject) => {
        conn.send({ from: envelope.from || undefined, to: envelope.to }, raw, (err, info) => {
          if (err) reject(classify(err, true));
          else resolve({ response: info.response });
        });
      });
    },
    close() {
      conn.quit();
    },
  };
}

export function createMailer(config: { smtpUrl: string | undefined; mailFrom: string }): Mailer {
  return config.smtpUrl ? smtpMailer(parseSmtpUrl(config.smtpUrl), config.mailFrom) : keepMailer;
}
