// Both seed projects' full populations (demo/population.ts) through the real recruitment rounds and
// journeys on the time-skipping server, played by the demo itself (demo/run.ts: the services the panel and
// the API call; no stand-in journey, no hand-sent round signals). Then every indicator is checked against
// figures counted here from the generated stories, without the indicator code; a second run changes
// nothing; and a director reads both dashboards in Chromium.
import { describe, expect, it } from 'vitest';
import { DEMO_PROJECTS, type DemoPerson, type DemoProject } from '../../demo/population';
import { markOf, runDemo, sessionMembers, type DemoResult } from '../../demo/run';
import { getIndicators } from '../../server/services/indicators';
import { getRanking } from '../../server/services/recruitment';
import { buildApp } from '../../server/app';
import { createTestUser, TEMPORAL_UI, testConfig } from '../helpers/app';
import { isolatedDb } from '../helpers/db';
import { browserLogin, launchBrowser, listen, screenshot, watchedPage } from '../helpers/browser';
import { testWorker, timeSkippingEnv } from '../helpers/temporal';
import { onTeardown } from '../helpers/teardown';

const db = await isolatedDb();
// The real clock: the panel's dashboards are read as of now, and the stories need no day skipped.
const env = await timeSkippingEnv({ keepClock: true });
const { worker, taskQueue } = await testWorker(env, { db, now: () => new Date(), temporal: env.client });
const running = worker.run();
onTeardown(async () => {
  worker.shutdown();
  await running;
});

let first: DemoResult;
const progress: string[] = [];

// ---- the figures, counted from the stories ------------------------------------------------------------

const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
const keysOf = (people: DemoPerson[]) => people.map((p) => p.key).sort();

function expected(demo: DemoProject) {
  const part = demo.people.filter((p) => p.story);
  const present = (form: string) =>
    part.filter((p) => demo.sessions.some((s) => s.formCode === form && sessionMembers(s, demo.people).includes(p) && markOf(p, s.sessionOn) === 'present'));
  const fu1 = (flag: 'qualificationObtained' | 'jobSeeking' | 'working') => part.filter((p) => p.story!.followUp1?.data[flag]);
  const completed = part.filter((p) => p.story!.end.reason === 'completed' || (p.story!.end.reason === 'resigned' && p.story!.job && p.story!.job.foundOn <= p.story!.end.endedOn));
  const leftForJob = completed.filter((p) => p.story!.end.reason === 'resigned');
  const efficiency = (disabled: boolean) => {
    const base = completed.filter((p) => p.application.disability === disabled);
    const employmentBase = base.filter((p) => p.application.labourStatus !== 'employed');
    return {
      social: { ids: keysOf(base.filter((p) => p.story!.followUp2?.data.socialProgress)), base: keysOf(base) },
      employment: { ids: keysOf(employmentBase.filter((p) => p.story!.followUp2?.data.employed || leftForJob.includes(p))), base: keysOf(employmentBase) },
    };
  };
  const groups = [...new Set(demo.people.map((p) => p.application.targetGroup))];
  return {
    counts: {
      supported: keysOf(part),
      supportedWomen: keysOf(part.filter((p) => p.application.sex === 'K')),
      supportedDisabled: keysOf(part.filter((p) => p.application.disability)),
      ...(groups.includes('otoczenie') ? { supportedAtRisk: keysOf(part.filter((p) => p.application.targetGroup !== 'otoczenie')) } : {}),
      ...Object.fromEntries(groups.map((g) => [`targetGroup-${g}`, keysOf(part.filter((p) => p.application.targetGroup === g))])),
      ...(demo.code === 'DRUGI-BRZEG' ? { internships: keysOf(present('internship')), scholarships: keysOf(present('scholarship')) } : {}),
      qualifications: keysOf(fu1('qualificationObtained')),
      jobSeeking: keysOf(fu1('jobSeeking')),
      working: keysOf(fu1('working')),
    } as Record<string, string[]>,
    efficiency: { disabled: efficiency(true), others: efficiency(false) },
  };
}

describe('both seed projects, every person, through the real round and journeys', () => {
  it('the demo plays both populations to the 3-month follow-up', async () => {
    first = await runDemo({ db, temporal: env.client, taskQueue }, { progress: (done, total, what) => progress.push(`${done}/${total} ${what}`) });
    expect(first.projects.map((p) => [p.code, p.skipped])).toEqual([['AKTYWNY-SPOLECZNIE', false], ['DRUGI-BRZEG', false]]);
    // Five staff accounts, each with a one-time password (a change is required at the first login).
    expect(first.accounts.map((a) => a.role).sort()).toEqual(['commission', 'coordinator', 'director', 'social_worker', 'social_worker']);
    const total = Number(progress.at(-1)!.split(/[/ ]/)[1]);
    expect(progress.at(-1)).toMatch(new RegExp(`^${total}/${total} `));
  }, 540_000);

  for (const demo of DEMO_PROJECTS) {
    describe(demo.code, () => {
      const idOf = (p: DemoPerson) => first.projects.find((x) => x.code === demo.code)!.ids.get(p.key)!;
      const projectId = () => first.projects.find((x) => x.code === demo.code)!.id;
      const keyOf = (id: string) => demo.people.find((p) => idOf(p) === id)!.key;

      it('the round decided as the points say, and promoted the reserves in list order after each early end', async () => {
        const ranking = await getRanking(db, projectId());
        const status = new Map(ranking.rows.map((r) => [keyOf(r.applicationId), r]));
        for (const p of demo.people) {
          const row = status.get(p.key)!;
          const expectedStatus = p.decision === 'rejected' ? 'rejected' : p.promotedAfter || p.decision === 'qualified' ? (p.story!.end.reason === 'completed' ? 'qualified' : 'left') : 'reserve';
          expect([p.key, row.status]).toEqual([p.key, expectedStatus]);
          if (p.promotedAfter) expect(row.fromReserve).toBe(true);
        }
        // Each promotion names the early end that freed its place.
        const promoted = demo.people.filter((p) => p.promotedAfter);
        expect(ranking.promotions.map((x) => [keyOf(x.applicationId), x.freedBy && keyOf(x.freedBy)]).sort()).toEqual(promoted.map((p) => [p.key, p.promotedAfter]).sort());
        // The one sitting, closed and approved; the next one opened empty.
        expect(ranking.sittings.map((s) => [s.seq, s.heldOn, s.members, !!s.closedAt, !!s.approvedAt, s.hasProtocol])).toEqual([
          [1, demo.sitting.date, demo.sitting.members, true, true, true],
          [2, null, [], false, false, false],
        ]);
      });

      it('every journey is where its story ends: closed after follow-up 2, a waiting reserve still waiting', async () => {
        const rows = await db.selectFrom('applications').select(['id', 'stage']).where('project_id', '=', projectId()).execute();
        const stages = Object.fromEntries(rows.map((r) => [keyOf(r.id), r.stage]));
        expect(stages).toEqual(Object.fromEntries(demo.people.map((p) => [p.key, p.story || p.decision === 'rejected' ? 'closed' : 'decided'])));
        const follow = await db.selectFrom('follow_ups').select(['application_id', 'number', 'on_time']).where('application_id', 'in', rows.map((r) => r.id)).execute();
        const withFollowUps = demo.people.filter((p) => p.story?.followUp2);
        expect(follow.length).toBe(withFollowUps.length * 2);
        expect(follow.every((f) => f.on_time)).toBe(true);
        // Every letter went out (or a later step superseded it): nothing waits in the coordinator's queue.
        const waiting = await db.selectFrom('letters').select('id').where('application_id', 'in', rows.map((r) => r.id)).where('sent_on', 'is', null).where('superseded_at', 'is', null).execute();
        expect(waiting).toEqual([]);
        // The stories keep every follow-up inside its window (4 weeks, 3 months): the counts below rely on it.
        for (const p of withFollowUps) {
          expect(days(p.story!.end.endedOn, p.story!.followUp1!.recordedOn)).toBeLessThanOrEqual(28);
          expect(days(p.story!.end.endedOn, p.story!.followUp2!.recordedOn)).toBeLessThanOrEqual(89);
        }
      });

      it('every indicator equals the count made from the generated people', async () => {
        const report = await getIndicators(db, projectId());
        const want = expected(demo);
        const got = Object.fromEntries(report.counts.map((c) => [c.key, c.ids.map(keyOf).sort()]));
        expect(got).toEqual(want.counts);
        for (const g of ['disabled', 'others'] as const) {
          for (const kind of ['social', 'employment'] as const) {
            const f = report.efficiency.find((e) => e.group === g && e.kind === kind)!;
            expect([g, kind, f.ids.map(keyOf).sort(), f.baseIds.map(keyOf).sort()]).toEqual([g, kind, want.efficiency[g][kind].ids, want.efficiency[g][kind].base]);
          }
        }
        // Targets: Aktywny Społecznie's own thresholds; DRUGI BRZEG states none ("brak progu").
        const thresholds = report.efficiency.map((e) => e.threshold);
        if (demo.code === 'DRUGI-BRZEG') expect(thresholds.every((t) => t === null)).toBe(true);
        else expect(thresholds).toEqual([0.34, 0.12, 0.34, 0.25]);
        // Met and missed, both shown.
        expect(report.counts.some((c) => c.met === true) && report.counts.some((c) => c.met === false)).toBe(true);
      });
    });
  }

  it('a second run repeats nothing', async () => {
    const before = await db.selectFrom('journey_events').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const again = await runDemo({ db, temporal: env.client, taskQueue });
    expect(again.projects.map((p) => p.skipped)).toEqual([true, true]);
    expect(again.accounts).toEqual([]);
    const after = await db.selectFrom('journey_events').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('Chromium: the director reads both dashboards, each figure against its target', async () => {
    const config = testConfig({ TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: taskQueue });
    const app = await buildApp({ config, db, temporal: env.client, temporalUiUrl: TEMPORAL_UI }, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
    onTeardown(() => app.close());
    const base = await listen(app);
    const browser = await launchBrowser();
    const director = await createTestUser(db, 'director', { name: 'Dyrektor Testowy' });
    const { page, problems } = await watchedPage(browser, base);
    await browserLogin(page, director.email, director.password);
    for (const demo of DEMO_PROJECTS) {
      const project = first.projects.find((x) => x.code === demo.code)!;
      const report = await getIndicators(db, project.id);
      await page.goto(`/projects/${project.id}/indicators`);
      for (const c of report.counts) {
        const row = page.locator(`#indicator-${c.key}`);
        const cells = await row.locator('td.num').allInnerTexts();
        expect([c.key, cells[0]]).toEqual([c.key, expect.stringContaining(String(c.value))]);
        if (c.target !== null) expect(await row.innerText()).toContain(String(c.target));
      }
      await screenshot(page, `demo-indicators-${demo.code}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});

