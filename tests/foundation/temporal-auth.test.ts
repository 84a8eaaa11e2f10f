// The Temporal client and worker connect to a cluster that wants them to prove themselves: mTLS with the
// files of TEMPORAL_TLS_* and an API key (TEMPORAL_API_KEY). The dev server speaks neither, so a TLS
// terminator (node:tls, requiring a client certificate of our CA) stands in front of a real dev server:
// both the SDK's client (grpc-js) and the worker's connection (Rust core) get through it with the
// configured files and are refused without them. The API key is checked on a bare HTTP/2 listener
// standing in for a cluster (the dev server ignores keys): it records the header the client sends.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../runtime/config';
import { waitForTemporal } from '../../runtime/temporal-server';
import { spawnDevServer } from '../helpers/dev-server';
import { onTeardown } from '../helpers/teardown';

const dir = await mkdtemp(path.join(tmpdir(), 'sciezka-tls-'));
onTeardown(() => rm(dir, { recursive: true, force: true }));
const f = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

/** A CA, a server certificate for temporal.test signed by it, and a client certificate of each CA. */
function issue(name: string, ca: string, ext: string) {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-subj', `/CN=${name}`, '-out', f(`${name}.csr`));
  openssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f(`${ca}.pem`), '-CAkey', f(`${ca}.key`), '-CAcreateserial', '-days', '2', '-out', f(`${name}.pem`), '-extfile', f(ext));
}
for (const ca of ['ca', 'other-ca']) openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${ca}.key`), '-subj', `/CN=${ca}`, '-days', '2', '-out', f(`${ca}.pem`));
await writeFile(f('server.ext'), 'subjectAltName=DNS:temporal.test\nextendedKeyUsage=serverAuth\n');
await writeFile(f('client.ext'), 'extendedKeyUsage=clientAuth\n');
issue('server', 'ca', 'server.ext');
issue('sciezka-worker', 'ca', 'client.ext');
issue('stranger', 'other-ca', 'client.ext');

const baseEnv = { TEMPORAL_ADDRESS: 'temporal.example:7233' };
const mtlsEnv = (address: string, client = 'sciezka-worker') => ({
  TEMPORAL_ADDRESS: address,
  TEMPORAL_TLS_CERT: f(`${client}.pem`),
  TEMPORAL_TLS_KEY: f(`${client}.key`),
  TEMPORAL_TLS_CA: f('ca.pem'),
  TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
});

describe('Temporal connection options from the configuration', () => {
  it('builds mTLS from the files and sends an API key', () => {
    const auth = loadConfig({ ...mtlsEnv('t:7233'), TEMPORAL_API_KEY: 'key-1' }).temporal.auth;
    expect(auth.apiKey).toBe('key-1');
    expect(auth.tls).toMatchObject({ serverNameOverride: 'temporal.test' });
    const t = auth.tls as Exclude<typeof auth.tls, boolean | undefined>;
    expect(Buffer.from(t.serverRootCACertificate!).toString()).toContain('BEGIN CERTIFICATE');
    expect(Buffer.from(t.clientCertPair!.key).toString()).toContain('PRIVATE KEY');
    // An API key alone turns TLS on (as Temporal Cloud wants); TEMPORAL_TLS=false keeps it off.
    expect(loadConfig({ ...baseEnv, TEMPORAL_API_KEY: 'k' }).temporal.auth).toEqual({ apiKey: 'k', tls: true });
    expect(loadConfig({ ...baseEnv, TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' }).temporal.auth).toEqual({ apiKey: 'k', tls: false });
    expect(loadConfig(baseEnv).temporal.auth).toEqual({});
  });

  it.each([
    ['a missing file', { TEMPORAL_TLS_CERT: f('nope.pem') }, /^cannot read TEMPORAL_TLS_CERT .*nope\.pem \(ENOENT\)$/],
    ['a key given as the certificate', { TEMPORAL_TLS_CERT: f('sciezka-worker.key') }, /^TEMPORAL_TLS_CERT .* is not a PEM certificate$/],
    ['a certificate given as the key', { TEMPORAL_TLS_KEY: f('sciezka-worker.pem') }, /^TEMPORAL_TLS_KEY .* is not a PEM private key/],
    ['the key of another certificate', { TEMPORAL_TLS_KEY: f('stranger.key') }, /^TEMPORAL_TLS_KEY .* is not the key of TEMPORAL_TLS_CERT/],
    ['a key as the CA', { TEMPORAL_TLS_CA: f('ca.key') }, /^TEMPORAL_TLS_CA .* is not a PEM certificate$/],
    ['a certificate without its key', { TEMPORAL_TLS_KEY: '' }, /go together/],
    ['TLS files for the embedded dev server', { TEMPORAL_ADDRESS: '' }, /need TEMPORAL_ADDRESS/],
  ])('refuses %s in one line', (_what, change, message) => {
    const env = { ...mtlsEnv('t:7233'), ...change };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('stops `npm run worker` with that line, no stack trace', () => {
    let out = '';
    try {
      execFileSync('npx', ['tsx', 'runtime/worker-main.ts'], { env: { ...process.env, ...mtlsEnv('127.0.0.1:1'), TEMPORAL_TLS_CA: f('ca.key') }, stdio: 'pipe', encoding: 'utf8' });
    } catch (err) {
      out = (err as { stderr: string }).stderr;
    }
    expect(out.trim()).toMatch(/^\[sciezka\] cannot start: TEMPORAL_TLS_CA .*ca\.key is not a PEM certificate$/);
  });
});

describe('mTLS against a real Temporal behind a TLS terminator', () => {
  it('connects the client and the worker with the client certificate, and not without it', async () => {
    const server = await spawnDevServer();
    if (!server) throw new Error('no Temporal CLI (npm run setup)');
    onTeardown(() => server.stop());
    const [devHost, devPort] = server.address.split(':') as [string, string];
    const peers: string[] = [];
    const terminator = tls.createServer(
      { key: await readPem('server.key'), cert: await readPem('server.pem'), ca: await readPem('ca.pem'), requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['h2'] },
      (socket) => {
        peers.push(String(socket.getPeerCertificate().subject?.CN));
        const upstream = net.connect(Number(devPort), devHost);
        socket.pipe(upstream).pipe(socket);
        const end = () => (socket.destroy(), upstream.destroy());
        socket.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
      },
    );
    terminator.on('tlsClientError', () => {});
    await new Promise<void>((r) => terminator.listen(0, '127.0.0.1', r));
    onTeardown(() => new Promise((r) => terminator.close(r)));
    const address = `127.0.0.1:${(terminator.address() as AddressInfo).port}`;

    const auth = loadConfig(mtlsEnv(address)).temporal.auth;
    await waitForTemporal(address, 20_000, undefined, auth);
    const native = await NativeConnection.connect({ address, ...auth });
    await native.workflowService.getSystemInfo({});
    await native.close();
    expect(new Set(peers)).toEqual(new Set(['sciezka-worker']));

    // A certificate of another CA, or none, does not get through.
    const stranger = loadConfig(mtlsEnv(address, 'stranger')).temporal.auth;
    await expect(waitForTemporal(address, 2_000, undefined, stranger)).rejects.toThrow(/did not answer/);
    const none = loadConfig({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS_CA: f('ca.pem'), TEMPORAL_TLS_SERVER_NAME: 'temporal.test' }).temporal.auth;
    await expect(NativeConnection.connect({ address, ...none })).rejects.toThrow();
  });
});

describe('API key', () => {
  it('is sent as Authorization: Bearer on every call', async () => {
    const seen: Array<string | undefined> = [];
    const h2 = http2.createServer();
    h2.on('stream', (stream, headers) => {
      seen.push(headers.authorization);
      stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '16', 'grpc-message': 'stand-in' }, { endStream: true });
    });
    await new Promise<void>((r) => h2.listen(0, '127.0.0.1', r));
    onTeardown(() => new Promise((r) => h2.close(r)));
    const address = `127.0.0.1:${(h2.address() as AddressInfo).port}`;
    const auth = loadConfig({ TEMPORAL_ADDRESS: address, TEMPORAL_API_KEY: 'secret-key', TEMPORAL_TLS: 'false' }).temporal.auth;
    // The client (grpc-js) and the worker's connection (Rust core) each call GetSystemInfo on connecting.
    await expect(Connection.connect({ address, connectTimeout: 3_000, ...auth })).rejects.toThrow();
    const byClient = seen.length;
    await expect(NativeConnection.connect({ address, ...auth })).rejects.toThrow();
    expect(byClient).toBeGreaterThanOrEqual(1);
    expect(seen.length).toBeGreaterThan(byClient);
    expect(new Set(seen)).toEqual(new Set(['Bearer secret-key']));
  });
});

async function readPem(name: string) {
  const { readFile } = await import('node:fs/promises');
  return readFile(f(name));
}
