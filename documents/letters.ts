// The letters to candidates: the recruitment result (qualified, reserve list, rejected) and the admission
// from the reserve list. A pure function of the candidate's data; the journey's createLetter activity
// loads the data, calls it and stores the PDF.
import type { LetterKind } from '../domain/journey';
import { translator, type Locale } from '../i18n';
import { formatDate } from '../i18n/format';
import { renderPdf } from './pdf';

export interface LetterData {
  kind: LetterKind;
  firstName: string;
  lastName: string;
  points: number | null;
  reservePosition: number | null;
  rejectionReason: string | null;
  project: { code: string; name: string };
  /** The letter's date. */
  date: Date;
  /** The form of address follows it ("Szanowna Pani" / "Szanowny Panie"). */
  sex: 'K' | 'M';
  /** Who signs (the project's configuration); absent: the project coordinator, unnamed. */
  signatory?: { name: string; function: string } | undefined;
}

/** The letter's body, one paragraph. */
export function letterBody(d: LetterData, locale: Locale = 'pl'): string {
  const t = translator(locale);
  const points = d.points === null ? '' : t('print.letter.points', { points: d.points });
  switch (d.kind) {
    case 'result_qualified':
      return t(`print.letter.result_qualified.${d.sex}`, { points }) + t('print.letter.contactToSign');
    case 'promoted':
      return t(`print.letter.promoted.${d.sex}`) + t('print.letter.contactToSign');
    case 'result_reserve':
      return t(`print.letter.result_reserve.${d.sex}`, { position: d.reservePosition ? t('print.letter.reservePosition', { position: d.reservePosition }) : '', points });
    case 'result_rejected':
      return t(`print.letter.result_rejected.${d.sex}`, { points, reason: d.rejectionReason ? t('print.letter.rejectionReason', { reason: d.rejectionReason }) : '' });
  }
}

export const letterTitle = (kind: LetterKind, locale: Locale = 'pl') => translator(locale)(`print.letter.title.${kind}`);

/** The letter as a PDF, in Polish unless asked otherwise. */
export function letterPdf(d: LetterData, locale: Locale = 'pl'): Promise<Buffer> {
  const t = translator(locale);
  const title = letterTitle(d.kind, locale);
  return renderPdf({ title: `${d.project.code}: ${title}` }, (doc) => {
    doc.font('bold').fontSize(14).text(title).moveDown();
    doc.font('regular').fontSize(11);
    doc.text(t('print.project', { name: d.project.name, code: d.project.code }));
    doc.text(t('print.date', { date: formatDate(d.date) })).moveDown();
    doc.text(t(`print.letter.salutation.${d.sex}`, { name: `${d.firstName} ${d.lastName}` })).moveDown();
    doc.text(letterBody(d, locale));
    doc.moveDown().text(t('print.letter.regards'));
    if (d.signatory) doc.moveDown().text(d.signatory.name).text(d.signatory.function);
    else doc.text(t('print.letter.signature'));
  });
}
