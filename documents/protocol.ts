// The protocol of a recruitment commission's sitting: members, date, the participant list and the reserve
// list in ranking order, the number rejected. A pure function of the sitting's data; the round's
// generateProtocol activity loads the data, calls it and stores the PDF.
import { translator, type Locale } from '../i18n';
import { formatDate, formatInstant } from '../i18n/format';
import type { Decision } from '../domain/types';
import { renderPdf } from './pdf';

export interface ProtocolData {
  seq: number;
  project: { code: string; name: string; places: number };
  /** 'YYYY-MM-DD', or null before the sitting is dated. */
  heldOn: string | null;
  members: string[];
  participants: string[];
  reserve: string[];
  rejected: number;
  /** The ranking facts of each application on the lists. */
  candidates: ReadonlyMap<string, ProtocolCandidate>;
  /** Qualifications out of rank order: who, whom they passed over (names), the commission's justification. */
  outOfOrder?: Array<{ name: string; passedOver: string[]; justification: string }>;
  /** Decisions the commission corrected during the sitting, in order, with their reasons. */
  corrections?: Array<{ name: string; from: Decision; to: Decision; reason: string | null }>;
}

export interface ProtocolCandidate {
  points: number | null;
  receivedAt: Date | string;
  /** The candidate's name (the protocol names who was decided about). */
  name?: string;
  /** Points per criterion of the candidate's rules version; null when none were recorded. */
  scores?: Array<{ label: string; points: number }> | null;
}

export function protocolPdf(p: ProtocolData, locale: Locale = 'pl'): Promise<Buffer> {
  const t = translator(locale);
  const title = t('print.protocol.title', { seq: p.seq });
  const line = (id: string, i: number) => {
    const c = p.candidates.get(id);
    if (!c?.name) return t('print.protocol.line', { n: i + 1, id: id.slice(0, 8), points: c?.points ?? '?', receivedAt: c ? formatInstant(c.receivedAt) : '?' });
    const criteria = c.scores?.length ? c.scores.map((s) => `${s.label}: ${s.points}`).join('; ') : t('print.protocol.noScores');
    return t('print.protocol.candidate', { n: i + 1, name: c.name, points: c.points ?? '?', criteria, receivedAt: formatInstant(c.receivedAt) });
  };
  const list = (doc: PDFKit.PDFDocument, heading: string, ids: string[]) => {
    doc.moveDown().font('bold').text(heading).font('regular');
    if (ids.length === 0) doc.text(t('print.none'));
    ids.forEach((id, i) => doc.text(line(id, i)));
  };
  return renderPdf({ title }, (doc) => {
    doc.font('bold').fontSize(14).text(title, { align: 'center' });
    doc.font('regular').fontSize(11).moveDown();
    doc.text(t('print.protocol.project', { name: p.project.name, code: p.project.code, places: p.project.places }));
    doc.text(t('print.protocol.heldOn', { date: p.heldOn ? formatDate(p.heldOn) : '—' }));
    doc.text(t('print.protocol.members', { members: p.members.join(', ') }));
    list(doc, t('print.protocol.participants'), p.participants);
    list(doc, t('print.protocol.reserve'), p.reserve);
    doc.moveDown().text(t('print.protocol.rejected', { n: p.rejected }));
    if (p.outOfOrder?.length) {
      doc.moveDown().font('bold').text(t('print.protocol.outOfOrder')).font('regular');
      for (const o of p.outOfOrder) doc.text(t('print.protocol.outOfOrderLine', { name: o.name, passedOver: o.passedOver.join(', '), justification: o.justification }));
    }
    if (p.corrections?.length) {
      doc.moveDown().font('bold').text(t('print.protocol.corrections')).font('regular');
      for (const c of p.corrections) doc.text(t('print.protocol.correction', { name: c.name, from: t(`decision.${c.from}`), to: t(`decision.${c.to}`), reason: c.reason ?? '—' }));
    }
    doc.moveDown().text(t('print.protocol.order'));
    doc.moveDown(2).text(t('print.protocol.signatures'));
  });
}
