// An ending recorded by mistake, undone by a coordinator within 14 days (issue 20 item 3): the action,
// its refusals, the timeline's event and what happens to the place it had freed.
import type { Words } from './words';

export const pl = {
  'action.undoEnding': 'Cofnięcie zakończenia udziału (pomyłka)',
  'field.undoReason': 'Powód cofnięcia (na czym polegała pomyłka)',
  'undo.hint': 'Możliwe do 14 dni po dacie zakończenia, zanim zapisano pomiar po zakończeniu. Uczestnik wraca na ścieżkę. Miejsce zwolnione przez to zakończenie wraca do niego; jeśli zajęła je już osoba z listy rezerwowej, obie zachowują miejsca, a projekt ma chwilowo jedno miejsce ponad limit (kolejne zwolnione miejsce nie przejdzie wtedy na listę rezerwową).',
  'event.ending_undone': 'Cofnięto zakończenie udziału (pomyłka)',
  'undo.timeline': 'Cofnięto zakończenie z dnia {endedOn}. Powód: {reason}',
  'undo.placeBack': 'Miejsce wraca do uczestnika; jeśli zajęła je już osoba awansowana z listy rezerwowej, projekt ma chwilowo jedno miejsce ponad limit.',
  'refusal.undoEndingOnlyEnded': 'Cofnąć można tylko zakończenie udziału, zanim zapisano pomiar po zakończeniu',
  'refusal.undoEndingTooLate': 'Zakończenie można cofnąć tylko w ciągu {days} dni od daty zakończenia (do {until})',
  'refusal.undoEndingNeedsReason': 'Podaj powód cofnięcia (na czym polegała pomyłka)',
  'refusal.undoEndingDied': 'Zgonu uczestnika nie cofa się tą drogą',
  'confirm.undoEnding': 'Uczestnik wróci na ścieżkę wsparcia; pomiary po zakończeniu nie będą oczekiwane. Miejsce zwolnione przez to zakończenie wraca do niego (także ponad limit, jeśli zajęła je osoba z listy rezerwowej).',
  'auditAction.participant_undoEnding': 'Uczestnik: cofnięcie zakończenia udziału',
} as const;

export const en: Words<typeof pl> = {
  'action.undoEnding': 'Undo the end of participation (a mistake)',
  'field.undoReason': 'Why it is undone (what the mistake was)',
  'undo.hint': 'Possible up to 14 days after the end date, before a follow-up is recorded. The participant returns to the path. The place this end freed returns to them; if a promoted reserve has taken it, both keep their places and the project is one place over its limit for a while (the next freed place then does not go to the reserve list).',
  'event.ending_undone': 'End of participation undone (a mistake)',
  'undo.timeline': 'The end of {endedOn} undone. Reason: {reason}',
  'undo.placeBack': 'The place returns to the participant; if a promoted reserve has taken it, the project is one place over its limit for a while.',
  'refusal.undoEndingOnlyEnded': 'only an end of participation can be undone, before a follow-up is recorded',
  'refusal.undoEndingTooLate': 'an end can be undone only within {days} days of its date (until {until})',
  'refusal.undoEndingNeedsReason': 'give the reason for undoing it (what the mistake was)',
  'refusal.undoEndingDied': 'a participant’s death is not undone this way',
  'confirm.undoEnding': 'The participant returns to the support path; no follow-ups are expected. The place this end freed returns to them (over the limit, if a reserve has taken it).',
  'auditAction.participant_undoEnding': 'Participant: end of participation undone',
};
