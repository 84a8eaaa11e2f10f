// Rules versions and their migration through the JSON API (issue 15 item 3), against the real worker and
// Temporal dev server: only the director issues a version (403 for a coordinator); a bad body is a 400
// with the field named; the versions list says how many running journeys each holds; the preview names
// the running journey on the older version; a start with a stale count is a 409; the migration moves it
// (its own Query says version 2) and its progress answers in the caller's language.
import { describe, expect, it } from 'vitest';
import { journeyStateQuery, journeyWorkflowId } from '../../contracts/journey';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { todayInWarsaw } from '../../i18n/format';
import { apiCaller, createTestUser, testApp, tokenFor } from '../helpers/app';
import { apply, createProject, waitForStage } from '../helpers/journeys';
import { until } from '../helpers/wait';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const worker = await createTestUser(db, 'social_worker');
const api = apiCaller(app, { director: await tokenFor(db, await createTestUser(db, 'director')), coordinator: await tokenFor(db, await createTestUser(db, 'coordinator')) });
const { version: _v, ...rules } = DEFAULT_RULES;

describe('API: rules versions and their migration', () => {
  it('issues version 2, previews and migrates the running journey, reports the progress', async () => {
    const projectId = await createProject(db);
    await db.insertInto('project_rules').values({ project_id: projectId, version: 1, rules: JSON.stringify(DEFAULT_RULES) }).execute();
    const id = await apply(deps, worker, projectId);
    await waitForStage(db, id, 'applied');
    const url = `/api/projects/${projectId}/rules`;
    const body = { rules: { ...rules, attendanceThreshold: 0.7 }, effectiveFrom: todayInWarsaw() };

    expect((await api('coordinator', 'POST', url, body)).statusCode).toBe(403);
    const bad = await api('director', 'POST', url, { ...body, rules: { ...rules, attendanceThreshold: 2 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.map((f: { field: string }) => f.field)).toContain('rules.attendanceThreshold');
    const issued = await api('director', 'POST', url, body);
    expect(issued.statusCode).toBe(201);
    expect(issued.json()).toEqual({ version: 2 });

    const versions = (await api('director', 'GET', url)).json().versions;
    expect(versions.map((v: { version: number; running: number }) => [v.version, v.running])).toEqual([[2, 0], [1, 1]]);
    expect(versions[0]).toMatchObject({ effectiveFrom: todayInWarsaw(), rules: { attendanceThreshold: 0.7, version: 2 } });

    const preview = (await api('director', 'GET', `${url}/2/migration-preview`)).json();
    expect(preview.applications.map((a: { applicationId: string }) => a.applicationId)).toEqual([id]);
    const stale = await api('director', 'POST', `${url}/migrations`, { toVersion: 2, expected: 5 });
    expect(stale.statusCode).toBe(409);
    const started = await api('director', 'POST', `${url}/migrations`, { toVersion: 2, expected: 1 });
    expect(started.statusCode).toBe(202);
    const progressUrl = `${url}/migrations/${started.json().migrationId}`;
    const done = await until(async () => {
      const p = (await api('director', 'GET', progressUrl, undefined, { 'accept-language': 'en' })).json();
      return p.finishedAt ? p : undefined;
    }, 'the migration finishes');
    expect(done).toMatchObject({ toVersion: 2, total: 1, migrated: 1, skipped: [] });
    expect((await env.client.workflow.getHandle(journeyWorkflowId(id)).query(journeyStateQuery)).rulesVersion).toBe(2);
    // Nothing older is left to move.
    expect((await api('director', 'GET', `${url}/2/migration-preview`)).json().applications).toEqual([]);
  });
});
