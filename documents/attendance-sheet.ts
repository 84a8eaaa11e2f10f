// The attendance list of one support form over a period, as a PDF to print and sign: one row per
// participant, one column per session day (six to a page) with the recorded hours (or the absence) and
// room to sign. A pure function of the sheet; server/services/attendance-list.ts loads it.
// And the sign-in sheet of one session (signInSheetPdf): its group before it, with a column for each
// participant's signature, or after it, with the attendance recorded (server/services/sessions.ts).
import type { AttendanceMark, Justification } from '../domain/sessions';
import type { IsoDate } from '../domain/types';
import { translator, type Locale, type Translate } from '../i18n';
import { formatDate as day } from '../i18n/format';
import { renderPdf, type Pdf } from './pdf';

export interface SheetSession {
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
  people: { applicationId: string; name: string; sessions: Record<IsoDate, SheetSession> }[];
}

const DAYS_PER_PAGE = 6;
const hours = (n: number) => String(Math.round(n * 100) / 100).replace('.', ',');

function cellText(t: Translate, s: SheetSession | undefined): string {
  if (!s) return '';
  if (s.absent) return s.justified ? t('print.attendance.absentJustified') : t('print.attendance.absent');
  return t('print.attendance.hours', { attended: hours(s.attendedHours), planned: hours(s.plannedHours) });
}

function drawPage(doc: Pdf, t: Translate, sheet: AttendanceSheet, days: IsoDate[]): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font('bold').fontSize(14).text(t('print.attendance.title'), left, doc.page.margins.top);
  doc.font('regular').fontSize(10);
  doc.text(t('print.attendance.project', { code: sheet.project.code, name: sheet.project.name }));
  doc.text(t('print.attendance.form', { form: sheet.form.label }));
  doc.text(t('print.attendance.period', { from: day(sheet.from), to: day(sheet.to) }));
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
    doc.text(t('print.attendance.number'), left + 2, y + 7, { width: lpW - 4 });
    box(left + lpW, nameW, 22);
    doc.text(t('print.attendance.name'), left + lpW + 4, y + 7, { width: nameW - 8 });
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
      doc.fontSize(6).text(cellText(t, p.sessions[d]), x + 2, y + 2, { width: colW - 4, align: 'center' }).fontSize(8);
    });
    y += rowH;
  });
  doc.fontSize(9).text(t('print.attendance.signature'), left, y + 16);
}

/** The sheet as a PDF (DejaVu fonts keep the Polish letters), in Polish unless asked otherwise. */
export function attendanceSheetPdf(sheet: AttendanceSheet, locale: Locale = 'pl'): Promise<Buffer> {
  const t = translator(locale);
  const chunks: IsoDate[][] = [];
  for (let i = 0; i < Math.max(1, sheet.days.length); i += DAYS_PER_PAGE) chunks.push(sheet.days.slice(i, i + DAYS_PER_PAGE));
  return renderPdf({ title: t('print.attendance.documentTitle', { form: sheet.form.label }) }, (doc) => {
    chunks.forEach((days, i) => {
      if (i > 0) doc.addPage();
      drawPage(doc, t, sheet, days);
    });
  });
}

export interface SignInSheet {
  project: { code: string; name: string };
  form: string;
  sessionOn: IsoDate;
  startsAt: string;
  hours: number;
  place: string;
  leader: string;
  /** In the sheet's order; `recorded` only on the filled record after the session. */
  people: { name: string; recorded: { mark: AttendanceMark; attendedHours: number; justification: Justification | null } | null }[];
  filled: boolean;
}

function markText(t: Translate, r: SignInSheet['people'][number]['recorded']): string {
  if (!r) return '';
  if (r.mark === 'present') return `${t('mark.present')} (${hours(r.attendedHours)} h)`;
  if (r.mark === 'absent') return t('print.attendance.absent');
  // The reason on a line of its own: the cell is narrow.
  return `${t('print.attendance.absentJustified')}${r.justification ? `\n${t.label('field.justification', r.justification)}` : ''}`;
}

/** One session's sheet: Lp., name, attendance (filled in after the session), and the participant's signature. */
export function signInSheetPdf(sheet: SignInSheet, locale: Locale = 'pl'): Promise<Buffer> {
  const t = translator(locale);
  const title = t(sheet.filled ? 'print.signIn.recordedTitle' : 'print.signIn.title');
  return renderPdf({ title: `${title} – ${sheet.form}` }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    doc.font('bold').fontSize(14).text(title, left, doc.page.margins.top);
    doc.font('regular').fontSize(10);
    doc.text(t('print.attendance.project', { code: sheet.project.code, name: sheet.project.name }));
    doc.text(t('print.attendance.form', { form: sheet.form }));
    doc.text(t('print.signIn.session', { date: day(sheet.sessionOn), time: sheet.startsAt, hours: hours(sheet.hours), place: sheet.place }));
    doc.text(t('print.signIn.leader', { name: sheet.leader }));
    doc.moveDown(0.5);
    const cols = [
      { w: 28, label: t('print.attendance.number') },
      { w: 180, label: t('print.attendance.name') },
      { w: 120, label: t('print.signIn.mark') },
      { w: width - 28 - 180 - 120, label: t('print.signIn.signature') },
    ];
    const rowH = 28;
    let y = doc.y;
    const row = (cells: string[], h: number, font: 'bold' | 'regular') => {
      doc.font(font).fontSize(9);
      let x = left;
      cols.forEach((c, i) => {
        doc.rect(x, y, c.w, h).stroke();
        doc.text(cells[i] ?? '', x + 4, y + 4, { width: c.w - 8, height: h - 6, ellipsis: true });
        x += c.w;
      });
      y += h;
    };
    const header = () => row(cols.map((c) => c.label), 22, 'bold');
    header();
    sheet.people.forEach((p, n) => {
      if (y + rowH > doc.page.height - doc.page.margins.bottom - 40) {
        doc.addPage();
        y = doc.page.margins.top;
        header();
      }
      row([String(n + 1), p.name, markText(t, p.recorded), ''], rowH, 'regular');
    });
    doc.font('regular').fontSize(9).text(t('print.attendance.signature'), left, y + 16);
  });
}
