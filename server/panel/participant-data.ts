// From the journey's participant view to what the Participant page shows: data, and the actions
// allowed now for this user (stage and role; the journey's validator still has the last word).
import type { ServerDeps } from '../deps';
import { canFor } from '../../domain/permissions';
import { FREED_BY_CONFIG } from '../../domain/round';
import { attendanceShare } from '../../domain/journey-rules';
import { DOCUMENT_KINDS, type DocumentKind } from '../../domain/types';
import type { ParticipantData } from '../../views/pages/participant';
import type { ActionsProps, PanelAction } from '../../views/pages/participant-actions';
import { PANEL_ACTIONS } from '../../views/pages/participant-actions';
import type { Actor } from '../actor';
import { ACTION_INPUTS } from '../services/journey-inputs';
import { correctionsByEvent } from '../services/corrections';
import { participantFacts, type ParticipantView } from '../services/journeys';
import { correctableValues, type CorrectableValues } from '../../domain/corrections';
import { userNames } from '../services/users';
import { attendanceStandings } from '../services/planned-hours';
import { attendanceRulesOf, type AttendanceMark } from '../../domain/sessions';
import { placeFreers } from '../services/participants';
import { closingOutcome, timelineEvent } from './timeline';
import { projectContext, type ProjectContext } from '../services/projects';

export interface PageModel {
  data: ParticipantData;
  socialWorkerId: string | null;
  actions: Omit<ActionsProps, 'ctx' | 'participantId' | 'formToken'>;
  /** The correction form's starting values and choices, for a user who may correct this participant. */
  correction?: { current: CorrectableValues; targetGroups: Array<{ code: string; label: string }> } | undefined;
}

function stageActions(v: ParticipantView): PanelAction[] {
  const a = v.application;
  const signed = new Set(v.documents.map((d) => d.kind));
  const out = new Set<PanelAction>();
  if (a.stage === 'applied') out.add('screen');
  if (a.original_pending && a.stage !== 'closed') out.add('recordOriginal');
  if (a.stage === 'joining') out.add('signDocuments');
  if (a.stage === 'support') {
    // With an IŚR, the plan changes on its page (a revision with its reason), not by this form.
    if (!v.isrRevision) out.add('planSupport');
    if (v.plan.length > 0) out.add('recordAttendance');
    if (v.attendance.some((s) => s.absent && !s.justified)) out.add('justifyAbsence');
    if (!a.job_found_on) out.add('recordJob');
    if (v.attendance.length > 0) out.add('correctAttendance');
    out.add('endParticipation');
    if (!signed.has('image_consent')) out.add('signDocuments');
  }
  if (['ended', 'follow_up_1', 'follow_up_2'].includes(a.stage) && v.followUps.length < 2) out.add('recordFollowUp');
  if (['ended', 'follow_up_1', 'follow_up_2'].includes(a.stage) && v.attendance.length > 0) out.add('correctAttendance');
  if (v.letters.some((l) => !l.sentOn && !l.superseded)) out.add('recordLetterSent');
  if (['applied', 'screened', 'decided', 'joining'].includes(a.stage)) out.add('withdrawApplication');
  // Within its 14 days (the journey refuses later ones with the date they ended).
  if (a.stage === 'ended' && v.followUps.length === 0 && a.end_reason !== 'died') out.add('undoEnding');
  return PANEL_ACTIONS.filter((x) => out.has(x));
}

export async function pageModel(db: ServerDeps['db'], actor: Actor, v: ParticipantView, workflowUrl: string | null): Promise<PageModel> {
  const a = v.application;
  const project: ProjectContext = await projectContext(db, a.project_id, a.rules_version);
  const userIds = [...new Set([a.social_worker_id, ...v.events.map((e) => e.actorId)].filter((x): x is string => Boolean(x)))];
  const freedBy = v.events.map((e) => e.payload.freedBy).filter((x): x is string => typeof x === 'string' && x !== FREED_BY_CONFIG);
  const [names, standings, freers, corrections] = await Promise.all([userNames(db, userIds), attendanceStandings(db, [a.id]), placeFreers(db, freedBy), correctionsByEvent(db, actor.role, a.id)]);
  const standing = standings.get(a.id);
  const rules = attendanceRulesOf(project.config);
  const groupLabel = (code: string | null) => (code === null ? null : (project.config.targetGroups.find((g) => g.code === code)?.label ?? code));
  const formLabel = (code: string) => project.supportCatalogue.find((f) => f.code === code)?.label ?? code;
  const documents: Partial<Record<DocumentKind, string>> = {};
  for (const d of v.documents) documents[d.kind as DocumentKind] = d.signedOn;

  const data: ParticipantData = {
    ...participantFacts(a),
    id: a.id,
    targetGroup: groupLabel(a.target_group),
    projectLabel: `${project.code} – ${project.name}`,
    socialWorkerName: a.social_worker_id ? (names.get(a.social_worker_id) ?? null) : null,
    stage: a.stage,
    documents,
    plan: v.plan.map((p) => ({
      formCode: p.formCode,
      label: formLabel(p.formCode),
      hours: p.hours,
      attendedHours: v.attendance.filter((s) => s.formCode === p.formCode).reduce((sum, s) => sum + s.attendedHours, 0),
    })),
    attendance: v.attendance.map((s) => ({ ...s })),
    attendanceShare: v.attendance.length ? attendanceShare(v.attendance) : null,
    attendanceThreshold: project.rules.attendanceThreshold,
    followUps: v.followUps.map((f) => ({ number: f.number, recordedOn: f.recordedOn, onTime: f.onTime })),
    events: v.events.map((e) => ({
      ...timelineEvent(e, names, freers),
      ...(e.type === 'attendance_corrected' ? { correction: correctionOf(e.payload) } : {}),
      // A target group reads as its label, like the record's.
      corrections: corrections.get(e.id)?.map((c) => (c.field === 'targetGroup' ? { ...c, oldValue: groupLabel(c.oldValue), newValue: groupLabel(c.newValue) } : c)),
    })),
    standing: standing && {
      ...standing,
      min: rules.minShareOfPlanned,
      maxTrainingAbsence: rules.maxTrainingAbsence,
      trainings: standing.trainings.map((x) => ({ ...x, label: formLabel(x.formCode) })),
    },
    stagesTaken: [...new Set(v.events.map((e) => e.stageAfter).filter((x): x is NonNullable<typeof x> => x !== null))],
    outcome: closingOutcome(v.events),
    withdrawal: a.withdrawal_reason ? { reason: a.withdrawal_reason, note: a.withdrawal_note } : null,
    workflowUrl,
  };

  const available = stageActions(v).filter((x) => canFor(actor.role, ACTION_INPUTS[x].op, actor.id, a.social_worker_id));
  const signed = new Set(Object.keys(documents));
  const correctable = a.stage !== 'closed' && canFor(actor.role, 'correctParticipant', actor.id, a.social_worker_id);
  return {
    data,
    socialWorkerId: a.social_worker_id,
    correction: correctable
      ? { current: correctableValues(a), targetGroups: project.config.targetGroups }
      : undefined,
    actions: {
      available,
      criteria: project.rules.criteria,
      supportForms: project.supportCatalogue,
      plannedForms: v.plan.map((p) => ({ code: p.formCode, label: formLabel(p.formCode) })),
      plannedHours: Object.fromEntries(v.plan.map((p) => [p.formCode, p.hours])),
      recordedSessions: v.attendance.map((s) => ({ sessionOn: s.sessionOn, formCode: s.formCode, label: formLabel(s.formCode) })),
      unjustifiedAbsences: v.attendance.filter((s) => s.absent && !s.justified).map((s) => ({ sessionOn: s.sessionOn, formCode: s.formCode, label: formLabel(s.formCode) })),
      unsignedKinds: DOCUMENT_KINDS.filter((k) => !signed.has(k) && (a.stage !== 'support' || k === 'image_consent')),
      followUpDue: v.followUps.some((f) => f.number === 1) ? 2 : 1,
      unsentLetters: v.letters.filter((l) => !l.sentOn && !l.superseded).map((l) => ({ key: l.key, label: l.kind })),
    },
  };
}

/** What an attendance_corrected event says: the session, the marks before and after, the reason. */
function correctionOf(p: Record<string, unknown>): { sessionOn: string; before: AttendanceMark; after: AttendanceMark; reason: string } {
  const mark = (x: unknown) => ((x as { mark?: AttendanceMark } | undefined)?.mark ?? 'present');
  return { sessionOn: String(p.sessionOn ?? ''), before: mark(p.before), after: mark(p.after), reason: String(p.reason ?? '') };
}
