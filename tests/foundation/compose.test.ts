// docker-compose.yml must be accepted by Compose (v2 `docker compose`, or v1 `docker-compose`).
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function composeCommand(): string[] {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  throw new Error('neither `docker compose` nor `docker-compose` is installed (.ci/run installs docker-compose)');
}

describe('docker-compose.yml', () => {
  it('is accepted by `compose config` and describes the production services', () => {
    const [cmd, ...args] = composeCommand();
    const out = execFileSync(cmd!, [...args, 'config'], {
      cwd: root,
      env: { ...process.env, ADMIN_PASSWORD: 'a-strong-password', PAYLOAD_KEY: Buffer.alloc(32, 1).toString('base64') },
      encoding: 'utf8',
    });
    const services = ['postgres', 'migrate', 'temporal-schema', 'temporal', 'temporal-namespace', 'temporal-ui', 'worker', 'server'];
    for (const service of services) {
      expect(out).toMatch(new RegExp(`^  ${service}:`, 'm'));
    }
    expect(out).toContain('/healthz');
    expect(out).toContain('TEMPORAL_ADDRESS: temporal:7233');
    // A current Temporal: the server image with the admin tools' schema job (auto-setup is no longer
    // built), the namespace created with a retention, every image on a fixed version.
    expect(out).not.toContain('auto-setup');
    expect(out).toMatch(/image: temporalio\/server:\d+\.\d+\.\d+$/m);
    expect(out).toMatch(/image: temporalio\/admin-tools:\d+\.\d+\.\d+$/m);
    expect(out).toMatch(/image: temporalio\/ui:\d+\.\d+\.\d+$/m);
    expect(out).toMatch(/temporal-schema:\n\s+condition: service_completed_successfully/);
    expect(out).toMatch(/namespace create -n .* --retention/);
    // The app connects as its own role, never the superuser; only the migrate job has the owner's URL.
    const appUrls = [...out.matchAll(/^\s+DATABASE_URL: (\S+)/gm)].map((m) => m[1]);
    expect(appUrls).toHaveLength(3); // migrate, server, worker
    for (const url of appUrls) expect(url).toMatch(/^postgres:\/\/sciezka_app:/);
    expect(out.match(/MIGRATION_DATABASE_URL: postgres:\/\/sciezka_owner:/g)).toHaveLength(1);
    expect(out).toContain('compose-init-roles.sh');
    // Temporal is no side door: nothing but the panel is published, the UI is read-only and decodes
    // through the panel's codec endpoint.
    const block = (service: string) => new RegExp(`^  ${service}:\\n((?: {4}.*\\n)+)`, 'm').exec(out)?.[1] ?? '';
    expect(services.filter((s) => /^ {4}ports:/m.test(block(s)))).toEqual(['server']);
    const ui = block('temporal-ui');
    expect(ui).toMatch(/TEMPORAL_DISABLE_WRITE_ACTIONS: "true"/);
    expect(ui).toMatch(/TEMPORAL_CODEC_ENDPOINT: http:\/\/localhost:3000\/codec$/m);
  });
});
