// Eligibility at screening (issue 20 item 5): why a candidate does not meet the project's conditions.
import type { Words } from './words';

export const pl = {
  'eligibility.refused': 'Kandydat nie spełnia warunków udziału w projekcie',
  'eligibility.groupOfOtherProject': 'Ta grupa docelowa nie należy do wybranego projektu',
  'eligibility.residence': 'Adres ({place}) nie leży na obszarze rewitalizacji / OSI projektu',
  'eligibility.centreClient': 'Kandydat nie jest klientem ośrodka pomocy społecznej',
  'eligibility.targetGroup': 'Kandydat nie należy do żadnej grupy docelowej projektu',
  'eligibility.age': 'Wiek kandydata ({age} lat) jest poza przedziałem projektu ({min}–{max})',
  'eligibility.evidence.residence': 'Brak dowodu zamieszkania na obszarze (oświadczenie, zaświadczenie lub opinia z datą)',
  'eligibility.evidence.centreClient': 'Brak dowodu korzystania z pomocy ośrodka (zaświadczenie lub opinia z datą)',
  'eligibility.evidence.targetGroup': 'Brak dowodu przynależności do grupy docelowej (oświadczenie, zaświadczenie lub opinia z datą)',
} as const;

export const en: Words<typeof pl> = {
  'eligibility.refused': 'the candidate does not meet the project’s conditions',
  'eligibility.groupOfOtherProject': 'this target group is not one of the selected project’s',
  'eligibility.residence': 'the address ({place}) is not in the project’s degraded area / OSI',
  'eligibility.centreClient': 'the candidate is not a client of the social welfare centre',
  'eligibility.targetGroup': 'the candidate belongs to none of the project’s target groups',
  'eligibility.age': 'the candidate’s age ({age}) is outside the project’s range ({min}–{max})',
  'eligibility.evidence.residence': 'no evidence of residence in the area (a dated statement, certificate or opinion)',
  'eligibility.evidence.centreClient': 'no evidence of being the centre’s client (a dated certificate or opinion)',
  'eligibility.evidence.targetGroup': 'no evidence of belonging to the target group (a dated statement, certificate or opinion)',
};
