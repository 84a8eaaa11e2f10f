// One person, one application per project: the same PESEL twice in a project is refused (409, naming the
// application there), in another project of the centre it is a warning. The unique index of migration
// 0019 decides races; these read what the person already has. Anonymized applications do not count
// (their PESEL is blank). Every other application does, whatever its stage: a person rejected, resigned or
// ended keeps their one application in the project (the monitoring counts a person once per project);
// the office corrects or continues that one.
import type { Db } from '../../db/connect';
import { PESEL_UNIQUE_INDEX } from '../../db/schema';
import { AppError } from '../../domain/errors';
import { assertCan } from '../../domain/permissions';
import { parsePesel } from '../../domain/pesel';
import type { ServiceActor } from '../actor';
import { audit } from '../audit';
import { assertCanSeeProject } from './scope';

/** The application of this person in another project, as a warning names it (no personal data). */
export interface OtherApplication {
  applicationId: string;
  projectCode: string;
  link: string;
}

export const participantLink = (applicationId: string) => `/participants/${applicationId}`;

/** The person's application in this project (other than `exceptId`), if any. */
export async function applicationInProject(db: Db, projectId: string, pesel: string, exceptId?: string): Promise<string | null> {
  const row = await db
    .selectFrom('applications')
    .select('id')
    .where('project_id', '=', projectId)
    .where('pesel', '=', pesel)
    .where('anonymized_at', 'is', null)
    .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId!))
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The person's applications in the centre's other projects: shown as a warning, not refused. */
export async function applicationsInOtherProjects(db: Db, projectId: string, pesel: string): Promise<OtherApplication[]> {
  const rows = await db
    .selectFrom('applications as a')
    .innerJoin('projects as p', 'p.id', 'a.project_id')
    .select(['a.id', 'p.code'])
    .where('a.pesel', '=', pesel)
    .where('a.project_id', '!=', projectId)
    .where('a.anonymized_at', 'is', null)
    .orderBy('a.received_at')
    .execute();
  return rows.map((r) => ({ applicationId: r.id, projectCode: r.code, link: participantLink(r.id) }));
}

/** The 409 for a second application of one person in a project: the API gets the id and both links. */
export function duplicateApplication(existingId: string): AppError {
  const text = { key: 'refusal.duplicateApplication' } as const;
  return new AppError('duplicate_application', 'this person already has an application in this project', [{ field: 'pesel', message: 'duplicate', text }], text, {
    applicationId: existingId,
    link: participantLink(existingId),
    apiLink: `/api/participants/${existingId}`,
  });
}

/** A unique-index violation of one person's second application in a project (PostgreSQL 23505). */
export const isDuplicateApplicationError = (err: unknown) => {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && e.constraint === PESEL_UNIQUE_INDEX;
};

/**
 * What the registering person is told while filling in the form: the application of this PESEL in the
 * chosen project, or in the centre's others (named whatever the user's project scope: a person taking part
 * twice must show; the pages behind the links keep their scope). Null for an incomplete PESEL or a project
 * outside the user's scope. Audited (it says whether the centre knows this PESEL); the answer names
 * applications and projects, nothing else about the person.
 */
export async function checkPerson(db: Db, actor: ServiceActor, projectId: string, pesel: string): Promise<{ sameProject: string | null; otherProjects: OtherApplication[] } | null> {
  assertCan(actor.role, 'submitApplication');
  if (!parsePesel(pesel).ok) return null;
  // Only in a project the user registers for (their project scope): no probing of the others.
  if (!(await assertCanSeeProject(db, actor, projectId).then(() => true, () => false))) return null;
  const [sameProject, otherProjects] = await Promise.all([applicationInProject(db, projectId, pesel), applicationsInOtherProjects(db, projectId, pesel)]);
  await audit(db, actor, { action: 'person_checked', entity: 'project', entityId: projectId, details: { sameProject: sameProject !== null, otherProjects: otherProjects.length } });
  return { sameProject, otherProjects };
}
