// Eligibility as a project's regulations define it (issue 20 item 5): the conditions a project lists
// (residence in the degraded area / OSI as a list of streets or areas, a client of the centre, a target
// group of this project, an age range), the evidence an application records for them (a statement, a
// certificate, an opinion, each with its date), and why a candidate does not meet them. Pure: the
// screening service asks it before the journey's screen Update, so an ineligible candidate is refused
// with the reasons and nothing is scored.
import { z } from 'zod';
import { ageOn } from './indicators';
import type { IsoDate } from './types';

export const ELIGIBILITY_CONDITIONS = ['residence', 'centreClient', 'targetGroup', 'age'] as const;
export type EligibilityCondition = (typeof ELIGIBILITY_CONDITIONS)[number];
export const EVIDENCE_KINDS = ['statement', 'certificate', 'opinion'] as const;
/** The conditions that need evidence (the PESEL proves the age). */
export const EVIDENCED_CONDITIONS = ['residence', 'centreClient', 'targetGroup'] as const satisfies readonly Exclude<EligibilityCondition, 'age'>[];

export const eligibilityRulesSchema = z
  .object({
    /** Streets or areas of the degraded area / OSI (matched against the address's street, else its locality). */
    residenceAreas: z.array(z.string().trim().min(1).max(120)).max(500).optional(),
    centreClient: z.boolean().optional(),
    /** The candidate must belong to one of this project's target groups. */
    targetGroup: z.boolean().optional(),
    ageMin: z.number().int().min(0).max(120).optional(),
    ageMax: z.number().int().min(0).max(120).optional(),
  })
  .strict();
export type EligibilityRules = z.infer<typeof eligibilityRulesSchema>;

export const eligibilityEvidenceSchema = z
  .array(z.object({ condition: z.enum(ELIGIBILITY_CONDITIONS), kind: z.enum(EVIDENCE_KINDS), date: z.iso.date() }).strict())
  .max(20);
export type EligibilityEvidence = z.infer<typeof eligibilityEvidenceSchema>;

export interface EligibilityFacts {
  street: string | null;
  locality: string | null;
  centreClient: boolean | null;
  targetGroup: string | null;
  projectGroups: string[];
  birthDate: IsoDate;
  receivedOn: IsoDate;
  evidence: EligibilityEvidence;
}

export interface Ineligibility {
  condition: EligibilityCondition;
  key: 'eligibility.residence' | 'eligibility.centreClient' | 'eligibility.targetGroup' | 'eligibility.age' | `eligibility.evidence.${Exclude<EligibilityCondition, 'age'>}`;
  params?: Record<string, string | number>;
}

const norm = (v: string) => v.toLocaleLowerCase('pl').replace(/^(ul\.|ulica|al\.|aleja|pl\.|plac|os\.|osiedle)\s*/, '').replace(/\s+/g, ' ').trim();

/** The conditions the candidate does not meet (empty: eligible). Evidence is needed for each condition but age (the PESEL proves it). */
export function ineligibility(rules: EligibilityRules | undefined, f: EligibilityFacts): Ineligibility[] {
  if (!rules) return [];
  const out: Ineligibility[] = [];
  const proven = (c: EligibilityCondition) => f.evidence.some((e) => e.condition === c && e.date <= f.receivedOn);
  const needEvidence = (c: Exclude<EligibilityCondition, 'age'>) => {
    if (!proven(c)) out.push({ condition: c, key: `eligibility.evidence.${c}` });
  };
  if (rules.residenceAreas?.length) {
    const place = f.street ?? f.locality;
    const areas = rules.residenceAreas.map(norm);
    if (!place || !areas.includes(norm(place))) out.push({ condition: 'residence', key: 'eligibility.residence', params: { place: place ?? '—' } });
    else needEvidence('residence');
  }
  if (rules.centreClient) {
    if (!f.centreClient) out.push({ condition: 'centreClient', key: 'eligibility.centreClient' });
    else needEvidence('centreClient');
  }
  if (rules.targetGroup) {
    if (!f.targetGroup || !f.projectGroups.includes(f.targetGroup)) out.push({ condition: 'targetGroup', key: 'eligibility.targetGroup' });
    else needEvidence('targetGroup');
  }
  if (rules.ageMin !== undefined || rules.ageMax !== undefined) {
    const age = ageOn(f.birthDate, f.receivedOn);
    if ((rules.ageMin !== undefined && age < rules.ageMin) || (rules.ageMax !== undefined && age > rules.ageMax)) {
      out.push({ condition: 'age', key: 'eligibility.age', params: { age, min: rules.ageMin ?? 0, max: rules.ageMax ?? 120 } });
    }
  }
  return out;
}
