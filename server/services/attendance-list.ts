// The attendance list of one support form over a period: who attended which session, as the sheet that
// documents/attendance-sheet.ts prints to sign.
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { attendanceSheetPdf, type AttendanceSheet } from '../../documents/attendance-sheet';
import { AppError } from '../../domain/errors';
import type { ProjectConfig } from '../../domain/project';
import { supportCatalogueOf } from '../../domain/support-forms';
import type { IsoDate } from '../../domain/types';
import { assertCan } from '../../domain/permissions';
import { requiredText } from '../forms';
import type { ExportActor, ExportFile } from './exports';
import { assertCanSeeProject, visibleTo } from './scope';

/** The list's period and form: the panel's query string and the API's querystring. */
export const attendanceListQuery = z.object({ formCode: requiredText(50), from: z.iso.date(), to: z.iso.date() });

export interface AttendanceListInput {
  projectId: string;
  formCode: string;
  from: IsoDate;
  to: IsoDate;
}

async function attendanceSheet(db: Db, actor: ExportActor, input: AttendanceListInput): Promise<AttendanceSheet> {
  assertCan(actor.role, 'exportAttendanceList');
  await assertCanSeeProject(db, actor, input.projectId);
  if (input.from > input.to) throw new AppError('invalid_input', 'the period ends before it starts', [{ field: 'to', message: 'to < from' }]);
  const project = await db.selectFrom('projects').select(['code', 'name', 'config']).where('id', '=', input.projectId).executeTakeFirst();
  if (!project) throw new AppError('not_found', `project ${input.projectId} not found`);
  const rows = await db
    .selectFrom('attendance as t')
    .innerJoin('applications as a', 'a.id', 't.application_id')
    .select(['a.id', 'a.first_name', 'a.last_name', 't.session_on', 't.planned_hours', 't.attended_hours', 't.absent', 't.justified'])
    .where('a.project_id', '=', input.projectId)
    // A social worker prints the list of their own participants, as every other view shows them.
    .where(visibleTo(actor))
    .where('t.form_code', '=', input.formCode)
    .where('t.session_on', '>=', input.from)
    .where('t.session_on', '<=', input.to)
    .orderBy('a.last_name')
    .orderBy('a.first_name')
    .orderBy('t.session_on')
    .execute();
  const days = [...new Set(rows.map((r) => r.session_on))].sort();
  const people = new Map<string, AttendanceSheet['people'][number]>();
  for (const r of rows) {
    const p = people.get(r.id) ?? { applicationId: r.id, name: `${r.last_name} ${r.first_name}`, sessions: {} };
    p.sessions[r.session_on] = { plannedHours: r.planned_hours, attendedHours: r.attended_hours, absent: r.absent, justified: r.justified };
    people.set(r.id, p);
  }
  const label = supportCatalogueOf(project.config).find((f) => f.code === input.formCode)?.label ?? input.formCode;
  return { project: { code: project.code, name: project.name }, form: { code: input.formCode, label }, from: input.from, to: input.to, days, people: [...people.values()] };
}

/** The forms a list can be printed for: the project's catalogue, then any other form attendance was recorded for. */
export async function attendanceForms(db: Db, project: { id: string; config: ProjectConfig }): Promise<{ code: string; label: string }[]> {
  const projectId = project.id;
  const forms = new Map(supportCatalogueOf(project.config).map((f) => [f.code, f.label]));
  const recorded = await db
    .selectFrom('attendance as t')
    .innerJoin('applications as a', 'a.id', 't.application_id')
    .select('t.form_code')
    .distinct()
    .where('a.project_id', '=', projectId)
    .orderBy('t.form_code')
    .execute();
  for (const r of recorded) if (!forms.has(r.form_code)) forms.set(r.form_code, r.form_code);
  return [...forms].map(([code, label]) => ({ code, label }));
}

/** The list as a PDF (DejaVu fonts keep the Polish letters). */
export async function attendanceListPdf(db: Db, actor: ExportActor, input: AttendanceListInput): Promise<ExportFile> {
  const sheet = await attendanceSheet(db, actor, input);
  const body = await attendanceSheetPdf(sheet);
  return {
    filename: `lista-obecnosci-${input.formCode}-${input.from}-${input.to}.pdf`,
    contentType: 'application/pdf',
    body,
    audit: {
      action: 'export.attendance_list',
      entity: 'project',
      entityId: input.projectId,
      details: { formCode: input.formCode, from: input.from, to: input.to, people: sheet.people.length },
    },
  };
}
