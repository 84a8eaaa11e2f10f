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
  /** The sender block: the centre running the project (its configuration); its town is the letter's place. */
  centre?: { name: string; street: string; postcode: string; town: string; phone?: string | undefined; email?: string | undefined } | undefined;
  /** The recipient's address, as recorded (absent on records without one). */
  address?: { street: string | null; building: string; flat: string | null; postcode: string; locality: string } | null | undefined;
  /** The reference number ("znak sprawy"). */
  reference?: string | undefined;
}

/** The address's lines as a Polish envelope writes them: "ul. Długa 5/3", "47-400 Racibórz". */
export function addressLines(a: NonNullable<LetterData['address']>): string[] {
  const number = a.flat ? `${a.building}/${a.flat}` : a.building;
  return [a.street ? `ul. ${a.street.replace(/^ul\.\s*/i, '')} ${number}` : `${a.locality} ${number}`, `${a.postcode} ${a.locality}`];
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
    // An official letter: the sender top left, place and date top right, the reference, the recipient's
    // address block on the right, then the title and the text.
    const top = doc.y;
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    doc.font('regular').fontSize(10);
    if (d.centre) {
      doc.font('bold').text(d.centre.name, { width: width / 2 }).font('regular');
      doc.text(d.centre.street, { width: width / 2 }).text(`${d.centre.postcode} ${d.centre.town}`, { width: width / 2 });
      if (d.centre.phone) doc.text(d.centre.phone, { width: width / 2 });
      if (d.centre.email) doc.text(d.centre.email, { width: width / 2 });
    }
    const afterSender = doc.y;
    const dated = d.centre ? t('print.letter.placeAndDate', { place: d.centre.town, date: formatDate(d.date) }) : t('print.date', { date: formatDate(d.date) });
    doc.text(dated, doc.page.margins.left, top, { width, align: 'right' });
    doc.x = doc.page.margins.left;
    doc.y = Math.max(afterSender, doc.y) + 8;
    if (d.reference) doc.text(t('print.letter.reference', { reference: d.reference }));
    doc.moveDown(1.5);
    const left = doc.page.margins.left + width / 2;
    doc.fontSize(11).font('bold').text(`${d.sex === 'K' ? 'Pani' : 'Pan'} ${d.firstName} ${d.lastName}`, left, doc.y, { width: width / 2 }).font('regular');
    if (d.address) for (const line of addressLines(d.address)) doc.text(line, left, doc.y, { width: width / 2 });
    doc.x = doc.page.margins.left;
    doc.moveDown(2);
    doc.font('bold').fontSize(14).text(title, { width }).moveDown();
    doc.font('regular').fontSize(11);
    doc.text(t('print.project', { name: d.project.name, code: d.project.code })).moveDown();
    doc.text(t(`print.letter.salutation.${d.sex}`, { name: `${d.firstName} ${d.lastName}` })).moveDown();
    doc.text(letterBody(d, locale));
    doc.moveDown().text(t('print.letter.regards'));
    if (d.signatory) doc.moveDown().text(d.signatory.name).text(d.signatory.function);
    else doc.text(t('print.letter.signature'));
  });
}
