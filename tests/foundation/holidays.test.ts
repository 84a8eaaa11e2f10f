// Poland's days off travel to the workflows as a table (domain/holidays-pl.ts, from scripts/holidays-pl.ts).
// The table must be the installed date-holidays' answer, and the working-day rule must read it right.
import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import { expect, it } from 'vitest';
import { isWorkingDay, publicHolidays } from '../../domain/working-days';
import { polishPublicHolidays, renderModule, TARGET } from '../../scripts/holidays-pl';

it('domain/holidays-pl.ts is what the installed date-holidays computes (re-run scripts/holidays-pl.ts if not)', () => {
  expect(readFileSync(TARGET, 'utf8')).toBe(renderModule(polishPublicHolidays()));
});

it('gives the library public holidays as days off, 2020 to 2040, and refuses years outside the table', () => {
  const full = new Holidays('PL');
  for (let year = 2020; year <= 2040; year++) {
    const expected = full.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10));
    expect([...publicHolidays(year)].sort(), String(year)).toEqual(expected.sort());
  }
  // Christmas Eve is a day off from 2025; Corpus Christi moves with Easter.
  expect(isWorkingDay('2024-12-24')).toBe(true);
  expect(isWorkingDay('2025-12-24')).toBe(false);
  expect(isWorkingDay('2026-06-04')).toBe(false);
  expect(() => publicHolidays(2100)).toThrow(/2000-2099/);
});
