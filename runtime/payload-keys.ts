// Where the payload key comes from: PAYLOAD_KEY, or, for the embedded one-process start with no
// configuration, a key generated once into the data folder (so a restart can still read every history).
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { payloadKeyOf, type Config, type PayloadKey } from './config';
import { encryptingDataConverter } from './payload-codec';
import { StartupError } from './startup-error';

export const KEY_FILE = 'payload.key';

export interface PayloadKeys {
  current: PayloadKey;
  previous: PayloadKey[];
}

/**
 * The keys from the configuration; without PAYLOAD_KEY, `generate` keeps one in `<dataDir>/payload.key`
 * (mode 0600), else startup fails: a worker and a server in separate processes must share one key.
 */
export async function loadPayloadKeys(config: Config, opts: KeySource): Promise<PayloadKeys> {
  const previous = config.payload.previousKeys;
  if (config.payload.key) return { current: config.payload.key, previous };
  const file = path.join(config.dataDir, KEY_FILE);
  if (opts.joinEmbedded) {
    // A command beside a running `npm start` (the demo): that start's key, never a new one.
    const b64 = await readFile(file, 'utf8').catch(() => {
      throw new StartupError(`no payload key in ${config.dataDir}: start the system first (npm start with the same DATA_DIR), or set PAYLOAD_KEY`);
    });
    return { current: payloadKeyOf(b64.trim()), previous };
  }
  if (!opts.generate) {
    throw new StartupError('PAYLOAD_KEY is not set; the worker and the server must share one payload key: set PAYLOAD_KEY=$(openssl rand -base64 32) for both');
  }
  return { current: await keyFile(file), previous };
}

async function keyFile(file: string): Promise<PayloadKey> {
  const existing = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw new StartupError(`cannot read the payload key ${file} (${err.code ?? err.message}); check the data folder's permissions`);
  });
  if (existing !== undefined) {
    const b64 = existing.trim();
    if (Buffer.from(b64, 'base64').length !== 32) {
      throw new StartupError(`the payload key ${file} is damaged (not 32 bytes in base64); restore it from a backup, without it no history can be read`);
    }
    return payloadKeyOf(b64);
  }
  const b64 = randomBytes(32).toString('base64');
  try {
    await mkdir(path.dirname(file), { recursive: true });
    // 'wx': two processes starting at once cannot overwrite each other's key.
    await writeFile(file, `${b64}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return keyFile(file);
    throw new StartupError(`cannot write the payload key ${file} (${(err as Error).message}); check DATA_DIR`);
  }
  return payloadKeyOf(b64);
}

/** `generate`: the one-process start keeps a key in the data folder; `joinEmbedded`: read that key, never make one. */
export interface KeySource {
  generate: boolean;
  joinEmbedded?: boolean;
}

export async function payloadDataConverter(config: Config, opts: KeySource): Promise<DataConverter> {
  return encryptingDataConverter(await loadPayloadKeys(config, opts));
}
