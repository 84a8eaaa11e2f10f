// Planned hours per support form of each participant, and where they stand against the project's
// attendance rules (80% of all planned hours, 20% per training). The one place that reads planned
// hours: today they are the IŚR's rows in support_plan (written by the planSupport Update); when the
// IŚR keeps its planned forms elsewhere, only plannedHoursOf changes.
import type { Db } from '../../db/connect';
import type { AttendanceSession, SupportPlanItem } from '../../domain/journey';
import { attendanceRulesOf, attendanceStanding, type AttendanceStanding } from '../../domain/sessions';

/** Planned hours per support form, by application. */
export async function plannedHoursOf(db: Db, applicationIds: readonly string[]): Promise<Map<string, SupportPlanItem[]>> {
  const out = new Map<string, SupportPlanItem[]>(applicationIds.map((id) => [id, []]));
  if (applicationIds.length === 0) return out;
  const rows = await db.selectFrom('support_plan').select(['application_id', 'form_code', 'hours']).where('application_id', 'in', applicationIds).orderBy('form_code').execute();
  for (const r of rows) out.get(r.application_id)?.push({ formCode: r.form_code, hours: r.hours });
  return out;
}

/**
 * Where each participant stands against their project's attendance rules (for the participant page
 * and the indicators), from the recorded attendance and the planned hours. No role check: callers
 * have already decided who may see these participants.
 */
export async function attendanceStandings(db: Db, applicationIds: readonly string[]): Promise<Map<string, AttendanceStanding>> {
  const out = new Map<string, AttendanceStanding>();
  if (applicationIds.length === 0) return out;
  const [planned, rows, projects] = await Promise.all([
    plannedHoursOf(db, applicationIds),
    db.selectFrom('attendance').select(['application_id', 'session_on', 'form_code', 'planned_hours', 'attended_hours', 'absent', 'justified']).where('application_id', 'in', applicationIds).execute(),
    db.selectFrom('applications').innerJoin('projects', 'projects.id', 'applications.project_id').select(['applications.id', 'projects.config']).where('applications.id', 'in', applicationIds).execute(),
  ]);
  for (const p of projects) {
    const sessions: AttendanceSession[] = rows
      .filter((r) => r.application_id === p.id)
      .map((r) => ({ sessionOn: r.session_on, formCode: r.form_code, plannedHours: r.planned_hours, attendedHours: r.attended_hours, absent: r.absent, justified: r.justified }));
    out.set(p.id, attendanceStanding(planned.get(p.id) ?? [], sessions, attendanceRulesOf(p.config)));
  }
  return out;
}
