// Group sessions on the time-skipping server: a sheet records its whole group through each journey
// (one refusing journey is named with its reason, the others stay recorded; a retried submit records
// nobody twice); a correction with a reason changes the row, closes the absence task and is on the
// timeline and in the audit log; the 80% and 20% rules as each project configures them.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors';
import { attendanceStanding, DEFAULT_ATTENDANCE_RULES } from '../../domain/sessions';
import { getParticipant } from '../../server/services/journeys';
import { attendanceStandings } from '../../server/services/planned-hours';
import { createSession, getSessionSheet, recordSheet, updateSession } from '../../server/services/sessions';
import { Journey, PATHS } from './driver';
import { timeSkippingWorld } from './world';

const w = await timeSkippingWorld();
const plan = [{ formCode: 'support_group', hours: 40 }, { formCode: 'vocational_training', hours: 20 }];

async function inSupport(n: number): Promise<Journey[]> {
  const people: Journey[] = [];
  for (let i = 0; i < n; i++) {
    const j = new Journey(w);
    await j.toSupport({ lastName: `Uczestnik${String.fromCharCode(65 + i)}` });
    await j.act('planSupport', { items: plan });
    people.push(j);
  }
  return people;
}

const pl = { requestId: '', via: 'api' as const, locale: 'pl' as const };

describe('a session and its sheet', () => {
  it('records the whole group in one call through each journey; a refusal names who and why, the others stay', async () => {
    const people = await inSupport(4);
    const [a, b, c, d] = people as [Journey, Journey, Journey, Journey];
    const today = await a.today();
    const { id } = await createSession(w.db, w.coordinator, w.projectId, {
      formCode: 'vocational_training', sessionOn: today, startsAt: '09:30', hours: 5, place: 'Sala 2, ul. Długa 1', leaderId: w.worker.id, members: people.map((p) => p.applicationId),
    });
    // d's participation ends after the session was planned: their journey refuses the line.
    await d.end('completed');

    const requestId = randomUUID();
    const marks = [
      { applicationId: a.applicationId, mark: 'present' as const },
      { applicationId: b.applicationId, mark: 'absent' as const },
      { applicationId: c.applicationId, mark: 'justified' as const, justification: 'sick_leave' as const },
      { applicationId: d.applicationId, mark: 'present' as const },
    ];
    const res = await recordSheet(w, w.worker, id, { marks }, { ...pl, requestId });
    expect(res.recorded.map((r) => r.applicationId).sort()).toEqual([a, b, c].map((p) => p.applicationId).sort());
    expect(res.refused).toEqual([{ applicationId: d.applicationId, name: expect.stringContaining('UczestnikD'), reason: expect.objectContaining({ en: expect.stringMatching(/support/i) }) }]);

    // The journeys know it (their state), and the participant view reads what their activities wrote.
    expect((await a.state()).sessions).toEqual([expect.objectContaining({ sessionId: id, attendedHours: 5, absent: false })]);
    expect((await c.state()).sessions).toEqual([expect.objectContaining({ absent: true, justified: true, justification: 'sick_leave' })]);
    const viewB = await getParticipant(w.db, w.coordinator, b.applicationId);
    expect(viewB.attendance).toEqual([expect.objectContaining({ sessionId: id, formCode: 'vocational_training', plannedHours: 5, attendedHours: 0, absent: true, justified: false })]);
    const viewC = await getParticipant(w.db, w.coordinator, c.applicationId);
    expect(viewC.attendance[0]).toMatchObject({ justified: true, justification: 'sick_leave', justifiedOn: today });

    // The same submit again (a retried request) records nobody twice.
    const again = await recordSheet(w, w.worker, id, { marks: marks.slice(0, 3) }, { ...pl, requestId });
    expect(again.refused).toEqual([]);
    expect((await a.state()).sessions).toHaveLength(1);
    // The sheet shows what is recorded.
    const sheet = await getSessionSheet(w.db, w.coordinator, id);
    expect(sheet.members.map((m) => m.recorded?.mark ?? null)).toEqual(['present', 'absent', 'justified', null]);

    // Recorded: the form, day and hours stay; nobody recorded leaves the group.
    const err = await updateSession(w.db, w.coordinator, id, { formCode: 'support_group', sessionOn: today, startsAt: '09:30', hours: 4, place: 'x', leaderId: w.worker.id, members: [a.applicationId] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).fields.map((f) => f.field).sort()).toEqual(['formCode', 'hours', 'members']);
  }, 120_000);

  it('refuses a session outside the project period, a form not in the catalogue, a group not in support, in Polish', async () => {
    const err = await createSession(w.db, w.coordinator, w.projectId, { formCode: 'juggling', sessionOn: '2031-01-10', startsAt: '25:00', hours: 0, place: '', leaderId: w.worker.id, members: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    const fields = (err as AppError).fields;
    expect(fields.map((f) => f.field).sort()).toEqual(['hours', 'members', 'place', 'startsAt']);
    const outside = await createSession(w.db, w.coordinator, w.projectId, { formCode: 'juggling', sessionOn: '2031-01-10', startsAt: '10:00', hours: 2, place: 'Sala', leaderId: w.coordinator.id, members: [randomUUID()] }).catch((e: unknown) => e);
    expect((outside as AppError).fields).toEqual(expect.arrayContaining([
      { field: 'formCode', message: 'Tej formy wsparcia nie ma w katalogu projektu' },
      { field: 'sessionOn', message: 'Data poza okresem projektu (03.01.2022 – 30.06.2030)' },
      { field: 'members', message: 'Grupa może objąć tylko uczestników tego projektu w trakcie wsparcia' },
    ]));
  });

  it('a correction with a reason closes the absence task and is on the timeline (the recorded path)', async () => {
    let corrected: Journey | undefined;
    await PATHS.session_attendance!(w, async (step, j) => {
      if (step === 'absence_task') expect((await j.openTaskKinds()).some((k) => k.startsWith('absence_unjustified'))).toBe(true);
      if (step === 'corrected') {
        corrected = j;
        const v = await getParticipant(w.db, w.coordinator, j.applicationId);
        expect(v.attendance[0]).toMatchObject({ absent: true, justified: true, justification: 'sick_leave' });
        const ev = v.events.find((e) => e.type === 'attendance_corrected');
        expect(ev?.payload).toMatchObject({ before: { mark: 'absent' }, after: { mark: 'justified', justification: 'sick_leave' }, reason: 'Zwolnienie lekarskie doniesione' });
        const task = (await j.tasks()).find((t) => t.kind.startsWith('absence_unjustified'));
        expect(task).toMatchObject({ state: 'done', closed_automatically: true });
      }
    });
    expect(corrected).toBeDefined();
  }, 180_000);

  it('refuses a correction without a reason or one that changes nothing', async () => {
    const [j] = (await inSupport(1)) as [Journey];
    const today = await j.today();
    const { id } = await createSession(w.db, w.coordinator, w.projectId, { formCode: 'support_group', sessionOn: today, startsAt: '12:00', hours: 3, place: 'Klub', leaderId: w.coordinator.id, members: [j.applicationId] });
    const res = await recordSheet(w, w.coordinator, id, { marks: [{ applicationId: j.applicationId, mark: 'present' }] }, { ...pl, requestId: randomUUID() });
    expect(res.recorded).toHaveLength(1);
    const base = { sessionOn: today, formCode: 'support_group' };
    await expect(j.act('correctAttendance', { ...base, mark: 'absent', reason: ' ' })).rejects.toMatchObject({ reason: { en: 'give the reason for the correction' } });
    await expect(j.act('correctAttendance', { ...base, mark: 'present', reason: 'pomyłka' })).rejects.toMatchObject({ reason: { en: 'the correction changes nothing' } });
    await expect(j.act('correctAttendance', { ...base, mark: 'justified', reason: 'pomyłka' })).rejects.toMatchObject({ reason: { pl: expect.stringContaining('powód usprawiedliwienia') } });
  }, 120_000);
});

describe('the 80% and 20% rules', () => {
  const s = (formCode: string, plannedHours: number, attendedHours: number) => ({ sessionOn: '2026-01-05', formCode, plannedHours, attendedHours, absent: attendedHours < plannedHours, justified: false });

  it('measures attended hours against all planned hours, and missed hours per training', () => {
    const st = attendanceStanding(plan, [s('support_group', 40, 40), s('vocational_training', 10, 6), s('vocational_training', 10, 10)], DEFAULT_ATTENDANCE_RULES);
    expect(st).toMatchObject({ plannedHours: 60, attendedHours: 56, ok: true, reachable: true });
    expect(st.share).toBeCloseTo(56 / 60);
    // 4 of 20 training hours missed = 20%: still allowed.
    expect(st.trainings).toEqual([{ formCode: 'vocational_training', plannedHours: 20, missedHours: 4, missedShare: 0.2, ok: true }]);
    const worse = attendanceStanding(plan, [s('support_group', 20, 0), s('vocational_training', 10, 5)], DEFAULT_ATTENDANCE_RULES);
    expect(worse).toMatchObject({ ok: false, reachable: false });
    expect(worse.trainings[0]).toMatchObject({ missedShare: 0.25, ok: false });
  });

  it('follows each project’s configuration, from the recorded attendance', async () => {
    const [j] = (await inSupport(1)) as [Journey];
    const today = await j.today();
    const { id } = await createSession(w.db, w.coordinator, w.projectId, { formCode: 'vocational_training', sessionOn: today, startsAt: '08:00', hours: 4, place: 'Sala', leaderId: w.coordinator.id, members: [j.applicationId] });
    await recordSheet(w, w.coordinator, id, { marks: [{ applicationId: j.applicationId, mark: 'present', attendedHours: 3 }] }, { ...pl, requestId: randomUUID() });
    const before = (await attendanceStandings(w.db, [j.applicationId])).get(j.applicationId)!;
    expect(before.trainings[0]).toMatchObject({ missedHours: 1, missedShare: 0.05, ok: true });
    // A stricter project: at most 2% of a training missed, and support groups count as training too.
    await w.db.updateTable('projects').set({ config: JSON.stringify({ attendance: { minShareOfPlanned: 0.9, maxTrainingAbsence: 0.02, trainingForms: ['vocational_training', 'support_group'] } }) }).where('id', '=', w.projectId).execute();
    try {
      const after = (await attendanceStandings(w.db, [j.applicationId])).get(j.applicationId)!;
      expect(after.trainings.map((t) => [t.formCode, t.ok])).toEqual([['support_group', true], ['vocational_training', false]]);
    } finally {
      await w.db.updateTable('projects').set({ config: '{}' }).where('id', '=', w.projectId).execute();
    }
  }, 120_000);
});
