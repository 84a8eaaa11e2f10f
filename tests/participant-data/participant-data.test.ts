// The participant's monitoring data through the API (issue 20, items 1, 2 and 6): a full record and one
// who refused the sensitive questions registered, every field's refusal in the caller's language, both
// exports (SL2014 and SM EFS) read back in CSV and XLSX column by column, and the letter's address block.
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePesel } from '../../domain/pesel';
import { todayInWarsaw } from '../../i18n/format';
import { SL2014_COLUMNS, SMEFS_COLUMNS } from '../../server/services/exports';
import { apiCaller, createTestUser, testApp, tokenFor } from '../helpers/app';
import { approvedSitting, decideAndApprove, decidedWithLetter, qualify, screen, uniquePesel, waitForStage } from '../helpers/journeys';
import { pdfText } from '../helpers/pdf';
import { CENTRE, dataProject, fullRecord, refusingRecord } from './fixture';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const projectId = await dataProject(db, '2021-2027');
const worker = await createTestUser(db, 'social_worker');
const coordinator = await createTestUser(db, 'coordinator');
const call = apiCaller(app, { worker: await tokenFor(db, worker), coordinator: await tokenFor(db, coordinator) });
const today = todayInWarsaw();

const base = (over: Record<string, unknown> = {}) => ({
  projectId, firstName: 'Jan', lastName: 'Kowalczyk', pesel: uniquePesel('M'), sex: 'M', disability: false, channel: 'in_person', targetGroup: 'poverty', ...over,
});

async function register(body: Record<string, unknown>): Promise<string> {
  const res = await call('worker', 'POST', '/api/applications', body, { 'idempotency-key': randomUUID() });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** Through the journey to participation: screened, qualified and approved, documents signed today. */
async function participate(applicationId: string) {
  await waitForStage(db, applicationId, 'applied');
  await screen(env.client, worker, applicationId);
  await waitForStage(db, applicationId, 'screened');
  await qualify({ db, temporal: env.client }, applicationId);
  await waitForStage(db, applicationId, 'joining');
  const signed = await call('worker', 'POST', '/api/applications/sign', { applicationId, signedOn: today, documents: ['declaration', 'contract', 'data_statement'] }, { 'idempotency-key': randomUUID() });
  expect(signed.statusCode, signed.body).toBe(200);
  await waitForStage(db, applicationId, 'support');
}

let full: { id: string; pesel: string };
let refusing: { id: string; pesel: string };

beforeAll(async () => {
  const a = base({ firstName: 'Łucja', lastName: 'Żółkiewska', sex: 'K', pesel: uniquePesel('K'), ...fullRecord });
  const b = base({ firstName: 'Jan', lastName: 'Kowalczyk', ...refusingRecord });
  full = { id: await register(a), pesel: a.pesel };
  refusing = { id: await register(b), pesel: b.pesel };
  await Promise.all([participate(full.id), participate(refusing.id)]);
});

describe('participant data in the API', () => {
  it('stores the record with TERYT’s names and the DEGURBA class the list gives', async () => {
    const row = await db.selectFrom('applications').selectAll().where('id', '=', full.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      address_county: 'raciborski', address_commune: 'Krzyżanowice', address_locality: 'Tworków', address_postcode: '47-451', degurba: 3,
      phone: '+48 501 234 567', email: 'jan.kowalczyk@example.pl', education: 'isced3', labour_status_detail: 'long_term', citizenship: 'polish',
      minority: 'no', foreign_origin: 'yes', homeless: 'no', other_disadvantage: 'yes', disability_refused: false,
    });
    expect((await db.selectFrom('applications').select('degurba').where('id', '=', refusing.id).executeTakeFirstOrThrow()).degurba).toBe(1);
  });

  it('refuses each bad field with its message in the caller’s language, and stores nothing', async () => {
    const bad = base({
      ...fullRecord,
      address: { ...fullRecord.address, county: 'wrocławski', postcode: '47451' },
      phone: '12',
      email: 'zółw@example.pl',
      labourStatusDetail: 'learning',
    });
    const pl = await call('worker', 'POST', '/api/applications', bad, { 'idempotency-key': randomUUID() });
    expect(pl.statusCode).toBe(400);
    const msg = (res: typeof pl, field: string) => (res.json().fields as Array<{ field: string; message: string }>).find((f) => f.field === field)?.message;
    expect(msg(pl, 'address.postcode')).toBe('Kod pocztowy w formacie 00-000');
    expect(msg(pl, 'phone')).toMatch(/^Numer telefonu/);
    expect(msg(pl, 'email')).toMatch(/^Adres e-mail/);
    const en = await call('worker', 'POST', '/api/applications', bad, { 'idempotency-key': randomUUID(), 'accept-language': 'en' });
    expect(msg(en, 'address.postcode')).toBe('Postcode as 00-000');
    // The cross-field rules (after the fields themselves are right): county, status detail, guardian.
    const wrongPlace = await call('worker', 'POST', '/api/applications', base({ ...fullRecord, address: { ...fullRecord.address, county: 'wrocławski' }, labourStatusDetail: 'learning' }), { 'idempotency-key': randomUUID(), 'accept-language': 'en' });
    expect(msg(wrongPlace, 'address.county')).toMatch(/^No such county/);
    expect(msg(wrongPlace, 'labourStatusDetail')).toMatch(/does not match/);
    const kid = new Date();
    const kidBirth = `${kid.getUTCFullYear() - 15}-01-15`;
    const minor = await call('worker', 'POST', '/api/applications', base({ ...fullRecord, birthDate: kidBirth, pesel: peselFor(kidBirth) }), { 'idempotency-key': randomUUID() });
    expect(msg(minor, 'guardian')).toMatch(/opiekuna/);
    const outside = await call('worker', 'POST', '/api/applications', base({ ...fullRecord, address: { ...fullRecord.address, voivodeship: 'opolskie', county: 'prudnicki', commune: 'Biała' } }), { 'idempotency-key': randomUUID() });
    expect(msg(outside, 'address.degurba')).toMatch(/DEGURBA/);
    expect(await db.selectFrom('applications').select('id').where('email', '=', 'zółw@example.pl').execute()).toEqual([]);
  });

  it('SL2014: exactly its columns, every column of both participants, CSV and XLSX alike', async () => {
    const csv = await call('coordinator', 'GET', `/api/projects/${projectId}/monitoring?format=csv&system=sl2014`);
    expect(csv.statusCode).toBe(200);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [headers, ...rows] = parse(csv.rawPayload, { bom: true, delimiter: ';' }) as string[][];
    expect(headers).toEqual(SL2014_COLUMNS.map((c) => c.header));
    const xlsx = await readXlsx(await call('coordinator', 'GET', `/api/projects/${projectId}/monitoring?format=xlsx&system=sl2014`));
    expect(xlsx[0]).toEqual(headers);
    const pesel = headers!.indexOf('PESEL');
    for (const table of [rows, xlsx.slice(1)]) {
      const of = (p: string) => table.find((r) => r[pesel] === p)!;
      expect(of(full.pesel)).toEqual([
        'Polska', 'Indywidualny', '', 'Łucja', 'Żółkiewska', full.pesel, 'Nie', 'Kobieta', String(age(full.pesel)), 'ponadgimnazjalne (ISCED 3)',
        'śląskie', 'raciborski', 'Krzyżanowice', 'Tworków', 'Długa', '12', '3', '47-451', '3 - wiejski (słabo zaludnione)', '0048501234567', 'jan.kowalczyk@example.pl',
        today, '', 'osoba bezrobotna zarejestrowana w ewidencji urzędów pracy', 'osoba długotrwale bezrobotna', '', '', '', '', '', '', '', '', today, '', '', '', '',
        'Tak', 'Nie', 'Nie', 'Tak', '',
      ]);
      expect(of(refusing.pesel)).toEqual([
        'Polska', 'Indywidualny', '', 'Jan', 'Kowalczyk', refusing.pesel, 'Nie', 'Mężczyzna', String(age(refusing.pesel)), 'wyższe (ISCED 5-8)',
        'śląskie', 'Bytom', 'Bytom', 'Bytom', '', '7', '', '41-902', '1 - miejski (gęsto zaludnione)', '501234568', '',
        today, '', 'osoba pracująca', 'osoba pracująca w administracji samorządowej', 'kluczowy pracownik instytucji pomocy i integracji społecznej', 'Urząd Miejski w Bytomiu',
        '', '', '', '', '', '', today, '', '', '', '',
        'Odmowa podania informacji', 'Odmowa podania informacji', 'Odmowa podania informacji', 'Odmowa podania informacji', '',
      ]);
    }
  });

  it('SM EFS: the project’s default for 2021-2027, its own columns, CSV and XLSX alike', async () => {
    const csv = await call('coordinator', 'GET', `/api/projects/${projectId}/monitoring?format=csv`);
    expect(csv.headers['content-disposition']).toMatch(/Uczestnicy_projektu_Efs/);
    const [headers, ...rows] = parse(csv.rawPayload, { bom: true, delimiter: ';' }) as string[][];
    expect(headers).toEqual(SMEFS_COLUMNS.map((c) => c.header));
    const xlsx = await readXlsx(await call('coordinator', 'GET', `/api/projects/${projectId}/monitoring?format=xlsx`));
    expect(xlsx[0]).toEqual(headers);
    for (const table of [rows, xlsx.slice(1)]) {
      const of = (p: string) => table.find((r) => r[2] === p)!;
      expect(of(full.pesel)).toEqual([
        'Łucja', 'Żółkiewska', full.pesel, 'Nie', full.id, 'Kobieta', String(age(full.pesel)), 'ponadgimnazjalne (ISCED 3) lub policealne (ISCED 4)', 'obywatelstwo polskie',
        'Polska', 'śląskie', 'raciborski', 'Krzyżanowice', 'Tworków', '47-451', '3 - wiejski (słabo zaludnione)', '0048501234567', 'jan.kowalczyk@example.pl',
        'osoba bezrobotna zarejestrowana w ewidencji urzędów pracy, w tym: osoba długotrwale bezrobotna', '', '', today, today, '', '', '',
        'Nie', 'Tak', 'Nie', 'Nie', 'Nie',
      ]);
      expect(of(refusing.pesel)).toEqual([
        'Jan', 'Kowalczyk', refusing.pesel, 'Nie', refusing.id, 'Mężczyzna', String(age(refusing.pesel)), 'wyższe (ISCED 5-8)', 'brak polskiego obywatelstwa lub UE',
        'Polska', 'śląskie', 'Bytom', 'Bytom', 'Bytom', '41-902', '1 - miejski (gęsto zaludnione)', '501234568', '',
        'osoba pracująca, w tym: osoba pracująca w administracji samorządowej', '', '', today, today, '', '', '',
        'Odmowa podania informacji', 'Odmowa podania informacji', 'Tak', 'Odmowa podania informacji', 'Odmowa podania informacji',
      ]);
    }
  });

  it('phone, e-mail and education are corrected through the journey, checked like at registration', async () => {
    const correct = (changes: object, headers: Record<string, string> = {}) =>
      call('worker', 'POST', '/api/applications/correct', { applicationId: refusing.id, reason: 'Nowy numer według oświadczenia', changes }, { 'idempotency-key': randomUUID(), ...headers });
    const bad = await correct({ phone: '12' }, { 'accept-language': 'en' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0]).toMatchObject({ field: 'changes.phone', message: expect.stringMatching(/^Phone number/) });
    const ok = await correct({ phone: '32 415 00 00', email: 'jan.k@example.pl', education: 'isced4' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().fields).toEqual(['phone', 'email', 'education']);
    const kept = await db.selectFrom('corrections').select(['field', 'old_value', 'new_value']).where('application_id', '=', refusing.id).orderBy('id').execute();
    expect(kept).toEqual([
      { field: 'phone', old_value: '501234568', new_value: '32 415 00 00' },
      { field: 'email', old_value: null, new_value: 'jan.k@example.pl' },
      { field: 'education', old_value: 'isced5_8', new_value: 'isced4' },
    ]);
    expect(await db.selectFrom('applications').select(['phone', 'email', 'education']).where('id', '=', refusing.id).executeTakeFirstOrThrow()).toEqual({ phone: '32 415 00 00', email: 'jan.k@example.pl', education: 'isced4' });
  });

  it('a letter is sent only after the director approved the list', async () => {
    const pesel = uniquePesel('M');
    const res = await call('worker', 'POST', '/api/applications', base({ pesel, lastName: 'Rezerwowy' }), { 'idempotency-key': randomUUID() });
    const applicationId = res.json().id as string;
    await waitForStage(db, applicationId, 'applied');
    await screen(env.client, worker, applicationId);
    await waitForStage(db, applicationId, 'screened');
    await decideAndApprove(env.client, applicationId, worker.id, 'reserve');
    let letter: { id: string } | undefined;
    for (let i = 0; i < 300 && !letter; i++) {
      letter = await db.selectFrom('letters').select('id').where('application_id', '=', applicationId).executeTakeFirst();
      if (!letter) await new Promise((r) => setTimeout(r, 100));
    }
    const early = await call('coordinator', 'POST', `/api/letters/${letter!.id}/sent`, { sentOn: today });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toBe('Pismo można wysłać dopiero po zatwierdzeniu listy przez dyrektora');
    const viaJourney = await call('coordinator', 'POST', '/api/applications/letter-sent', { applicationId, letterKey: `${applicationId}:letter:result_reserve`, sentOn: today }, { 'idempotency-key': randomUUID(), 'accept-language': 'en' });
    expect(viaJourney.statusCode).toBe(409);
    expect(viaJourney.json().message).toMatch(/only after the director approved/);
    await approvedSitting(db, projectId, applicationId, 'reserve', coordinator.id);
    const sent = await call('coordinator', 'POST', `/api/letters/${letter!.id}/sent`, { sentOn: today });
    expect(sent.statusCode, sent.body).toBe(200);
  });

  it('a letter is an official letter: the centre, place and date, reference number, the recipient’s address', async () => {
    const pesel = uniquePesel('K');
    const { letterId } = await decidedWithLetter(deps, worker, projectId, 'reserve', {
      firstName: 'Halina', lastName: 'Ślązak', pesel, birthDate: birthOf(pesel), ...fullRecord,
    });
    const pdf = await call('coordinator', 'GET', `/api/letters/${letterId}/pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ');
    for (const line of [CENTRE.name, CENTRE.street, `${CENTRE.postcode} ${CENTRE.town}`, 'Pani Halina Ślązak', 'ul. Długa 12/3', '47-451 Tworków']) expect(text).toContain(line);
    expect(text).toMatch(new RegExp(`Racibórz, dnia \\d{2}\\.\\d{2}\\.\\d{4}`));
    const { reference } = await db.selectFrom('letters').select('reference').where('id', '=', letterId).executeTakeFirstOrThrow();
    expect(reference).toMatch(/^PD-[0-9a-f]{8}\/\d{4}\/\d+$/);
    expect(text).toContain(`Znak sprawy: ${reference}`);
  });
});

const birthOf = (pesel: string) => {
  const p = parsePesel(pesel);
  if (!p.ok) throw new Error(pesel);
  return p.facts.birthDate;
};
const age = (pesel: string) => {
  const [y, m, d] = birthOf(pesel).split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
};

/** A valid PESEL of a woman born that day (the checksum computed). */
function peselFor(birth: string): string {
  const [y, m, d] = birth.split('-').map(Number) as [number, number, number];
  const month = y >= 2000 ? m + 20 : m;
  const serial = String(100 + Math.floor(Math.random() * 899)).padStart(3, '0');
  const body = `${String(y % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(d).padStart(2, '0')}${serial}2`;
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = body.split('').reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

async function readXlsx(res: { statusCode: number; rawPayload: Buffer }): Promise<string[][]> {
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0]!;
  const width = ws.getRow(1).cellCount;
  const out: string[][] = [];
  ws.eachRow((row) => out.push(Array.from({ length: width }, (_, i) => { const v = row.getCell(i + 1).value; return v === null || v === undefined ? '' : String(v); })));
  return out;
}
