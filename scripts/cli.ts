// `npm run cli -- <command>`: operator commands against the configured database.
//   token create --email <e-mail> [--name <label>] [--days <1-365>] [--read-only]
//                                                     prints a new API token for that user (shown once;
//                                                     90 days unless --days; read-write unless --read-only)
//   gdpr anonymize-due                                anonymizes the participants of every project whose
//                                                     retention period (config.retentionYears) is over
//   audit verify                                      checks the audit log's hash chain; exit 1 at the first broken link
import { parseArgs } from 'node:util';
import { openMigratedDatabase } from '../runtime/bootstrap';
import { loadConfig } from '../runtime/config';
import { runMain } from '../runtime/process';
import { StartupError } from '../runtime/startup-error';
import { CLI_TOKEN_DAYS, createApiToken, MAX_TOKEN_DAYS } from '../server/services/api-tokens';
import { anonymizeDueProjects } from '../server/services/gdpr';
import { describeChainCheck, verifyAuditChain } from '../server/audit-chain';

const USAGE = 'usage: npm run cli -- token create --email <e-mail> [--name <label>] [--days <1-365>] [--read-only] | gdpr anonymize-due | audit verify';

await runMain(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, days: { type: 'string' }, 'read-only': { type: 'boolean' } },
  });
  const command = positionals.join(' ');
  if (command === 'gdpr anonymize-due') {
    const handle = await openMigratedDatabase(loadConfig());
    try {
      for (const r of await anonymizeDueProjects(handle.db)) console.log(`project ${r.projectId}: ${r.anonymized} participants anonymized (due ${r.dueOn})`);
    } finally {
      await handle.close();
    }
    return;
  }
  if (command === 'audit verify') {
    const handle = await openMigratedDatabase(loadConfig());
    try {
      const check = await verifyAuditChain(handle.db);
      (check.ok ? console.log : console.error)(describeChainCheck(check));
      if (!check.ok) process.exitCode = 1;
    } finally {
      await handle.close();
    }
    return;
  }
  if (command !== 'token create') throw new StartupError(`unknown command "${command}"; ${USAGE}`);
  if (!values.email) throw new StartupError(`--email is required; ${USAGE}`);
  const days = values.days === undefined ? CLI_TOKEN_DAYS : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) throw new StartupError(`--days must be a whole number from 1 to ${MAX_TOKEN_DAYS}`);
  const handle = await openMigratedDatabase(loadConfig());
  try {
    const user = await handle.db.selectFrom('users').select('id').where('email', '=', values.email.trim().toLowerCase()).executeTakeFirst();
    if (!user) throw new StartupError(`no user with the e-mail ${values.email}`);
    const { token } = await createApiToken(handle.db, null, user.id, values.name ?? 'cli', { expiresInDays: days, scope: values['read-only'] ? 'read' : 'read-write' });
    // The token alone on stdout, so scripts can capture it.
    console.log(token);
  } finally {
    await handle.close();
  }
});
