// The commission corrects its own decision in the same sitting, before it is closed and the director
// approves its lists (issue 20 item 3): the round's correctDecision Update (domain/decision-correction.ts)
// moves the places and the reserve list, tells the journeys, and keeps the correction with its reason for
// the sitting's protocol. Errors: 400 (input), 403 (not the commission), 404 (not visible), 409 (not now).
import { z } from 'zod';
import { correctDecisionUpdate } from '../../contracts/round';
import { assertCan } from '../../domain/permissions';
import type { DecideResult } from '../../domain/round';
import { DECISIONS } from '../../domain/types';
import { parseOrFail } from '../../domain/project';
import type { ServiceActor as AuditActor, Via } from '../actor';
import { audit } from '../audit';
import { storedText } from '../forms';
import { roundUpdate, withRequestId, type RecruitmentDeps } from './recruitment';
import { assertCanSee } from './scope';

export const correctDecisionSchema = z.object({
  applicationId: z.uuid('Identyfikator zgłoszenia'),
  decision: z.enum(DECISIONS),
  reason: storedText(2000, 3, 'Podaj powód poprawienia decyzji (trafi do protokołu)'),
});

export async function correctDecision(deps: RecruitmentDeps, actor: AuditActor, input: unknown, via: Via = 'api'): Promise<DecideResult> {
  assertCan(actor.role, 'correctDecision');
  const a = parseOrFail(withRequestId(correctDecisionSchema), input, 'Nieprawidłowa poprawka decyzji');
  const { projectId } = await assertCanSee(deps.db, actor, a.applicationId);
  const result = await roundUpdate(deps.temporal, projectId, correctDecisionUpdate, { ...a, correctedBy: actor.id }, a.requestId);
  await audit(deps.db, actor, { action: 'decision_corrected', entity: 'application', entityId: a.applicationId, details: { decision: a.decision, via } });
  return result;
}
