// A project's configuration as a form: lists as lines, numbers as fields, the schema's errors inline on
// the right field in Polish, and nothing stored changes when the form is refused.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { createProject, getProject } from '../../server/services/projects';
import { createTestUser, loggedIn, testApp } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';

const { app, db } = await testApp({ worker: false });
const coordinator = await createTestUser(db, 'coordinator');
const { version: _v, ...rules } = DEFAULT_RULES;
const project = await createProject(db, coordinator, {
  code: `CFG-${randomUUID().slice(0, 8)}`, name: 'Aktywny Społecznie', startsOn: '2020-01-01', endsOn: '2022-12-31', places: 60,
  config: { targetGroups: [{ code: 'ubostwo', label: 'Zagrożeni ubóstwem', planned: 60 }], quotas: [], supportCatalogue: [], indicatorTargets: { supported: 60, qualifications: 21, volunteering: 10 } },
  rules,
});

/** The <input> of one checkbox of the form, to see whether it is checked; fails when the page lacks it. */
function box(body: string, id: string): string {
  const input = new RegExp(`<input[^>]*id="pc-${id.replace('.', '\\.')}"[^>]*>`).exec(body)?.[0];
  if (!input) throw new Error(`no checkbox pc-${id} on the page`);
  return input;
}

const valid = {
  name: 'Aktywny Społecznie 2',
  startsOn: '2020-01-01',
  endsOn: '2023-06-30',
  places: '62',
  targetGroups: 'ubostwo; Zagrożeni ubóstwem; 40\nbezdomni; Osoby bezdomne; 22',
  quotas: 'kobiety; Co najmniej 39 kobiet; sex_k; 39\nbezdomni-min; Co najmniej 5 bezdomnych; bezdomni; 5',
  supportCatalogue: 'kis; Klub Integracji Społecznej\ntrening; Trening kompetencji',
  'target.supported': '62',
  'target.supportedWomen': '39',
  'target.working': '12',
  'budget.total': '1 000 000,50',
  'budget.eu': '850000,50',
  'budget.state': '100000',
  'budget.own': '50000',
  retentionYears: '10',
};

describe('project configuration form', () => {
  it('shows the stored configuration as lines and fields, and saves the form', async () => {
    const c = await loggedIn(app, coordinator);
    const page = await c.get(`/projects/${project.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ubostwo; Zagrożeni ubóstwem; 60');
    expect(page.body).toMatch(/name="target\.supported"[^>]*value="60"/);
    expect(page.body).not.toContain('(JSON)');

    const saved = await c.post(`/projects/${project.id}/config`, valid);
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Zapisano konfigurację.');
    const p = await getProject(db, project.id);
    expect(p).toMatchObject({ name: 'Aktywny Społecznie 2', endsOn: '2023-06-30', places: 62 });
    expect(p.config).toMatchObject({
      targetGroups: [{ code: 'ubostwo', label: 'Zagrożeni ubóstwem', planned: 40 }, { code: 'bezdomni', label: 'Osoby bezdomne', planned: 22 }],
      quotas: [
        { code: 'kobiety', label: 'Co najmniej 39 kobiet', field: 'sex_k', min: 39 },
        { code: 'bezdomni-min', field: 'target_group', targetGroup: 'bezdomni', min: 5 },
      ],
      supportCatalogue: [{ code: 'kis', label: 'Klub Integracji Społecznej' }, { code: 'trening', label: 'Trening kompetencji' }],
      budget: { total: 1_000_000.5, eu: 850_000.5, state: 100_000, own: 50_000 },
      retentionYears: 10,
    });
    // qualifications emptied in the form: gone; volunteering, which no indicator counts and has no field, kept as stored.
    expect(p.config.indicatorTargets).toEqual({ supported: 62, supportedWomen: 39, working: 12, volunteering: 10 });
    // Shown back as it was typed in (decimal comma).
    expect((await c.get(`/projects/${project.id}`)).body).toMatch(/name="budget\.total"[^>]*value="1000000,5"/);
  });

  it('stores who signs the letters, shows it back, and refuses a name without a function', async () => {
    const c = await loggedIn(app, coordinator);
    const saved = await c.post(`/projects/${project.id}/config`, { ...valid, 'signatory.name': 'Barbara Nowak', 'signatory.function': 'Kierownik Ośrodka' });
    expect(saved.body).toContain('Zapisano konfigurację.');
    expect((await getProject(db, project.id)).config.signatory).toEqual({ name: 'Barbara Nowak', function: 'Kierownik Ośrodka' });
    expect((await c.get(`/projects/${project.id}`)).body).toMatch(/name="signatory\.function"[^>]*value="Kierownik Ośrodka"/);
    const half = await c.post(`/projects/${project.id}/config`, { ...valid, 'signatory.name': 'Jan Kowalski', 'signatory.function': '' });
    expect(half.statusCode).toBe(400);
    expect(half.body).toContain('Podaj funkcję');
    expect((await getProject(db, project.id)).config.signatory).toEqual({ name: 'Barbara Nowak', function: 'Kierownik Ośrodka' });
  });

  it('shows the default indicator rules, and stores the efficiency groups and windows written in the form', async () => {
    const c = await loggedIn(app, coordinator);
    const page = await c.get(`/projects/${project.id}`);
    // No project's thresholds by default (never Aktywny Społecznie's): the minimums are the project's own.
    expect(page.body).toContain('disabled; Osoby z niepełnosprawnościami; disability; brak progu / brak progu');
    expect(page.body).toContain('others; Pozostałe osoby; no_disability; brak progu / brak progu');
    for (const id of ['ind.adultOnly-jobSeeking', 'ind.adultOnly-working', 'ind.adultOnly-employment', 'ind.employmentContracts-civil_law']) expect(box(page.body, id)).toContain('checked');
    expect(page.body).toContain('umowa cywilnoprawna');
    expect((await getProject(db, project.id)).config.indicators).toBeUndefined();
    const saved = await c.post(`/projects/${project.id}/config`, {
      ...valid,
      'ind.resultWindowDays': '30',
      'ind.efficiencyWindowMonths': '3',
      'ind.adultAge': '18',
      // Unchecked boxes send nothing; the group's empty field says the group was on the page.
      'ind.adultOnly': '',
      'ind.adultOnly.working': 'working',
      'ind.employmentContracts': '',
      'ind.employmentContracts.employment': 'employment',
      'ind.employmentContracts.civil_law': 'civil_law',
      // Percentages as an office types them: "34", "12,5", "14,3%".
      'ind.efficiencyGroups': 'disabled; Osoby z niepełnosprawnościami; disability; 34 / 12,5\nbezdomni; Osoby bezdomne; bezdomni; 56% w tym 14,3%',
    });
    expect(saved.statusCode).toBe(200);
    const { indicators } = (await getProject(db, project.id)).config;
    expect(indicators).toEqual({
      resultWindowDays: 30,
      efficiencyWindowMonths: 3,
      adultAge: 18,
      adultOnly: ['working'],
      employmentContracts: ['employment', 'civil_law'],
      efficiencyGroups: [
        // The English name of a group kept by its code; a new group's is its Polish one.
        { code: 'disabled', label: { pl: 'Osoby z niepełnosprawnościami', en: 'Persons with disabilities' }, members: 'disability', formula: { kind: 'separate', social: 0.34, employment: 0.125 } },
        { code: 'bezdomni', label: { pl: 'Osoby bezdomne', en: 'Osoby bezdomne' }, members: { targetGroup: 'bezdomni' }, formula: { kind: 'combined', total: 0.56, employment: 0.143 } },
      ],
    });
    const shown = (await c.get(`/projects/${project.id}`)).body;
    expect(shown).toContain('disabled; Osoby z niepełnosprawnościami; disability; 34% / 12,5%');
    expect(shown).toContain('bezdomni; Osoby bezdomne; bezdomni; 56% w tym 14,3%');
    expect(box(shown, 'ind.adultOnly-working')).toContain('checked');
    expect(box(shown, 'ind.adultOnly-jobSeeking')).not.toContain('checked');
    expect(box(shown, 'ind.employmentContracts-self_employment')).not.toContain('checked');
    // A form without the indicator fields (a page from before them) leaves the stored rules as they are.
    expect((await c.post(`/projects/${project.id}/config`, valid)).statusCode).toBe(200);
    expect((await getProject(db, project.id)).config.indicators).toEqual(indicators);
  });

  it('refuses efficiency groups it cannot read, row by row, in Polish', async () => {
    const c = await loggedIn(app, coordinator);
    const before = await getProject(db, project.id);
    const ind = { 'ind.resultWindowDays': '0', 'ind.efficiencyWindowMonths': '3', 'ind.adultAge': '18' };
    const res = await c.post(`/projects/${project.id}/config`, { ...valid, ...ind, 'ind.efficiencyGroups': 'b; Grupa B; nieznana; 34% / 12%\nc; Grupa C; women; 20% w tym 30%' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('wiersz 1: Nie ma grupy docelowej „nieznana”');
    expect(res.body).toContain('wiersz 2: Efektywność zatrudnieniowa nie może przekraczać łącznej');
    expect(res.body).toMatch(/id="pc-ind\.resultWindowDays"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('c; Grupa C; women; 20% w tym 30%');
    const unreadable = await c.post(`/projects/${project.id}/config`, { ...valid, ...ind, 'ind.efficiencyGroups': 'a; Grupa A; all; dużo' });
    expect(unreadable.body).toContain('wiersz 1: Wzór: „34% / 12%” (społeczna / zatrudnieniowa) albo „56% w tym 22%” (łącznie, w tym zatrudnieniowa)');
    // No kind of work ticked, a share over 100% and a row without members: each said where it belongs,
    // and the boxes and lines come back as they were sent.
    const unticked = await c.post(`/projects/${project.id}/config`, {
      ...valid,
      ...ind,
      'ind.resultWindowDays': '28',
      'ind.adultOnly': '',
      'ind.adultOnly.jobSeeking': 'jobSeeking',
      'ind.employmentContracts': '',
      'ind.efficiencyGroups': 'a; Grupa A; all; 120% / 12\nb; Grupa B; ; 34% / 12%',
    });
    expect(unticked.statusCode).toBe(400);
    expect(unticked.body).toMatch(/<fieldset id="pc-ind\.employmentContracts" class="has-error"[^>]*>[\s\S]*?<p class="error" id="pc-ind\.employmentContracts-error">Co najmniej jeden rodzaj pracy<\/p>/);
    expect(unticked.body).toContain('wiersz 1: Udział od 0 do 100%');
    expect(unticked.body).toContain('wiersz 2: Kto należy do grupy: all, disability, no_disability, women albo kod grupy docelowej');
    expect(unticked.body).toContain('a; Grupa A; all; 120% / 12\nb; Grupa B; ; 34% / 12%');
    expect(box(unticked.body, 'ind.adultOnly-jobSeeking')).toContain('checked');
    expect(box(unticked.body, 'ind.adultOnly-working')).not.toContain('checked');
    expect(unticked.body).toMatch(/name="places"[^>]*value="62"/);
    expect(unticked.body).toContain('bezdomni-min; Co najmniej 5 bezdomnych; bezdomni; 5');
    expect(await getProject(db, project.id)).toEqual(before);
  });

  it('refuses a bad form with the reasons on its fields, keeps what was typed, and stores nothing', async () => {
    const c = await loggedIn(app, coordinator);
    const before = await getProject(db, project.id);
    const res = await c.post(`/projects/${project.id}/config`, {
      ...valid,
      quotas: 'kobiety; Co najmniej 39 kobiet; sex_k; 39\nx; Nieznana grupa; nieznana; 3',
      'budget.own': '1',
      places: 'dużo',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('wiersz 2: Nie ma grupy docelowej „nieznana”');
    expect(res.body).toContain('Suma środków UE, budżetu państwa i wkładu własnego musi równać się wartości projektu');
    expect(res.body).toMatch(/id="pc-places"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('x; Nieznana grupa; nieznana; 3');
    expect(await getProject(db, project.id)).toEqual(before);
  });

  it('is read-only for a director and refused to a social worker', async () => {
    const director = await loggedIn(app, await createTestUser(db, 'director'));
    const page = await director.get(`/projects/${project.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/id="pc-targetGroups"[^>]*readonly/);
    expect(box(page.body, 'ind.employmentContracts-employment')).toContain('disabled');
    expect(page.body).not.toContain('>Zapisz</button>');
    const sw = await loggedIn(app, await createTestUser(db, 'social_worker'));
    expect((await sw.post(`/projects/${project.id}/config`, valid)).statusCode).toBe(403);
  });
});

describe('project configuration in Chromium', () => {
  it('a coordinator changes a target and a support form line, saves, and sees them stored', async () => {
    const browser = await launchBrowser();
    const base = await listen(app);
    const { page, problems } = await watchedPage(browser, base);
    await browserLogin(page, coordinator.email, coordinator.password);
    await page.goto(`/projects/${project.id}`);
    await page.getByLabel('Kobiety objęte wsparciem').fill('41');
    await page.getByLabel('Wskaźniki rezultatu: dni od zakończenia udziału').fill('35');
    // Civil-law contracts stop counting for employment efficiency (ticked by default and by the tests above).
    await page.getByLabel('umowa cywilnoprawna').uncheck();
    const catalogue = page.getByLabel('Katalog form wsparcia');
    await catalogue.fill(`${await catalogue.inputValue()}\ndoradztwo; Doradztwo zawodowe`);
    await screenshot(page, 'project-config');
    await page.getByRole('button', { name: 'Zapisz' }).click();
    await page.getByText('Zapisano konfigurację.').waitFor();
    const p = await getProject(db, project.id);
    expect(p.config.indicatorTargets.supportedWomen).toBe(41);
    expect(p.config.indicators?.resultWindowDays).toBe(35);
    expect(p.config.indicators?.employmentContracts).toContain('employment');
    expect(p.config.indicators?.employmentContracts).not.toContain('civil_law');
    expect(p.config.supportCatalogue.at(-1)).toEqual({ code: 'doradztwo', label: 'Doradztwo zawodowe' });
    expect(problems).toEqual([]);
  });

  it('keeps the attendance rules per project: shares as percentages, the training forms from its catalogue', async () => {
    const c = await loggedIn(app, coordinator);
    const page = await c.get(`/projects/${project.id}`);
    expect(page.body).toMatch(/name="att\.minShareOfPlanned"[^>]*value="80%"/);
    expect(page.body).toMatch(/name="att\.maxTrainingAbsence"[^>]*value="20%"/);
    const rules = { 'att.minShareOfPlanned': '90', 'att.maxTrainingAbsence': '10%' };
    const before = (await getProject(db, project.id)).config.attendance;
    const refused = await c.post(`/projects/${project.id}/config`, { ...valid, ...rules, 'att.trainingForms': 'trening, szydelkowanie' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Nie ma formy wsparcia „szydelkowanie” w katalogu');
    expect((await getProject(db, project.id)).config.attendance).toEqual(before);
    const saved = await c.post(`/projects/${project.id}/config`, { ...valid, ...rules, 'att.trainingForms': 'trening' });
    expect(saved.statusCode).toBe(200);
    expect((await getProject(db, project.id)).config.attendance).toEqual({ minShareOfPlanned: 0.9, maxTrainingAbsence: 0.1, trainingForms: ['trening'] });
  });
});
