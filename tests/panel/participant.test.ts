// The Participant page against a real journey (dev server + worker): actions allowed now per role and
// stage, Updates sent from forms, refusals inline (409 with the journey's reason), htmx fragments,
// double submission applied once, reads audited, other social workers' participants hidden.
import { describe, expect, it } from 'vitest';
import { formatDate, todayInWarsaw } from '../../i18n/format';
import { createTestUser, loggedIn, testApp } from '../helpers/app';
import { apply, createProject, qualify, waitForStage } from '../helpers/journeys';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const projectId = await createProject(db);
const worker = await createTestUser(db, 'social_worker', { name: 'Ewa Socjalna' });
const coordinator = await createTestUser(db, 'coordinator', { name: 'Jan Koordynator' });
const today = todayInWarsaw();

describe('Participant page', () => {
  it('walks a journey from screening to the first follow-up through the forms', async () => {
    const id = await apply(deps, worker, projectId);
    await waitForStage(db, id, 'applied');
    const sw = await loggedIn(app, worker);

    const page = await sw.get(`/participants/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Zofia Łękawska');
    expect(page.body).toContain('aria-current="step">Zgłoszenie');
    expect(page.body).toContain('action="/participants/' + id + '/actions/screen"');
    expect(page.body).not.toContain('/actions/signDocuments');
    // The social worker reads the panel's timeline; the Temporal UI (with the codec) is the operators'.
    const uiLink = `http://temporal-ui.test/namespaces/default/workflows/journey-${id}`;
    expect(page.body).not.toContain('temporal-ui.test');
    const viewed = await db.selectFrom('audit_log').select(['user_id', 'ip']).where('action', '=', 'participant_viewed').where('entity_id', '=', id).execute();
    expect(viewed).toHaveLength(1);
    expect(viewed[0]!.user_id).toBe(worker.id);
    expect((await (await loggedIn(app, coordinator)).get(`/participants/${id}`)).body).toContain(uiLink);

    // Screening without an opinion: the journey refuses, the form comes back with the reason (htmx fragment).
    const scores = { 'score.disability': '0', 'score.long_term_unemployed': '5', 'score.popz': '5', 'score.multiple_exclusion': '4', 'score.worker_opinion': '8' };
    const refused = await sw.post(`/participants/${id}/actions/screen`, { ...scores }, { 'hx-request': 'true' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Brak opinii pracownika socjalnego');
    expect(refused.body).not.toContain('<html');
    expect(refused.body).toContain('id="action-screen"');

    const ok = await sw.post(`/participants/${id}/actions/screen`, { ...scores, opinion: 'Rekomenduję udział.' }, { 'hx-request': 'true' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toMatch(/id="participant-live" hx-swap-oob="true"/);
    // Both parts out of band, nothing swapped in place of the form (a poll may have replaced it meanwhile).
    expect(ok.headers['hx-reswap']).toBe('none');
    expect(ok.body).toMatch(/id="participant-actions"[^>]*hx-swap-oob="true"/);
    expect(ok.body).toContain('Zapisano.');
    await waitForStage(db, id, 'screened');
    const row = await db.selectFrom('applications').select(['points', 'opinion']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.points).toBe(22);

    // The live part reports the new stage and, since it moved, redraws the actions out of band.
    const live = await sw.get(`/participants/${id}/live?stage=applied`, { 'hx-request': 'true' });
    expect(live.body).toContain('aria-current="step">Ocena');
    expect(live.body).toMatch(/id="participant-actions"[^>]*hx-swap-oob="true"/);

    await qualify({ db, temporal: env.client }, id);
    await waitForStage(db, id, 'joining');

    // Signing without the contract: refused with the reason, full page (no htmx), values kept.
    const partial = await sw.post(`/participants/${id}/actions/signDocuments`, { signedOn: today, documents: 'declaration' });
    expect(partial.statusCode).toBe(409);
    expect(partial.body).toContain('Do rozpoczęcia udziału potrzebne są');
    expect(partial.body).toContain('<html');

    // A double click: the same form (same _rid) twice is applied once.
    const form = await sw.get(`/participants/${id}`);
    const rid = /name="_rid" value="([^"]+)"/.exec(form.body)![1]!;
    const sign = new URLSearchParams({ _csrf: sw.csrf, _rid: rid, signedOn: today });
    for (const k of ['declaration', 'contract', 'data_statement']) sign.append('documents', k);
    const send = () => sw.request({ method: 'POST', url: `/participants/${id}/actions/signDocuments`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: sign.toString() });
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    await waitForStage(db, id, 'support');
    expect(await db.selectFrom('documents').select('kind').where('application_id', '=', id).execute()).toHaveLength(3);
    const events = (await db.selectFrom('journey_events').select('type').where('application_id', '=', id).execute()).map((e) => e.type);
    expect(events.filter((t) => t === 'participation_started'), events.join(',')).toHaveLength(1);

    expect((await sw.post(`/participants/${id}/actions/planSupport`, { 'hours.support_group': '40', 'hours.job_coach': '10' })).statusCode).toBe(200);
    const att = await sw.post(`/participants/${id}/actions/recordAttendance`, { sessionOn: today, formCode: 'support_group', plannedHours: '4', attendedHours: '0', absent: 'true' });
    expect(att.statusCode).toBe(200);
    expect(att.body).toContain('Frekwencja: 0% (wymagane 80%)');
    expect(att.body).toContain('/actions/justifyAbsence');
    const bad = await sw.post(`/participants/${id}/actions/recordAttendance`, { sessionOn: '2020-01-01', formCode: 'support_group', plannedHours: 'x', attendedHours: '1' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('aria-invalid="true"');
    expect((await sw.post(`/participants/${id}/actions/justifyAbsence`, { session: `${today}|support_group`, justification: 'phone', justifiedOn: today })).statusCode).toBe(200);

    // Only the coordinator records follow-ups? Both may; but a resignation needs a documented reason.
    // Ending is irreversible: the first submit shows what will happen; only the confirmed second one acts.
    const ending = { endedOn: today, reason: 'resigned', note: 'Nowa praca (zaświadczenie)' };
    const confirm = await sw.post(`/participants/${id}/actions/endParticipation`, ending);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Potwierdź: Zakończenie udziału');
    expect(confirm.body).toContain(formatDate(today));
    expect(confirm.body).toContain('rezygnacja');
    expect(confirm.body).toContain('zwolnione miejsce otrzyma pierwsza osoba z listy rezerwowej');
    expect(confirm.body).toContain('name="_confirmed" value="1"');
    expect(await db.selectFrom('applications').select('stage').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ stage: 'support' });
    const noReason = await sw.post(`/participants/${id}/actions/endParticipation`, { endedOn: today, reason: 'resigned', _confirmed: '1' });
    expect(noReason.statusCode).toBe(409);
    expect(noReason.body).toContain('udokumentowanego powodu');
    expect((await sw.post(`/participants/${id}/actions/endParticipation`, { ...ending, _confirmed: '1' })).statusCode).toBe(200);
    await waitForStage(db, id, 'ended');

    const co = await loggedIn(app, coordinator);
    const fu = await co.post(`/participants/${id}/actions/recordFollowUp`, { number: '1', recordedOn: today, flags: 'working' });
    expect(fu.statusCode).toBe(200);
    expect(await db.selectFrom('follow_ups').select('number').where('application_id', '=', id).execute()).toEqual([{ number: 1 }]);

    const timeline = await co.get(`/participants/${id}`);
    expect(timeline.body).toContain('class="timeline"');
    expect((timeline.body.match(/<time /g) ?? []).length).toBeGreaterThan(5);
    const actions = (await db.selectFrom('audit_log').select('action').where('entity_id', '=', id).execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['participant_screen', 'participant_signDocuments', 'participant_planSupport', 'participant_recordAttendance', 'participant_endParticipation', 'participant_recordFollowUp']));
  });

  it('neither shows nor accepts actions a role may not take', async () => {
    const id = await apply(deps, worker, projectId);
    await waitForStage(db, id, 'applied');
    const auditor = await loggedIn(app, await createTestUser(db, 'auditor'));
    const page = await auditor.get(`/participants/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/actions/');
    expect(page.body).toContain('Na tym etapie nie masz działań do wykonania.');
    const res = await auditor.post(`/participants/${id}/actions/screen`, { 'score.disability': '1', opinion: 'x' });
    expect(res.statusCode).toBe(403);
    expect((await db.selectFrom('applications').select('stage').where('id', '=', id).executeTakeFirstOrThrow()).stage).toBe('applied');

    // Another social worker neither sees this participant nor acts on them.
    const other = await loggedIn(app, await createTestUser(db, 'social_worker'));
    expect((await other.get(`/participants/${id}`)).statusCode).toBe(404);
    expect((await other.post(`/participants/${id}/actions/screen`, { opinion: 'x' })).statusCode).toBe(404);
    expect((await other.get('/participants')).body).not.toContain(id);
  });

  it('answers an unknown participant with 404', async () => {
    const co = await loggedIn(app, coordinator);
    expect((await co.get('/participants/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await co.get('/participants/not-a-uuid')).statusCode).toBe(404);
  });
});
