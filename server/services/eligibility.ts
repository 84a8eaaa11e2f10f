// Eligibility at screening (issue 20 item 5): the project's conditions (config.eligibility) against the
// application's facts and evidence (domain/eligibility.ts). A candidate who does not meet them is refused
// before the journey's screen Update, with every reason (409, each a word-book key: Polish in the panel,
// the caller's language in the API); nothing is scored. And the "otoczenie" link: the person at risk an
// accompanying participant's application names must be an application of the same project.
import type { Db } from '../../db/connect';
import { ineligibility } from '../../domain/eligibility';
import { AppError } from '../../domain/errors';
import type { ProjectConfig } from '../../domain/project';
import { say } from '../../i18n';
import { todayInWarsaw } from '../../i18n/format';

export async function assertEligible(db: Db, applicationId: string): Promise<void> {
  const a = await db
    .selectFrom('applications as a')
    .innerJoin('projects as p', 'p.id', 'a.project_id')
    .select(['a.address_street', 'a.address_locality', 'a.centre_client', 'a.target_group', 'a.birth_date', 'a.received_at', 'a.eligibility_evidence', 'p.config'])
    .where('a.id', '=', applicationId)
    .executeTakeFirstOrThrow();
  const config = a.config as ProjectConfig;
  const reasons = ineligibility(config.eligibility, {
    street: a.address_street,
    locality: a.address_locality,
    centreClient: a.centre_client,
    targetGroup: a.target_group,
    projectGroups: (config.targetGroups ?? []).map((g) => g.code),
    birthDate: a.birth_date,
    receivedOn: todayInWarsaw(a.received_at),
    evidence: a.eligibility_evidence ?? [],
  });
  if (reasons.length === 0) return;
  const fields = reasons.map((r) => ({ field: r.condition, message: say('pl', { key: r.key, ...(r.params ? { params: r.params } : {}) }), text: { key: r.key, ...(r.params ? { params: r.params } : {}) } }));
  throw new AppError('not_allowed_now', `${say('pl', { key: 'eligibility.refused' })}: ${fields.map((f) => f.message).join('; ')}`, fields as never, { key: 'eligibility.refused' });
}

export async function assertAccompanied(db: Db, projectId: string, accompaniedId: string): Promise<void> {
  const row = await db.selectFrom('applications').select('id').where('id', '=', accompaniedId).where('project_id', '=', projectId).executeTakeFirst();
  if (!row) throw new AppError('invalid_input', 'the accompanied person is not an application of this project', [{ field: 'accompaniesApplicationId', message: 'Osoba z otoczenia musi wskazać zgłoszenie osoby zagrożonej w tym projekcie' }]);
}
