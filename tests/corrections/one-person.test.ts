// One person, one application per project, through the real API and panel (PostgreSQL, Temporal dev
// server, worker): the same PESEL twice in a project is a 409 naming the application there (even when the
// two arrive at once: the unique index decides), in another project of the centre a warning.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiCaller, createTestUser, loggedIn, testApp, tokenFor } from '../helpers/app';
import { createProject, uniquePesel } from '../helpers/journeys';

const { app, db } = await testApp();
const worker = await createTestUser(db, 'social_worker');
const api = apiCaller(app, { worker: await tokenFor(db, worker) });
const codeA = `OP-A-${randomUUID().slice(0, 6)}`;
const projectA = await createProject(db, codeA);
const projectB = await createProject(db);

const body = (projectId: string, pesel: string) => ({ projectId, firstName: 'Zofia', lastName: 'Łękawska', pesel, sex: 'K', disability: false, channel: 'in_person' });

describe('one person, one application per project', () => {
  const pesel = uniquePesel();
  let first = '';

  it('refuses the same PESEL again in the project with 409 and the existing application', async () => {
    const created = await api('worker', 'POST', '/api/applications', body(projectA, pesel));
    expect(created.statusCode).toBe(201);
    first = created.json().id;
    expect(created.json().warnings).toEqual([]);

    const again = await api('worker', 'POST', '/api/applications', body(projectA, pesel));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      error: 'duplicate_application',
      message: 'Ta osoba (ten sam PESEL) ma już zgłoszenie w tym projekcie',
      details: { applicationId: first, link: `/participants/${first}`, apiLink: `/api/participants/${first}` },
    });
    const en = await api('worker', 'POST', '/api/applications', body(projectA, pesel), { 'accept-language': 'en' });
    expect(en.json().message).toBe('this person (the same PESEL) already has an application in this project');
  });

  it('records it in another project of the centre, with a warning naming the first', async () => {
    const other = await api('worker', 'POST', '/api/applications', body(projectB, pesel));
    expect(other.statusCode).toBe(201);
    expect(other.json().warnings).toEqual([{ code: 'inOtherProject', applicationId: first, projectCode: codeA, link: `/participants/${first}` }]);
  });

  it('lets one of two simultaneous registrations of a person through', async () => {
    const p = uniquePesel();
    const answers = await Promise.all([0, 1, 2].map(() => api('worker', 'POST', '/api/applications', body(projectA, p))));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409]);
    const winner = answers.find((a) => a.statusCode === 201)!.json().id;
    for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().details.applicationId).toBe(winner);
  });

  it('panel: the refusal in Polish with a link, and the warning while the form is filled in', async () => {
    const panel = await loggedIn(app, worker);
    await panel.get('/participants/new');
    const refused = await panel.post('/participants/new', { projectId: projectA, firstName: 'Zofia', lastName: 'Łękawska', pesel, sex: 'K', channel: 'in_person' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Ta osoba (ten sam PESEL) ma już zgłoszenie w tym projekcie');
    expect(refused.body).toContain(`<a href="/participants/${first}">Otwórz istniejące zgłoszenie</a>`);

    const same = await panel.post('/participants/new/pesel-check', { projectId: projectA, pesel }, { 'hx-request': 'true' });
    expect(same.body).toContain(`href="/participants/${first}"`);
    const fresh = await createProject(db);
    const warned = await panel.post('/participants/new/pesel-check', { projectId: fresh, pesel }, { 'hx-request': 'true' });
    expect(warned.body).toContain('ma zgłoszenie także w innym projekcie ośrodka');
    expect(warned.body).toContain(`<a href="/participants/${first}">${codeA}</a>`);
    const nobody = await panel.post('/participants/new/pesel-check', { projectId: fresh, pesel: uniquePesel() }, { 'hx-request': 'true' });
    expect(nobody.body.trim()).toBe('');
  });
});
