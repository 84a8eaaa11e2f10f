import { sql, type Kysely } from 'kysely';

// Users belong to projects (server/services/scope.ts reads this): user_projects lists the projects a user
// works in; users.all_projects gives every project, present and future (the administrator, and the
// director or an auditor when the centre decides so). Existing users keep what they saw before the
// upgrade: administrators, directors and auditors all projects, everyone else each existing project,
// which the administrator then narrows on the Users page. A new user has none until given some.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('all_projects', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
  await db.schema
    .createTable('user_projects')
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('project_id', 'uuid', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_projects_pk', ['user_id', 'project_id'])
    .execute();
  await db.schema.createIndex('user_projects_project').on('user_projects').column('project_id').execute();
  await sql`update users set all_projects = true where role in ('admin', 'director', 'auditor')`.execute(db);
  await sql`insert into user_projects (user_id, project_id) select u.id, p.id from users u cross join projects p where not u.all_projects`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_projects').execute();
  await db.schema.alterTable('users').dropColumn('all_projects').execute();
}
