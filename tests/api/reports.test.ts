// Reporting in the JSON API on the generated 60-person project: getIndicators as of a day or an instant
// (figures hand-counted in tests/indicators), exportMonitoring, exportAttendanceList; errors and roles;
// the operations in the OpenAPI document.
import ExcelJS from 'exceljs';
import { pdfText } from '../helpers/pdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { getIndicators } from '../../server/services/indicators';
import { apiCaller, createTestUser, testApp, tokenFor } from '../helpers/app';
import { FINAL_AS_OF, MINOR, nameOf, QUALIFIED, writeProject, type Fixture } from '../indicators/project-fixture';

const { app, db } = await testApp({ worker: false });
const tokens = {
  coordinator: await tokenFor(db, await createTestUser(db, 'coordinator')),
  director: await tokenFor(db, await createTestUser(db, 'director')),
  auditor: await tokenFor(db, await createTestUser(db, 'auditor')),
  worker: await tokenFor(db, await createTestUser(db, 'social_worker')),
  commission: await tokenFor(db, await createTestUser(db, 'commission')),
};
let fx: Fixture;

const api = apiCaller(app, tokens);
const call = (who: keyof typeof tokens, url: string) => api(who, 'GET', url);

type Figure = { code?: string; group?: string; kind: string; value: number | null; ids: string[]; target?: number | null; met: boolean | null; asOf: string };

beforeAll(async () => {
  fx = await writeProject(db);
});

describe('getIndicators', () => {
  it('as of an instant: the hand-counted figures, the same as the service computes, with both moments', async () => {
    const before = Date.now();
    const res = await call('director', `/api/projects/${fx.projectId}/indicators?asOf=${encodeURIComponent(FINAL_AS_OF.toISOString())}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ projectId: fx.projectId, asOf: FINAL_AS_OF.toISOString(), asOfDay: '2022-12-31' });
    expect(new Date(body.computedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const counts = body.counts as Figure[];
    expect(counts.find((c) => c.code === 'supported')).toMatchObject({ value: 60, target: 60, met: true, kind: 'product' });
    const q = counts.find((c) => c.code === 'qualifications')!;
    expect(q.value).toBe(21);
    expect([...q.ids].sort()).toEqual(fx.idsOf(QUALIFIED).sort());
    expect(q.ids).toContain(fx.ids[MINOR]);
    const others = (body.efficiency as Figure[]).find((e) => e.group === 'others' && e.kind === 'employment')!;
    expect(others).toMatchObject({ groupLabel: 'Pozostałe osoby', met: false });
    expect(others.value).toBeCloseTo(12 / 49, 10);
    // Reproducible: the same as the service for the same moment.
    const report = await getIndicators(db, fx.projectId, FINAL_AS_OF);
    expect(body.counts).toEqual(report.counts);
    expect(body.efficiency.map(({ groupLabel: _g, ...f }: Figure & { groupLabel: string }) => f)).toEqual(report.efficiency);
  });

  it('as of a day: its end in Warsaw; an earlier day, the earlier state', async () => {
    const end = (await call('auditor', `/api/projects/${fx.projectId}/indicators?asOf=2022-12-31`)).json();
    expect(end.asOf).toBe('2022-12-31T22:59:59.999Z');
    const early = (await call('coordinator', `/api/projects/${fx.projectId}/indicators?asOf=2021-02-15`)).json();
    expect((early.counts as Figure[]).find((c) => c.code === 'supported')!.value).toBe(30);
    const now = (await call('coordinator', `/api/projects/${fx.projectId}/indicators`)).json();
    expect(Math.abs(new Date(now.asOf).getTime() - new Date(now.computedAt).getTime())).toBeLessThan(1000);
  });

  it('400 for a bad or future asOf, 404 for an unknown project, 403 for the roles without it', async () => {
    for (const bad of ['2024-02-30', 'yesterday', '2999-01-01', '2999-01-01T00:00:00Z', '2022-12-31T12:00:00']) {
      const res = await call('coordinator', `/api/projects/${fx.projectId}/indicators?asOf=${encodeURIComponent(bad)}`);
      // Not a day or instant: the document says so (400); one in the future or between days: a rule (422).
      expect(res.statusCode, bad).toBe(bad.startsWith('2999') ? 422 : 400);
      expect(res.json().fields[0].field).toMatch(/asOf/);
    }
    expect((await call('coordinator', '/api/projects/00000000-0000-4000-8000-000000000000/indicators')).statusCode).toBe(404);
    expect((await call('coordinator', '/api/projects/not-a-uuid/indicators')).statusCode).toBe(400);
    expect((await call('worker', `/api/projects/${fx.projectId}/indicators`)).statusCode).toBe(403);
    expect((await call('commission', `/api/projects/${fx.projectId}/indicators`)).statusCode).toBe(403);
  });
});

describe('exports', () => {
  it('exportMonitoring as XLSX and CSV', async () => {
    const x = await call('auditor', `/api/projects/${fx.projectId}/monitoring?format=xlsx&asOf=2022-12-31`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-disposition']).toBe('attachment; filename="SL2014-uczestnicy-2022-12-31.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet('Uczestnicy')!.rowCount).toBe(61);
    const c = await call('coordinator', `/api/projects/${fx.projectId}/monitoring`);
    expect(c.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(c.rawPayload.toString('utf8')).toContain(nameOf(3).last);
    const audit = await db.selectFrom('audit_log').select('details').where('action', '=', 'export.monitoring_xlsx').where('entity_id', '=', fx.projectId).executeTakeFirst();
    expect(audit?.details).toMatchObject({ rows: 60, via: 'api' });
    expect((await call('worker', `/api/projects/${fx.projectId}/monitoring`)).statusCode).toBe(403);
    expect((await call('coordinator', `/api/projects/${fx.projectId}/monitoring?format=pdf`)).statusCode).toBe(400);
  });

  it('exportAttendanceList as a PDF with the people of the period', async () => {
    const res = await call('worker', `/api/projects/${fx.projectId}/attendance-list?formCode=kis&from=2021-03-01&to=2021-03-10`);
    expect(res.statusCode).toBe(200);
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('Okres: 01.03.2021 – 10.03.2021');
    expect(text).toContain(`${nameOf(0).last} ${nameOf(0).first}`);
    expect(text).not.toContain('16.03.2021');
    expect((await call('worker', `/api/projects/${fx.projectId}/attendance-list?formCode=kis&from=2021-03-10&to=2021-03-01`)).statusCode).toBe(422);
    expect((await call('commission', `/api/projects/${fx.projectId}/attendance-list?formCode=kis&from=2021-03-01&to=2021-03-10`)).statusCode).toBe(403);
  });

  it('the operations are in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const ops = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
    for (const op of ['getIndicators', 'exportMonitoring', 'exportAttendanceList', 'listLetters', 'getLetterPdf', 'markLetterSent']) expect(ops).toContain(op);
    const get = doc.paths['/api/projects/{id}/indicators'].get;
    expect(get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['id', 'asOf']));
  });
});
