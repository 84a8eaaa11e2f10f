// Safe actions and an honest record, in Chromium against the real round and journeys (issue 15): the
// commission's rejection and the director's approval ask for confirmation with a summary; so does the end
// of participation, whose form pre-fills neither the date nor the reason; the protocol names candidates
// with their points per criterion; the resignation promotes the reserve candidate, and his timeline says
// it was the system, after whose resignation; his letter says "Szanowny Panie" and is signed by the
// project's signatory, the superseded reserve letter left the queue with its cause; an application is
// withdrawn with its reason and leaves the ranking; a rejected candidate's stage bar shows the path taken.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { peselCheckDigit } from '../../domain/pesel';
import { formatDate, todayInWarsaw } from '../../i18n/format';
import { act } from '../../server/services/journeys';
import { createTestUser, testApp, type TestUser } from '../helpers/app';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { apply, createProject, screen, waitForStage } from '../helpers/journeys';
import { pdfText } from '../helpers/pdf';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const base = await listen(app);
const browser = await launchBrowser();

const users = {
  worker: await createTestUser(db, 'social_worker', { name: 'Ewa Socjalna' }),
  coordinator: await createTestUser(db, 'coordinator', { name: 'Jan Koordynator' }),
  commission: await createTestUser(db, 'commission', { name: 'Maria Komisja' }),
  director: await createTestUser(db, 'director', { name: 'Piotr Dyrektor' }),
};

/** A valid PESEL of a man born on 2002-03-15 (an odd tenth digit). */
let serial = 300 + Math.floor(Math.random() * 600);
const malePesel = () => {
  const first10 = `022315${String(serial++ % 1000).padStart(3, '0')}5`;
  return first10 + String(peselCheckDigit(first10));
};

async function as(user: TestUser): Promise<{ page: Page; problems: string[] }> {
  const w = await watchedPage(browser, base);
  await browserLogin(w.page, user.email, user.password);
  return w;
}
const text = (page: Page, selector: string) => page.locator(selector).first().innerText();
const stageOf = async (id: string) => (await db.selectFrom('applications').select('stage').where('id', '=', id).executeTakeFirstOrThrow()).stage;

describe('safe actions and an honest record in Chromium', () => {
  it('confirms before rejecting, approving and ending; the promotion is the system\'s; letters and protocol name people', async () => {
    const projectId = await createProject(db);
    const signatory = { name: 'Barbara Podpisująca', function: 'Kierownik Ośrodka Pomocy Społecznej' };
    // One place, so the second candidate goes on the reserve list; the letters' signatory as the project configures it.
    await db.updateTable('projects').set({ places: 1, config: JSON.stringify({ targetGroups: [{ code: 'poverty', label: 'Ubóstwo', planned: 1 }], quotas: [], supportCatalogue: [], indicatorTargets: {}, signatory }) }).where('id', '=', projectId).execute();
    const suffix = Math.random().toString(36).slice(2, 6);
    const names = { p: `Pierwsza-${suffix}`, r: `Rezerwowy-${suffix}`, x: `Odrzucona-${suffix}`, w: `Wycofana-${suffix}` };
    const p = await apply(deps, users.worker, projectId, { firstName: 'Paula', lastName: names.p });
    const r = await apply(deps, users.worker, projectId, { firstName: 'Robert', lastName: names.r, sex: 'M', pesel: malePesel() });
    const x = await apply(deps, users.worker, projectId, { firstName: 'Xenia', lastName: names.x });
    const w = await apply(deps, users.worker, projectId, { firstName: 'Wanda', lastName: names.w });
    for (const id of [p, r, x, w]) {
      await waitForStage(db, id, 'applied');
      await screen(env.client, users.worker, id);
      await waitForStage(db, id, 'screened');
    }

    // Commission: the decision select starts empty; a rejection asks first, naming who and why.
    const cm = await as(users.commission);
    await cm.page.goto(`/recruitment/${projectId}`);
    await cm.page.locator(`#dc-${w}`).waitFor();
    expect(await cm.page.locator(`#dc-${p}`).inputValue()).toBe('');
    for (const [id, decision] of [[p, 'qualified'], [r, 'reserve']] as const) {
      await cm.page.locator(`#dc-${id}`).selectOption(decision);
      await cm.page.locator(`form:has(#dc-${id}) button[type=submit]`).click();
      expect(await text(cm.page, 'main .alert')).toContain('Zapisano decyzję.');
    }
    await cm.page.locator(`#dc-${x}`).selectOption('rejected');
    await cm.page.locator(`#rs-${x}`).fill('Nie spełnia kryterium zamieszkania');
    await cm.page.locator(`form:has(#dc-${x}) button[type=submit]`).click();
    await cm.page.getByRole('heading', { name: 'Potwierdź: odrzucony' }).waitFor();
    const rejectStep = await text(cm.page, '#rc-confirm');
    expect(rejectStep).toContain(`Xenia ${names.x}`);
    expect(rejectStep).toContain('Nie spełnia kryterium zamieszkania');
    expect(rejectStep).toContain('ścieżka zostanie zamknięta');
    await screenshot(cm.page, 'record-confirm-reject');
    expect(await stageOf(x)).toBe('screened');
    await cm.page.locator('#rc-confirm button[type=submit]').click();
    expect(await text(cm.page, 'main .alert')).toContain('Zapisano decyzję.');
    await cm.page.locator('#rc-members').fill('Maria Komisja\nAnna Nowak');
    await cm.page.getByRole('button', { name: 'Zamknij posiedzenie i sporządź protokół' }).click();
    expect(await text(cm.page, 'main .alert-ok')).toContain('Posiedzenie zamknięte');

    // The protocol read back: names, points per criterion, the commission's members; no application ids.
    const href = await cm.page.getByRole('link', { name: 'Protokół (PDF)' }).getAttribute('href');
    const protocol = (await pdfText(await (await cm.page.request.get(href!)).body())).replace(/\s+/g, ' ');
    expect(protocol).toContain(`Paula ${names.p}`);
    expect(protocol).toContain(`Robert ${names.r}`);
    expect(protocol).toMatch(/Opinia pracownika socjalnego[^:]*: 1/);
    expect(protocol).toContain('Maria Komisja, Anna Nowak');
    expect(protocol).not.toContain('zgłoszenie ');

    // Director: the approval asks first, listing who is approved.
    const dr = await as(users.director);
    await dr.page.goto(`/recruitment/${projectId}`);
    await dr.page.getByRole('button', { name: 'Zatwierdź listę' }).click();
    const approveStep = await text(dr.page, '#rc-confirm');
    expect(approveStep).toContain(`Paula ${names.p}`);
    expect(approveStep).not.toContain(names.r);
    await screenshot(dr.page, 'record-confirm-approve');
    await dr.page.locator('#rc-confirm button[type=submit]').click();
    expect(await text(dr.page, 'main .alert-ok')).toContain('Lista została zatwierdzona.');
    await waitForStage(db, p, 'joining');
    await act(deps, users.worker, p, 'signDocuments', { signedOn: todayInWarsaw(), kinds: ['declaration', 'contract', 'data_statement'] }, randomUUID());
    await waitForStage(db, p, 'support');

    // Social worker: the end pre-fills nothing; the first submit shows what will happen, the second ends.
    const sw = await as(users.worker);
    await sw.page.goto(`/participants/${p}`);
    expect(await sw.page.locator('#endParticipation-endedOn').inputValue()).toBe('');
    expect(await sw.page.locator('#endParticipation-reason').inputValue()).toBe('');
    await sw.page.locator('#endParticipation-endedOn').fill(todayInWarsaw());
    await sw.page.locator('#endParticipation-reason').selectOption('resigned');
    await sw.page.locator('#endParticipation-note').fill('Przeprowadzka do innej gminy (oświadczenie)');
    await sw.page.locator('#action-endParticipation button[type=submit]').click();
    await sw.page.getByRole('heading', { name: 'Potwierdź: Zakończenie udziału' }).waitFor();
    const endStep = await text(sw.page, '#action-endParticipation');
    expect(endStep).toContain(formatDate(todayInWarsaw()));
    expect(endStep).toContain('rezygnacja');
    expect(endStep).toContain('pierwsza osoba z listy rezerwowej');
    await screenshot(sw.page, 'record-confirm-end');
    expect(await stageOf(p)).toBe('support');
    await sw.page.locator('#action-endParticipation button[type=submit]').click();
    await sw.page.locator('#participant-actions .alert-ok').waitFor();
    await waitForStage(db, p, 'ended');
    await sw.page.reload();
    expect(await text(sw.page, '.timeline')).toContain('Powód: Przeprowadzka do innej gminy (oświadczenie)');
    // Each message to the round says what it carried: the screening's points, then the freed place.
    await sw.page.locator('.timeline li', { hasText: 'zwolnione miejsce dla listy rezerwowej' }).waitFor();
    const toRound = await sw.page.locator('.timeline li', { hasText: 'Przekazano do rekrutacji' }).allInnerTexts();
    expect(toRound).toEqual([expect.stringMatching(/punkty z oceny \(\d+\) do listy rankingowej/), expect.stringContaining('zwolnione miejsce dla listy rezerwowej')]);

    // The reserve candidate got the place: the system's step, after whose resignation.
    await waitForStage(db, r, 'joining');
    const co = await as(users.coordinator);
    await co.page.goto(`/participants/${r}`);
    const promotion = co.page.locator('.timeline li', { hasText: 'Awans z listy rezerwowej' });
    expect(await promotion.innerText()).toContain(`po rezygnacji: Paula ${names.p}`);
    expect(await promotion.innerText()).toContain('system (automatycznie)');
    expect(await promotion.innerText()).not.toContain('Maria Komisja');
    await screenshot(co.page, 'record-promotion');

    // His promotion letter: the form of address that fits him, signed by the configured signatory.
    const letter = await db.selectFrom('letters').select('pdf').where('application_id', '=', r).where('kind', '=', 'promoted').executeTakeFirstOrThrow();
    // Lines wrap where the page ends: read as one text.
    const letterText = (await pdfText(letter.pdf)).replace(/\s+/g, ' ');
    expect(letterText).toContain(`Szanowny Panie Robert ${names.r}`);
    expect(letterText).toContain('zostaje Pan zakwalifikowany');
    expect(letterText).not.toContain('Pani / Szanowny');
    expect(letterText).toContain(signatory.name);
    expect(letterText).toContain(signatory.function);
    // The reserve letter, unsent, left the queue with its cause.
    await co.page.goto(`/letters?projectId=${projectId}`);
    expect(await co.page.locator('main tbody tr', { hasText: names.r }).allInnerTexts()).toEqual([expect.stringContaining('Pismo: przyjęcie z listy rezerwowej')]);
    await co.page.goto(`/letters?projectId=${projectId}&status=superseded`);
    const superseded = await co.page.locator('main tbody tr', { hasText: names.r }).innerText();
    expect(superseded).toContain('Pismo: lista rezerwowa');
    expect(superseded).toContain('zastąpione pismem o zakwalifikowaniu z listy rezerwowej');
    await screenshot(co.page, 'record-letters-superseded');

    // The recruitment page's promotions say so too.
    await co.page.goto(`/recruitment/${projectId}`);
    expect(await co.page.locator('main li', { hasText: `Robert ${names.r}` }).last().innerText()).toContain(`na miejsce zwolnione przez: Paula ${names.p}`);

    // A withdrawal entered by mistake: confirmed, shown with its reason, out of the ranking.
    await sw.page.goto(`/participants/${w}`);
    await sw.page.locator('#withdrawApplication-reason').selectOption('entered_by_mistake');
    await sw.page.locator('#withdrawApplication-note').fill('Zgłoszenie wpisane dwa razy');
    await sw.page.locator('#action-withdrawApplication button[type=submit]').click();
    await sw.page.getByRole('heading', { name: 'Potwierdź: Wycofanie zgłoszenia' }).waitFor();
    expect(await text(sw.page, '#action-withdrawApplication')).toContain('wprowadzone omyłkowo');
    await screenshot(sw.page, 'record-confirm-withdraw');
    await sw.page.locator('#action-withdrawApplication button[type=submit]').click();
    await sw.page.locator('#participant-actions .alert-ok').waitFor();
    await waitForStage(db, w, 'closed');
    await sw.page.reload();
    expect(await text(sw.page, '.stagebar li[aria-current="step"]')).toContain('wycofane');
    expect(await text(sw.page, '.timeline')).toContain('Powód: wprowadzone omyłkowo: Zgłoszenie wpisane dwa razy');
    expect(await text(sw.page, 'dl.data')).toContain('wprowadzone omyłkowo – Zgłoszenie wpisane dwa razy');
    await screenshot(sw.page, 'record-withdrawn');
    await cm.page.goto(`/recruitment/${projectId}`);
    await cm.page.locator('main table').first().waitFor();
    for (let i = 0; i < 50 && (await cm.page.locator(`a[href="/participants/${w}"]`).count()) > 0; i++) {
      await new Promise((res) => setTimeout(res, 200));
      await cm.page.reload();
    }
    expect(await cm.page.locator(`a[href="/participants/${w}"]`).count()).toBe(0);

    // The rejected candidate's bar: the stages never reached are not shown as done; the reason is on the timeline.
    await co.page.goto(`/participants/${x}`);
    expect(await text(co.page, '.stagebar li[aria-current="step"]')).toContain('odrzucone');
    expect(await co.page.locator('.stagebar li.done').allInnerTexts()).toEqual(['Zgłoszenie', 'Ocena', 'Decyzja']);
    expect(await co.page.locator('.stagebar li.skipped').count()).toBe(5);
    expect(await text(co.page, '.timeline')).toContain('Powód: Nie spełnia kryterium zamieszkania');

    for (const x of [cm, dr, sw, co]) expect(x.problems).toEqual([]);
  }, 300_000);
});
