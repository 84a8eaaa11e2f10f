// What the commission reads about each candidate on the ranking (issue 15 item 4): the points per criterion
// of the candidate's rules version, the social worker's opinion, the flags the regulations' checks raised
// (no original of an e-mailed form yet, an application outside the recruitment period or on a day off), and a
// qualification's justification for departing from the rank order. Read with the ranking (viewRanking
// checks the role and the project and audits the read).
import type { Db } from '../../db/connect';
import { DEFAULT_RULES } from '../../domain/default-rules';
import { candidateFlags, type CandidateFlag } from '../../domain/intake-checks';

export interface CandidateDetails {
  scores: Array<{ label: string; points: number; max: number | null }>;
  opinion: string | null;
  flags: CandidateFlag[];
  /** Set when the commission qualified this candidate out of rank order. */
  justification: string | null;
}

export async function candidateDetails(db: Db, projectId: string, ids: string[]): Promise<Map<string, CandidateDetails>> {
  if (ids.length === 0) return new Map();
  const [apps, decisions] = await Promise.all([
    db
      .selectFrom('applications')
      .select(['id', 'scores', 'opinion', 'rules_version', 'original_pending', 'intake_flags'])
      .where('project_id', '=', projectId)
      .where('id', 'in', ids)
      .execute(),
    db.selectFrom('decisions').select(['application_id', 'justification']).where('project_id', '=', projectId).where('application_id', 'in', ids).execute(),
  ]);
  const versions = [...new Set(apps.map((a) => a.rules_version))];
  const rules = versions.length ? await db.selectFrom('project_rules').select(['version', 'rules']).where('project_id', '=', projectId).where('version', 'in', versions).execute() : [];
  const criteriaOf = (v: number) => (rules.find((r) => r.version === v)?.rules ?? DEFAULT_RULES).criteria;
  const justified = new Map(decisions.map((d) => [d.application_id, d.justification]));
  return new Map(
    apps.map((a) => {
      const criteria = criteriaOf(a.rules_version);
      const scores = Object.entries(a.scores ?? {}).map(([code, points]) => {
        const c = criteria.find((x) => x.code === code);
        return { label: c?.label ?? code, points, max: c?.maxPoints ?? null };
      });
      return [a.id, { scores, opinion: a.opinion, flags: candidateFlags(a), justification: justified.get(a.id) ?? null }];
    }),
  );
}
