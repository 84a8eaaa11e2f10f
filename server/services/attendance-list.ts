// The attendance list of one support form over a period, as a PDF to print and sign: one row per
// participant, one column per session day with the recorded hours (or the absence) and room to sign.
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { renderPdf, type Pdf } from '../../documents/pdf';
import { AppError } from '../../domain/errors';
import type { ProjectConfig } from '../../domain/project';
import { supportCatalogueOf } from '../../domain/support-forms';
import type { IsoDate } from '../../domain/types';
import { formatDate as day } from '../../views/format';
import { assertCan } from '../../domain/permissions';
import type { ExportActor, ExportFile } from './exports';
import { visibleTo } from './participants';

/** The list's period and form: the panel's query string and the API's querystring. */
export const attendanceListQuery = z.object({ formCode: z.string().trim().min(1).max(50), from: z.iso.date(), to: z.iso.date() });

export interface AttendanceListInput {
  projectId: string;
  formCode: string;
  from: IsoDate;
  to: IsoDate;
}

interface Session {
  plannedHours: number;
  attendedHours: number;
  absent: boolean;
  justified: boolean;
}

export interface AttendanceSheet {
  project: { code: string; name: string };
  form: { code: string; label: string };
  from: IsoDate;
  to: IsoDate;
  days: IsoDate[];
  people: { applicationId: string; name: string; sessions: Record<IsoDate, Session> }[];
}

async function attendanceSheet(db: Db, actor: ExportActor, input: AttendanceListInput): Promise<AttendanceSheet> {
  assertCan(actor.role, 'exportAttendanceList');
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

const DAYS_PER_PAGE = 6;
const hours = (n: number) => String(Math.round(n * 100) / 100).replace('.', ',');

function cellText(s: Session | undefined): string {
  if (!s) return '';
  if (s.absent) return s.justified ? 'nieob. uspr.' : 'nieob.';
  return `${hours(s.attendedHours)}/${hours(s.plannedHours)} h`;
}

function drawPage(doc: Pdf, sheet: AttendanceSheet, days: IsoDate[]): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font('bold').fontSize(14).text('Lista obecności', left, doc.page.margins.top);
  doc.font('regular').fontSize(10);
  doc.text(`Projekt: ${sheet.project.code} – ${sheet.project.name}`);
  doc.text(`Forma wsparcia: ${sheet.form.label}`);
  doc.text(`Okres: ${day(sheet.from)} – ${day(sheet.to)}`);
  doc.moveDown(0.5);

  const lpW = 24;
  const nameW = 140;
  const colW = (width - lpW - nameW) / DAYS_PER_PAGE;
  const rowH = 34;
  let y = doc.y;
  const box = (x: number, w: number, h: number) => doc.rect(x, y, w, h).stroke();
  const header = () => {
    doc.font('bold').fontSize(8);
    box(left, lpW, 22);
    doc.text('Lp.', left + 2, y + 7, { width: lpW - 4 });
    box(left + lpW, nameW, 22);
    doc.text('Nazwisko i imię', left + lpW + 4, y + 7, { width: nameW - 8 });
    doc.fontSize(7);
    days.forEach((d, i) => {
      const x = left + lpW + nameW + i * colW;
      box(x, colW, 22);
      doc.text(day(d), x + 1, y + 8, { width: colW - 2, align: 'center', lineBreak: false });
    });
    y += 22;
    doc.font('regular').fontSize(8);
  };
  header();
  sheet.people.forEach((p, n) => {
    if (y + rowH > doc.page.height - doc.page.margins.bottom - 40) {
      doc.addPage();
      y = doc.page.margins.top;
      header();
    }
    box(left, lpW, rowH);
    doc.text(String(n + 1), left + 2, y + 4, { width: lpW - 4 });
    box(left + lpW, nameW, rowH);
    doc.text(p.name, left + lpW + 4, y + 4, { width: nameW - 8 });
    days.forEach((d, i) => {
      const x = left + lpW + nameW + i * colW;
      box(x, colW, rowH);
      // The recorded attendance in small print at the top; the rest of the cell is for the signature.
      doc.fontSize(6).text(cellText(p.sessions[d]), x + 2, y + 2, { width: colW - 4, align: 'center' }).fontSize(8);
    });
    y += rowH;
  });
  doc.fontSize(9).text('Podpis osoby prowadzącej zajęcia: ..............................................', left, y + 16);
}

/** The list as a PDF (DejaVu fonts keep the Polish letters). */
export async function attendanceListPdf(db: Db, actor: ExportActor, input: AttendanceListInput): Promise<ExportFile> {
  const sheet = await attendanceSheet(db, actor, input);
  const chunks: IsoDate[][] = [];
  for (let i = 0; i < Math.max(1, sheet.days.length); i += DAYS_PER_PAGE) chunks.push(sheet.days.slice(i, i + DAYS_PER_PAGE));
  const body = await renderPdf({ title: `Lista obecności – ${sheet.form.label}` }, (doc) => {
    chunks.forEach((days, i) => {
      if (i > 0) doc.addPage();
      drawPage(doc, sheet, days);
    });
  });
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
