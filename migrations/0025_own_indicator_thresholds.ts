import { sql, type Kysely } from 'kysely';

// Each project's efficiency thresholds are its own (issue #17). Until now a project without an `indicators`
// section silently counted with Aktywny Społecznie's minimums (34%/12% disabled, 34%/25% others), which were
// the code's default; the default now sets no minimum ("brak progu"). So that no stored project's figures
// change under it, every project without the section gets the rules it was counted with, written out where
// the panel shows and edits them, except DRUGI BRZEG (seed:examples), whose regulations set no minimum: it
// gets the ESF rules without one. DRUGI BRZEG also gets what its targets are counted from: its at-risk
// target under the code the dashboard counts (supported_at_risk -> supportedAtRisk), its "otoczenie" group
// marked as the surroundings (outside the 43) and its internship and scholarship forms marked with their kind.
// Frozen here as they were: later changes of the code's defaults do not reach back into this migration.
const ESF = {
  resultWindowDays: 28,
  efficiencyWindowMonths: 3,
  adultAge: 18,
  adultOnly: ['jobSeeking', 'working', 'employment'],
  employmentContracts: ['employment', 'civil_law', 'self_employment'],
};
const groups = (disabled: [number | null, number | null], others: [number | null, number | null]) => [
  { code: 'disabled', label: { pl: 'Osoby z niepełnosprawnościami', en: 'Persons with disabilities' }, members: 'disability', formula: { kind: 'separate', social: disabled[0], employment: disabled[1] } },
  { code: 'others', label: { pl: 'Pozostałe osoby', en: 'Other persons' }, members: 'no_disability', formula: { kind: 'separate', social: others[0], employment: others[1] } },
];
const COUNTED_WITH = { ...ESF, efficiencyGroups: groups([0.34, 0.12], [0.34, 0.25]) };
const NO_THRESHOLD = { ...ESF, efficiencyGroups: groups([null, null], [null, null]) };
const FORM_KINDS: Record<string, string> = { internship: 'internship', scholarship: 'scholarship' };

interface StoredConfig {
  indicators?: unknown;
  indicatorTargets?: Record<string, number>;
  targetGroups?: { code: string; surroundings?: boolean }[];
  supportCatalogue?: { code: string; kind?: string }[];
}

export async function up(db: Kysely<any>): Promise<void> {
  const rows = await sql<{ id: string; code: string; config: StoredConfig }>`select id, code, config from projects`.execute(db);
  for (const p of rows.rows) {
    const c: StoredConfig = { ...p.config };
    const drugiBrzeg = p.code === 'DRUGI-BRZEG';
    if (c.indicators === undefined || c.indicators === null) c.indicators = drugiBrzeg ? NO_THRESHOLD : COUNTED_WITH;
    if (drugiBrzeg) {
      const { supported_at_risk: atRisk, ...targets } = c.indicatorTargets ?? {};
      c.indicatorTargets = atRisk === undefined || 'supportedAtRisk' in targets ? { ...targets } : { ...targets, supportedAtRisk: atRisk };
      c.targetGroups = (c.targetGroups ?? []).map((g) => (g.code === 'otoczenie' ? { ...g, surroundings: true } : g));
      c.supportCatalogue = (c.supportCatalogue ?? []).map((f) => (FORM_KINDS[f.code] && !f.kind ? { ...f, kind: FORM_KINDS[f.code] } : f));
    }
    await sql`update projects set config = ${JSON.stringify(c)}::jsonb where id = ${p.id}`.execute(db);
  }
}

export async function down(): Promise<void> {
  // The written-out rules are what the projects were counted with; nothing to undo.
}
