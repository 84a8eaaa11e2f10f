// Poland's holiday rules travel in domain/holidays-pl.ts (extracted from date-holidays, see
// scripts/holidays-pl.ts). The extract must match the installed library, and give the same days off.
import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import { expect, it } from 'vitest';
import { publicHolidays } from '../../domain/working-days';
import { polishHolidayData, renderModule, TARGET } from '../../scripts/holidays-pl';

it('domain/holidays-pl.ts is the current extract of date-holidays (re-run scripts/holidays-pl.ts if not)', () => {
  expect(readFileSync(TARGET, 'utf8')).toBe(renderModule(polishHolidayData()));
});

it('gives the same public holidays as the full library, 2020 to 2040', () => {
  const full = new Holidays('PL');
  for (let year = 2020; year <= 2040; year++) {
    const expected = full.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10));
    expect([...publicHolidays(year)].sort(), String(year)).toEqual(expected.sort());
  }
  // Christmas Eve is a day off from 2025; Corpus Christi moves with Easter.
  expect(publicHolidays(2025).has('2025-12-24')).toBe(true);
  expect(publicHolidays(2024).has('2024-12-24')).toBe(false);
  expect(publicHolidays(2026).has('2026-06-04')).toBe(true);
});
