// Who sees what, in one place: a user sees the projects they work in (user_projects, or all of them with
// users.all_projects) and, of those, the participants their role may see (a social worker: their own and
// the unassigned). Every list, page, export, PDF, task and API answer about participants or projects
// reads through these; what lies outside answers 404, as if it did not exist (the refusal is audited by
// server/refusal-audit.ts).
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import type { Role } from '../../domain/types';

/** Whose view: a user's id and role. A null id is the system itself (the command line, the seed): everything. */
export interface ScopeActor {
  id: string | null;
  role: Role;
}

const isUuid = (id: string) => z.uuid().safeParse(id).success;

/** SQL: the project in column `col` is one the actor works in. */
export function inProjectsOf(actor: Pick<ScopeActor, 'id'>, col = 'a.project_id'): RawBuilder<boolean> {
  if (actor.id === null) return sql<boolean>`true`;
  return sql<boolean>`(${sql.ref(col)} in (select up.project_id from user_projects up where up.user_id = ${actor.id})
    or exists (select 1 from users u where u.id = ${actor.id} and u.all_projects))`;
}

/** SQL: the application (aliased `a`) is one the actor may see: in their projects; a social worker's own or unassigned. */
export function visibleTo(actor: ScopeActor): RawBuilder<boolean> {
  const projects = inProjectsOf(actor);
  if (actor.role !== 'social_worker' || actor.id === null) return projects;
  return sql<boolean>`(${projects} and (a.social_worker_id = ${actor.id} or a.social_worker_id is null))`;
}

/**
 * SQL: the task (aliased `t`) is one the actor may see: addressed to them, or about a project (and a
 * participant) they work with; a task about no project is the whole office's.
 */
export function taskVisibleTo(actor: ScopeActor): RawBuilder<boolean> {
  if (actor.id === null) return sql<boolean>`true`;
  return sql<boolean>`(t.assignee_user_id = ${actor.id} or ((t.project_id is null or ${inProjectsOf(actor, 't.project_id')})
    and not exists (select 1 from applications a where a.id = t.application_id and not ${visibleTo(actor)})))`;
}

/** The participant, if the actor may see them; otherwise 404 (another project's participant does not exist for them). */
export async function assertCanSee(db: Db, actor: ScopeActor, applicationId: string): Promise<{ socialWorkerId: string | null; projectId: string }> {
  const row = isUuid(applicationId)
    ? await db.selectFrom('applications as a').select(['a.social_worker_id', 'a.project_id']).where('a.id', '=', applicationId).where(visibleTo(actor)).executeTakeFirst()
    : undefined;
  if (!row) throw new AppError('not_found', 'no such participant');
  return { socialWorkerId: row.social_worker_id, projectId: row.project_id };
}

/** The project, if the actor works in it; otherwise 404. */
export async function assertCanSeeProject(db: Db, actor: ScopeActor, projectId: string): Promise<void> {
  const row = isUuid(projectId)
    ? await db.selectFrom('projects as p').select('p.id').where('p.id', '=', projectId).where(inProjectsOf(actor, 'p.id')).executeTakeFirst()
    : undefined;
  if (!row) throw new AppError('not_found', 'Nie ma takiego projektu');
}

/** Of these applications, the ones the actor may see (a bulk action acts on those only). */
export async function visibleIds(db: Db, actor: ScopeActor, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('applications as a').select('a.id').where('a.id', 'in', [...ids]).where(visibleTo(actor)).execute();
  const visible = new Set(rows.map((r) => r.id));
  return ids.filter((id) => visible.has(id));
}

/** The projects a user works in: 'all', or their ids (the Users page shows and edits them). */
export async function projectsOf(db: Db, userId: string): Promise<'all' | string[]> {
  const user = await db.selectFrom('users').select('all_projects').where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AppError('not_found', 'no such user');
  if (user.all_projects) return 'all';
  const rows = await db.selectFrom('user_projects').select('project_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.project_id);
}
