// What the panel needs from a project's configuration to show one participant: its regulations version
// (points sheet, attendance threshold) and its support catalogue.
import type { Db } from '../../db/connect';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { EMPTY_PROJECT_CONFIG, type ProjectConfig } from '../../domain/project';
import { supportCatalogueOf } from '../../domain/support-forms';
import type { ProjectRules } from '../../domain/types';

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
