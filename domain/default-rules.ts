// The regulations a project runs on when it has stored none: DRUGI BRZEG's (seed 002), with
// a points sheet in its spirit (att. 6). Configuration, not code: projects store their own versions.
import { DEFAULT_OFFICE_HOURS, type ProjectRules } from './types';

export const DEFAULT_RULES: ProjectRules = {
  version: 1,
  criteria: [
    { code: 'disability', label: 'Osoba z niepełnosprawnością', maxPoints: 10 },
    { code: 'long_term_unemployed', label: 'Osoba długotrwale bezrobotna', maxPoints: 5 },
    { code: 'popz', label: 'Osoba korzystająca z POPŻ', maxPoints: 5 },
    { code: 'multiple_exclusion', label: 'Wielokrotne wykluczenie społeczne', maxPoints: 10 },
    { code: 'worker_opinion', label: 'Opinia pracownika socjalnego', maxPoints: 10 },
  ],
  attendanceThreshold: 0.8,
  signingReminderDays: 5,
  signingEscalationDays: 5,
  absenceJustificationDays: 7,
  originalReminderDays: 5,
  followUp1Days: 28,
  followUp2Days: 91,
  officeHours: DEFAULT_OFFICE_HOURS,
};
