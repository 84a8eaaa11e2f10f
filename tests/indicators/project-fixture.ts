// A generated project of 60 participants (plus 2 candidates who never started), written straight into
// the journey tables and the event log, as the journey would have left them. Every participant's facts
// come from the small tables below, so the test can count them by hand.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect';
import { AKTYWNY_SPOLECZNIE_INDICATORS, AKTYWNY_SPOLECZNIE_TARGETS, type ProjectConfig } from '../../domain/project';

export const N = 60;
export const WOMEN = 40; // i = 0..39 are women, 40..59 men
export const DISABLED = [0, 1, 2, 40, 41]; // 0: a woman with a disability (counts in both groups)
export const MINOR = 50; // 17 at entry
export const EXACTLY_18 = 51; // 18th birthday on the day of entry: an adult
export const LEFT_FOR_JOB = 45; // found a job 2021-09-01, resigned 2021-09-10: counts as completing
export const RESIGNED = [46, 47]; // illness: did not complete
export const STRUCK_OFF = 48;
export const START_UP_GRANT = 44;
export const BACK_TO_SCHOOL = 49;
export const NO_FOLLOW_UP_2 = 55;
export const LATE_FOLLOW_UP_2 = 42; // employed since 2022-04-15, recorded 2022-04-20: past the 3 months

export const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);

// Follow-up 1 answers (recorded 2022-01-20, within 4 weeks of the 2021-12-31 end)
export const QUALIFIED = [...range(0, 19), MINOR];
export const JOB_SEEKING = [20, 21, 22, EXACTLY_18, MINOR];
export const WORKING_4W = [...range(30, 39), 40, START_UP_GRANT, LEFT_FOR_JOB];
export const WORKING_LATE = 43; // working since 2022-02-15: after the 4 weeks (window ends 2022-01-28)

// Follow-up 2 answers (recorded 2022-03-20, within 3 months of the end: window ends 2022-03-31)
export const SOCIAL_PROGRESS = [0, 40, ...range(3, 20)];
export const EMPLOYED_3M = [40, ...range(30, 39), 43];

export const COMPLETED_END = '2021-12-31';
export const FINAL_AS_OF = new Date('2022-12-31T12:00:00Z');

const startedOn = (i: number) => (i < 30 ? '2021-02-01' : '2021-03-01');
const at = (day: string) => `${day}T09:00:00Z`;

export interface Fixture {
  projectId: string;
  ids: string[]; // by participant index; 60, 61 never started
  idsOf: (is: number[]) => string[];
}

function birthDate(i: number): string {
  if (i === MINOR) return '2003-06-01'; // 17 on 2021-03-01
  if (i === EXACTLY_18) return '2003-03-01'; // 18 on 2021-03-01
  return `${1960 + (i % 30)}-0${1 + (i % 9)}-15`;
}

function ending(i: number): { endedOn: string; reason: string; note?: string } {
  if (i === LEFT_FOR_JOB) return { endedOn: '2021-09-10', reason: 'resigned', note: 'nowa praca' };
  if (RESIGNED.includes(i)) return { endedOn: '2021-06-15', reason: 'resigned', note: 'długotrwała choroba' };
  if (i === STRUCK_OFF) return { endedOn: '2021-07-01', reason: 'struck_off' };
  return { endedOn: COMPLETED_END, reason: 'completed' };
}

function followUp1(i: number): { recordedOn: string; data: Record<string, unknown> } | null {
  if (RESIGNED.includes(i) || i === STRUCK_OFF) return null;
  const recordedOn = i === LEFT_FOR_JOB ? '2021-09-30' : '2022-01-20';
  const working = WORKING_4W.includes(i) || i === WORKING_LATE;
  return {
    recordedOn,
    data: {
      qualificationObtained: QUALIFIED.includes(i),
      jobSeeking: JOB_SEEKING.includes(i),
      working,
      ...(i === WORKING_LATE ? { workingSince: '2022-02-15' } : i === LEFT_FOR_JOB ? { workingSince: '2021-09-01' } : working ? { workingSince: '2022-01-05' } : {}),
    },
  };
}

function followUp2(i: number): { recordedOn: string; onTime: boolean; data: Record<string, unknown> } | null {
  if (RESIGNED.includes(i) || i === STRUCK_OFF || i === LEFT_FOR_JOB || i === NO_FOLLOW_UP_2) return null;
  if (i === LATE_FOLLOW_UP_2) {
    return { recordedOn: '2022-04-20', onTime: false, data: { socialProgress: false, employed: true, contractType: 'employment', employedSince: '2022-04-15' } };
  }
  const employed = EMPLOYED_3M.includes(i) || i === START_UP_GRANT;
  const contractType = i === START_UP_GRANT ? 'self_employment' : i <= 34 || i === 40 || i === 43 ? 'employment' : i <= 37 ? 'civil_law' : 'self_employment';
  return {
    recordedOn: '2022-03-20',
    onTime: true,
    data: {
      socialProgress: SOCIAL_PROGRESS.includes(i),
      employed,
      ...(employed ? { contractType, employedSince: i === 43 ? '2022-02-15' : '2022-01-10' } : {}),
      ...(i === START_UP_GRANT ? { startUpGrant: true } : {}),
      ...(i === BACK_TO_SCHOOL ? { backToSchool: true } : {}),
    },
  };
}

const FIRST = ['Zofia', 'Łucja', 'Małgorzata', 'Bożena', 'Jadwiga', 'Grażyna', 'Halina', 'Żaneta', 'Agnieszka', 'Ewa'];
const MALE = ['Paweł', 'Łukasz', 'Jerzy', 'Mirosław', 'Zdzisław', 'Grzegorz', 'Józef', 'Bartłomiej', 'Wojciech', 'Tomasz'];
const LAST = ['Wiśniewsk', 'Kowalczyk', 'Żółtowsk', 'Ślęzak', 'Gęśl', 'Nowak', 'Dąbrowsk', 'Pietrzak', 'Kaczmarczyk', 'Wróbel'];
export function nameOf(i: number): { first: string; last: string } {
  const woman = i < WOMEN;
  const stem = LAST[i % 10] as string;
  const last = stem.endsWith('sk') ? stem + (woman ? 'a' : 'i') : stem === 'Gęśl' ? 'Gęślą' : stem;
  return { first: (woman ? FIRST : MALE)[Math.floor(i / 6) % 10] as string, last };
}

export const PROJECT_CONFIG: ProjectConfig = {
  targetGroups: [],
  quotas: [],
  supportCatalogue: [
    { code: 'kis', label: 'Klub Integracji Społecznej – zajęcia grupowe' },
    { code: 'psych', label: 'Poradnictwo psychologiczne' },
  ],
  indicatorTargets: AKTYWNY_SPOLECZNIE_TARGETS,
  indicators: AKTYWNY_SPOLECZNIE_INDICATORS,
};

export async function writeProject(db: Db): Promise<Fixture> {
  const project = await db
    .insertInto('projects')
    .values({ code: `AS-${randomUUID().slice(0, 8)}`, name: 'Aktywny Społecznie', starts_on: '2021-01-04', ends_on: '2022-06-30', places: 60, config: JSON.stringify(PROJECT_CONFIG) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: string[] = [];
  const events: { application_id: string; event_key: string; occurred_at: string; type: string; payload: string }[] = [];
  const event = (id: string, type: string, day: string, payload: Record<string, unknown>) =>
    events.push({ application_id: id, event_key: `${id}:${type}`, occurred_at: at(day), type, payload: JSON.stringify(payload) });
  const followUps: { application_id: string; number: 1 | 2; recorded_on: string; on_time: boolean; data: string }[] = [];

  for (let i = 0; i < N + 2; i++) {
    const started = i < N;
    const end = ending(i);
    const f1 = started ? followUp1(i) : null;
    const f2 = started ? followUp2(i) : null;
    const name = nameOf(i);
    const row = await db
      .insertInto('applications')
      .values({
        project_id: project.id,
        first_name: name.first,
        last_name: name.last,
        pesel: String(70010100000 + i),
        birth_date: birthDate(i),
        sex: i < WOMEN || i === 60 ? 'K' : 'M',
        disability: DISABLED.includes(i) || i === 61,
        target_group: null,
        channel: 'social_worker',
        received_at: at('2021-01-1' + (i % 10)),
        rules_version: 1,
        stage: started ? 'closed' : 'decided',
        decision: started ? 'qualified' : 'reserve',
        participation_started_on: started ? startedOn(i) : null,
        job_found_on: i === LEFT_FOR_JOB ? '2021-09-01' : null,
        ended_on: started ? end.endedOn : null,
        end_reason: started ? (end.reason as 'completed') : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = row.id;
    ids.push(id);
    if (!started) continue;
    event(id, 'participation_started', startedOn(i), { startedOn: startedOn(i) });
    if (i === LEFT_FOR_JOB) event(id, 'job_found', '2021-09-01', { foundOn: '2021-09-01' });
    event(id, 'participation_ended', end.endedOn, { reason: end.reason, endedOn: end.endedOn, note: end.note ?? null });
    if (f1) {
      event(id, 'follow_up_1_recorded', f1.recordedOn, { recordedOn: f1.recordedOn, onTime: true });
      followUps.push({ application_id: id, number: 1, recorded_on: f1.recordedOn, on_time: true, data: JSON.stringify(f1.data) });
    }
    if (f2) {
      event(id, 'follow_up_2_recorded', f2.recordedOn, { recordedOn: f2.recordedOn, onTime: f2.onTime });
      followUps.push({ application_id: id, number: 2, recorded_on: f2.recordedOn, on_time: f2.onTime, data: JSON.stringify(f2.data) });
    }
  }
  await db.insertInto('journey_events').values(events).execute();
  await db.insertInto('follow_ups').values(followUps).execute();

  // Support plans and the Social Integration Club's sessions in March 2021 for participants 0..7.
  await db
    .insertInto('support_plan')
    .values(ids.slice(0, N).flatMap((id, i) => [{ application_id: id, form_code: 'kis', hours: 60 }, ...(i % 2 ? [] : [{ application_id: id, form_code: 'psych', hours: 5 }])]))
    .execute();
  const sessions = ['2021-03-02', '2021-03-09', '2021-03-16'];
  await db
    .insertInto('attendance')
    .values(
      range(0, 7).flatMap((i) =>
        sessions.map((day, s) => ({
          application_id: ids[i] as string,
          session_on: day,
          form_code: 'kis',
          planned_hours: 3,
          attended_hours: i === 1 && s === 1 ? 0 : i === 2 && s === 2 ? 0 : 3,
          absent: (i === 1 && s === 1) || (i === 2 && s === 2),
          justified: i === 1 && s === 1,
        })),
      ),
    )
    .execute();
  return { projectId: project.id, ids, idsOf: (is) => is.map((i) => ids[i] as string) };
}
