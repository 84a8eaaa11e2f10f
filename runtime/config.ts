// The one place that reads the environment. Everything else receives a Config.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { temporalAuth, type TemporalAuth } from './temporal-auth';

const root = path.resolve(import.meta.dirname, '..');

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
const keyId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (at most 64)');
const payloadKey = z
  .string()
  .trim()
  .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, '32 bytes in base64 (openssl rand -base64 32)');

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(path.join(root, 'data')),
  DATABASE_URL: z.string().optional(),
  // The tables' owner: migrations run as it and grant DATABASE_URL's role what the app may do (db/app-role.ts).
  MIGRATION_DATABASE_URL: z.preprocess(blankToUndefined, z.string().url().optional()),
  // `npm start` serves its embedded PGlite here (127.0.0.1) for seed, cli, migrate and psql; 0 picks a free port.
  PGLITE_PORT: z.coerce.number().int().min(0).max(65535).default(5433),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('sciezka'),
  TEMPORAL_CLI: z.string().optional(),
  // A cluster that wants the client to prove itself (runtime/temporal-auth.ts): files, and/or an API key.
  TEMPORAL_TLS: z.preprocess(blankToUndefined, z.enum(['true', 'false']).optional()),
  TEMPORAL_TLS_CERT: z.preprocess(blankToUndefined, z.string().optional()),
  TEMPORAL_TLS_KEY: z.preprocess(blankToUndefined, z.string().optional()),
  TEMPORAL_TLS_CA: z.preprocess(blankToUndefined, z.string().optional()),
  TEMPORAL_TLS_SERVER_NAME: z.preprocess(blankToUndefined, z.string().optional()),
  TEMPORAL_API_KEY: z.preprocess(blankToUndefined, z.string().optional()),
  TEMPORAL_PORT: z.coerce.number().int().default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().default(8233),
  TEMPORAL_UI_URL: z.string().optional(),
  TEMPORAL_READY_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  // How long a human action (an Update) may wait for a worker before the request answers 503.
  TEMPORAL_UPDATE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  // Journeys a worker keeps in memory (0.9-1.3 MiB each with the codec, bench/RESULTS.md): 300 keep a
  // worker near 650 MiB, well inside 1 GiB; the others wait on their timers evicted and replay when one fires.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().positive().default(300),
  // Payload encryption (AES-256-GCM): the current key, its id (stored beside every payload), and the
  // keys used before, kept to decrypt old histories after a rotation.
  PAYLOAD_KEY: z.preprocess(blankToUndefined, payloadKey.optional()),
  PAYLOAD_KEY_ID: z.preprocess(blankToUndefined, keyId.optional()),
  PAYLOAD_PREVIOUS_KEYS: z.string().optional(),
  SESSION_SECRET: z.preprocess(blankToUndefined, z.string().min(32).optional()),
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
  /** The owner's connection for migrations; unset: DATABASE_URL's role migrates (one role). */
  migrationDatabaseUrl: string | undefined;
  /** Port on 127.0.0.1 where `npm start` serves the embedded database (0: any free one). */
  pglitePort: number;
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
    /** Deadline of one Update (a human action) including the wait for a worker. */
    updateTimeoutMs: number;
    /** Workflows one worker keeps cached; the rest are replayed when they wake. */
    maxCachedWorkflows: number;
    /** mTLS and/or API key for every connection to `address` (empty for the embedded dev server). */
    auth: TemporalAuth;
  };
  /** Unset key: `npm start` keeps a generated one in dataDir (runtime/payload-keys.ts). */
  payload: { key: PayloadKey | undefined; previousKeys: PayloadKey[] };
  sessionSecret: string | undefined;
  admin: { email: string; password: string };
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Fastify's trustProxy: false unless TRUST_PROXY says which proxies may set X-Forwarded-For. */
  trustProxy: boolean | number | string;
  toolsDir: string;
}

export interface PayloadKey {
  id: string;
  key: Buffer;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) throw new ConfigError('invalid MIGRATION_DATABASE_URL: set DATABASE_URL too (the embedded database has one role)');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    pglitePort: e.PGLITE_PORT,
    temporal: {
      address: e.TEMPORAL_ADDRESS || undefined,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      cli: e.TEMPORAL_CLI || undefined,
      port: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      uiUrl: e.TEMPORAL_UI_URL || undefined,
      readyTimeoutMs: e.TEMPORAL_READY_TIMEOUT_MS,
      updateTimeoutMs: e.TEMPORAL_UPDATE_TIMEOUT_MS,
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      auth: clusterAuth(e),
    },
    payload: {
      key: e.PAYLOAD_KEY ? payloadKeyOf(e.PAYLOAD_KEY, e.PAYLOAD_KEY_ID) : undefined,
      previousKeys: previousKeys(e.PAYLOAD_PREVIOUS_KEYS),
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

function clusterAuth(e: z.infer<typeof schema>): TemporalAuth {
  const given = [e.TEMPORAL_TLS, e.TEMPORAL_TLS_CERT, e.TEMPORAL_TLS_KEY, e.TEMPORAL_TLS_CA, e.TEMPORAL_TLS_SERVER_NAME, e.TEMPORAL_API_KEY].some((v) => v !== undefined);
  if (!given) return {};
  if (!e.TEMPORAL_ADDRESS) throw new ConfigError('TEMPORAL_TLS_* and TEMPORAL_API_KEY need TEMPORAL_ADDRESS (the embedded dev server has neither)');
  return temporalAuth(
    {
      cert: e.TEMPORAL_TLS_CERT,
      key: e.TEMPORAL_TLS_KEY,
      ca: e.TEMPORAL_TLS_CA,
      serverName: e.TEMPORAL_TLS_SERVER_NAME,
      tls: e.TEMPORAL_TLS === undefined ? undefined : e.TEMPORAL_TLS === 'true',
      apiKey: e.TEMPORAL_API_KEY,
    },
    (msg) => new ConfigError(msg),
  );
}

function trustProxy(v: string | undefined): boolean | number | string {
  const t = v?.trim() ?? '';
  if (t === '' || t === 'false') return false;
  if (t === 'true') return true;
  return /^\d+$/.test(t) ? Number(t) : t;
}

/** A key with its id; without an explicit id, a fingerprint of the key (harmless to store in clear). */
export function payloadKeyOf(base64: string, id?: string): PayloadKey {
  const key = Buffer.from(base64.trim(), 'base64');
  return { id: id ?? `k${createHash('sha256').update(key).digest('hex').slice(0, 16)}`, key };
}

/** PAYLOAD_PREVIOUS_KEYS: comma-separated `id:base64` (or bare base64, the id then its fingerprint). */
function previousKeys(v: string | undefined): PayloadKey[] {
  const out: PayloadKey[] = [];
  for (const item of (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const colon = item.indexOf(':');
    const [id, b64] = colon < 0 ? [undefined, item] : [item.slice(0, colon), item.slice(colon + 1)];
    if ((id !== undefined && !keyId.safeParse(id).success) || !payloadKey.safeParse(b64).success) {
      throw new ConfigError('invalid PAYLOAD_PREVIOUS_KEYS: comma-separated id:key, each key 32 bytes in base64');
    }
    out.push(payloadKeyOf(b64, id));
  }
  return out;
}
