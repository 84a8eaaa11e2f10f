// Versions of a project's regulations (issue 15 item 3). The director issues a version (points sheet,
// thresholds, reminder days, office hours) with the day it takes effect; applications received from that
// day start on it. Running journeys keep theirs until the director migrates them: a preview names who
// moves, then one workflow (workflows/rules-migration.ts) sends each journey its migrateRules Update and
// the progress page counts the outcomes it stores.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { rulesInEffect } from '../../db/project-settings';
import { RULES_MIGRATION_WORKFLOW_TYPE, rulesMigrationWorkflowId, type RulesMigrationInput } from '../../contracts/rules-migration';
import { AppError } from '../../domain/errors';
import { assertCan } from '../../domain/permissions';
import { parseOrFail, projectRulesSchema } from '../../domain/project';
import type { IsoDate, ProjectRules, Stage } from '../../domain/types';
import type { BothLanguages, Message } from '../../i18n';
import { formatDate, todayInWarsaw } from '../../i18n/format';
import type { ServiceActor as Actor } from '../actor';
import { audit } from '../audit';
import { assertCanSeeProject } from './scope';

export interface RulesVersionView {
  version: number;
  effectiveFrom: IsoDate | null;
  approvedByAct: string | null;
  issuedAt: Date;
  issuedBy: string | null;
  /** Running journeys (not closed) on this version. */
  running: number;
  rules: ProjectRules;
}

export interface MigrationCandidate {
  applicationId: string;
  name: string;
  stage: Stage;
  rulesVersion: number;
}

export interface MigrationProgress {
  id: string;
  projectId: string;
  toVersion: number;
  total: number;
  migrated: number;
  skipped: Array<{ applicationId: string; name: string; reason: Message | BothLanguages | null }>;
  startedAt: Date;
  startedBy: string | null;
  finishedAt: Date | null;
}

const issueSchema = z.object({
  rules: projectRulesSchema,
  effectiveFrom: z.iso.date('Data w formacie RRRR-MM-DD'),
  approvedByAct: z.string().trim().max(200, 'Najwyżej 200 znaków').optional(),
});

/** Every version, newest first, with how many running journeys each holds. */
export async function listRulesVersions(db: Db, actor: Actor, projectId: string): Promise<RulesVersionView[]> {
  assertCan(actor.role, 'listProjects');
  await assertCanSeeProject(db, actor, projectId);
  const [versions, running] = await Promise.all([
    db
      .selectFrom('project_rules as r')
      .leftJoin('users as u', 'u.id', 'r.created_by')
      .select(['r.version', 'r.effective_from', 'r.approved_by_act', 'r.created_at', 'r.rules', 'u.name'])
      .where('r.project_id', '=', projectId)
      .orderBy('r.version', 'desc')
      .execute(),
    db
      .selectFrom('applications')
      .select(['rules_version', (eb) => eb.fn.countAll<string>().as('n')])
      .where('project_id', '=', projectId)
      .where('stage', '!=', 'closed')
      .groupBy('rules_version')
      .execute(),
  ]);
  const count = new Map(running.map((r) => [r.rules_version, Number(r.n)]));
  return versions.map((v) => ({
    version: v.version,
    effectiveFrom: v.effective_from,
    approvedByAct: v.approved_by_act,
    issuedAt: v.created_at,
    issuedBy: v.name,
    running: count.get(v.version) ?? 0,
    rules: v.rules,
  }));
}

/**
 * A new version of the regulations, effective from a day (today or later, within the project). Returns
 * its number. Journeys already running keep theirs (see migrationPreview).
 */
export async function issueRulesVersion(db: Db, actor: Actor, projectId: string, input: unknown, today: IsoDate = todayInWarsaw()): Promise<number> {
  assertCan(actor.role, 'issueRules');
  await assertCanSeeProject(db, actor, projectId);
  const v = parseOrFail(issueSchema, input, 'Nieprawidłowy regulamin');
  return db.transaction().execute(async (tx) => {
    const project = await tx.selectFrom('projects').select(['current_rules_version', 'ends_on']).where('id', '=', projectId).forUpdate().executeTakeFirst();
    if (!project) throw new AppError('not_found', 'Nie ma takiego projektu');
    if (v.effectiveFrom < today) throw fieldError('effectiveFrom', `Wersja nie może obowiązywać wstecz (przed ${formatDate(today)})`);
    if (v.effectiveFrom > project.ends_on) throw fieldError('effectiveFrom', `Projekt kończy się ${formatDate(project.ends_on)}`);
    const version = project.current_rules_version + 1;
    await tx
      .insertInto('project_rules')
      .values({
        project_id: projectId,
        version,
        rules: JSON.stringify({ ...v.rules, version }),
        created_by: actor.id,
        effective_from: v.effectiveFrom,
        approved_by_act: v.approvedByAct || null,
      })
      .execute();
    await tx.updateTable('projects').set({ current_rules_version: version }).where('id', '=', projectId).execute();
    await audit(tx, actor, { action: 'project.rules_version', entity: 'project', entityId: projectId, details: { version, effectiveFrom: v.effectiveFrom } });
    return version;
  });
}

const fieldError = (field: string, message: string) => new AppError('invalid_input', message, [{ field, message }]);

/**
 * The version an application received on `day` starts with: the newest in effect that day. A project
 * without stored versions (or none in effect yet) keeps its current number.
 */
export async function rulesVersionOn(db: Db, projectId: string, day: IsoDate): Promise<number> {
  const rules = await rulesInEffect(db, projectId, day);
  if (rules) return rules.version;
  const project = await db.selectFrom('projects').select('current_rules_version').where('id', '=', projectId).executeTakeFirstOrThrow();
  return project.current_rules_version;
}

/**
 * The regulations as a project's page states them on `day`: the version in effect, and a newer one issued
 * ahead of its effective day, if any (it is not the project's rules until then).
 */
export async function rulesOnDay(db: Db, project: { id: string; rulesVersion: number; rules: ProjectRules }, day: IsoDate): Promise<{ inForce: ProjectRules; upcoming?: { version: number; effectiveFrom: IsoDate } }> {
  const inForce = (await rulesInEffect(db, project.id, day)) ?? { ...project.rules, version: project.rulesVersion };
  if (inForce.version >= project.rulesVersion) return { inForce };
  const latest = await db.selectFrom('project_rules').select('effective_from').where('project_id', '=', project.id).where('version', '=', project.rulesVersion).executeTakeFirst();
  return { inForce, ...(latest?.effective_from ? { upcoming: { version: project.rulesVersion, effectiveFrom: latest.effective_from } } : {}) };
}

/** A version that may be migrated to: stored and in effect. */
async function versionInEffect(db: Db, projectId: string, version: number, today: IsoDate): Promise<void> {
  const row = await db.selectFrom('project_rules').select('effective_from').where('project_id', '=', projectId).where('version', '=', version).executeTakeFirst();
  if (!row) throw new AppError('not_found', `Projekt nie ma wersji ${version} regulaminu`);
  if (row.effective_from && row.effective_from > today) {
    throw new AppError('not_allowed_now', `Wersja ${version} obowiązuje od ${formatDate(row.effective_from)}; przed tym dniem nie można na nią przenieść ścieżek`);
  }
}

async function candidates(db: Db, projectId: string, toVersion: number): Promise<MigrationCandidate[]> {
  const rows = await db
    .selectFrom('applications')
    .select(['id', 'first_name', 'last_name', 'stage', 'rules_version'])
    .where('project_id', '=', projectId)
    .where('stage', '!=', 'closed')
    .where('rules_version', '<', toVersion)
    .where('anonymized_at', 'is', null)
    .orderBy('last_name')
    .orderBy('first_name')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ applicationId: r.id, name: `${r.first_name} ${r.last_name}`, stage: r.stage, rulesVersion: r.rules_version }));
}

/** Who a migration to `toVersion` would move: the running journeys on older versions (names read: audited). */
export async function migrationPreview(db: Db, actor: Actor, projectId: string, toVersion: number, today: IsoDate = todayInWarsaw()): Promise<MigrationCandidate[]> {
  assertCan(actor.role, 'issueRules');
  await assertCanSeeProject(db, actor, projectId);
  await versionInEffect(db, projectId, toVersion, today);
  const list = await candidates(db, projectId, toVersion);
  await audit(db, actor, { action: 'rules.migration_preview', entity: 'project', entityId: projectId, details: { toVersion, applications: list.length } });
  return list;
}

/**
 * Starts the migration of what the preview showed: `expected` is the preview's count, so a list that
 * changed meanwhile (a new application, one closed) asks for a fresh preview instead of surprising anyone.
 */
export async function startRulesMigration(
  deps: { db: Db; temporal: Client; taskQueue: string },
  actor: Actor,
  projectId: string,
  input: { toVersion: number; expected: number },
  today: IsoDate = todayInWarsaw(),
): Promise<string> {
  const { db } = deps;
  assertCan(actor.role, 'issueRules');
  await assertCanSeeProject(db, actor, projectId);
  await versionInEffect(db, projectId, input.toVersion, today);
  const running = await db.selectFrom('rules_migrations').select('id').where('project_id', '=', projectId).where('finished_at', 'is', null).executeTakeFirst();
  if (running) throw new AppError('not_allowed_now', 'W tym projekcie trwa już migracja regulaminu; poczekaj na jej koniec');
  const list = await candidates(db, projectId, input.toVersion);
  if (list.length !== input.expected) throw new AppError('conflict', `Lista zmieniła się od podglądu (było ${input.expected}, jest ${list.length}); obejrzyj ją ponownie`);
  if (list.length === 0) throw new AppError('not_allowed_now', 'Żadna trwająca ścieżka nie ma starszej wersji regulaminu');
  const id = randomUUID();
  await db.insertInto('rules_migrations').values({ id, project_id: projectId, to_version: input.toVersion, total: list.length, started_by: actor.id }).execute();
  await audit(db, actor, { action: 'rules.migration_start', entity: 'project', entityId: projectId, details: { migrationId: id, toVersion: input.toVersion, applications: list.length } });
  const workflowInput: RulesMigrationInput = { migrationId: id, toVersion: input.toVersion, actorId: actor.id, applicationIds: list.map((c) => c.applicationId) };
  await deps.temporal.workflow.start(RULES_MIGRATION_WORKFLOW_TYPE, { taskQueue: deps.taskQueue, workflowId: rulesMigrationWorkflowId(id), args: [workflowInput] });
  return id;
}

/** How far a migration got: moved, skipped (with why, names read: audited), finished or not. */
export async function migrationProgress(db: Db, actor: Actor, projectId: string, migrationId: string): Promise<MigrationProgress> {
  assertCan(actor.role, 'issueRules');
  await assertCanSeeProject(db, actor, projectId);
  const m = await db
    .selectFrom('rules_migrations as m')
    .leftJoin('users as u', 'u.id', 'm.started_by')
    .select(['m.id', 'm.project_id', 'm.to_version', 'm.total', 'm.started_at', 'm.finished_at', 'u.name'])
    .where('m.id', '=', migrationId)
    .where('m.project_id', '=', projectId)
    .executeTakeFirst();
  if (!m) throw new AppError('not_found', 'Nie ma takiej migracji');
  const items = await db
    .selectFrom('rules_migration_items as i')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .select(['i.application_id', 'i.outcome', 'i.reason', 'a.first_name', 'a.last_name'])
    .where('i.migration_id', '=', migrationId)
    .execute();
  const skipped = items.filter((i) => i.outcome === 'skipped');
  if (skipped.length) await audit(db, actor, { action: 'rules.migration_progress', entity: 'project', entityId: projectId, details: { migrationId, skipped: skipped.length } });
  return {
    id: m.id,
    projectId: m.project_id,
    toVersion: m.to_version,
    total: m.total,
    migrated: items.length - skipped.length,
    skipped: skipped.map((i) => ({ applicationId: i.application_id, name: `${i.first_name} ${i.last_name}`, reason: i.reason })),
    startedAt: m.started_at,
    startedBy: m.name,
    finishedAt: m.finished_at,
  };
}

/** The project's migrations, newest first, with how many journeys each has answered for (no names). */
export async function recentMigrations(db: Db, projectId: string): Promise<Array<{ id: string; toVersion: number; total: number; done: number; startedAt: Date; finishedAt: Date | null }>> {
  const rows = await db
    .selectFrom('rules_migrations as m')
    .leftJoin('rules_migration_items as i', 'i.migration_id', 'm.id')
    .select(['m.id', 'm.to_version', 'm.total', 'm.started_at', 'm.finished_at', (eb) => eb.fn.count<string>('i.application_id').as('done')])
    .where('m.project_id', '=', projectId)
    .groupBy(['m.id'])
    .orderBy('m.started_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((m) => ({ id: m.id, toVersion: m.to_version, total: m.total, done: Number(m.done), startedAt: m.started_at, finishedAt: m.finished_at }));
}
