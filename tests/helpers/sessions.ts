// Participants in support for the sessions' tests: through the real journey (applied, screened,
// qualified and approved, signed), with 40 h of the support group and 20 h of vocational training planned.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/connect';
import { todayInWarsaw } from '../../i18n/format';
import { act } from '../../server/services/journeys';
import type { TestUser } from './app';
import { apply, qualify, screen, waitForStage } from './journeys';

export const SESSION_TEST_PLAN = [{ formCode: 'support_group', hours: 40 }, { formCode: 'vocational_training', hours: 20 }];

export async function participantInSupport(deps: { db: Db; temporal: Client; taskQueue: string }, actor: TestUser, projectId: string, lastName: string): Promise<string> {
  const { db, temporal } = deps;
  const id = await apply(deps, actor, projectId, { lastName });
  await waitForStage(db, id, 'applied');
  await screen(temporal, actor, id);
  await waitForStage(db, id, 'screened');
  await qualify(deps, id);
  await waitForStage(db, id, 'joining');
  await act(deps, actor, id, 'signDocuments', { signedOn: todayInWarsaw(), kinds: ['declaration', 'contract', 'data_statement'] }, randomUUID());
  await waitForStage(db, id, 'support');
  await act(deps, actor, id, 'planSupport', { items: SESSION_TEST_PLAN }, randomUUID());
  return id;
}
