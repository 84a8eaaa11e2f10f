// A throwaway PostgreSQL cluster that a test may stop and start at will: initdb into a temporary
// folder, its own port and socket folder, trust authentication, removed at the end. The machine's
// main cluster (port 5432) is never touched. As root, the cluster's programs run as `postgres`.
import { execFile } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../helpers/ports';

const run = promisify(execFile);

function pgBin(name: string): string {
  for (const v of ['17', '16', '15', '14']) {
    const p = `/usr/lib/postgresql/${v}/bin/${name}`;
    if (existsSync(p)) return p;
  }
  return name; // on PATH
}

export interface ThrowawayCluster {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database: string): string;
  start(): Promise<void>;
  /** A fast shutdown: every connection is cut, new ones are refused. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

export async function throwawayCluster(): Promise<ThrowawayCluster> {
  const root = await mkdtemp(path.join(tmpdir(), 'sciezka-pg-'));
  const data = path.join(root, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // initdb refuses to run as root: the folder goes to postgres, and so do the commands.
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(root, Number(stdout.trim()), Number(gid.trim()));
  }
  const exec = (bin: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', pgBin(bin), ...args]) : run(pgBin(bin), args);
  await exec('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-N', '--locale=C.UTF-8', '-E', 'UTF8']);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const cluster: ThrowawayCluster = {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await exec('pg_ctl', ['-D', data, '-o', options, '-l', path.join(root, 'log'), '-w', '-t', '60', 'start']);
    },
    async stop() {
      await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    },
    async destroy() {
      await exec('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      await rm(root, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}
