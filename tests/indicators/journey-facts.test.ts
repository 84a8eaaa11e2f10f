// The facts the indicators' exclusions depend on, recorded through real journeys (application form and
// follow-up Updates) rather than written into the tables: labour-market status at entry, a start-up
// grant, and the day a qualification was obtained.
import { expect, it } from 'vitest';
import { getIndicators } from '../../server/services/indicators';
import { monitoringRows } from '../../server/services/exports';
import { Journey } from '../journey/driver';
import { timeSkippingWorld } from '../journey/world';

const w = await timeSkippingWorld();

it('labour status at entry, a start-up grant and the qualification date reach the indicators and the export', async () => {
  const employedAtEntry = new Journey(w);
  const startUp = new Journey(w);
  const lateRecord = new Journey(w);
  await employedAtEntry.toSupport({ labourStatus: 'employed' });
  await startUp.toSupport({ labourStatus: 'unemployed_registered' });
  await lateRecord.toSupport({ labourStatus: 'inactive' });
  for (const j of [employedAtEntry, startUp, lateRecord]) await j.end('completed');
  const endedOn = await lateRecord.today();

  // 35 days later: past the 4-week window for the record, but the qualification came 10 days after the end.
  await w.env.sleep('35 days');
  const recordedOn = await lateRecord.today();
  const fu1 = (extra: object = {}) => ({ number: 1 as const, recordedOn, data: { qualificationObtained: true, jobSeeking: false, working: false, ...extra } });
  await lateRecord.act('recordFollowUp', fu1({ qualificationObtainedOn: await lateRecord.daysFromToday(-25) }), w.coordinator);
  await employedAtEntry.act('recordFollowUp', fu1(), w.coordinator);
  await startUp.act('recordFollowUp', fu1(), w.coordinator);
  const employed = (extra: object) => ({ number: 2 as const, recordedOn, data: { socialProgress: true, employed: true, employedSince: recordedOn, ...extra } });
  await employedAtEntry.act('recordFollowUp', employed({ contractType: 'employment' }), w.coordinator);
  await startUp.act('recordFollowUp', employed({ contractType: 'self_employment', startUpGrant: true }), w.coordinator);
  await startUp.waitForDb(() => startUp.stage(), (s) => s === 'closed' || s === 'follow_up_2', 'follow-up 2 recorded');

  const report = await getIndicators(w.db, w.projectId, new Date(await w.env.currentTimeMs()));
  const quals = report.counts.find((c) => c.code === 'qualifications')!;
  expect(endedOn < recordedOn).toBe(true);
  expect(quals.ids).toContain(lateRecord.applicationId);
  expect(quals.excluded).toContainEqual({ applicationId: employedAtEntry.applicationId, reason: 'late' });

  const employment = report.efficiency.filter((f) => f.kind === 'employment');
  expect(employment.length).toBeGreaterThan(0);
  const exclusions = employment.flatMap((f) => f.excluded);
  expect(exclusions).toContainEqual({ applicationId: employedAtEntry.applicationId, reason: 'employed_at_entry' });
  expect(exclusions).toContainEqual({ applicationId: startUp.applicationId, reason: 'start_up_grant' });

  const rows = await monitoringRows(w.db, w.coordinator, w.projectId, new Date(await w.env.currentTimeMs()));
  const statusOf = (id: string) => rows.find((r) => r.applicationId === id)?.labourStatus;
  expect(statusOf(employedAtEntry.applicationId)).toBe('osoba pracująca');
  expect(statusOf(startUp.applicationId)).toBe('osoba bezrobotna zarejestrowana w ewidencji urzędów pracy');
  expect(statusOf(lateRecord.applicationId)).toBe('osoba bierna zawodowo');
});
