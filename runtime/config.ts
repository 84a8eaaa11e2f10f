// The one place that reads the environment. Everything else receives a Config.
import path from 'node:path';
import { z } from 'zod';

const root = path.resolve(import.meta.dirname, '..');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(path.join(root, 'data')),
  DATABASE_URL: z.string().optional(),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('sciezka'),
  TEMPORAL_CLI: z.string().optional(),
  TEMPORAL_PORT: z.coerce.number().int().default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().default(8233),
  TEMPORAL_UI_URL: z.string().optional(),
  TEMPORAL_READY_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  SESSION_SECRET: z.string().min(32).optional(),
  ADMIN_EMAIL: z.string().email().default('admin@sciezka.local'),
  ADMIN_PASSWORD: z.string().min(8).default('sciezka-admin'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Sciezka <sciezka@localhost>'),
  // Only behind a reverse proxy: 'true' (any), a hop count, or the proxies' addresses (comma-separated).
  // Unset, X-Forwarded-For is ignored: a client cannot pick the address the audit log and the login
  // rate limit see.
  TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  /** Unset: embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  temporal: {
    /** Unset: the app spawns and supervises a dev server. */
    address: string | undefined;
    namespace: string;
    taskQueue: string;
    cli: string | undefined;
    port: number;
    uiPort: number;
    uiUrl: string | undefined;
    readyTimeoutMs: number;
  };
  sessionSecret: string | undefined;
  admin: { email: string; password: string };
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Fastify's trustProxy: false unless TRUST_PROXY says which proxies may set X-Forwarded-For. */
  trustProxy: boolean | number | string;
  toolsDir: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    temporal: {
      address: e.TEMPORAL_ADDRESS || undefined,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      cli: e.TEMPORAL_CLI || undefined,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      uiUrl: e.TEMPORAL_UI_URL || undefined,
      readyTimeoutMs: e.TEMPORAL_READY_TIMEOUT_MS,
    },
    sessionSecret: e.SESSION_SECRET,
    admin: { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD },
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    trustProxy: trustProxy(e.TRUST_PROXY),
    toolsDir: path.join(root, '.tools'),
  };
}

function trustProxy(v: string | undefined): boolean | number | string {
  const t = v?.trim() ?? '';
  if (t === '' || t === 'false') return false;
  if (t === 'true') return true;
  return /^\d+$/.test(t) ? Number(t) : t;
}
