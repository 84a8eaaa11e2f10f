// An outside fuzzer checks the API against its own document (#18): schemathesis (pinned, installed by
// `npm run setup`) runs against the started system (real HTTP, real PostgreSQL, real Temporal and worker)
// with every role's token, all checks, in all four phases, each role bounded in time. Its reports stay
// under test-output/schemathesis/<role>/ (JUnit and the NDJSON events) for whoever reads a failure.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../domain/types';
import { isolatedDb } from '../helpers/db';
import { onTeardown } from '../helpers/teardown';
import { runFlow, securityStack } from '../security/stack';

const root = path.resolve(import.meta.dirname, '../..');
const st = path.join(root, '.tools/bin/schemathesis');
const reports = path.join(root, 'test-output/schemathesis');
/** Seconds per role: the whole run stays within a few minutes on two cores. */
const MAX_TIME = Number(process.env.SCHEMATHESIS_MAX_TIME ?? 30);

// A database of its own: the administrator's run lists every user it can see and deactivates them, resets
// their passwords; on the run's shared database those would be other files' users, mid-test.
const s = await securityStack({ db: await isolatedDb() });
// Something to find: a project with a whole journey, so lists and ids are not all empty.
await runFlow(s);
await s.app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;

function fuzz(role: string, token: string): Promise<{ code: number | null; out: string }> {
  const dir = path.join(reports, role);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const args = [
    '--config-file', path.join(import.meta.dirname, 'schemathesis.toml'),
    'run', `${base}/api/openapi.json`,
    '--checks', 'all',
    '--phases', 'examples,coverage,fuzzing,stateful',
    '--max-time', String(MAX_TIME),
    ...(process.env.SCHEMATHESIS_MAX_EXAMPLES ? ['--max-examples', process.env.SCHEMATHESIS_MAX_EXAMPLES] : []),
    // One worker: hypothesis's lambda-source cache is not thread-safe (an internal 'AST constructor recursion
    // depth mismatch' error with two).
    '--workers', '1',
    '--seed', '1',
    // Nothing kept between runs (it would be an untracked folder in the checkout): each run starts afresh.
    '--generation-database', ':memory:',
    '--header', `Authorization: Bearer ${token}`,
    '--report', 'junit,ndjson',
    '--report-junit-path', path.join(dir, 'junit.xml'),
    '--report-ndjson-path', path.join(dir, 'events.ndjson'),
    '--no-color',
    // Revoking a token is the caller's right, and its own token is the only one it finds: the run would
    // go on unauthenticated. tests/security/api-tokens.test.ts covers it.
    '--exclude-operation-id', 'revokeApiToken',
  ];
  return new Promise((resolve, reject) => {
    // In the report folder: schemathesis keeps a cache (.schemathesis/) where it runs, never in the checkout.
    const proc = spawn(st, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    onTeardown(() => void (proc.exitCode === null && proc.kill('SIGKILL')));
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => resolve({ code, out }));
  });
}

describe('schemathesis against the started system', () => {
  // The administrator last: it may deactivate the others' accounts and reset their passwords.
  for (const role of [...ROLES.filter((r) => r !== 'admin'), 'admin' as const]) {
    it(`as ${role}: 0 failures`, { timeout: (MAX_TIME + 120) * 1000 }, async () => {
      const { code, out } = await fuzz(role, s.tokens[role]);
      // Its own account of what failed (from FAILURES on; all of it when it could not run).
      expect(code, out.slice(Math.max(0, out.indexOf('FAILURES')))).toBe(0);
      // The report kept for readers says the same, over every operation the run selected.
      expect(readFileSync(path.join(reports, role, 'junit.xml'), 'utf8')).toMatch(/<testsuites errors="0" failures="0" skipped="\d+" tests="(6\d|[7-9]\d)"/);
    });
  }
});
