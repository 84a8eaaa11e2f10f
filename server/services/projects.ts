// Projects and their regulations: configured data. A new rules version applies to journeys that start
// after it; running journeys keep the version they started with (they carry it in their input).
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { AuditAction } from '../../i18n';
import { reconfigureUpdate } from '../../contracts/round';
import type { ReconfigureArgs } from '../../domain/round-reconfigure';
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { DEFAULT_RULES } from '../../domain/default-rules';
import type { EscalationChain } from '../../domain/reminders';
import { escalationChain } from '../../db/project-settings';
import { supportCatalogueOf } from '../../domain/support-forms';
import {
  EMPTY_PROJECT_CONFIG,
  parseOrFail,
  projectInputSchema,
  projectUpdateSchema,
  type ProjectConfig,
} from '../../domain/project';
import { can } from '../../domain/permissions';
import type { ProjectRules } from '../../domain/types';
import type { Actor as UserActor } from '../actor';
import { audit as writeAudit } from '../audit';
import { roundUpdate } from './recruitment';
import { assertCanSeeProject, inProjectsOf, type ScopeActor } from './scope';

/** A signed-in user, or the system itself (the example seed) with a null id. */
export type Actor = Pick<UserActor, 'role'> & { id: string | null };
export const SYSTEM_ACTOR: Actor = { id: null, role: 'admin' };

export interface ProjectView {
  id: string;
  code: string;
  name: string;
  startsOn: string;
  endsOn: string;
  places: number;
  config: ProjectConfig;
  rulesVersion: number;
  rules: ProjectRules;
  /** Who hears about an overdue task next (the default chain while the project sets none). */
  escalation: EscalationChain;
}

export type ProjectSummary = Omit<ProjectView, 'config' | 'rules' | 'escalation'>;

/** Who configures projects: the permission table's answer for creating and updating one. */
function mayConfigure(actor: Actor, op: 'createProject' | 'updateProject') {
  if (!can(actor.role, op)) throw new AppError('forbidden', 'Konfigurację projektu zmienia koordynator lub administrator');
}

const audit = (db: Db, actor: Actor, action: AuditAction, projectId: string, details: Record<string, unknown>) =>
  writeAudit(db, actor, { action, entity: 'project', entityId: projectId, details });

/** The actor's projects as choices of a form or filter (with their target groups). */
export async function projectOptions(db: Db, actor: ScopeActor): Promise<Array<{ id: string; label: string; targetGroups: ProjectConfig['targetGroups'] }>> {
  const rows = await db.selectFrom('projects as p').select(['p.id', 'p.code', 'p.name', 'p.config']).where(inProjectsOf(actor, 'p.id')).orderBy('p.code').execute();
  return rows.map((p) => ({ id: p.id, label: `${p.code} – ${p.name}`, targetGroups: p.config?.targetGroups ?? [] }));
}

export async function createProject(db: Db, actor: Actor, input: unknown): Promise<ProjectView> {
  mayConfigure(actor, 'createProject');
  const p = parseOrFail(projectInputSchema, input, 'Nieprawidłowa konfiguracja projektu');
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('projects')
      .values({
        code: p.code,
        name: p.name,
        starts_on: p.startsOn,
        ends_on: p.endsOn,
        places: p.places,
        config: JSON.stringify(p.config),
        current_rules_version: 1,
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('conflict', `project ${p.code} exists`, [{ field: 'code', message: `Projekt o kodzie „${p.code}” już istnieje` }]);
    await tx
      .insertInto('project_rules')
      .values({ project_id: row.id, version: 1, rules: JSON.stringify({ ...p.rules, version: 1 }), created_by: actor.id })
      .execute();
    // Whoever creates a project works in it (unless they see every project anyway).
    if (actor.id) await tx.insertInto('user_projects').values({ user_id: actor.id, project_id: row.id }).onConflict((oc) => oc.doNothing()).execute();
    await audit(tx, actor, 'project.create', row.id, { code: p.code });
    return row.id;
  });
  return getProject(db, id);
}

/** The projects the actor works in. */
export async function listProjects(db: Db, actor: ScopeActor): Promise<ProjectSummary[]> {
  const rows = await db.selectFrom('projects as p').selectAll().where(inProjectsOf(actor, 'p.id')).orderBy('p.starts_on', 'desc').orderBy('p.code').execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    places: r.places,
    rulesVersion: r.current_rules_version,
  }));
}

export async function getProject(db: Db, id: string): Promise<ProjectView> {
  const row = await db
    .selectFrom('projects')
    .innerJoin('project_rules', (j) =>
      j.onRef('project_rules.project_id', '=', 'projects.id').onRef('project_rules.version', '=', 'projects.current_rules_version'),
    )
    .selectAll('projects')
    .select('project_rules.rules')
    .where('projects.id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'Nie ma takiego projektu');
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    places: row.places,
    config: row.config,
    rulesVersion: row.current_rules_version,
    rules: row.rules,
    escalation: await escalationChain(db, row.id),
  };
}

/** One of the actor's projects (404 for the others). */
export async function viewProject(db: Db, actor: ScopeActor, id: string): Promise<ProjectView> {
  await assertCanSeeProject(db, actor, id);
  return getProject(db, id);
}

export async function getProjectByCode(db: Db, code: string): Promise<ProjectView | undefined> {
  const row = await db.selectFrom('projects').select('id').where('code', '=', code).executeTakeFirst();
  return row ? getProject(db, row.id) : undefined;
}

/** One version of the regulations (a running journey asks for the one it started with). */
export async function getRules(db: Db, projectId: string, version: number): Promise<ProjectRules> {
  const row = await db
    .selectFrom('project_rules')
    .select('rules')
    .where('project_id', '=', projectId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `Projekt nie ma wersji ${version} regulaminu`);
  return row.rules;
}

/**
 * Name, period, places and configuration (groups, quotas, catalogue, indicators, budget). Places and quotas are the running round's too: they reach it through its
 * reconfigure Update (which refuses fewer places than are taken, and gives new places to the reserve
 * list) before the row is written, the row locked meanwhile so that two edits reach the round in the
 * order they are stored. No round yet: it reads the row when it starts.
 */
export async function updateConfig(deps: { db: Db; temporal: Client }, actor: Actor, id: string, input: unknown): Promise<ProjectView> {
  const { db } = deps;
  mayConfigure(actor, 'updateProject');
  await assertCanSeeProject(db, actor, id);
  const p = parseOrFail(projectUpdateSchema, input, 'Nieprawidłowa konfiguracja projektu');
  await db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('projects').select(['places', 'config']).where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
    if (!before) throw new AppError('not_found', 'Nie ma takiego projektu');
    const quotasBefore = (before.config as ProjectConfig).quotas ?? [];
    if (before.places !== p.places || JSON.stringify(quotasBefore) !== JSON.stringify(p.config.quotas)) {
      await reconfigureRound(deps.temporal, id, { requestId: randomUUID(), places: p.places, quotas: p.config.quotas, changedBy: actor.id ?? 'system' });
    }
    await tx
      .updateTable('projects')
      .set({ name: p.name, starts_on: p.startsOn, ends_on: p.endsOn, places: p.places, config: JSON.stringify(p.config) })
      .where('id', '=', id)
      .execute();
    if (p.escalation) {
      const values = { chain: JSON.stringify(p.escalation.chain), after_working_days: p.escalation.afterWorkingDays, updated_at: new Date(), updated_by: actor.id };
      await tx.insertInto('escalation_chains').values({ project_id: id, ...values }).onConflict((oc) => oc.column('project_id').doUpdateSet(values)).execute();
    }
    await audit(tx, actor, 'project.update', id, { places: p.places, placesBefore: before.places, ...(p.escalation ? { escalation: p.escalation } : {}) });
  });
  return getProject(db, id);
}

/** The round's reconfigure Update; a round not started yet is no error (it reads the row when it starts). */
async function reconfigureRound(temporal: Client, projectId: string, args: ReconfigureArgs): Promise<void> {
  try {
    await roundUpdate(temporal, projectId, reconfigureUpdate, args, args.requestId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return;
    if (err instanceof AppError && err.code === 'not_allowed_now') throw new AppError('invalid_input', err.message, [{ field: 'places', message: err.message }]);
    throw err;
  }
}


// What the panel needs from a project's configuration to show one participant: its regulations version
// (points sheet, attendance threshold) and its support catalogue.

export interface ProjectContext {
  id: string;
  code: string;
  name: string;
  config: ProjectConfig;
  rules: ProjectRules;
  supportCatalogue: ProjectConfig['supportCatalogue'];
}

export async function projectContext(db: Db, projectId: string, rulesVersion: number): Promise<ProjectContext> {
  const [project, stored] = await Promise.all([
    db.selectFrom('projects').select(['id', 'code', 'name', 'config']).where('id', '=', projectId).executeTakeFirstOrThrow(),
    db.selectFrom('project_rules').select('rules').where('project_id', '=', projectId).where('version', '=', rulesVersion).executeTakeFirst(),
  ]);
  const config = { ...EMPTY_PROJECT_CONFIG, ...(project.config ?? {}) };
  // Same fallback as the journey's activities: a project without stored regulations runs on the defaults.
  const rules = stored ? { ...stored.rules, version: rulesVersion } : DEFAULT_RULES;
  return {
    id: project.id,
    code: project.code,
    name: project.name,
    config,
    rules,
    supportCatalogue: supportCatalogueOf(config),
  };
}
