// Plays the seed projects' people (demo/population.ts) through the real services, as the staff would in the
// panel: applications, screening, the commission's sitting and the director's approval (the recruitment
// round), signing, the IŚR, group sessions with their sheets, jobs, every kind of ending (the round promotes
// the reserves itself) and both follow-ups. Steps run in the order of their dates, so each one finds the
// journey where the real office would. Idempotent: every step's request id derives from the person and the
// step, so a second run (or one after an interruption) repeats nothing and finishes what is missing.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../db/connect';
import type { ServiceActor } from '../server/actor';
import { AppError } from '../domain/errors';
import type { Role, Stage } from '../domain/types';
import { Semaphore } from '../server/semaphore';
import { reviseIsr } from '../server/services/isr';
import { JOURNEY_CLOSED, NotAllowedNowError, performAction, recordApplication } from '../server/services/journeys';
import type { InputAction } from '../server/services/journey-inputs';
import { getProjectByCode, SYSTEM_ACTOR } from '../server/services/projects';
import { approveList, closeSitting, decide, getRanking } from '../server/services/recruitment';
import { createSession, recordSheet } from '../server/services/sessions';
import { markLetterSent } from '../server/services/letters';
import { todayInWarsaw } from '../i18n/format';
import { createUser } from '../server/services/users';
import { setUserProjects } from '../server/services/user-projects';
import { seedExamples } from '../scripts/example-projects';
import { DEMO_PROJECTS, type DemoPerson, type DemoProject, type DemoSession } from './population';

export interface DemoDeps {
  db: Db;
  temporal: Client;
  /** The worker's task queue: new journeys start on it. */
  taskQueue: string;
}

export interface DemoProgress {
  (done: number, total: number, what: string): void;
}

/** A staff account the demo created: its one-time password is shown once (a change is required at login). */
export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  password: string;
}

interface Staff {
  coordinator: ServiceActor;
  commission: ServiceActor;
  director: ServiceActor;
  /** The social worker of each project, by code. */
  worker: Record<string, ServiceActor>;
}

const STAFF: Array<{ key: string; email: string; name: string; role: Role; projects: string[] | 'all' }> = [
  { key: 'coordinator', email: 'koordynatorka@demo.sciezka.local', name: 'Joanna Wrona (koordynatorka)', role: 'coordinator', projects: 'all' },
  { key: 'commission', email: 'komisja@demo.sciezka.local', name: 'Iwona Dziedzic (komisja)', role: 'commission', projects: 'all' },
  { key: 'director', email: 'dyrektor@demo.sciezka.local', name: 'Tadeusz Lis (dyrektor)', role: 'director', projects: 'all' },
  { key: 'AKTYWNY-SPOLECZNIE', email: 'pracownik.bytom@demo.sciezka.local', name: 'Ewa Mrozek (pracownik socjalny)', role: 'social_worker', projects: ['AKTYWNY-SPOLECZNIE'] },
  { key: 'DRUGI-BRZEG', email: 'pracownik.raciborz@demo.sciezka.local', name: 'Piotr Kania (pracownik socjalny)', role: 'social_worker', projects: ['DRUGI-BRZEG'] },
];

/** The staff who act in the demo: found by e-mail, or created with a one-time password. */
async function ensureStaff(db: Db, projectIds: Record<string, string>): Promise<{ staff: Staff; created: DemoAccount[] }> {
  const created: DemoAccount[] = [];
  const ids: Record<string, ServiceActor> = {};
  for (const s of STAFF) {
    const found = await db.selectFrom('users').select('id').where('email', '=', s.email).executeTakeFirst();
    let id = found?.id;
    if (!id) {
      const password = randomBytes(9).toString('base64url');
      id = (await createUser(db, SYSTEM_ACTOR, { email: s.email, name: s.name, role: s.role, password })).id;
      await setUserProjects(db, SYSTEM_ACTOR, id, s.projects === 'all' ? { allProjects: true, projectIds: [] } : { allProjects: false, projectIds: s.projects.map((c) => projectIds[c]!) });
      created.push({ email: s.email, name: s.name, role: s.role, password });
    }
    ids[s.key] = { id, role: s.role };
  }
  return {
    staff: { coordinator: ids.coordinator!, commission: ids.commission!, director: ids.director!, worker: { 'AKTYWNY-SPOLECZNIE': ids['AKTYWNY-SPOLECZNIE']!, 'DRUGI-BRZEG': ids['DRUGI-BRZEG']! } },
    created,
  };
}

/** A step already taken by an earlier run on a journey that has finished since: nothing to do. */
async function once(step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (err instanceof NotAllowedNowError && err.refusal === JOURNEY_CLOSED) return;
    throw err;
  }
}

async function poll<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`demo: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Who is in a session's group: in support that day (signed on or before it, not ended before it) and in its forms. */
export function sessionMembers(session: DemoSession, people: readonly DemoPerson[]): DemoPerson[] {
  return people.filter((p) => p.story && p.story.signedOn <= session.sessionOn && p.story.end.endedOn > session.sessionOn && session.includes(p));
}

/** A session's mark for one member, from their story. */
export function markOf(p: DemoPerson, sessionOn: string): 'present' | 'absent' | 'justified' {
  if (p.story!.absentFrom && sessionOn >= p.story!.absentFrom) return 'absent';
  return p.story!.justifiedOn === sessionOn ? 'justified' : 'present';
}

const KIND_ORDER = ['sign', 'session', 'job', 'end', 'followUp1', 'followUp2'] as const;
type Kind = (typeof KIND_ORDER)[number];
interface Step {
  on: string;
  kind: Kind;
  label: string;
  run: () => Promise<void>;
}

class ProjectRun {
  readonly ids = new Map<string, string>();
  readonly pool = new Semaphore(8);
  private projectId = '';

  constructor(
    readonly deps: DemoDeps,
    readonly demo: DemoProject,
    readonly staff: Staff,
    readonly tick: (what: string) => void,
  ) {}

  get worker() {
    return this.staff.worker[this.demo.code]!;
  }

  rid(p: DemoPerson | string, step: string) {
    return `demo:${typeof p === 'string' ? p : p.key}:${step}`;
  }

  id(p: DemoPerson) {
    return this.ids.get(p.key)!;
  }

  stageOf(p: DemoPerson): Promise<Stage | undefined> {
    return this.deps.db.selectFrom('applications').select('stage').where('id', '=', this.id(p)).executeTakeFirst().then((r) => r?.stage);
  }

  waitStage(p: DemoPerson, stages: Stage[]) {
    return poll(() => this.stageOf(p), (s) => !!s && stages.includes(s), `${p.key} in ${stages.join('/')}`);
  }

  act(p: DemoPerson, actor: ServiceActor, action: InputAction, input: unknown, step: string = action) {
    return once(() => performAction(this.deps, actor, { applicationId: this.id(p), action, input, requestId: this.rid(p, step), via: 'api', locale: 'pl' }));
  }

  all<T>(items: readonly T[], fn: (x: T) => Promise<void>) {
    return Promise.all(items.map((x) => this.pool.run(() => fn(x)))).then(() => undefined);
  }

  /** One per application, screening and decision; the sitting's close and approval; each dated step. */
  countSteps(): number {
    return this.demo.people.length * 3 + 2 + this.supportSteps().length;
  }

  async run(projectId: string) {
    this.projectId = projectId;
    await this.recruitment();
    for (const step of this.supportSteps()) {
      await step.run();
      this.tick(step.label);
    }
    // The last follow-ups close their journeys a moment later (the projection follows the workflow).
    await poll(() => this.finished(projectId), (done) => done, `${this.demo.code}: every journey at its story's end`);
  }

  private async recruitment() {
    const { people, code, sitting } = this.demo;
    await this.all(people, async (p) => {
      const { applicationId } = await recordApplication(this.deps, this.worker, { ...p.application, projectId: this.projectId }, this.rid(p, 'apply'), 'api');
      this.ids.set(p.key, applicationId);
      this.tick(`${code}: zgłoszenia`);
    });
    await this.all(people, async (p) => {
      await this.act(p, this.worker, 'screen', { scores: Object.entries(p.scores).map(([c, points]) => ({ code: c, points })), opinion: p.opinion });
      this.tick(`${code}: ocena`);
    });
    const ranked = await poll(() => getRanking(this.deps.db, this.projectId), (r) => r.rows.length === people.length, `${code}: every candidate ranked`);
    // The commission: the rejections first, then down the ranking (qualified, then the reserve list).
    const byId = new Map(people.map((p) => [this.id(p), p]));
    const inOrder = ranked.rows.map((r) => byId.get(r.applicationId)!);
    for (const p of [...inOrder.filter((x) => x.decision === 'rejected'), ...inOrder.filter((x) => x.decision !== 'rejected')]) {
      const row = ranked.rows.find((r) => r.applicationId === this.id(p))!;
      if (row.status === 'waiting') {
        await decide(this.deps, this.staff.commission, this.projectId, { applicationId: this.id(p), decision: p.decision, ...(p.rejectReason ? { reason: p.rejectReason } : {}), requestId: this.rid(p, 'decide') });
      }
      this.tick(`${code}: posiedzenie komisji`);
    }
    const open = (await getRanking(this.deps.db, this.projectId)).sittings.find((s) => s.seq === 1);
    if (!open?.closedAt) await closeSitting(this.deps, this.staff.commission, this.projectId, { ...sitting, requestId: this.rid(code, 'close-sitting') });
    this.tick(`${code}: protokół`);
    if (!open?.approvedAt) await approveList(this.deps, this.staff.director, this.projectId, { requestId: this.rid(code, 'approve-list') });
    this.tick(`${code}: zatwierdzenie listy`);
    await this.all(people, (p) => this.sendLetters(p, 1));
  }

  /**
   * The coordinator sends the person's letters once the journey has written them (`count`: how many by
   * now). Marked as sent on the day they were entered: a letter cannot go out before it exists.
   */
  private async sendLetters(p: DemoPerson, count: number) {
    const letters = await poll(
      () => this.deps.db.selectFrom('letters').select(['id', 'sent_on', 'superseded_at']).where('application_id', '=', this.id(p)).execute(),
      (l) => l.length >= count,
      `${p.key}: ${count} letter(s)`,
    );
    for (const l of letters) if (!l.sent_on && !l.superseded_at) await markLetterSent(this.deps, this.staff.coordinator, l.id, todayInWarsaw());
  }

  /** Every step after the approval, in the order of its date (and, on one day, of the office's work). */
  private supportSteps(): Step[] {
    const { people, sessions, code } = this.demo;
    const steps: Step[] = [];
    const at = (on: string, kind: Kind, label: string, run: () => Promise<void>) => steps.push({ on, kind, label: `${code}: ${label}`, run });
    const part = people.filter((p) => p.story);
    const day = (d: string) => part.filter((p) => p.story!.signedOn === d);
    for (const signedOn of [...new Set(part.map((p) => p.story!.signedOn))]) at(signedOn, 'sign', 'umowy i IŚR', () => this.all(day(signedOn), (p) => this.sign(p)));
    for (const s of sessions) at(s.sessionOn, 'session', 'zajęcia grupowe', () => this.session(s));
    for (const p of part) {
      const s = p.story!;
      if (s.job) at(s.job.foundOn, 'job', 'zatrudnienie', () => this.act(p, this.worker, 'recordJob', { foundOn: s.job!.foundOn, note: 'Umowa o pracę (kopia w teczce).' }));
      if (s.followUp1) at(s.followUp1.recordedOn, 'followUp1', 'monitoring po 4 tygodniach', () => this.act(p, this.staff.coordinator, 'recordFollowUp', { number: 1, ...s.followUp1! }, 'follow-up-1'));
      if (s.followUp2) at(s.followUp2.recordedOn, 'followUp2', 'monitoring po 3 miesiącach', () => this.act(p, this.staff.coordinator, 'recordFollowUp', { number: 2, ...s.followUp2! }, 'follow-up-2'));
    }
    for (const endedOn of [...new Set(part.map((p) => p.story!.end.endedOn))]) {
      at(endedOn, 'end', 'zakończenia udziału', () => this.all(part.filter((p) => p.story!.end.endedOn === endedOn), (p) => this.end(p)));
    }
    return steps.sort((a, b) => a.on.localeCompare(b.on) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  }

  private async sign(p: DemoPerson) {
    const s = p.story!;
    // A promoted reserve signs once the round has given them the place (and the list's approval with it).
    await this.waitStage(p, ['joining', 'support', 'ended', 'follow_up_1', 'closed']);
    await this.act(p, this.worker, 'signDocuments', { signedOn: s.signedOn, documents: ['declaration', 'contract', 'data_statement', 'image_consent'] });
    await once(() =>
      reviseIsr(this.deps, this.worker, {
        applicationId: this.id(p),
        requestId: this.rid(p, 'isr'),
        via: 'api',
        input: {
          diagnosis: 'Długotrwałe bezrobocie, ograniczona sieć wsparcia; gotowość do zmiany (diagnoza pracownika socjalnego).',
          goals: 'Wzmocnienie kompetencji społecznych, aktywizacja zawodowa, podjęcie zatrudnienia lub nauki.',
          items: s.forms.map((formCode) => ({ formCode, hours: 8, from: s.signedOn, to: this.demo.supportUntil, provider: formCode === 'psychological' ? 'Psycholog projektu' : 'Zespół projektu' })),
        },
      }),
    );
    await this.waitStage(p, ['support', 'ended', 'follow_up_1', 'closed']);
  }

  private async session(s: DemoSession) {
    const members = sessionMembers(s, this.demo.people);
    const existing = await this.deps.db
      .selectFrom('support_sessions')
      .select('id')
      .where('project_id', '=', this.projectId)
      .where('form_code', '=', s.formCode)
      .where('session_on', '=', s.sessionOn)
      .executeTakeFirst();
    const sessionId =
      existing?.id ??
      (await createSession(this.deps.db, this.staff.coordinator, this.projectId, {
        formCode: s.formCode, sessionOn: s.sessionOn, startsAt: s.startsAt, hours: s.hours, place: s.place, leaderId: this.worker.id, members: members.map((p) => this.id(p)),
      })).id;
    await recordSheet(this.deps, this.worker, sessionId, {
      marks: members.map((p) => {
        const mark = markOf(p, s.sessionOn);
        return { applicationId: this.id(p), mark, ...(mark === 'justified' ? { justification: 'written' as const } : {}) };
      }),
    }, { requestId: this.rid(this.demo.code, `sheet-${s.formCode}-${s.sessionOn}`), via: 'api', locale: 'pl' });
  }

  private async end(p: DemoPerson) {
    const s = p.story!;
    await this.act(p, this.worker, 'endParticipation', s.end);
    // An early end frees the place: the round promotes the next reserve before the next step.
    const promoted = this.demo.people.find((x) => x.promotedAfter === p.key);
    if (promoted) {
      await this.waitStage(promoted, ['joining', 'support', 'ended', 'follow_up_1', 'closed']);
      await this.sendLetters(promoted, 2);
    }
    // With the end's date long past, every follow-up step falls due at once: let them settle (the last
    // are both escalations) before the follow-ups are recorded.
    if (s.followUp1) {
      await poll(
        () => this.deps.db.selectFrom('tasks').select('kind').where('application_id', '=', this.id(p)).where('kind', 'in', ['follow_up_1_escalation', 'follow_up_2_escalation']).execute(),
        (t) => t.length >= 2,
        `${p.key}: follow-up steps due`,
      ).catch(async (err: unknown) => {
        // A rerun: the journey closed long ago and opens no tasks.
        if ((await this.stageOf(p)) !== 'closed') throw err;
      });
    }
  }

  private async ensureIds() {
    // A rerun of the support steps alone needs the ids of the people recorded earlier.
    for (const p of this.demo.people) {
      if (this.ids.has(p.key)) continue;
      const row = await this.deps.db.selectFrom('applications').select('id').where('project_id', '=', this.projectId).where('pesel', '=', p.application.pesel).executeTakeFirst();
      if (row) this.ids.set(p.key, row.id);
    }
  }

  /** True when every journey of this project's demo is where the story leaves it. */
  async finished(projectId: string): Promise<boolean> {
    this.projectId = projectId;
    await this.ensureIds();
    if (this.ids.size < this.demo.people.length) return false;
    const rows = await this.deps.db.selectFrom('applications').select(['id', 'stage']).where('project_id', '=', projectId).execute();
    const stage = new Map(rows.map((r) => [r.id, r.stage]));
    return this.demo.people.every((p) => {
      const final: Stage = p.story || p.decision === 'rejected' ? 'closed' : 'decided';
      return stage.get(this.id(p)) === final;
    });
  }
}

export interface DemoResult {
  projects: Array<{ code: string; id: string; people: number; skipped: boolean; ids: Map<string, string> }>;
  accounts: DemoAccount[];
}

/**
 * Both seed projects (created if missing) filled with their people, through the running worker's journeys
 * and rounds. `projects`: a subset (the tests). A project whose demo has run to its end is left as it is.
 */
export async function runDemo(deps: DemoDeps, opts: { projects?: DemoProject[]; progress?: DemoProgress } = {}): Promise<DemoResult> {
  const projects = opts.projects ?? DEMO_PROJECTS;
  await seedExamples(deps.db);
  const projectIds: Record<string, string> = {};
  for (const p of DEMO_PROJECTS) {
    const row = await getProjectByCode(deps.db, p.code);
    if (!row) throw new AppError('not_found', `project ${p.code} missing after seeding`);
    projectIds[p.code] = row.id;
  }
  const { staff, created } = await ensureStaff(deps.db, projectIds);
  let done = 0;
  const runs = projects.map((demo) => new ProjectRun(deps, demo, staff, (what) => opts.progress?.(++done, total, what)));
  const total = runs.reduce((a, r) => a + r.countSteps(), 0);
  const result: DemoResult = { projects: [], accounts: created };
  for (const run of runs) {
    const id = projectIds[run.demo.code]!;
    const skipped = await run.finished(id);
    if (skipped) done += run.countSteps();
    else await run.run(id);
    result.projects.push({ code: run.demo.code, id, people: run.demo.people.length, skipped, ids: run.ids });
  }
  return result;
}
