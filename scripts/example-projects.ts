// The two real projects of the seeds (/work/shared/seeds), as project inputs. Where a seed is silent
// (the points sheet, att. 6, is not published) the criteria follow the regulations' target groups and the
// social worker's opinion (§3.4 of DRUGI BRZEG); they are configuration, editable in the panel.
import { AKTYWNY_SPOLECZNIE_INDICATORS, AKTYWNY_SPOLECZNIE_TARGETS, DEFAULT_INDICATOR_CONFIG, type ProjectInput } from '../domain/project';
import { DEFAULT_OFFICE_HOURS } from '../domain/types';
import type { Db } from '../db/connect';
import { createProject, getProjectByCode, SYSTEM_ACTOR } from '../server/services/projects';

const commonRules = {
  attendanceThreshold: 0.8, // §3.6d: at least 80% of the planned hours
  signingReminderDays: 5,
  signingEscalationDays: 5,
  absenceJustificationDays: 7,
  originalReminderDays: 5,
  followUp1Days: 28, // result indicators within 4 weeks
  followUp2Days: 91, // efficiency within 3 months
  officeHours: DEFAULT_OFFICE_HOURS, // Mon 7:30-17:00, Tue-Thu 7:30-15:30, Fri 7:30-14:00
};

export const AKTYWNY_SPOLECZNIE: ProjectInput = {
  code: 'AKTYWNY-SPOLECZNIE',
  name: 'Aktywny Społecznie (MOPR Bytom, Klub Integracji Społecznej)',
  startsOn: '2020-01-01',
  endsOn: '2022-12-31',
  places: 60,
  config: {
    targetGroups: [
      { code: 'osi', label: 'Osoby zagrożone ubóstwem lub wykluczeniem społecznym z obszaru rewitalizacji (OSI), korzystające z pomocy MOPR', planned: 60 },
    ],
    quotas: [
      { code: 'women', label: 'kobiety', field: 'sex_k', min: 39 },
      { code: 'disabled', label: 'osoby z niepełnosprawnościami', field: 'disability', min: 4 },
    ],
    supportCatalogue: [
      { code: 'social_reintegration', label: 'Zajęcia z zakresu reintegracji społecznej' },
      { code: 'integration_trip', label: 'Wyjazdowy trening integracyjny' },
      { code: 'psychological', label: 'Indywidualne poradnictwo psychologiczne' },
      { code: 'legal', label: 'Poradnictwo prawne' },
      { code: 'computer', label: 'Zajęcia komputerowe' },
      { code: 'courses', label: 'Kursy i szkolenia' },
      { code: 'career_counselling', label: 'Doradztwo zawodowe i pośrednictwo pracy' },
      { code: 'socialising', label: 'Zajęcia uspołeczniające' },
      { code: 'community', label: 'Zajęcia ze społecznościami lokalnymi' },
    ],
    // "Wskaźniki zakładane": 60 supported (all at risk, from the OSI area), 4 with disabilities, at least 39
    // women; 21 qualifications, 2 job seeking, 11 working within 4 weeks; efficiency within 3 months of at
    // least 34% social / 12% employment (disabled) and 34% / 25% (others).
    indicatorTargets: AKTYWNY_SPOLECZNIE_TARGETS,
    indicators: AKTYWNY_SPOLECZNIE_INDICATORS,
    budget: { total: 2077965.19, eu: 1766270.41, state: 207796.52, own: 103898.26 },
  },
  rules: {
    ...commonRules,
    criteria: [
      { code: 'disability', label: 'Osoba z niepełnosprawnością', maxPoints: 10 },
      { code: 'long_term_unemployed', label: 'Osoba długotrwale bezrobotna', maxPoints: 5 },
      { code: 'multiple_exclusion', label: 'Wielokrotne wykluczenie społeczne', maxPoints: 10 },
      { code: 'worker_opinion', label: 'Opinia pracownika socjalnego', maxPoints: 10 },
    ],
  },
};

export const DRUGI_BRZEG: ProjectInput = {
  code: 'DRUGI-BRZEG',
  name: 'DRUGI BRZEG (OPS Racibórz z partnerem PERSONA)',
  startsOn: '2022-01-03',
  endsOn: '2023-06-30',
  places: 55,
  config: {
    // §3.2 of the regulations: ~23 + ~14 + 6 + 12 = 55, of whom 43 at risk of poverty or exclusion.
    targetGroups: [
      { code: 'poverty', label: 'Ubóstwo, bezrobocie, alkoholizm, bezdomność', planned: 23 },
      { code: 'popz', label: 'Korzystający z Programu POPŻ', planned: 14 },
      { code: 'disability', label: 'Osoby z niepełnosprawnością i ich bezrobotni opiekunowie', planned: 6 },
      // Supported but not at risk themselves: outside the 43 (§1.8, §1.15).
      { code: 'otoczenie', label: 'Otoczenie osób zagrożonych wykluczeniem', planned: 12, surroundings: true },
    ],
    quotas: [],
    // §3.5a: the forms of support.
    supportCatalogue: [
      { code: 'support_group', label: 'Grupa wsparcia' },
      { code: 'diagnosis', label: 'Diagnoza problemów i potrzeb, planowanie IŚR (pracownik socjalny)' },
      { code: 'specialists', label: 'Indywidualne wsparcie specjalistów (psycholog, prawnik, doradca cyfrowy)' },
      { code: 'local_animation', label: 'Animacja lokalna (grupy 15-25 osób)' },
      { code: 'trips', label: 'Wyjazdy edukacyjno-integracyjne' },
      { code: 'culture', label: 'Wydarzenia kulturalne i edukacyjne' },
      { code: 'leaders', label: 'Spotkania liderskie' },
      { code: 'social_skills', label: 'Warsztaty kompetencji społecznych' },
      { code: 'job_coach', label: 'Trener pracy' },
      { code: 'education', label: 'Szkolenia o charakterze edukacyjnym' },
      { code: 'vocational_training', label: 'Szkolenia zawodowe' },
      { code: 'internship', label: 'Staże (ok. 10 uczestników)', kind: 'internship' },
      { code: 'scholarship', label: 'Stypendia szkoleniowe (ok. 15 uczestników)', kind: 'scholarship' },
    ],
    // §1.8: 55 participants, of whom 43 at risk (the four groups' plans are their targets); §3.5a: ~10 internships, ~15 scholarships.
    indicatorTargets: { supported: 55, supportedAtRisk: 43, internships: 10, scholarships: 15 },
    // The regulations set no efficiency minimum: measured under the ESF rules, shown as "brak progu".
    indicators: DEFAULT_INDICATOR_CONFIG,
  },
  rules: {
    ...commonRules,
    criteria: [
      { code: 'disability', label: 'Osoba z niepełnosprawnością', maxPoints: 10 },
      { code: 'long_term_unemployed', label: 'Osoba długotrwale bezrobotna', maxPoints: 5 },
      { code: 'popz', label: 'Osoba korzystająca z POPŻ', maxPoints: 5 },
      { code: 'multiple_exclusion', label: 'Wielokrotne wykluczenie społeczne', maxPoints: 10 },
      { code: 'worker_opinion', label: 'Opinia pracownika socjalnego', maxPoints: 10 },
    ],
  },
};

export const EXAMPLE_PROJECTS = [AKTYWNY_SPOLECZNIE, DRUGI_BRZEG];

/** Creates the example projects that are missing (by code); an existing one is left as it is. */
export async function seedExamples(db: Db): Promise<{ created: string[]; existing: string[] }> {
  const created: string[] = [];
  const existing: string[] = [];
  for (const p of EXAMPLE_PROJECTS) {
    if (await getProjectByCode(db, p.code)) existing.push(p.code);
    else {
      await createProject(db, SYSTEM_ACTOR, p);
      created.push(p.code);
    }
  }
  return { created, existing };
}
