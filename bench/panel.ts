// Panel: the participants page and the Today page over HTTP with many participants in PostgreSQL,
// against the bare SQL behind them: the very statements the page sends, captured once from the app
// (buildApp over a database handle that records them), replayed straight through pg. Latency one request
// at a time; throughput at 50 concurrent clients (autocannon for the app, 50 loops over a pool of the
// app's size for the SQL).
import autocannon from 'autocannon';
import type { CompiledQuery, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../db/connect';
import { STAGES } from '../domain/types';
import { loadConfig } from '../runtime/config';
import { buildApp } from '../server/app';
import { log } from './processes';
import { expectStatus, http, type DevStack } from './stack';
import { round, summarize, timeEach, type LatencySummary } from './stats';

const CONCURRENCY = 50;
/** The app's pool size (db/connect.ts): the bare SQL gets the same number of connections. */
const POOL_SIZE = 10;

const FIRST = ['Anna', 'Zofia', 'Maria', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Jan', 'Piotr', 'Krzysztof', 'Andrzej', 'Tomasz', 'Paweł'];
const LAST = ['Nowak', 'Kowalczyk', 'Wiśniewska', 'Wójcik', 'Kamińska', 'Lewandowski', 'Zielińska', 'Szymański', 'Woźniak', 'Dąbrowska',
  'Kozłowski', 'Jankowska', 'Mazur', 'Kwiatkowska', 'Krawczyk', 'Piotrowski', 'Grabowska', 'Nowakowski', 'Pawłowska', 'Michalski',
  'Łękawska', 'Żak', 'Ślusarczyk', 'Adamczyk', 'Dudek', 'Zając', 'Wieczorek', 'Jabłońska', 'Król', 'Majewska'];

/**
 * N participants in one statement (generate_series), spread over every stage, half of them with a social
 * worker, each with one open task for a social worker, the coordinator or the director.
 */
export async function seedParticipants(db: Db, projectId: string, socialWorkerId: string, n: number): Promise<void> {
  const t0 = performance.now();
  await sql`
    insert into applications (project_id, first_name, last_name, pesel, birth_date, sex, disability, target_group, channel,
                              received_at, rules_version, stage, points, social_worker_id)
    select ${projectId}, (${FIRST}::text[])[1 + i % ${FIRST.length}], (${LAST}::text[])[1 + (i * 7) % ${LAST.length}],
           lpad(((i::bigint * 7919) % 100000000000)::text, 11, '0'), date '1960-01-01' + (i % 15000),
           case when i % ${FIRST.length} >= 6 then 'M' else 'K' end, i % 17 = 0, 'osi', 'in_person',
           now() - make_interval(mins => i), 1, (${[...STAGES]}::text[])[1 + i % ${STAGES.length}],
           case when i % 4 = 0 then null else i % 40 end, case when i % 2 = 0 then ${socialWorkerId}::uuid end
    from generate_series(1, ${n}::int) as i`.execute(db);
  await sql`
    insert into tasks (key, kind, application_id, project_id, assignee_role, due_at)
    select 'bench:' || a.id, (array['follow_up_1_due', 'sign_reminder', 'original_pending', 'attendance_low'])[1 + abs(hashtext(a.id::text)) % 4],
           a.id, a.project_id, (array['social_worker', 'coordinator', 'director'])[1 + abs(hashtext(a.id::text || 'r')) % 3],
           now() + make_interval(days => abs(hashtext(a.id::text || 'd')) % 60 - 30)
    from applications a where a.project_id = ${projectId}`.execute(db);
  await sql`analyze applications`.execute(db);
  await sql`analyze tasks`.execute(db);
  log(`panel: ${n} participants and their tasks inserted in ${round((performance.now() - t0) / 1000, 1)} s`);
}

/** Records every statement sent through the database handle while `on`. */
class CapturePlugin implements KyselyPlugin {
  statements: CompiledQuery[] | undefined;
  constructor(private readonly compile: (node: RootOperationNode, args: PluginTransformQueryArgs) => CompiledQuery) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.statements?.push(this.compile(args.node, args));
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

/** The statements one GET of `url` sends to PostgreSQL, from the app itself (in process, not measured). */
async function captureStatements(stack: DevStack, db: Db, databaseUrl: string, cookie: string, urls: string[]): Promise<Map<string, CompiledQuery[]>> {
  const plugin: CapturePlugin = new CapturePlugin((node, args) => db.getExecutor().compileQuery(node, args.queryId));
  const captured = db.withPlugin(plugin);
  const config = loadConfig({ DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: stack.temporal.address, TEMPORAL_TASK_QUEUE: stack.taskQueue, LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, db: captured, temporal: stack.client, temporalUiUrl: undefined });
  const out = new Map<string, CompiledQuery[]>();
  try {
    for (const url of urls) {
      plugin.statements = [];
      const res = await app.inject({ method: 'GET', url, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`capturing ${url}: HTTP ${res.statusCode}`);
      out.set(url, plugin.statements);
      plugin.statements = undefined;
    }
  } finally {
    await app.close();
  }
  return out;
}

async function replay(client: pg.ClientBase | pg.Pool, statements: CompiledQuery[]): Promise<void> {
  for (const s of statements) await client.query(s.sql, s.parameters as unknown[]);
}

/** `loops` clients repeating `fn` for `seconds`; returns completed calls per second. */
async function forDuration(seconds: number, loops: number, fn: () => Promise<unknown>): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (performance.now() < end) {
        await fn();
        done++;
      }
    }),
  );
  return done / ((performance.now() - t0) / 1000);
}

export interface PageResult {
  url: string;
  /** Statements the page sends to PostgreSQL (the bare baseline replays them in order). */
  statements: number;
  app: LatencySummary;
  bare: LatencySummary;
  ratioP50: number;
  /** app p95 / bare p95: at most 2 is the target (and app p95 at most 50 ms). */
  ratioP95: number;
  appReqPerSec: number;
  bareReqPerSec: number;
  /** app / bare at 50 concurrent clients. */
  reqPerSecRatio: number;
}

export interface PanelResult {
  participants: number;
  samples: number;
  concurrency: number;
  seconds: number;
  pages: { participants: PageResult; today: PageResult };
}

export async function benchPanel(
  stack: DevStack,
  db: Db,
  databaseUrl: string,
  cookie: string,
  opts: { participants: number; samples: number; seconds: number },
): Promise<PanelResult> {
  const pages = { participants: '/participants', today: '/' } as const;
  const statements = await captureStatements(stack, db, databaseUrl, cookie, Object.values(pages));
  const single = new pg.Client({ connectionString: databaseUrl });
  await single.connect();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: POOL_SIZE });
  const results: Partial<Record<keyof typeof pages, PageResult>> = {};
  try {
    for (const [name, url] of Object.entries(pages) as Array<[keyof typeof pages, string]>) {
      const sqls = statements.get(url)!;
      const get = async () => expectStatus(await http(`${stack.baseUrl}${url}`, { headers: { cookie } }), 200, `GET ${url}`);
      await timeEach(5, get);
      await timeEach(5, () => replay(single, sqls));
      log(`panel: ${url}: ${opts.samples} requests one at a time, then ${CONCURRENCY} clients for ${opts.seconds} s`);
      const appMs = await timeEach(opts.samples, get);
      const bareMs = await timeEach(opts.samples, () => replay(single, sqls));
      const cannon = await autocannon({ url: `${stack.baseUrl}${url}`, connections: CONCURRENCY, duration: opts.seconds, headers: { cookie } });
      if (cannon.non2xx > 0 || cannon.errors > 0) throw new Error(`autocannon ${url}: ${cannon.non2xx} non-2xx answers, ${cannon.errors} errors`);
      const bareRps = await forDuration(opts.seconds, CONCURRENCY, () => replay(pool, sqls));
      const app = summarize(appMs);
      const bare = summarize(bareMs);
      results[name] = {
        url,
        statements: sqls.length,
        app,
        bare,
        ratioP50: round(app.p50Ms / bare.p50Ms, 3),
        ratioP95: round(app.p95Ms / bare.p95Ms, 3),
        appReqPerSec: round(cannon.requests.average, 1),
        bareReqPerSec: round(bareRps, 1),
        reqPerSecRatio: round(cannon.requests.average / bareRps, 3),
      };
    }
  } finally {
    await single.end();
    await pool.end();
  }
  return { participants: opts.participants, samples: opts.samples, concurrency: CONCURRENCY, seconds: opts.seconds, pages: results as PanelResult['pages'] };
}
