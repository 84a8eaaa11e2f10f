// Pure rules: the ranking order, quota status, the reserve list; and the project configuration schemas.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../domain/errors';
import { parseOrFail, projectInputSchema } from '../../domain/project';
import { compareCandidates, nextOnReserve, quotaStatus, rankCandidates, reserveOrder } from '../../domain/ranking';
import { applyDecide, applyFreed, applyScored, checkDecide, initialRoundState, setProject } from '../../domain/round';
import { inBothLanguages, say, type Message } from '../../i18n';

/** A round's refusal (a word-book key) as the Polish panel reads it. */
const inPolish = (reason: Message | null) => (reason ? say('pl', reason) : null);
import { AKTYWNY_SPOLECZNIE, DRUGI_BRZEG } from '../../scripts/example-projects';

const c = (applicationId: string, points: number, receivedAt: string) => ({ applicationId, points, receivedAt });

describe('ranking', () => {
  it('puts more points first, then the earlier second, then the id; milliseconds do not count', () => {
    const list = [
      c('d', 10, '2022-01-10T08:00:00.999Z'),
      c('b', 10, '2022-01-10T08:00:00.001Z'),
      c('a', 10, '2022-01-10T08:00:01.000Z'),
      c('c', 12, '2022-01-11T08:00:00.000Z'),
      c('e', 10, '2022-01-10T07:59:59.999Z'),
    ];
    expect(rankCandidates(list).map((x) => x.applicationId)).toEqual(['c', 'e', 'b', 'd', 'a']);
  });

  it('is a total order: antisymmetric and independent of the input order', () => {
    const cand = fc.record({
      applicationId: fc.uuid(),
      points: fc.integer({ min: 0, max: 40 }),
      receivedAt: fc.integer({ min: 1_640_000_000, max: 1_640_000_100 }).map((s) => new Date(s * 1000).toISOString()),
    });
    fc.assert(
      fc.property(fc.uniqueArray(cand, { selector: (x) => x.applicationId, maxLength: 30 }), (xs) => {
        const sorted = rankCandidates(xs);
        expect(rankCandidates([...xs].reverse())).toEqual(sorted);
        for (let i = 1; i < sorted.length; i++) expect(compareCandidates(sorted[i - 1]!, sorted[i]!)).toBeLessThan(0);
      }),
    );
  });

  it('orders the reserve list by sitting first, then by ranking', () => {
    const r = [
      { ...c('x', 30, '2022-01-10T08:00:00Z'), sitting: 2 },
      { ...c('y', 5, '2022-01-10T08:00:00Z'), sitting: 1 },
      { ...c('z', 10, '2022-01-10T08:00:00Z'), sitting: 1 },
    ];
    expect(reserveOrder(r).map((x) => x.applicationId)).toEqual(['z', 'y', 'x']);
    expect(nextOnReserve(r)?.applicationId).toBe('z');
    expect(nextOnReserve([])).toBeUndefined();
  });

  it('reports quota status in Polish and English, and whether the minimum is still reachable', () => {
    const quotas = AKTYWNY_SPOLECZNIE.config.quotas;
    const holders = [
      ...Array.from({ length: 27 }, () => ({ sex: 'K' as const, disability: false, targetGroup: null })),
      ...Array.from({ length: 20 }, () => ({ sex: 'M' as const, disability: false, targetGroup: null })),
      { sex: 'M' as const, disability: true, targetGroup: null },
    ];
    const [women, disabled] = quotaStatus(quotas, holders, 12);
    expect(women).toMatchObject({ count: 27, min: 39, met: false, unreachable: false });
    expect(inBothLanguages(women!.text)).toEqual({ pl: '27 z co najmniej 39 kobiet', en: '27 of at least 39 women' });
    expect(disabled).toMatchObject({ count: 1 });
    expect(say('pl', disabled!.text)).toBe('1 z co najmniej 4 osób z niepełnosprawnościami');
    expect(quotaStatus(quotas, holders, 11)[0]).toMatchObject({ unreachable: true });
  });
});

describe('round rules', () => {
  const now = '2022-02-01T10:00:00.000Z';
  it('never gives more places than there are, and promotes the first reserve when a place is freed', () => {
    const s = initialRoundState('p', 's1');
    setProject(s, 1, [], now);
    for (const [id, pts] of [['a', 10], ['b', 9], ['c', 8]] as const) {
      applyScored(s, { applicationId: id, points: pts, receivedAt: now, sex: 'K', disability: false, targetGroup: null });
    }
    applyDecide(s, { requestId: 'r1', applicationId: 'a', decision: 'qualified', decidedBy: 'u' }, now);
    expect(inPolish(checkDecide(s, { requestId: 'r2', applicationId: 'b', decision: 'qualified', decidedBy: 'u' }))).toMatch(/Brak wolnych miejsc/);
    applyDecide(s, { requestId: 'r3', applicationId: 'c', decision: 'reserve', decidedBy: 'u' }, now);
    const { result } = applyDecide(s, { requestId: 'r4', applicationId: 'b', decision: 'reserve', decidedBy: 'u' }, now);
    expect(result.reservePosition).toBe(1);
    expect(s.candidates.c!.reservePosition).toBe(2);
    const out = applyFreed(s, 'a', 'ended_early', now);
    expect(s.candidates.b!.status).toBe('qualified');
    expect(s.candidates.c!.reservePosition).toBe(1);
    expect(out.effects.map((e) => e.kind)).toEqual(['decided', 'promoted', 'reservePosition']);
    // A duplicate signal changes nothing.
    expect(applyFreed(s, 'a', 'ended_early', now).effects).toEqual([]);
  });

  it('refuses a rejection without a reason and a reserve while places are free', () => {
    const s = initialRoundState('p', 's1');
    setProject(s, 2, [], now);
    applyScored(s, { applicationId: 'a', points: 1, receivedAt: now, sex: 'M', disability: false, targetGroup: null });
    expect(inPolish(checkDecide(s, { requestId: 'r', applicationId: 'a', decision: 'rejected', decidedBy: 'u' }))).toMatch(/uzasadnienia/);
    expect(inPolish(checkDecide(s, { requestId: 'r', applicationId: 'a', decision: 'reserve', decidedBy: 'u' }))).toMatch(/wolne miejsca/);
    expect(inPolish(checkDecide(s, { requestId: 'r', applicationId: 'zz', decision: 'qualified', decidedBy: 'u' }))).toMatch(/Nie ma takiego kandydata/);
  });
});

describe('project configuration', () => {
  it('accepts both example projects', () => {
    expect(parseOrFail(projectInputSchema, AKTYWNY_SPOLECZNIE, 'x').places).toBe(60);
    const drugi = parseOrFail(projectInputSchema, DRUGI_BRZEG, 'x');
    expect(drugi.config.targetGroups.reduce((n, g) => n + g.planned, 0)).toBe(55);
  });

  it('reports Polish field errors', () => {
    const bad = {
      ...AKTYWNY_SPOLECZNIE,
      endsOn: '2019-01-01',
      places: 30,
      config: { ...AKTYWNY_SPOLECZNIE.config, budget: { total: 100, eu: 50, state: 10, own: 1 } },
      rules: { ...AKTYWNY_SPOLECZNIE.rules, criteria: [] },
    };
    let err: AppError | undefined;
    try {
      parseOrFail(projectInputSchema, bad, 'Nieprawidłowa konfiguracja projektu');
    } catch (e) {
      err = e as AppError;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err!.code).toBe('invalid_input');
    const byField = Object.fromEntries(err!.fields.map((f) => [f.field, f.message]));
    expect(byField).toMatchObject({
      'config.budget.total': expect.stringMatching(/Suma środków UE/),
      'rules.criteria': expect.stringMatching(/co najmniej jednego kryterium/),
      endsOn: 'Koniec projektu przed jego początkiem',
      'config.targetGroups': 'Grupy docelowe planują 60 osób, a miejsc jest 30',
      'config.quotas.0.min': 'Minimum 39 przekracza liczbę miejsc (30)',
    });
  });
});
