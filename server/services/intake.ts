// The application's date against the regulations (domain/intake-checks.ts): refused with the reason in the
// caller's language when the project says refuse, else the flags to store with the application.
import type { Db } from '../../db/connect';
import { AppError } from '../../domain/errors';
import { checksOf, intakeFlags, recruitmentPeriod, type IntakeFlag } from '../../domain/intake-checks';
import type { ProjectConfig } from '../../domain/project';
import { say, type Message } from '../../i18n';
import { formatDate, todayInWarsaw } from '../../i18n/format';

export function checkIntake(project: { startsOn: string; endsOn: string; config: ProjectConfig }, receivedAt: Date): IntakeFlag[] {
  const checks = checksOf(project.config);
  const period = recruitmentPeriod(project, checks);
  const receivedOn = todayInWarsaw(receivedAt);
  const flags = intakeFlags(receivedOn, period);
  if (flags.length === 0 || checks.applicationDate === 'flag') return flags;
  const text: Message = flags.includes('outside_period')
    ? { key: 'refusal.intake.outsidePeriod', params: { date: formatDate(receivedOn), from: formatDate(period.from), to: formatDate(period.to) } }
    : { key: 'refusal.intake.dayOff', params: { date: formatDate(receivedOn) } };
  throw new AppError('invalid_input', say('en', text), [{ field: 'receivedAt', message: say('pl', text), text }]);
}

/** What signDocuments carries of the project's originals setting: whether a missing original blocks the signing. */
export async function signingChecks(db: Db, applicationId: string): Promise<{ originalRequired: boolean }> {
  const p = await db.selectFrom('applications as a').innerJoin('projects as p', 'p.id', 'a.project_id').select('p.config').where('a.id', '=', applicationId).executeTakeFirstOrThrow();
  return { originalRequired: checksOf(p.config).originalAtSigning === 'refuse' };
}
