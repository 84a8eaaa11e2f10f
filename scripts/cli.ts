// `npm run cli -- <command>`: operator commands against the configured database.
//   token create --email <e-mail> [--name <label>]   prints a new API token for that user (shown once)
import { parseArgs } from 'node:util';
import { openMigratedDatabase } from '../runtime/bootstrap';
import { loadConfig } from '../runtime/config';
import { runMain } from '../runtime/process';
import { StartupError } from '../runtime/startup-error';
import { createApiToken } from '../server/services/api-tokens';

const USAGE = 'usage: npm run cli -- token create --email <e-mail> [--name <label>]';

await runMain(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' } },
  });
  const command = positionals.join(' ');
  if (command !== 'token create') throw new StartupError(`unknown command "${command}"; ${USAGE}`);
  if (!values.email) throw new StartupError(`--email is required; ${USAGE}`);
  const handle = await openMigratedDatabase(loadConfig());
  try {
    const user = await handle.db.selectFrom('users').select('id').where('email', '=', values.email.trim().toLowerCase()).executeTakeFirst();
    if (!user) throw new StartupError(`no user with the e-mail ${values.email}`);
    const { token } = await createApiToken(handle.db, null, user.id, values.name ?? 'cli');
    // The token alone on stdout, so scripts can capture it.
    console.log(token);
  } finally {
    await handle.close();
  }
});
