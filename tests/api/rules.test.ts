// Rules versions and their migration through the JSON API (issue 15 item 3), over real HTTP with the
// client generated from the committed document (openapi-fetch + openapi/schema.d.ts: a route that stops
// matching the document breaks this file's types), against the real worker and Temporal dev server: only
// the director issues a version (403 for a coordinator); a bad body is a 400 with the field named; the
// versions list says how many running journeys each holds; the preview names the running journey on the
// older version; a start with a stale count is a 409; the migration moves it (its own Query says version 2)
// and its progress answers in the caller's language.
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import type { paths } from '../../openapi/schema';
import { journeyStateQuery, journeyWorkflowId } from '../../contracts/journey';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { todayInWarsaw } from '../../i18n/format';
import { createTestUser, testApp, tokenFor } from '../helpers/app';
import { listen } from '../helpers/browser';
import { apply, createProject, waitForStage } from '../helpers/journeys';
import { until } from '../helpers/wait';

const { app, db, env, config } = await testApp();
const deps = { db, temporal: env.client, taskQueue: config.temporal.taskQueue };
const baseUrl = await listen(app);
const worker = await createTestUser(db, 'social_worker');
const clientAs = async (role: 'director' | 'coordinator') =>
  createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${await tokenFor(db, await createTestUser(db, role))}` } });
const director = await clientAs('director');
const coordinator = await clientAs('coordinator');
const { version: _v, ...rules } = DEFAULT_RULES;

describe('API: rules versions and their migration', () => {
  it('issues version 2, previews and migrates the running journey, reports the progress', async () => {
    const projectId = await createProject(db);
    await db.insertInto('project_rules').values({ project_id: projectId, version: 1, rules: JSON.stringify(DEFAULT_RULES) }).execute();
    const id = await apply(deps, worker, projectId);
    await waitForStage(db, id, 'applied');
    const path = { params: { path: { id: projectId } } };
    const body = { rules: { ...rules, attendanceThreshold: 0.7 }, effectiveFrom: todayInWarsaw() };

    expect((await coordinator.POST('/api/projects/{id}/rules', { ...path, body })).response.status).toBe(403);
    const bad = await director.POST('/api/projects/{id}/rules', { ...path, body: { ...body, rules: { ...rules, attendanceThreshold: 2 } } });
    expect(bad.response.status).toBe(400);
    expect(bad.error?.fields.map((f) => f.field)).toContain('rules.attendanceThreshold');
    const issued = await director.POST('/api/projects/{id}/rules', { ...path, body });
    expect(issued.response.status).toBe(201);
    expect(issued.data).toEqual({ version: 2 });

    const versions = (await director.GET('/api/projects/{id}/rules', path)).data!.versions;
    expect(versions.map((v) => [v.version, v.running])).toEqual([[2, 0], [1, 1]]);
    expect(versions[0]).toMatchObject({ effectiveFrom: todayInWarsaw(), rules: { attendanceThreshold: 0.7, version: 2 } });

    const preview = async () => (await director.GET('/api/projects/{id}/rules/migration-preview', { params: { path: { id: projectId }, query: { version: 2 } } })).data!.applications;
    expect((await preview()).map((a) => a.applicationId)).toEqual([id]);
    const stale = await director.POST('/api/projects/{id}/rules/migrations', { ...path, body: { toVersion: 2, expected: 5 } });
    expect(stale.response.status).toBe(409);
    const started = await director.POST('/api/projects/{id}/rules/migrations', { ...path, body: { toVersion: 2, expected: 1 } });
    expect(started.response.status).toBe(202);
    const migrationId = started.data!.migrationId;
    const done = await until(async () => {
      const p = await director.GET('/api/projects/{id}/rules/migrations/{migrationId}', { params: { path: { id: projectId, migrationId } }, headers: { 'accept-language': 'en' } });
      return p.data?.finishedAt ? p.data : undefined;
    }, 'the migration finishes');
    expect(done).toMatchObject({ toVersion: 2, total: 1, migrated: 1, skipped: [] });
    expect((await env.client.workflow.getHandle(journeyWorkflowId(id)).query(journeyStateQuery)).rulesVersion).toBe(2);
    // Nothing older is left to move.
    expect(await preview()).toEqual([]);
  });
});
