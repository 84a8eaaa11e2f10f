// The API's contract as committed files (openapi/): the OpenAPI 3.1 document and its generated types are
// what the code describes (run `npm run openapi` after changing a route), and the third-party linter
// (@redocly/cli, its recommended rules) finds nothing in the document.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { contractFiles, DOCUMENT_PATH, TYPES_PATH } from '../../scripts/openapi';

describe('the API contract', () => {
  it('openapi/ holds the document and the types the code describes', async () => {
    const { document, types } = await contractFiles();
    // Compared as text, so the failure shows the first line that differs; `npm run openapi` writes both.
    expect(await readFile(DOCUMENT_PATH, 'utf8'), 'openapi/openapi.json is stale: run npm run openapi').toBe(document);
    expect(await readFile(TYPES_PATH, 'utf8'), 'openapi/schema.d.ts is stale: run npm run openapi').toBe(types);
    expect(JSON.parse(document).openapi).toBe('3.1.0');
  });

  it('passes @redocly/cli lint with its recommended rules, errors and warnings alike', async () => {
    const bin = fileURLToPath(new URL('../../node_modules/.bin/redocly', import.meta.url));
    const { stdout, stderr } = await promisify(execFile)(bin, ['lint', fileURLToPath(DOCUMENT_PATH), '--format=summary', '--max-problems=50'], { env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
    const out = stdout + stderr;
    expect(out).toContain('Your API description is valid');
    expect(out).not.toMatch(/warning/i);
  }, 60_000);
});
