import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, payloadKeyOf } from '../../runtime/config';
import { KEY_FILE, loadPayloadKeys } from '../../runtime/payload-keys';

describe('configuration', () => {
  it('starts with embedded defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.temporal.address).toBeUndefined();
    expect(c.temporal.taskQueue).toBe('sciezka');
    expect(c.dataDir).toMatch(/data$/);
  });

  it('switches to external services by variables', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://x@db/app', TEMPORAL_ADDRESS: 'temporal:7233', PORT: '8080' });
    expect(c.databaseUrl).toBe('postgres://x@db/app');
    expect(c.temporal.address).toBe('temporal:7233');
    expect(c.port).toBe(8080);
  });

  it('migrates as the owner given by MIGRATION_DATABASE_URL, which needs DATABASE_URL (the embedded database has one role)', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://app@db/s', MIGRATION_DATABASE_URL: 'postgres://owner@db/s' });
    expect(c.migrationDatabaseUrl).toBe('postgres://owner@db/s');
    expect(loadConfig({ MIGRATION_DATABASE_URL: '' }).migrationDatabaseUrl).toBeUndefined();
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://owner@db/s' })).toThrow(/MIGRATION_DATABASE_URL: set DATABASE_URL too/);
  });

  it('names the bad variable in one line', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
  });

  it('takes a blank SESSION_SECRET (docker-compose passes one when unset) as unset, and refuses a short one', () => {
    expect(loadConfig({ SESSION_SECRET: '' }).sessionSecret).toBeUndefined();
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
  });
});

describe('payload key configuration', () => {
  const key = randomBytes(32).toString('base64');

  it('takes the key and its id, and old keys for decryption only', () => {
    const old = randomBytes(32).toString('base64');
    const c = loadConfig({ PAYLOAD_KEY: key, PAYLOAD_KEY_ID: '2026-01', PAYLOAD_PREVIOUS_KEYS: `2025-01:${old}, ${key}` });
    expect(c.payload.key).toEqual({ id: '2026-01', key: Buffer.from(key, 'base64') });
    expect(c.payload.previousKeys.map((k) => k.id)).toEqual(['2025-01', payloadKeyOf(key).id]);
    // Without an id, a fingerprint: the same key always gets the same id.
    expect(loadConfig({ PAYLOAD_KEY: key }).payload.key!.id).toMatch(/^k[0-9a-f]{16}$/);
    expect(loadConfig({ PAYLOAD_KEY: key }).payload.key!.id).toBe(payloadKeyOf(key).id);
    expect(loadConfig({ PAYLOAD_KEY: '' }).payload.key).toBeUndefined();
  });

  it('refuses a key that is not 32 bytes of base64, without echoing it', () => {
    for (const bad of [randomBytes(16).toString('base64'), 'not base64 at all!', `${key}x`]) {
      expect(() => loadConfig({ PAYLOAD_KEY: bad })).toThrow(/^invalid PAYLOAD_KEY: 32 bytes in base64/);
      expect(() => loadConfig({ PAYLOAD_KEY: bad })).not.toThrow(bad);
    }
    expect(() => loadConfig({ PAYLOAD_PREVIOUS_KEYS: 'a:b' })).toThrow(/PAYLOAD_PREVIOUS_KEYS/);
    expect(() => loadConfig({ PAYLOAD_KEY: key, PAYLOAD_KEY_ID: 'bad id' })).toThrow(/PAYLOAD_KEY_ID/);
  });

  it('keeps a generated key in the data folder for the one-process start, and demands PAYLOAD_KEY otherwise', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sciezka-key-'));
    try {
      const config = loadConfig({ DATA_DIR: path.join(dir, 'data') });
      await expect(loadPayloadKeys(config, { generate: false })).rejects.toThrow(/^PAYLOAD_KEY is not set; the worker and the server must share one payload key/);
      const first = await loadPayloadKeys(config, { generate: true });
      const file = path.join(dir, 'data', KEY_FILE);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await loadPayloadKeys(config, { generate: true })).current).toEqual(first.current);
      await writeFile(file, 'broken');
      await expect(loadPayloadKeys(config, { generate: true })).rejects.toThrow(/damaged/);
      // The configured key wins over the file.
      expect((await loadPayloadKeys(loadConfig({ DATA_DIR: path.join(dir, 'data'), PAYLOAD_KEY: key }), { generate: true })).current.key.toString('base64')).toBe(key);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
