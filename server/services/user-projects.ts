// The projects a user works in, as the administrator sets them (Users page, API). What they open the
// user's view to is decided in ./scope; a change applies from the user's next request.
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { assertCan } from '../../domain/permissions';
import type { ServiceActor } from '../actor';
import { audit } from '../audit';
import { projectsOf } from './scope';

export interface UserProjects {
  /** Every project, present and future. */
  allProjects: boolean;
  /** The projects worked in (empty with allProjects). */
  projectIds: string[];
}

/** The administrator's choice: all projects, or these (the panel's checkboxes post one value or several). */
export const userProjectsSchema = z.object({
  allProjects: z.preprocess((v) => v === true || v === 'true' || v === 'on', z.boolean()),
  projectIds: z.preprocess((v) => (v === undefined || v === '' ? [] : [v].flat()), z.array(z.uuid()).max(500)),
});

export async function getUserProjects(db: Db, actor: ServiceActor, userId: string): Promise<UserProjects> {
  assertCan(actor.role, 'manageUsers');
  if (!z.uuid().safeParse(userId).success) throw new AppError('not_found', 'no such user');
  const scope = await projectsOf(db, userId);
  return scope === 'all' ? { allProjects: true, projectIds: [] } : { allProjects: false, projectIds: scope };
}

/** Sets the user's projects (replacing the previous ones); audited with the projects (ids, nothing personal). */
/** `actor` with a null id: the system (the demo's staff accounts). */
export async function setUserProjects(db: Db, actor: Pick<ServiceActor, 'role'> & { id: string | null }, userId: string, input: unknown): Promise<UserProjects> {
  assertCan(actor.role, 'manageUsers');
  const parsed = userProjectsSchema.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', 'invalid projects', [{ field: 'projectIds', message: 'Wybierz projekty z listy' }]);
  const allProjects = parsed.data.allProjects;
  const projectIds = allProjects ? [] : [...new Set(parsed.data.projectIds)];
  if (!z.uuid().safeParse(userId).success) throw new AppError('not_found', 'no such user');
  if (projectIds.length) {
    const known = await db.selectFrom('projects').select('id').where('id', 'in', projectIds).execute();
    if (known.length !== projectIds.length) throw new AppError('invalid_input', 'unknown project', [{ field: 'projectIds', message: 'Nie ma takiego projektu' }]);
  }
  await db.transaction().execute(async (tx) => {
    const res = await tx.updateTable('users').set({ all_projects: allProjects }).where('id', '=', userId).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError('not_found', 'no such user');
    await tx.deleteFrom('user_projects').where('user_id', '=', userId).execute();
    if (projectIds.length) await tx.insertInto('user_projects').values(projectIds.map((project_id) => ({ user_id: userId, project_id }))).execute();
    await audit(tx, actor, { action: 'user_projects_set', entity: 'user', entityId: userId, details: { allProjects, projectIds } });
  });
  return { allProjects, projectIds };
}

/** Every user's projects, for the Users page: 'all' or the project ids. */
export async function projectsByUser(db: Db): Promise<Map<string, 'all' | string[]>> {
  const [users, rows] = await Promise.all([
    db.selectFrom('users').select(['id', 'all_projects']).execute(),
    db.selectFrom('user_projects').select(['user_id', 'project_id']).execute(),
  ]);
  const out = new Map<string, 'all' | string[]>(users.map((u) => [u.id, u.all_projects ? 'all' : []]));
  for (const r of rows) {
    const have = out.get(r.user_id);
    if (Array.isArray(have)) have.push(r.project_id);
  }
  return out;
}
