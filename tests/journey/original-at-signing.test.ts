// The originals check on the time-skipping server (issue 15 item 4): an e-mailed form qualified and approved
// without its original; the signing, told by the project that a missing original blocks it, is refused and
// changes nothing; once the original is recorded the same signing starts participation. Without the
// project's block (the flag setting) the journey signs at once, and the participant stays flagged.
import { beforeAll, describe, expect, it } from 'vitest';
import { inBothLanguages } from '../../i18n';
import { NotAllowedNowError } from '../../server/services/journeys';
import { testDb } from '../helpers/db';
import { testWorker, timeSkippingEnv } from '../helpers/temporal';
import { createWorld, Journey, PATHS, type World } from './driver';

let w: World;

beforeAll(async () => {
  const db = await testDb();
  const env = await timeSkippingEnv();
  const { worker, taskQueue } = await testWorker(env, { db, now: () => new Date() });
  const running = worker.run();
  w = await createWorld(db, env, taskQueue);
  return async () => {
    worker.shutdown();
    await running;
  };
});

describe('the original of an e-mailed form at signing', () => {
  it('blocks the contract until the original is recorded, then the same signing starts participation', async () => {
    await PATHS.original_blocks_signing!(w, async (step, j) => {
      const app = await w.db.selectFrom('applications').select(['stage', 'original_pending']).where('id', '=', j.applicationId).executeTakeFirstOrThrow();
      const docs = await w.db.selectFrom('documents').select('kind').where('application_id', '=', j.applicationId).execute();
      if (step === 'refused') {
        expect(app).toEqual({ stage: 'joining', original_pending: true });
        expect(docs).toEqual([]);
        expect((await j.events()).map((e) => e.type)).not.toContain('documents_signed');
      }
      if (step === 'support') {
        expect(app).toEqual({ stage: 'support', original_pending: false });
        expect(docs.map((d) => d.kind).sort()).toEqual(['contract', 'data_statement', 'declaration']);
      }
    });
  });

  it('with the flag setting the journey signs without the original (and the refusal reads in both languages when blocked)', async () => {
    const j = new Journey(w);
    await j.toJoining({ channel: 'email_scan' });
    const signing = { signedOn: await j.today(), kinds: ['declaration', 'contract', 'data_statement'] as const };
    const refused = await j.act('signDocuments', { ...signing, kinds: [...signing.kinds], originalRequired: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NotAllowedNowError);
    expect(inBothLanguages((refused as NotAllowedNowError).refusal)).toEqual({
      pl: 'Nie wpłynął jeszcze oryginał formularza przesłanego e-mailem: umowy nie można podpisać, dopóki oryginał nie zostanie odnotowany',
      en: 'The original of the e-mailed form has not arrived yet: the contract cannot be signed until the original is recorded',
    });
    await j.act('signDocuments', { ...signing, kinds: [...signing.kinds], originalRequired: false });
    await j.waitStage('support');
    const app = await w.db.selectFrom('applications').select('original_pending').where('id', '=', j.applicationId).executeTakeFirstOrThrow();
    expect(app.original_pending).toBe(true);
  });
});
