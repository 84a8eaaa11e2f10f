// Att. 8, the IŚR, as a PDF to print and sign: the diagnosis, the goals, the planned support forms with
// hours, period and provider, the attendance the participant commits to, and the two signature places
// (participant and social worker). A revision after the first prints as an annex with its reason.
import type { IsrItem } from '../domain/journey';
import type { IsoDate } from '../domain/types';
import { translator, type Locale } from '../i18n';
import { formatDate } from '../i18n/format';
import { renderPdf } from './pdf';

export interface IsrDocument {
  project: { code: string; name: string; startsOn: IsoDate; endsOn: IsoDate };
  participantName: string;
  socialWorkerName: string | null;
  attendanceThreshold: number;
  revision: { revision: number; diagnosis: string; goals: string; items: Array<IsrItem & { label: string }>; reason: string | null; revisedAt: Date };
}

const hours = (n: number) => String(Math.round(n * 100) / 100).replace('.', ',');

export function isrPdf(d: IsrDocument, locale: Locale = 'pl'): Promise<Buffer> {
  const t = translator(locale);
  const r = d.revision;
  return renderPdf({ title: t('print.isr.title') }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    doc.fontSize(9).text(t('print.isr.attachment'), { align: 'right' });
    doc.moveDown(0.5);
    doc.font('bold').fontSize(15).text(t('print.isr.title'), { align: 'center' });
    doc.font('regular').fontSize(10).moveDown(0.5);
    doc.text(t('print.isr.project', { code: d.project.code, name: d.project.name }));
    doc.text(t('print.isr.participant', { name: d.participantName }));
    doc.text(t('print.isr.socialWorker', { name: d.socialWorkerName ?? '……………………………' }));
    doc.text(t('print.isr.version', { revision: r.revision, date: formatDate(r.revisedAt) }));
    if (r.reason) doc.text(t('print.isr.annex', { reason: r.reason }));
    const section = (title: string, body: string) => {
      doc.moveDown(0.8).font('bold').fontSize(11).text(title);
      doc.font('regular').fontSize(10).text(body, { width });
    };
    section(t('print.isr.diagnosis'), r.diagnosis);
    section(t('print.isr.goals'), r.goals);
    doc.moveDown(0.8).font('bold').fontSize(11).text(t('print.isr.forms'));
    doc.font('regular').fontSize(10);
    for (const i of r.items) {
      doc.text(`• ${t('print.isr.row', { form: i.label, hours: hours(i.hours), from: formatDate(i.from), to: formatDate(i.to), provider: i.provider })}`, { width });
    }
    doc.moveDown(0.3).text(t('print.isr.total', { hours: hours(r.items.reduce((s, i) => s + i.hours, 0)) }));
    doc.text(t('print.isr.rule', { share: Math.round(d.attendanceThreshold * 100) }));

    // Two signature places side by side, kept together on one page.
    if (doc.y > doc.page.height - doc.page.margins.bottom - 90) doc.addPage();
    const y = doc.y + 50;
    const half = (width - 40) / 2;
    doc.moveTo(left, y).lineTo(left + half, y).stroke();
    doc.moveTo(left + half + 40, y).lineTo(left + width, y).stroke();
    doc.fontSize(9).text(t('print.isr.signParticipant'), left, y + 4, { width: half, align: 'center' });
    doc.text(t('print.isr.signWorker'), left + half + 40, y + 4, { width: half, align: 'center' });
  });
}
