// Projects against the real database: create with rules version 1, Polish field errors, config updates,
// a new rules version, and the idempotent example seed.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect';
import { AKTYWNY_SPOLECZNIE, DRUGI_BRZEG } from '../../scripts/example-projects';
import { seedExamples } from '../../scripts/example-projects';
import { createProject, getProject, getProjectByCode, getRules, listProjects, updateConfig } from '../../server/services/projects';
import { issueRulesVersion } from '../../server/services/rules';
import { testDb } from '../helpers/db';
import { timeSkippingEnv } from '../helpers/temporal';
import { createTestUser } from '../helpers/app';
import type { Client } from '@temporalio/client';

let db: Db;
// A real Temporal: a changed number of places goes to the project's round first (none is running here).
let temporal: Client;
beforeAll(async () => {
  db = await testDb();
  temporal = (await timeSkippingEnv()).client;
});

const coordinator = { id: null, role: 'coordinator' as const };

describe('projects', () => {
  it('creates a project with rules version 1 and refuses a second one with the same code', async () => {
    const code = `P-${randomUUID().slice(0, 8)}`;
    const p = await createProject(db, coordinator, { ...DRUGI_BRZEG, code });
    expect(p).toMatchObject({ code, places: 55, startsOn: '2022-01-03', endsOn: '2023-06-30', rulesVersion: 1 });
    expect(p.rules).toMatchObject({ version: 1, attendanceThreshold: 0.8 });
    expect(p.rules.criteria.map((c) => c.code)).toContain('worker_opinion');
    await expect(createProject(db, coordinator, { ...DRUGI_BRZEG, code })).rejects.toMatchObject({
      code: 'conflict',
      fields: [{ field: 'code', message: `Projekt o kodzie „${code}” już istnieje` }],
    });
    expect((await listProjects(db, coordinator)).map((x) => x.code)).toContain(code);
  });

  it('refuses invalid input with Polish field errors, and a social worker may not configure', async () => {
    await expect(createProject(db, coordinator, { ...DRUGI_BRZEG, code: 'x y', places: 0 })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: expect.arrayContaining([
        expect.objectContaining({ field: 'code', message: 'Kod: litery, cyfry, „-” i „_”' }),
        expect.objectContaining({ field: 'places', message: 'Liczba miejsc musi być dodatnia' }),
      ]),
    });
    await expect(createProject(db, { id: null, role: 'social_worker' }, DRUGI_BRZEG)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('updates the configuration and versions the regulations: the old version stays readable', async () => {
    const p = await createProject(db, coordinator, { ...AKTYWNY_SPOLECZNIE, code: `P-${randomUUID().slice(0, 8)}` });
    const { code: _c, rules: _r, ...rest } = AKTYWNY_SPOLECZNIE;
    const updated = await updateConfig({ db, temporal }, coordinator, p.id, { ...rest, places: 62 });
    expect(updated.places).toBe(62);
    const director = await createTestUser(db, 'director');
    const coordinatorUser = await createTestUser(db, 'coordinator');
    // The example project ran in 2022: the version is issued on a day within it.
    const day = AKTYWNY_SPOLECZNIE.startsOn;
    await expect(issueRulesVersion(db, coordinatorUser, p.id, { rules: AKTYWNY_SPOLECZNIE.rules, effectiveFrom: day }, day)).rejects.toMatchObject({ code: 'forbidden' });
    // After the project's end: refused on the field.
    await expect(issueRulesVersion(db, director, p.id, { rules: AKTYWNY_SPOLECZNIE.rules, effectiveFrom: '2031-01-01' }, day)).rejects.toMatchObject({ code: 'invalid_input', fields: [{ field: 'effectiveFrom' }] });
    const v2 = await issueRulesVersion(db, director, p.id, { rules: { ...AKTYWNY_SPOLECZNIE.rules, attendanceThreshold: 0.75 }, effectiveFrom: day }, day);
    expect(v2).toBe(2);
    expect((await getProject(db, p.id)).rules).toMatchObject({ version: 2, attendanceThreshold: 0.75 });
    expect(await getRules(db, p.id, 1)).toMatchObject({ version: 1, attendanceThreshold: 0.8 });
    await expect(getRules(db, p.id, 3)).rejects.toMatchObject({ code: 'not_found' });
    await expect(updateConfig({ db, temporal }, coordinator, randomUUID(), rest)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('seeds the two example projects once', async () => {
    const first = await seedExamples(db);
    const second = await seedExamples(db);
    expect([...first.created, ...first.existing].sort()).toEqual(['AKTYWNY-SPOLECZNIE', 'DRUGI-BRZEG']);
    expect(second.created).toEqual([]);
    const bytom = await getProjectByCode(db, 'AKTYWNY-SPOLECZNIE');
    expect(bytom).toMatchObject({ places: 60, startsOn: '2020-01-01', endsOn: '2022-12-31' });
    expect(bytom!.config.quotas.map((q) => [q.code, q.min])).toEqual([['women', 39], ['disabled', 4]]);
    expect(bytom!.config.budget).toEqual({ total: 2077965.19, eu: 1766270.41, state: 207796.52, own: 103898.26 });
    expect(bytom!.config.indicatorTargets).toMatchObject({ supported: 60, supportedWomen: 39, qualifications: 21, working: 11 });
    const racibórz = await getProjectByCode(db, 'DRUGI-BRZEG');
    expect(racibórz!.config.targetGroups.map((g) => g.planned)).toEqual([23, 14, 6, 12]);
    expect(racibórz!.rules.officeHours).toEqual({
      1: { from: '07:30', to: '17:00' },
      2: { from: '07:30', to: '15:30' },
      3: { from: '07:30', to: '15:30' },
      4: { from: '07:30', to: '15:30' },
      5: { from: '07:30', to: '14:00' },
    });
  });
});
