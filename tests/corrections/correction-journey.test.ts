// Corrections through the journey on the time-skipping server, with the real recruitment round on the same
// worker (the journey's activity signals it): the correctData Update writes the record and keeps old and new
// values beside its timeline event; a PESEL is checked again, with the sex and birth date it encodes, and the
// one-application rule applies; a sex corrected after screening makes the round re-count its quota.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decideUpdate, roundWorkflowId } from '../../contracts/round';
import { peselCheckDigit } from '../../domain/pesel';
import { AppError } from '../../domain/errors';
import { correctParticipant } from '../../server/services/corrections';
import { testDb } from '../helpers/db';
import { onTeardown } from '../helpers/teardown';
import { testWorker, timeSkippingEnv } from '../helpers/temporal';
import { waitForRound } from '../recruitment/round-helpers';
import { act } from '../../server/services/journeys';
import { createWorld, Journey } from '../journey/driver';

const db = await testDb();
const env = await timeSkippingEnv();
const { worker, taskQueue } = await testWorker(env, { db, now: () => new Date(), temporal: env.client });
const running = worker.run();
onTeardown(async () => {
  worker.shutdown();
  await running;
});
const w = await createWorld(db, env, taskQueue);
// At least one woman among those holding places.
await db.updateTable('projects').set({ config: JSON.stringify({ quotas: [{ code: 'women', label: 'Kobiety', field: 'sex_k', min: 1 }] }) }).where('id', '=', w.projectId).execute();

/** A valid PESEL of a man born on 2002-03-15 (odd sex digit). */
function malePesel(serial: number): string {
  const first10 = `022315${String(serial % 1000).padStart(3, '0')}5`;
  return first10 + String(peselCheckDigit(first10));
}

const correct = (j: Journey, changes: Record<string, unknown>, reason = 'Błąd przy przepisywaniu formularza (dowód osobisty)', actor = w.worker) =>
  correctParticipant(w, actor, { applicationId: j.applicationId, input: { reason, changes }, requestId: randomUUID(), via: 'api', locale: 'pl' });
const refusal = (p: Promise<unknown>) => p.then(() => { throw new Error('not refused'); }, (e: unknown) => e as AppError);

describe('correcting a participant through the journey', () => {
  const j = new Journey(w);

  it('corrects names before screening: the record, the old -> new values, the timeline, the audit', async () => {
    await j.submit({ firstName: 'Zofja', lastName: 'Łękawsak' });
    const r = await correct(j, { firstName: 'Zofia', lastName: 'Łękawska', disability: false });
    // The unchanged disability is not a correction; nothing was told to the round (not scored yet).
    expect(r).toEqual({ fields: ['firstName', 'lastName'], roundTold: false, warnings: [] });
    const app = await db.selectFrom('applications').select(['first_name', 'last_name']).where('id', '=', j.applicationId).executeTakeFirstOrThrow();
    expect(app).toEqual({ first_name: 'Zofia', last_name: 'Łękawska' });
    const event = (await j.events()).find((e) => e.type === 'data_corrected')!;
    expect(event.payload).toEqual({ fields: ['firstName', 'lastName'] });
    const kept = await db.selectFrom('corrections').select(['field', 'old_value', 'new_value', 'reason', 'corrected_by']).where('event_id', '=', String(event.id)).orderBy('id').execute();
    expect(kept).toEqual([
      { field: 'firstName', old_value: 'Zofja', new_value: 'Zofia', reason: 'Błąd przy przepisywaniu formularza (dowód osobisty)', corrected_by: w.worker.id },
      { field: 'lastName', old_value: 'Łękawsak', new_value: 'Łękawska', reason: 'Błąd przy przepisywaniu formularza (dowód osobisty)', corrected_by: w.worker.id },
    ]);
    const audit = await db.selectFrom('audit_log').select(['user_id', 'details']).where('action', '=', 'participant_correctData').where('entity_id', '=', j.applicationId).execute();
    expect(audit).toEqual([{ user_id: w.worker.id, details: { via: 'api', fields: ['firstName', 'lastName'] } }]);
  });

  it('refuses what is not a correction or not a PESEL, in Polish, and writes nothing', async () => {
    const before = await j.events();
    const same = await refusal(correct(j, { lastName: 'Łękawska' }));
    expect(same).toMatchObject({ code: 'invalid_input', fields: [{ field: 'changes', text: { key: 'refusal.correctionEmpty' } }] });
    const bad = await refusal(correct(j, { pesel: '02231512340' }));
    expect(bad).toMatchObject({ code: 'invalid_input', fields: [{ field: 'changes.pesel', message: 'PESEL ma błędną cyfrę kontrolną' }] });
    // A man's PESEL with the sex left as a woman's: the two must agree.
    const mismatch = await refusal(correct(j, { pesel: malePesel(1) }));
    expect(mismatch).toMatchObject({ code: 'invalid_input', fields: [{ field: 'changes.sex', message: 'Płeć nie zgadza się z numerem PESEL' }] });
    const noReason = await refusal(correct(j, { lastName: 'Nowak' }, ''));
    expect(noReason).toMatchObject({ code: 'invalid_input', fields: [{ field: 'reason' }] });
    // Another participant's PESEL in this project: the one application there is named.
    const other = new Journey(w);
    await other.submit();
    const taken = (await db.selectFrom('applications').select('pesel').where('id', '=', other.applicationId).executeTakeFirstOrThrow()).pesel;
    const dup = await refusal(correct(j, { pesel: taken }));
    expect(dup).toMatchObject({ code: 'duplicate_application', details: { applicationId: other.applicationId } });
    // Past the service's look (a registration that won the race): the unique index refuses the journey's
    // write, the Update fails, the event rolls back with it, and the journey goes on.
    const raced = await refusal(act(w, w.worker, j.applicationId, 'correctData', { changes: { pesel: taken }, reason: 'wyścig' }, randomUUID()));
    expect(raced).toBeInstanceOf(AppError);
    expect(await j.events()).toHaveLength(before.length);
    expect((await j.state()).stage).toBe('applied');
  });

  it('a sex corrected (with its PESEL) after screening makes the round re-count the women quota', async () => {
    await j.screen();
    await j.waitForDb(() => j.events(), (e) => e.some((x) => x.type === 'round_notified'), 'round told of the score');
    const round = env.client.workflow.getHandle(roundWorkflowId(w.projectId));
    await waitForRound(env, w.projectId, (s) => s.ranking.some((c) => c.applicationId === j.applicationId));
    await round.executeUpdate(decideUpdate, { args: [{ requestId: randomUUID(), applicationId: j.applicationId, decision: 'qualified', decidedBy: randomUUID() }] });
    const counted = await waitForRound(env, w.projectId, (s) => s.quotas[0]?.count === 1);
    expect(counted.quotas[0]).toMatchObject({ code: 'women', count: 1, met: true });

    const r = await correct(j, { pesel: malePesel(2), sex: 'M' }, 'PESEL i płeć według dowodu osobistego', w.coordinator);
    expect(r).toMatchObject({ fields: ['pesel', 'sex'], roundTold: true });
    const recounted = await waitForRound(env, w.projectId, (s) => s.quotas[0]?.count === 0);
    expect(recounted.quotas[0]).toMatchObject({ code: 'women', count: 0, met: false });
    // The ranking row the panel reads follows.
    const row = await j.waitForDb(() => db.selectFrom('round_candidates').select('sex').where('application_id', '=', j.applicationId).executeTakeFirstOrThrow(), (x) => x.sex === 'M', 'ranking row');
    expect(row.sex).toBe('M');
    expect((await j.events()).filter((e) => e.type === 'round_notified').map((e) => e.payload)).toContainEqual({ kind: 'candidateCorrected', delivered: true });
  });

  it('a social worker corrects only their own participants', async () => {
    const refused = await refusal(correct(j, { lastName: 'Nowak' }, 'Zmiana nazwiska (akt małżeństwa)', w.otherWorker));
    expect(refused.code).toBe('not_found');
  });

  it('corrects the address as at registration: TERYT checked, its names and DEGURBA stored, old -> new kept', async () => {
    const a = new Journey(w);
    await a.submit();
    const address = { voivodeship: 'śląskie', county: 'raciborski', commune: 'kuźnia raciborska', locality: 'Kuźnia Raciborska', street: 'ul. Klasztorna', building: '7', postcode: '47-420' };
    const first = await correct(a, { address }, 'Adres z deklaracji uczestnictwa');
    expect(first.fields).toEqual(['address']);
    let row = await db.selectFrom('applications').select(['address_commune', 'address_county', 'degurba', 'address_flat']).where('id', '=', a.applicationId).executeTakeFirstOrThrow();
    expect(row).toEqual({ address_commune: 'Kuźnia Raciborska', address_county: 'raciborski', degurba: 3, address_flat: null });
    // A commune the county does not have is refused, in Polish, and nothing changes.
    const wrong = await refusal(correct(a, { address: { ...address, commune: 'Bytom' } }));
    expect(wrong).toMatchObject({ code: 'invalid_input', fields: [{ field: 'changes.address.commune', message: 'Nie ma takiej gminy w tym powiecie (wykaz TERYT)' }] });
    const badPostcode = await refusal(correct(a, { address: { ...address, postcode: '47420' } }));
    expect(badPostcode.fields[0]).toMatchObject({ field: 'changes.address.postcode' });
    // The same address again is no correction.
    expect((await refusal(correct(a, { address }))).fields[0]).toMatchObject({ text: { key: 'refusal.correctionEmpty' } });
    // Moved to Racibórz: the flat added, the class from the list.
    const second = await correct(a, { address: { ...address, commune: 'Racibórz', locality: 'Racibórz', street: 'ul. Długa', building: '12', flat: '3', postcode: '47-400' } }, 'Zmiana adresu (oświadczenie uczestnika)');
    expect(second.fields).toEqual(['address']);
    row = await db.selectFrom('applications').select(['address_commune', 'address_county', 'degurba', 'address_flat']).where('id', '=', a.applicationId).executeTakeFirstOrThrow();
    expect(row).toEqual({ address_commune: 'Racibórz', address_county: 'raciborski', degurba: 2, address_flat: '3' });
    const kept = await db.selectFrom('corrections').select(['field', 'old_value', 'new_value', 'reason']).where('application_id', '=', a.applicationId).orderBy('id').execute();
    expect(kept).toEqual([
      { field: 'address', old_value: null, new_value: 'ul. Klasztorna 7, 47-420 Kuźnia Raciborska (gm. Kuźnia Raciborska, pow. raciborski, śląskie, DEGURBA 3)', reason: 'Adres z deklaracji uczestnictwa' },
      {
        field: 'address',
        old_value: 'ul. Klasztorna 7, 47-420 Kuźnia Raciborska (gm. Kuźnia Raciborska, pow. raciborski, śląskie, DEGURBA 3)',
        new_value: 'ul. Długa 12/3, 47-400 Racibórz (gm. Racibórz, pow. raciborski, śląskie, DEGURBA 2)',
        reason: 'Zmiana adresu (oświadczenie uczestnika)',
      },
    ]);
    const audit = await db.selectFrom('audit_log').select('details').where('action', '=', 'participant_correctData').where('entity_id', '=', a.applicationId).execute();
    expect(audit.map((x) => x.details)).toEqual([{ via: 'api', fields: ['address'] }, { via: 'api', fields: ['address'] }]);
  });
});
