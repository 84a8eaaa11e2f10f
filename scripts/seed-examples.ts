// npm run seed:examples: loads the two real projects of the seeds, so a new user sees something real.
// Idempotent by project code: an existing project is left as it is.
import { openMigratedDatabase } from '../runtime/bootstrap';
import { loadConfig } from '../runtime/config';
import { runMain } from '../runtime/process';
import { createProject, getProjectByCode, SYSTEM_ACTOR } from '../server/services/projects';
import { EXAMPLE_PROJECTS } from './example-projects';
import type { Db } from '../db/connect';

export async function seedExamples(db: Db): Promise<{ created: string[]; existing: string[] }> {
  const created: string[] = [];
  const existing: string[] = [];
  for (const p of EXAMPLE_PROJECTS) {
    if (await getProjectByCode(db, p.code)) existing.push(p.code);
    else {
      await createProject(db, SYSTEM_ACTOR, p);
      created.push(p.code);
    }
  }
  return { created, existing };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Embedded: while `npm start` runs, through its database port; otherwise the folder itself.
  await runMain(async () => {
    const handle = await openMigratedDatabase(loadConfig());
    try {
      const { created, existing } = await seedExamples(handle.db);
      console.log(`seed:examples: created ${created.join(', ') || 'none'}; already present ${existing.join(', ') || 'none'}`);
    } finally {
      await handle.close();
    }
  });
}
