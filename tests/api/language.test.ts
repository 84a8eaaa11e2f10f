// The word-book's language choice and its parameters: pure, no server.
import { describe, expect, it } from 'vitest';
import { refusal } from '../../domain/journey-rules';
import { inBothLanguages, negotiateLocale, readMessage, say, translator, WORD_BOOK, type Key } from '../../i18n';

describe('word-book', () => {
  it('answers in the first of our languages the caller prefers, Polish by default', () => {
    expect(negotiateLocale(undefined)).toBe('pl');
    expect(negotiateLocale('')).toBe('pl');
    expect(negotiateLocale('de-DE,fr;q=0.8')).toBe('pl');
    expect(negotiateLocale('en-GB,en;q=0.9')).toBe('en');
    expect(negotiateLocale('pl;q=0.5, en;q=0.8')).toBe('en');
    expect(negotiateLocale('en;q=0, pl')).toBe('pl');
    expect(negotiateLocale('*')).toBe('pl');
  });

  it('English takes the same parameters as Polish, key by key, and no text is empty', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    // The API's English names a criterion by its code, the panel's Polish by its label (both are passed).
    const criterionByCode = new Set<Key>(['refusal.criterionUnscored', 'refusal.criterionOutOfRange']);
    for (const key of Object.keys(WORD_BOOK.pl) as Key[]) {
      if (!criterionByCode.has(key)) expect(names(WORD_BOOK.en[key]), key).toEqual(names(WORD_BOOK.pl[key]));
      expect(WORD_BOOK.en[key].length, key).toBeGreaterThan(0);
    }
  });

  it('fills parameters once, translating a parameter that is itself a key', () => {
    const t = translator('en');
    expect(t('today.count', { n: 3 })).toBe('Tasks: 3');
    expect(t('refusal.unknownCriterion', { code: '{code}' })).toBe('unknown criterion: {code}');
    expect(t.message({ key: 'refusal.date.future', params: { field: { key: 'refusal.field.sentOn' } } })).toBe('sent on: date in the future');
    expect(t.label('stage', 'support')).toBe('Support (IŚR)');
    expect(t.label('event', 'not_an_event')).toBe('not_an_event');
  });

  it('reads refusals in the new shape and in the shape recorded before the word-book', () => {
    const now = { key: 'refusal.followUpNotYet', params: { n: 2, opens: '2026-12-08' } };
    expect(inBothLanguages(readMessage(now)!)).toEqual({ pl: 'Monitoring 2 będzie możliwy od 2026-12-08', en: 'follow-up 2 is not due before 2026-12-08' });
    const recorded = { pl: 'Kandydat został już oceniony', en: 'the candidate has already been screened' };
    expect(say('en', readMessage(recorded)!)).toBe('the candidate has already been screened');
    expect(readMessage({ key: 'no.such.key' })).toBeUndefined();
    expect(readMessage('text')).toBeUndefined();
  });

  it('a domain rule gives a key, never a text', () => {
    const reason = refusal('migrateRules', { stage: 'closed' } as never, { actorId: 'u', toVersion: 2 }, { today: '2026-11-20', rules: {} as never });
    expect(reason).toEqual({ key: 'refusal.journeyClosed' });
  });
});
