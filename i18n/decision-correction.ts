// The commission's correction of its own decision in the same sitting (issue 20 item 3): refusals, the
// timeline, the protocol's section.
import type { Words } from './words';

export const pl = {
  'refusal.round.correctionNotDecided': 'W sprawie tego kandydata nie podjęto jeszcze decyzji',
  'refusal.round.correctionSittingClosed': 'Decyzję można poprawić tylko na tym samym posiedzeniu, przed jego zamknięciem (i zatwierdzeniem listy przez dyrektora)',
  'refusal.round.correctionOfRejection': 'Odrzucenia nie można poprawić: ścieżka kandydata została zamknięta',
  'refusal.round.correctionNeedsReason': 'Podaj powód poprawienia decyzji (trafi do protokołu)',
  'refusal.round.correctionSame': 'Poprawiona decyzja jest taka sama jak dotychczasowa',
  'event.decision_corrected': 'Komisja poprawiła decyzję',
  'decisionCorrection.timeline': 'Poprawiono decyzję: {from} → {to}. Powód: {reason}',
  'print.protocol.corrections': 'Decyzje poprawione w toku posiedzenia',
  'print.protocol.correction': '{name}: {from} → {to}. Powód: {reason}',
  'recruitment.correctDecision': 'Popraw decyzję',
  'letters.superseded.corrected': 'nieaktualne: komisja poprawiła decyzję',
  'auditAction.decision_corrected': 'Komisja: poprawienie decyzji',
  'recruitment.correctionReason': 'Powód poprawienia decyzji (do protokołu)',
} as const;

export const en: Words<typeof pl> = {
  'refusal.round.correctionNotDecided': 'no decision on this candidate yet',
  'refusal.round.correctionSittingClosed': 'a decision can be corrected only in the same sitting, before it is closed (and the director approves the list)',
  'refusal.round.correctionOfRejection': 'a rejection cannot be corrected: the candidate’s journey is closed',
  'refusal.round.correctionNeedsReason': 'give the reason for the correction (it goes into the protocol)',
  'refusal.round.correctionSame': 'the corrected decision is the one already recorded',
  'event.decision_corrected': 'The commission corrected its decision',
  'decisionCorrection.timeline': 'Decision corrected: {from} → {to}. Reason: {reason}',
  'print.protocol.corrections': 'Decisions corrected during the sitting',
  'print.protocol.correction': '{name}: {from} → {to}. Reason: {reason}',
  'recruitment.correctDecision': 'Correct the decision',
  'letters.superseded.corrected': 'obsolete: the commission corrected its decision',
  'auditAction.decision_corrected': 'Commission: decision corrected',
  'recruitment.correctionReason': 'Reason for the correction (for the protocol)',
};
