// Erasing one person (art. 17 GDPR) on the real stack (HTTP, PostgreSQL, Temporal, worker): an applicant
// whose journey still runs is withdrawn through it (the round drops them) and then removed; a rejected
// candidate (journey closed, a result letter sent) too; a participant who started is kept for the retention
// period (409); only a coordinator may; the audit row keeps the ground, never the person; the panel asks
// for confirmation first.
import { describe, expect, it } from 'vitest';
import { journeyWorkflowId } from '../../contracts/journey';
import { loggedIn } from '../helpers/app';
import { uniquePesel, waitForStage } from '../helpers/journeys';
import { PLAIN_TEXTS, runFlow, securityStack } from './stack';

const s = await securityStack();
const flow = await runFlow(s);
const applicant = async (lastName: string) => {
  const r = await s.call('social_worker', 'POST', '/api/applications', { projectId: flow.projectId, firstName: 'Irena', lastName, pesel: uniquePesel(), sex: 'K', disability: false, channel: 'post' });
  expect(r.status).toBe(201);
  await waitForStage(s.db, r.body.id as string, 'applied');
  return r.body.id as string;
};
const erase = (who: 'coordinator' | 'social_worker' | 'admin', applicationId: string, ground = 'consent_withdrawn') =>
  s.call(who, 'POST', '/api/applications/erase', { applicationId, ground });

describe('erasing one person (art. 17)', () => {
  it('withdraws a running application through its journey, then removes the person; the audit keeps the ground only', async () => {
    const id = await applicant('Wymazywana');
    expect((await erase('social_worker', id)).status).toBe(403);
    expect((await erase('coordinator', id, 'whim')).body.fields).toMatchObject([{ field: 'ground', message: 'Wybierz podstawę usunięcia danych' }]);
    expect(await erase('coordinator', id)).toEqual({ status: 200, body: { erased: true } });

    const record = (await s.call('coordinator', 'GET', `/api/participants/${id}`)).body;
    expect(record).toMatchObject({ stage: 'closed', data: { firstName: 'Anonimizowano', lastName: '', pesel: '' } });
    expect(JSON.stringify(record)).not.toContain('Wymazywana');
    expect(record.events.map((e: { type: string }) => e.type)).toContain('application_withdrawn');
    const journey = await s.env.client.workflow.getHandle(journeyWorkflowId(id)).describe();
    expect(journey.status.name).toBe('COMPLETED');
    // Nobody finds them any more.
    expect((await s.call('coordinator', 'GET', '/api/participants?q=Wymazywana')).body.items).toEqual([]);
    const rows = await s.db.selectFrom('audit_log').select(['action', 'details']).where('entity_id', '=', id).where('action', '=', 'participant_erased').execute();
    expect(rows).toEqual([{ action: 'participant_erased', details: { ground: 'consent_withdrawn' } }]);
    expect((await erase('coordinator', id)).body).toMatchObject({ error: 'not_allowed_now', message: 'Dane tej osoby zostały już usunięte' });
  });

  it('removes a rejected candidate’s letter and the protocol naming them; keeps a participant for the retention period', async () => {
    const sittingOf = await s.db.selectFrom('decisions').select('sitting_id').where('application_id', '=', flow.rejectedId).executeTakeFirstOrThrow();
    const before = await (await loggedIn(s.app, s.users.commission)).get(`/recruitment/${flow.projectId}/sittings/${sittingOf.sitting_id}/protocol.pdf`);
    expect(before.statusCode).toBe(200);
    expect((await erase('coordinator', flow.rejectedId)).status).toBe(200);
    const letters = await s.db.selectFrom('letters').select((eb) => eb.fn('length', ['pdf']).as('bytes')).where('application_id', '=', flow.rejectedId).execute();
    expect(letters.length).toBeGreaterThan(0);
    expect(letters.every((l) => Number(l.bytes) === 0)).toBe(true);
    // The sitting's stored protocol named them: it is gone (404), where before it was there.
    expect((await (await loggedIn(s.app, s.users.commission)).get(`/recruitment/${flow.projectId}/sittings/${sittingOf.sitting_id}/protocol.pdf`)).statusCode).toBe(404);

    const kept = await erase('coordinator', flow.participantId);
    expect(kept.status).toBe(409);
    expect(kept.body.message).toContain('okres trwałości projektu');
    const en = await s.call('coordinator', 'POST', '/api/applications/erase', { applicationId: flow.participantId, ground: 'objection' }, { 'accept-language': 'en' });
    expect(en.body.message).toContain('retention period');
    expect((await s.call('coordinator', 'GET', `/api/participants/${flow.participantId}`)).body.data.firstName).toBe(PLAIN_TEXTS.firstName);
  });

  it('in the panel: a coordinator is asked to confirm with what will go, then the person is erased', async () => {
    const id = await applicant('Panelowa');
    const panel = await loggedIn(s.app, s.users.coordinator);
    const page = await panel.get(`/participants/${id}`);
    expect(page.body).toContain(`action="/participants/${id}/erase"`);
    const ask = await panel.post(`/participants/${id}/erase`, { ground: 'no_longer_needed' });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('zostaną usunięte bezpowrotnie');
    expect((await s.call('coordinator', 'GET', `/api/participants/${id}`)).body.data.lastName).toBe('Panelowa');
    const done = await panel.post(`/participants/${id}/erase`, { ground: 'no_longer_needed', _confirmed: '1' });
    expect(done.statusCode).toBe(303);
    expect((await s.call('coordinator', 'GET', `/api/participants/${id}`)).body.data.lastName).toBe('');
    // A social worker sees no such form.
    const worker = await loggedIn(s.app, s.users.social_worker);
    expect((await worker.get(`/participants/${flow.rejectedId}`)).body).not.toContain('/erase"');
  });
});
