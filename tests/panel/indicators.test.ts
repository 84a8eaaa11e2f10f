// The indicators page, its click-through to the participants behind a figure, and the project's
// exports (monitoring CSV / XLSX, attendance list PDF) over real HTTP, on the generated 60-person project.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { pdfText } from '../helpers/pdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { createTestUser, loggedIn, type PanelClient, testApp } from '../helpers/app';
import { nameOf, QUALIFIED, range, writeProject, type Fixture } from '../indicators/project-fixture';

const { app, db } = await testApp({ worker: false });
let fx: Fixture;
let coordinator: PanelClient;
let auditor: PanelClient;
let worker: PanelClient;
let coordinatorId = '';

const unescape = (s: string) => s.replaceAll('&amp;', '&');
/** The first link inside the table row of one figure. */
const linkOfRow = (html: string, rowId: string) => unescape(new RegExp(`<tr id="${rowId}">[\\s\\S]*?href="([^"]+)"`).exec(html)?.[1] ?? '');
const participantIdsOnPage = (html: string) => [...html.matchAll(/href="\/participants\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);

async function lastAudit(action: string, userId: string) {
  return db.selectFrom('audit_log').selectAll().where('action', '=', action).where('user_id', '=', userId).orderBy('id', 'desc').executeTakeFirst();
}

beforeAll(async () => {
  fx = await writeProject(db);
  // The fixture writes facts only; the project page also shows the regulations in force.
  await db.insertInto('project_rules').values({ project_id: fx.projectId, version: 1, rules: JSON.stringify(DEFAULT_RULES), created_by: null }).execute();
  const c = await createTestUser(db, 'coordinator');
  coordinatorId = c.id;
  coordinator = await loggedIn(app, c);
  auditor = await loggedIn(app, await createTestUser(db, 'auditor'));
  worker = await loggedIn(app, await createTestUser(db, 'social_worker'));
});

describe('indicators page', () => {
  it('shows every figure as of the end of a chosen day, when it was computed, and the exports', async () => {
    const before = Date.now();
    const res = await coordinator.get(`/projects/${fx.projectId}/indicators?asOf=2022-12-31`);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Wskaźniki projektu: AS-');
    // The moment described: the end of 31.12.2022 in Warsaw (23:59:59.999 = 22:59:59.999Z).
    expect(html).toContain('Stan na: <time datetime="2022-12-31T22:59:59.999Z">31.12.2022 23:59</time>');
    const computed = /id="indicator-computed">[^<]*<time datetime="([^"]+)"/.exec(html)?.[1];
    expect(new Date(computed!).getTime()).toBeGreaterThanOrEqual(before - 1000);
    // Hand-counted in tests/indicators: 60 supported (target 60), 21 qualifications, employment efficiency of the others 12/49.
    expect(html).toMatch(/<tr id="indicator-supported">[\s\S]*?>60<\/a>/);
    expect(html).toMatch(/<tr id="indicator-qualifications">[\s\S]*?>21<\/a>/);
    expect(html).toContain('24,5%');
    expect(html.match(/<svg[^>]*class="indicator-bar"/g)?.length).toBe(10);
    expect(html).toContain(`href="/projects/${fx.projectId}/monitoring.csv?asOf=2022-12-31"`);
    expect(html).toContain(`href="/projects/${fx.projectId}/monitoring.xlsx?asOf=2022-12-31"`);
    const audit = await lastAudit('indicators_viewed', coordinatorId);
    expect(audit).toMatchObject({ entity: 'project', entity_id: fx.projectId });
    expect(audit!.details).toMatchObject({ asOf: '2022-12-31T22:59:59.999Z', via: 'panel' });
  });

  it('an earlier day shows the earlier state (rebuilt from the event log)', async () => {
    // On 15.02.2021 only participants 0..29 had started (on 01.02.2021).
    const html = (await coordinator.get(`/projects/${fx.projectId}/indicators?asOf=2021-02-15`)).body;
    expect(html).toMatch(/<tr id="indicator-supported">[\s\S]*?>30<\/a>/);
    expect(html).toContain('15.02.2021: Wartości na koniec wybranego dnia');
  });

  it('a number leads to exactly the participants behind it', async () => {
    const html = (await coordinator.get(`/projects/${fx.projectId}/indicators?asOf=2022-12-31`)).body;
    const link = linkOfRow(html, 'indicator-qualifications');
    expect(link).toMatch(/^\/participants\?projectId=[0-9a-f-]{36}&ids=/);
    const list = await coordinator.get(link);
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Znaleziono: 21');
    expect(list.body).toContain('Pokazano tylko osoby, z których składa się wybrana wartość wskaźnika (21).');
    expect(participantIdsOnPage(list.body).sort()).toEqual(fx.idsOf(QUALIFIED).sort());
    // The search form keeps the selection; "show everyone" drops it.
    expect(list.body).toMatch(/<input type="hidden" name="ids" value="[0-9a-f,-]+"/);
    const everyone = unescape(/href="([^"]+)">Pokaż wszystkich/.exec(list.body)![1]!);
    expect(everyone).not.toContain('ids=');
    expect((await coordinator.get(everyone)).body).toContain('Znaleziono: 62');
  });

  it('the ids filter refuses what is not a list of ids, or too long a list', async () => {
    expect((await coordinator.get('/participants?ids=../../etc/passwd')).statusCode).toBe(400);
    const many = Array.from({ length: 301 }, () => fx.ids[0]).join(',');
    expect((await coordinator.get(`/participants?ids=${many}`)).statusCode).toBe(400);
  });

  it('refuses a future or impossible day, and an unknown project', async () => {
    expect((await coordinator.get(`/projects/${fx.projectId}/indicators?asOf=2999-01-01`)).statusCode).toBe(400);
    expect((await coordinator.get(`/projects/${fx.projectId}/indicators?asOf=2024-02-30`)).statusCode).toBe(400);
    expect((await coordinator.get('/projects/00000000-0000-4000-8000-000000000000/indicators')).statusCode).toBe(404);
  });

  it('by role: the auditor reads it, the social worker neither sees it in the menu nor opens it', async () => {
    expect((await auditor.get(`/projects/${fx.projectId}/indicators`)).statusCode).toBe(200);
    const home = await worker.get('/projects');
    expect(home.body).not.toContain('href="/indicators"');
    expect(home.body).not.toContain(`/projects/${fx.projectId}/indicators`);
    expect((await worker.get(`/projects/${fx.projectId}/indicators`)).statusCode).toBe(403);
    expect((await worker.get('/indicators')).statusCode).toBe(403);
  });

  it('is linked from the menu, the projects list and the project page', async () => {
    const projects = (await coordinator.get('/projects')).body;
    expect(projects).toContain('href="/indicators"');
    expect(projects).toContain(`href="/projects/${fx.projectId}/indicators"`);
    expect((await coordinator.get('/indicators')).body).toContain(`href="/projects/${fx.projectId}/indicators"`);
    const project = (await coordinator.get(`/projects/${fx.projectId}`)).body;
    expect(project).toContain(`href="/projects/${fx.projectId}/indicators"`);
    expect(project).toContain(`href="/projects/${fx.projectId}/monitoring.xlsx"`);
    expect(project).toContain(`action="/projects/${fx.projectId}/attendance-list.pdf"`);
    expect(project).toContain('<option value="kis">Klub Integracji Społecznej – zajęcia grupowe</option>');
  });
});

describe('exports over HTTP', () => {
  it('monitoring CSV: an attachment of 60 rows with the SL2014 headers, audited', async () => {
    const res = await coordinator.get(`/projects/${fx.projectId}/monitoring.csv?asOf=2022-12-31`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="SL2014-uczestnicy-2022-12-31.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    const rows = parse(res.rawPayload, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(60);
    expect(rows[0]).toHaveProperty('PESEL');
    expect(rows.map((r) => r['Nazwisko'])).toContain(nameOf(0).last);
    const audit = await lastAudit('export.monitoring_csv', coordinatorId);
    expect(audit!.details).toMatchObject({ rows: 60, via: 'panel' });
  });

  it('monitoring XLSX: opened with exceljs', async () => {
    const res = await auditor.get(`/projects/${fx.projectId}/monitoring.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Uczestnicy')!;
    expect(ws.rowCount).toBe(61);
    expect(ws.getRow(1).getCell(6).value).toBe('PESEL');
    const names = range(2, 61).map((r) => `${ws.getRow(r).getCell(5).value} ${ws.getRow(r).getCell(4).value}`);
    expect(names).toContain(`${nameOf(59).last} ${nameOf(59).first}`);
  });

  it('attendance list PDF: the people and days of March 2021, Polish letters intact; a social worker may print it', async () => {
    const res = await worker.get(`/projects/${fx.projectId}/attendance-list.pdf?formCode=kis&from=2021-03-01&to=2021-03-31`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="lista-obecnosci-kis-2021-03-01-2021-03-31.pdf"');
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('Lista obecności');
    expect(text).toContain('Klub Integracji Społecznej – zajęcia grupowe');
    for (const i of range(0, 7)) expect(text).toContain(`${nameOf(i).last} ${nameOf(i).first}`);
    expect(text).toContain('nieob. uspr.');
  });

  it('exports refuse bad input and the wrong roles; a form code never shapes a path', async () => {
    expect((await coordinator.get(`/projects/${fx.projectId}/attendance-list.pdf?formCode=kis&from=2021-03-31&to=2021-03-01`)).statusCode).toBe(400);
    expect((await coordinator.get(`/projects/${fx.projectId}/attendance-list.pdf?formCode=kis`)).statusCode).toBe(400);
    const odd = await coordinator.get(`/projects/${fx.projectId}/attendance-list.pdf?formCode=${encodeURIComponent('../../etc/"passwd')}&from=2021-03-01&to=2021-03-31`);
    expect(odd.statusCode).toBe(200);
    expect(odd.headers['content-disposition']).toBe('attachment; filename="lista-obecnosci-.._.._etc_passwd-2021-03-01-2021-03-31.pdf"');
    expect(odd.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await worker.get(`/projects/${fx.projectId}/monitoring.csv`)).statusCode).toBe(403);
    expect((await coordinator.get(`/projects/${fx.projectId}/monitoring.csv?asOf=2999-01-01`)).statusCode).toBe(400);
  });
});
