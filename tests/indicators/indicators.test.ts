// The indicators of a generated 60-participant project, against figures counted by hand from the
// fixture's tables (project-fixture.ts), at the end and at two earlier moments; then the exports.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Client, Connection } from '@temporalio/client';
import { pdfText } from '../helpers/pdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { AppError } from '../../domain/errors';
import type { CountFigure, IndicatorReport, ShareFigure } from '../../domain/indicators';
import { attendanceListPdf } from '../../server/services/attendance-list';
import { computeIndicators } from '../../domain/indicators';
import { AKTYWNY_SPOLECZNIE_INDICATORS as DEFAULT_INDICATOR_CONFIG, type EfficiencyGroup, type IndicatorConfig, type ProjectConfig } from '../../domain/project';
import { getProject, updateConfig } from '../../server/services/projects';
import { getIndicators, getIndicatorTrend, loadProjectFacts, participantsAsOf } from '../../server/services/indicators';
import { SL2014_COLUMNS, monitoringCsv, monitoringXlsx } from '../../server/services/exports';
import { createTestUser } from '../helpers/app';
import { testDb } from '../helpers/db';
import {
  BACK_TO_SCHOOL,
  EXACTLY_18,
  FINAL_AS_OF,
  LATE_FOLLOW_UP_2,
  LEFT_FOR_JOB,
  MINOR,
  nameOf,
  range,
  RESIGNED,
  START_UP_GRANT,
  STRUCK_OFF,
  PROJECT_CONFIG,
  WORKING_LATE,
  writeProject,
  type Fixture,
} from './project-fixture';

const db = await testDb();
// Changing the indicator rules leaves places and quotas alone, so the round is never called: a client
// that cannot connect proves it (it would fail the save).
const unreachableTemporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
let fx: Fixture;
// A coordinator of every project (the services scope by the user's projects).
const coordinator = { id: (await createTestUser(db, 'coordinator')).id, role: 'coordinator' as const };

const count = (r: IndicatorReport, code: CountFigure['code']) => r.counts.find((c) => c.code === code) as CountFigure;
const share = (r: IndicatorReport, group: string, kind: ShareFigure['kind']) =>
  r.efficiency.find((e) => e.group === group && e.kind === kind) as ShareFigure;
const sorted = (ids: string[]) => [...ids].sort();

beforeAll(async () => {
  fx = await writeProject(db);
});

describe('indicators of the generated project, at the end (2022-12-31)', () => {
  let r: IndicatorReport;
  beforeAll(async () => {
    r = await getIndicators(db, fx.projectId, FINAL_AS_OF);
  });

  it('states the moment on the report and on every figure', () => {
    expect(r.asOf).toBe(FINAL_AS_OF.toISOString());
    expect(r.asOfDay).toBe('2022-12-31');
    for (const f of [...r.counts, ...r.efficiency]) expect(f.asOf).toBe(FINAL_AS_OF.toISOString());
  });

  it('product indicators: 60 supported, 5 with disabilities, 40 women; the 2 who never started do not count', () => {
    // 60 started (i = 0..59); i = 60 (a woman) and 61 (with a disability) stayed on the reserve list.
    expect(count(r, 'supported')).toMatchObject({ value: 60, target: 60, met: true, kind: 'product' });
    expect(sorted(count(r, 'supported').ids)).toEqual(sorted(fx.idsOf(range(0, 59))));
    // With disabilities: 0, 1, 2 (women) and 40, 41 (men) = 5 ≥ 4.
    expect(count(r, 'supportedDisabled')).toMatchObject({ value: 5, target: 4, met: true });
    expect(sorted(count(r, 'supportedDisabled').ids)).toEqual(sorted(fx.idsOf([0, 1, 2, 40, 41])));
    // Women: 0..39 = 40 ≥ 39; participant 0 is a woman with a disability and counts in both.
    expect(count(r, 'supportedWomen')).toMatchObject({ value: 40, target: 39, met: true });
    expect(count(r, 'supportedWomen').ids).toContain(fx.ids[0]);
    expect(count(r, 'supportedDisabled').ids).toContain(fx.ids[0]);
    expect(count(r, 'supportedWomen').split.disabled.length).toBe(3); // 0, 1, 2
  });

  it('qualifications: 0..19 and the minor = 21 (a person under 18 counts for qualifications)', () => {
    const q = count(r, 'qualifications');
    expect(q).toMatchObject({ value: 20 + 1, target: 21, met: true, kind: 'result' });
    expect(sorted(q.ids)).toEqual(sorted(fx.idsOf([...range(0, 19), MINOR])));
    expect(sorted(q.split.disabled)).toEqual(sorted(fx.idsOf([0, 1, 2])));
    expect(q.split.others.length).toBe(21 - 3);
  });

  it('job seeking: 20, 21, 22 and the one who turned 18 on entry = 4; the minor is excluded', () => {
    const j = count(r, 'jobSeeking');
    expect(j).toMatchObject({ value: 3 + 1, target: 2, met: true });
    expect(sorted(j.ids)).toEqual(sorted(fx.idsOf([20, 21, 22, EXACTLY_18])));
    expect(j.excluded).toEqual([{ applicationId: fx.ids[MINOR], reason: 'under_age' }]);
  });

  it('working within 4 weeks: 30..39, 40, the start-up grant and the early leaver for a job = 13; working only after 4 weeks is late', () => {
    const w = count(r, 'working');
    expect(w).toMatchObject({ value: 10 + 1 + 1 + 1, target: 11, met: true });
    expect(sorted(w.ids)).toEqual(sorted(fx.idsOf([...range(30, 39), 40, START_UP_GRANT, LEFT_FOR_JOB])));
    expect(w.split.disabled).toEqual(fx.idsOf([40]));
    expect(w.excluded).toEqual([{ applicationId: fx.ids[WORKING_LATE], reason: 'late' }]);
  });

  it('persons with disabilities: social 2/5 = 40% ≥ 34%, employment 1/5 = 20% ≥ 12%', () => {
    const s = share(r, 'disabled', 'social');
    expect(sorted(s.baseIds)).toEqual(sorted(fx.idsOf([0, 1, 2, 40, 41])));
    expect(sorted(s.ids)).toEqual(sorted(fx.idsOf([0, 40])));
    expect(s).toMatchObject({ value: 2 / 5, threshold: 0.34, met: true });
    const e = share(r, 'disabled', 'employment');
    expect(e.ids).toEqual(fx.idsOf([40]));
    expect(e).toMatchObject({ value: 1 / 5, threshold: 0.12, met: true });
  });

  it('others, social: 55 without a disability − 3 who did not complete = 52 (the early leaver for a job counts); 3..20 = 18 → 18/52', () => {
    const s = share(r, 'others', 'social');
    const others = [...range(3, 39), ...range(42, 59)];
    expect(others.length).toBe(55);
    const completers = others.filter((i) => !RESIGNED.includes(i) && i !== STRUCK_OFF);
    expect(sorted(s.baseIds)).toEqual(sorted(fx.idsOf(completers)));
    expect(s.baseIds).toContain(fx.ids[LEFT_FOR_JOB]);
    expect(sorted(s.ids)).toEqual(sorted(fx.idsOf(range(3, 20))));
    expect(s.value).toBeCloseTo(18 / 52, 10);
    expect(s.met).toBe(true); // 34.6% ≥ 34%
    expect(sorted(s.excluded.map((x) => x.applicationId))).toEqual(sorted(fx.idsOf([...RESIGNED, STRUCK_OFF])));
    expect(new Set(s.excluded.map((x) => x.reason))).toEqual(new Set(['not_completed']));
  });

  it('others, employment: 52 − minor − start-up grant − back to school = 49; job leaver + 30..39 + 43 = 12 → 24.5% < 25%', () => {
    const e = share(r, 'others', 'employment');
    expect(e.baseIds.length).toBe(52 - 3);
    expect(e.baseIds).not.toContain(fx.ids[START_UP_GRANT]);
    expect(e.baseIds).not.toContain(fx.ids[MINOR]);
    expect(e.baseIds).not.toContain(fx.ids[BACK_TO_SCHOOL]);
    expect(sorted(e.ids)).toEqual(sorted(fx.idsOf([LEFT_FOR_JOB, ...range(30, 39), WORKING_LATE])));
    expect(e.value).toBeCloseTo(12 / 49, 10);
    expect(e).toMatchObject({ threshold: 0.25, met: false });
    const reasons = Object.fromEntries(e.excluded.map((x) => [x.applicationId, x.reason]));
    expect(reasons[fx.ids[START_UP_GRANT] as string]).toBe('start_up_grant');
    expect(reasons[fx.ids[MINOR] as string]).toBe('under_age');
    expect(reasons[fx.ids[BACK_TO_SCHOOL] as string]).toBe('back_to_school');
    // Employed from 2022-04-15: after the 3 months (to 2022-03-31), in the base but not counted.
    expect(reasons[fx.ids[LATE_FOLLOW_UP_2] as string]).toBe('late');
    expect(e.baseIds).toContain(fx.ids[LATE_FOLLOW_UP_2]);
  });
});

describe('indicators as of earlier moments, from the event log', () => {
  it('on 2021-02-15 only the first 30 had started (all women, 3 with disabilities); nothing ended yet', async () => {
    const r = await getIndicators(db, fx.projectId, new Date('2021-02-15T12:00:00Z'));
    expect(count(r, 'supported').value).toBe(30);
    expect(count(r, 'supportedWomen').value).toBe(30);
    expect(count(r, 'supportedDisabled').value).toBe(3);
    expect(count(r, 'qualifications').value).toBe(0);
    for (const f of r.efficiency) expect(f).toMatchObject({ value: null, met: null, baseIds: [] });
  });

  it('on 2022-02-01 the 4-week follow-ups are in, the 3-month ones pending; only the job leaver is measured', async () => {
    const r = await getIndicators(db, fx.projectId, new Date('2022-02-01T12:00:00Z'));
    expect(count(r, 'qualifications').value).toBe(21);
    expect(count(r, 'working').value).toBe(13);
    // The job leaver's 3 months ended 2021-12-10: measured (no progress recorded); the rest are pending.
    expect(share(r, 'others', 'social')).toMatchObject({ ids: [], baseIds: fx.idsOf([LEFT_FOR_JOB]), value: 0 });
    expect(share(r, 'others', 'employment')).toMatchObject({ ids: fx.idsOf([LEFT_FOR_JOB]), value: 1 });
    expect(share(r, 'disabled', 'social')).toMatchObject({ value: null, baseIds: [] });
    expect(share(r, 'disabled', 'social').excluded.every((x) => x.reason === 'pending')).toBe(true);
  });

  it('the trend has one point per month, and its last point is the report at that moment', async () => {
    const trend = await getIndicatorTrend(db, fx.projectId, FINAL_AS_OF);
    expect(trend.map((p) => p.month)).toEqual([
      ...range(1, 12).map((m) => `2021-${String(m).padStart(2, '0')}`),
      ...range(1, 12).map((m) => `2022-${String(m).padStart(2, '0')}`),
    ]);
    expect(trend.map((p) => count(p.report, 'supported').value).slice(0, 3)).toEqual([0, 30, 60]);
    const last = trend.at(-1)?.report;
    expect(last?.asOf).toBe(FINAL_AS_OF.toISOString());
    expect(last).toEqual(await getIndicators(db, fx.projectId, FINAL_AS_OF));
  });
});

describe('thresholds, groups and formulas are configuration', () => {
  it('a combined formula (46% including 12%) for persons with disabilities and a separate one for women; person 0 counts in both', async () => {
    const config: ProjectConfig = {
      ...PROJECT_CONFIG,
      indicators: {
        ...DEFAULT_INDICATOR_CONFIG,
        efficiencyGroups: [
          { code: 'disabled', label: { pl: 'ON', en: 'PwD' }, members: 'disability', formula: { kind: 'combined', total: 0.46, employment: 0.12 } },
          { code: 'women', label: { pl: 'Kobiety', en: 'Women' }, members: 'women', formula: { kind: 'separate', social: 0.34, employment: 0.22 } },
        ],
      },
    };
    const facts = await loadProjectFacts(db, fx.projectId);
    const r = computeIndicators(participantsAsOf(facts, FINAL_AS_OF), config, { asOf: FINAL_AS_OF.toISOString(), asOfDay: '2022-12-31' });
    expect(r.efficiency.map((f) => `${f.group}:${f.kind}`)).toEqual(['disabled:combined', 'disabled:employment', 'women:social', 'women:employment']);
    // Disabled: social progress {0, 40} ∪ employed {40} = 2 of 5 = 40% < 46%; employed 1/5 = 20% ≥ 12%.
    expect(sorted(share(r, 'disabled', 'combined').ids)).toEqual(sorted(fx.idsOf([0, 40])));
    expect(share(r, 'disabled', 'combined')).toMatchObject({ value: 2 / 5, threshold: 0.46, met: false });
    expect(share(r, 'disabled', 'employment')).toMatchObject({ value: 1 / 5, threshold: 0.12, met: true });
    // Women 0..39 all completed: social {0} ∪ 3..20 = 19/40 = 47.5%; employed 30..39 = 10/40 = 25% ≥ 22%.
    expect(sorted(share(r, 'women', 'social').ids)).toEqual(sorted(fx.idsOf([0, ...range(3, 20)])));
    expect(share(r, 'women', 'social')).toMatchObject({ value: 19 / 40, met: true });
    expect(share(r, 'women', 'employment')).toMatchObject({ value: 10 / 40, threshold: 0.22, met: true });
    expect(share(r, 'women', 'social').ids).toContain(fx.ids[0]);
    expect(share(r, 'disabled', 'combined').ids).toContain(fx.ids[0]);
  });

  it('rules saved with the project (through its schema) are the ones the indicators use: a raised threshold turns met into missed', async () => {
    const coordinatorUser = await createTestUser(db, 'coordinator');
    // The fixture writes no regulations; the project service reads them with the project.
    const { current_rules_version: version } = await db.selectFrom('projects').select('current_rules_version').where('id', '=', fx.projectId).executeTakeFirstOrThrow();
    await db.insertInto('project_rules').values({ project_id: fx.projectId, version, rules: JSON.stringify(DEFAULT_RULES) }).onConflict((oc) => oc.doNothing()).execute();
    const before = await getProject(db, fx.projectId);
    expect(before.config.indicators).toEqual(DEFAULT_INDICATOR_CONFIG);
    // On Aktywny Społecznie's rules: disabled social 2/5 = 40% ≥ 34%; others' employment counts every kind of work.
    const defaults = await getIndicators(db, fx.projectId, FINAL_AS_OF);
    expect(share(defaults, 'disabled', 'social')).toMatchObject({ value: 2 / 5, threshold: 0.34, met: true });
    expect(sorted(share(defaults, 'others', 'employment').ids)).toEqual(sorted(fx.idsOf([LEFT_FOR_JOB, ...range(30, 39), WORKING_LATE])));

    const [disabled, others] = DEFAULT_INDICATOR_CONFIG.efficiencyGroups as [EfficiencyGroup, EfficiencyGroup];
    const indicators: IndicatorConfig = {
      ...DEFAULT_INDICATOR_CONFIG,
      employmentContracts: ['employment'],
      efficiencyGroups: [{ ...disabled, formula: { kind: 'separate', social: 0.45, employment: 0.12 } }, others],
    };
    const { name, startsOn, endsOn, places } = before;
    try {
      const saved = await updateConfig({ db, temporal: unreachableTemporal }, coordinatorUser, fx.projectId, { name, startsOn, endsOn, places, config: { ...before.config, indicators } });
      expect(saved.config.indicators).toEqual(indicators);
      const r = await getIndicators(db, fx.projectId, FINAL_AS_OF);
      // The same 2 of 5, now under 45%.
      expect(share(r, 'disabled', 'social')).toMatchObject({ ids: share(defaults, 'disabled', 'social').ids, value: 2 / 5, threshold: 0.45, met: false });
      // Civil-law contracts (35..37) and self-employment (38, 39) no longer count; the job leaver's work has no recorded kind.
      expect(sorted(share(r, 'others', 'employment').ids)).toEqual(sorted(fx.idsOf([LEFT_FOR_JOB, ...range(30, 34), WORKING_LATE])));
      expect(share(r, 'others', 'employment').value).toBeCloseTo(7 / 49, 10);
    } finally {
      await db.updateTable('projects').set({ config: JSON.stringify(before.config) }).where('id', '=', fx.projectId).execute();
    }
  });
});

describe('exports', () => {
  it('refuses a role that may not export participant data', async () => {
    await expect(monitoringCsv(db, { id: coordinator.id, role: 'social_worker' }, fx.projectId, FINAL_AS_OF)).rejects.toSatisfy(
      (e: unknown) => e instanceof AppError && e.code === 'forbidden',
    );
  });

  it('CSV: 60 participants in exactly the SL2014 columns, what the system does not record empty, Polish letters intact', async () => {
    const file = await monitoringCsv(db, coordinator, fx.projectId, FINAL_AS_OF);
    expect(file.audit).toMatchObject({ action: 'export.monitoring_csv', entity: 'project', entityId: fx.projectId, details: { rows: 60, system: 'sl2014' } });
    const [headers, ...cells] = parse(file.body, { bom: true, delimiter: ';' }) as string[][];
    expect(headers).toEqual(SL2014_COLUMNS.map((c) => c.header));
    expect(cells.length).toBe(60);
    const unrecorded = SL2014_COLUMNS.flatMap((c, i) => (c.recorded ? [] : [i]));
    for (const row of cells) for (const i of unrecorded) expect(row[i]).toBe('');
    const rows = cells.map((r) => Object.fromEntries(SL2014_COLUMNS.map((c, i) => [c.key, r[i] ?? ''])));
    const pesels = await db.selectFrom('applications').select(['id', 'pesel']).where('project_id', '=', fx.projectId).execute();
    const peselOf = new Map(pesels.map((r) => [r.id, r.pesel]));
    const byId = new Map(rows.map((row) => [pesels.find((p) => p.pesel === row.pesel)?.id, row]));
    const p0 = byId.get(fx.ids[0]) as Record<string, string>;
    expect(p0).toMatchObject({
      firstName: nameOf(0).first,
      lastName: nameOf(0).last,
      pesel: peselOf.get(fx.ids[0] as string),
      sex: 'Kobieta',
      disability: 'Tak',
      projectStartedOn: '2021-02-01',
      projectEndedOn: '2021-12-31',
      supportType: 'Klub Integracji Społecznej – zajęcia grupowe, Poradnictwo psychologiczne',
    });
    expect(p0.completedAsPlanned).toBe('Tak');
    expect(byId.get(fx.ids[LEFT_FOR_JOB])?.completedAsPlanned).toBe('Tak');
    expect(byId.get(fx.ids[RESIGNED[0] as number])?.completedAsPlanned).toBe('Nie');
    expect(byId.get(fx.ids[MINOR])?.ageAtEntry).toBe('17');
    expect(byId.get(fx.ids[EXACTLY_18])?.ageAtEntry).toBe('18');
    expect(byId.get(fx.ids[LEFT_FOR_JOB])?.situationAtEnd).toMatch(/pracująca/);
    expect(byId.has(fx.ids[60])).toBe(false);
  });

  it('XLSX: the same rows, opened with exceljs', async () => {
    const file = await monitoringXlsx(db, coordinator, fx.projectId, FINAL_AS_OF);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Uczestnicy');
    expect(ws?.rowCount).toBe(61);
    const header = (ws?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(SL2014_COLUMNS.map((c) => c.header));
    const col = (key: string) => SL2014_COLUMNS.findIndex((c) => c.key === key) + 1;
    const { pesel } = await db.selectFrom('applications').select('pesel').where('id', '=', fx.ids[0] as string).executeTakeFirstOrThrow();
    const { pesel: minor } = await db.selectFrom('applications').select('pesel').where('id', '=', fx.ids[MINOR] as string).executeTakeFirstOrThrow();
    const rowOf = (p: string) => range(2, 61).map((n) => ws!.getRow(n)).find((row) => row.getCell(col('pesel')).value === p);
    const p0 = rowOf(pesel);
    expect(p0?.getCell(col('lastName')).value).toBe(nameOf(0).last);
    expect(p0?.getCell(col('sex')).value).toBe('Kobieta');
    expect(rowOf(minor)?.getCell(col('ageAtEntry')).value).toBe(17);
    expect(file.audit.action).toBe('export.monitoring_xlsx');
  });

  it('attendance list PDF for the Social Integration Club in March 2021: 8 people, 3 sessions, Polish text intact', async () => {
    const file = await attendanceListPdf(db, coordinator, { projectId: fx.projectId, formCode: 'kis', from: '2021-03-01', to: '2021-03-31' });
    expect(file.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.audit).toMatchObject({ action: 'export.attendance_list', details: { people: 8 } });
    const text = await pdfText(file.body);
    expect(text).toContain('Lista obecności');
    expect(text).toContain('Klub Integracji Społecznej – zajęcia grupowe');
    expect(text).toContain('Nazwisko i imię');
    for (const d of ['02.03.2021', '09.03.2021', '16.03.2021']) expect(text).toContain(d);
    for (const i of range(0, 7)) expect(text).toContain(`${nameOf(i).last} ${nameOf(i).first}`);
    expect(text).not.toContain(`${nameOf(8).last} ${nameOf(8).first}`);
    expect(text).toContain('nieob. uspr.'); // participant 1, 09.03
    expect(text).toContain('3/3 h');
  });

  it('a social worker’s attendance list holds only their own participants', async () => {
    const mine = await createTestUser(db, 'social_worker');
    const theirs = await createTestUser(db, 'social_worker');
    await db.updateTable('applications').set({ social_worker_id: theirs.id }).where('project_id', '=', fx.projectId).execute();
    await db.updateTable('applications').set({ social_worker_id: mine.id }).where('id', 'in', fx.idsOf([0, 1])).execute();
    try {
      const file = await attendanceListPdf(db, mine, { projectId: fx.projectId, formCode: 'kis', from: '2021-03-01', to: '2021-03-31' });
      expect(file.audit).toMatchObject({ details: { people: 2 } });
      const text = await pdfText(file.body);
      for (const i of [0, 1]) expect(text).toContain(`${nameOf(i).last} ${nameOf(i).first}`);
      for (const i of range(2, 7)) expect(text).not.toContain(`${nameOf(i).last} ${nameOf(i).first}`);
    } finally {
      await db.updateTable('applications').set({ social_worker_id: null }).where('project_id', '=', fx.projectId).execute();
    }
  });

  it('a later event does not change an earlier figure (reproducible from the event log)', async () => {
    const before = await getIndicators(db, fx.projectId, FINAL_AS_OF);
    const late = await db
      .insertInto('applications')
      .values({
        project_id: fx.projectId, first_name: 'Późny', last_name: 'Uczestnik', pesel: '70010100099', birth_date: '1990-01-01',
        sex: 'K', channel: 'post', received_at: '2022-12-01T09:00:00Z', rules_version: 1, participation_started_on: '2023-01-10',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('journey_events')
      .values({ application_id: late.id, event_key: `${late.id}:participation_started`, occurred_at: '2023-01-10T09:00:00Z', type: 'participation_started', payload: JSON.stringify({ startedOn: '2023-01-10' }) })
      .execute();
    expect(await getIndicators(db, fx.projectId, FINAL_AS_OF)).toEqual(before);
    const after = await getIndicators(db, fx.projectId, new Date('2023-01-31T12:00:00Z'));
    expect(count(after, 'supported').value).toBe(61);
  });
});
