// The regulations' checks (issue 15 item 4): rank order and its justification, the application's date
// against the recruitment period and days off, originals of e-mailed forms, the commission's view.
import type { Words } from './words';

export const pl = {
  'refusal.round.rankOrderNeedsJustification': 'Wyżej na liście rankingowej czeka na decyzję kandydatów: {n}. Zakwalifikowanie z pominięciem kolejności wymaga pisemnego uzasadnienia',
  'refusal.originalNotReceived': 'Nie wpłynął jeszcze oryginał formularza przesłanego e-mailem: umowy nie można podpisać, dopóki oryginał nie zostanie odnotowany',
  'refusal.intake.outsidePeriod': 'Zgłoszenie z dnia {date} wpłynęło poza okresem rekrutacji ({from} – {to})',
  'refusal.intake.dayOff': 'Zgłoszenie z dnia {date} wpłynęło w dniu wolnym od pracy; ośrodek nie przyjmuje zgłoszeń w takie dni',
  'recruitment.justification': 'Uzasadnienie odstępstwa od kolejności',
  'recruitment.justificationHint': 'Wymagane, gdy wyżej na liście czeka ktoś bez decyzji',
  'recruitment.details': 'Punkty i opinia',
  'recruitment.opinion': 'Opinia pracownika socjalnego',
  'recruitment.noOpinion': 'brak opinii',
  'recruitment.outOfOrder': 'z pominięciem kolejności: {reason}',
  'flag.original_pending': 'brak oryginału formularza',
  'flag.outside_period': 'wpłynęło poza okresem rekrutacji',
  'flag.day_off': 'wpłynęło w dniu wolnym od pracy',
  'flag.signedWithoutOriginal': 'umowa podpisana bez oryginału formularza',
  'participant.flags': 'Uwagi do zgłoszenia',
  'print.protocol.outOfOrder': 'Odstępstwa od kolejności listy rankingowej',
  'print.protocol.outOfOrderLine': '{name} zakwalifikowano z pominięciem: {passedOver}. Uzasadnienie komisji: {justification}',
} as const;

export const en: Words<typeof pl> = {
  'refusal.round.rankOrderNeedsJustification': 'Higher-ranked candidates still waiting for a decision: {n}. Qualifying out of rank order needs a written justification',
  'refusal.originalNotReceived': 'The original of the e-mailed form has not arrived yet: the contract cannot be signed until the original is recorded',
  'refusal.intake.outsidePeriod': 'The application of {date} arrived outside the recruitment period ({from} – {to})',
  'refusal.intake.dayOff': 'The application of {date} arrived on a day off; the centre does not accept applications on such days',
  'recruitment.justification': 'Justification for departing from the rank order',
  'recruitment.justificationHint': 'Required when someone ranked higher is still waiting for a decision',
  'recruitment.details': 'Points and opinion',
  'recruitment.opinion': "Social worker's opinion",
  'recruitment.noOpinion': 'no opinion',
  'recruitment.outOfOrder': 'out of rank order: {reason}',
  'flag.original_pending': 'original form missing',
  'flag.outside_period': 'arrived outside the recruitment period',
  'flag.day_off': 'arrived on a day off',
  'flag.signedWithoutOriginal': 'contract signed without the original form',
  'participant.flags': 'Notes on the application',
  'print.protocol.outOfOrder': 'Departures from the rank order',
  'print.protocol.outOfOrderLine': '{name} was qualified passing over: {passedOver}. The commission\'s justification: {justification}',
};
