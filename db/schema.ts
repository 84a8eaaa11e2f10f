/* eslint-disable max-lines -- the core tables' column types, read as one schema (features' own tables are in db/tables-*.ts) */
// The Database interface for Kysely: one interface per table, assembled here.
// Feature tables live beside their feature (db/tables-*.ts) and are merged into Database below.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../domain/types';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T> = ColumnType<T, T | string, T | string>;
/** A JSON column with a database default. */
export type JsonDefault<T> = ColumnType<T, T | string | undefined, T | string>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  must_change_password: Generated<boolean>;
  locale: Generated<'pl' | 'en'>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  /** A service account: no password login, API tokens only (minted by an admin). */
  service_account: Generated<boolean>;
  /** Sees every project, present and future (migration 0014); otherwise those in user_projects. */
  all_projects: Generated<boolean>;
}

export interface UserProjectsTable {
  user_id: string;
  project_id: string;
}

export interface ProjectsTable {
  id: Generated<string>;
  code: string;
  name: string;
  starts_on: string;
  ends_on: string;
  places: number;
  config: Json<import('../domain/project').ProjectConfig>;
  current_rules_version: Generated<number>;
  created_at: Generated<Date>;
}

export interface ProjectRulesTable {
  project_id: string;
  version: number;
  rules: Json<import('../domain/types').ProjectRules>;
  created_at: Generated<Date>;
  created_by: string | null;
  /** The day the version takes effect (null: from its issue). */
  effective_from: string | null;
  /** The act that approved it (e.g. the director's order number). */
  approved_by_act: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  user_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  ip: string | null;
  details: Json<Record<string, unknown>>;
  /** Place in the hash chain and the row's chained hash: set by the database (migration 0012). */
  seq: Generated<string>;
  hash: Generated<string>;
}

export const TASK_STATES = ['open', 'done', 'dismissed'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export interface TasksTable {
  id: Generated<string>;
  key: string;
  kind: string;
  application_id: string | null;
  project_id: string | null;
  assignee_role: Role;
  assignee_user_id: string | null;
  due_at: Timestamp;
  escalation_level: Generated<number>;
  /** Escalates along the project's chain when overdue (opt-in: see migration 0006_reminders_escalates). */
  escalates: Generated<boolean>;
  state: Generated<TaskState>;
  payload: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  closed_at: Timestamp | null;
  closed_by: string | null;
  /** Why it closed: the dismissal's reason, or the cause that resolved it (closed_automatically). */
  close_reason: string | null;
  /** Open, but off Today and the digest and not escalated until then (migration 0012_task_states). */
  snoozed_until: Timestamp | null;
  /** Closed by the resolution of its cause (the journey, a signature, a death), not by a person. */
  closed_automatically: Generated<boolean>;
}

export interface FoundationTables {
  tasks: TasksTable;
  users: UsersTable;
  user_projects: UserProjectsTable;
  projects: ProjectsTable;
  project_rules: ProjectRulesTable;
  audit_log: AuditLogTable;
}

export interface SittingsTable {
  id: string;
  project_id: string;
  seq: number;
  held_on: string | null;
  members: JsonDefault<string[]>;
  closed_at: Timestamp | null;
  closed_by: string | null;
  participants: JsonDefault<string[]>;
  reserve_list: JsonDefault<string[]>;
  protocol_pdf: Buffer | null;
  approved_at: Timestamp | null;
  approved_by: string | null;
}

export interface DecisionsTable {
  application_id: string;
  project_id: string;
  sitting_id: string;
  decision: import('../domain/types').Decision;
  reserve_position: number | null;
  reason: string | null;
  decided_by: string;
  decided_at: Timestamp;
  from_reserve: Generated<boolean>;
  rev: number;
  /** A qualification out of rank order: the commission's written justification (migration 0026). */
  justification: string | null;
  /** The higher-ranked waiting applications it passed over. */
  passed_over: JsonDefault<string[]>;
}

export interface RoundCandidatesTable {
  application_id: string;
  project_id: string;
  points: number;
  received_at: Timestamp;
  sex: 'K' | 'M';
  disability: boolean;
  target_group: string | null;
  status: import('../domain/round').CandidateStatus;
  sitting_seq: number | null;
  reserve_position: number | null;
  from_reserve: Generated<boolean>;
  left_reason: string | null;
  rev: number;
  updated_at: Generated<Date>;
}

/** A decision the commission corrected in the same sitting (migration 0022), printed in its protocol. */
export interface DecisionCorrectionsTable {
  id: Generated<string>;
  request_id: string;
  project_id: string;
  sitting_id: string;
  application_id: string;
  from_decision: import('../domain/types').Decision;
  to_decision: import('../domain/types').Decision;
  reason: string | null;
  corrected_by: string | null;
  corrected_at: Timestamp;
}

export interface RoundConfigChangesTable {
  id: Generated<string>;
  request_id: string;
  project_id: string;
  places_from: number | null;
  places_to: number;
  quotas_changed: boolean;
  promoted: number;
  changed_by: string | null;
  changed_at: Timestamp;
}

/** A bulk migration of running journeys to a rules version (the director's, run by a workflow). */
export interface RulesMigrationsTable {
  id: string;
  project_id: string;
  to_version: number;
  total: number;
  started_by: string;
  started_at: Generated<Date>;
  finished_at: Timestamp | null;
}

/** One journey's outcome in a rules migration; a skipped one keeps why (a message to translate). */
export interface RulesMigrationItemsTable {
  migration_id: string;
  application_id: string;
  outcome: 'migrated' | 'skipped';
  reason: Json<import('../i18n').Message | import('../i18n').BothLanguages> | null;
  at: Generated<Date>;
}

export interface RecruitmentTables {
  sittings: SittingsTable;
  decisions: DecisionsTable;
  round_candidates: RoundCandidatesTable;
  decision_corrections: DecisionCorrectionsTable;
  round_config_changes: RoundConfigChangesTable;
  rules_migrations: RulesMigrationsTable;
  rules_migration_items: RulesMigrationItemsTable;
}


export interface SessionsTable {
  id_hash: string;
  data: Json<Record<string, unknown>>;
  user_id: string | null;
  expires_at: Timestamp;
  updated_at: Generated<Date>;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: Generated<Date>;
  created_by: string | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  scope: TokenScope;
  expires_at: Timestamp;
}

export type TokenScope = 'read' | 'read-write';

export interface SavedFiltersTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  query: string;
  created_at: Generated<Date>;
}

export interface PanelTables {
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  saved_filters: SavedFiltersTable;
  panel_settings: { key: string; value: string };
}

export { OUTBOX_STATUSES, type OutboxStatus } from '../domain/lists';
import type { OutboxStatus } from '../domain/lists';

export interface OutboxTable {
  id: Generated<string>;
  idempotency_key: string;
  kind: string;
  task_id: string | null;
  to_user_id: string | null;
  to_address: string;
  locale: 'pl' | 'en';
  subject: string;
  body_text: string;
  body_html: string | null;
  link: string;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  claim_token: string | null;
  claimed_by: string | null;
  lease_until: Timestamp | null;
  handed_over_at: Timestamp | null;
  smtp_message_id: string;
  smtp_response: string | null;
  created_at: Generated<Date>;
  sent_at: Timestamp | null;
}

export interface EscalationChainsTable {
  project_id: string;
  chain: Json<Role[]>;
  after_working_days: number;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export interface ReminderTables {
  outbox: OutboxTable;
  escalation_chains: EscalationChainsTable;
}

// ---- participant journey (migration 0003) ----------------------------------------------------------

export interface ApplicationsTable {
  id: Generated<string>;
  project_id: string;
  request_id: string | null;
  first_name: string;
  last_name: string;
  pesel: string;
  birth_date: string;
  sex: import('../domain/types').Sex;
  disability: Generated<boolean>;
  target_group: string | null;
  labour_status: import('../domain/types').LabourStatus | null;
  channel: import('../domain/types').Channel;
  received_at: Timestamp;
  original_pending: Generated<boolean>;
  original_received_on: string | null;
  /** Set at registration: 'outside_period' | 'day_off' (domain/intake-checks.ts; migration 0026). */
  intake_flags: JsonDefault<string[]>;
  social_worker_id: string | null;
  rules_version: number;
  stage: Generated<import('../domain/types').Stage>;
  points: number | null;
  scores: Json<Record<string, number>> | null;
  opinion: string | null;
  decision: import('../domain/types').Decision | null;
  reserve_position: number | null;
  rejection_reason: string | null;
  approved_at: Timestamp | null;
  participation_started_on: string | null;
  job_found_on: string | null;
  ended_on: string | null;
  end_reason: import('../domain/types').EndReason | null;
  end_note: string | null;
  /** Withdrawn through the journey (migration 0018): why, and the note. */
  withdrawal_reason: Generated<import('../domain/journey').WithdrawalReason | null>;
  withdrawal_note: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Set when the retention period ended and the person's identifying data were removed (migration 0008). */
  anonymized_at: Generated<Date | null>;
  /** The monitoring data (migration 0021, domain/participant-data.ts): null where not collected. */
  address_country: Generated<string | null>;
  address_voivodeship: Generated<string | null>;
  address_county: Generated<string | null>;
  address_commune: Generated<string | null>;
  address_locality: Generated<string | null>;
  address_street: Generated<string | null>;
  address_building: Generated<string | null>;
  address_flat: Generated<string | null>;
  address_postcode: Generated<string | null>;
  degurba: Generated<import('../domain/teryt').Degurba | null>;
  /** Eligibility (migration 0022, domain/eligibility.ts): a client of the centre, the evidence of each condition. */
  centre_client: Generated<boolean | null>;
  eligibility_evidence: ColumnType<import('../domain/eligibility').EligibilityEvidence, string | undefined, string>;
  /** The person at risk an "otoczenie" participant accompanies. */
  accompanies_id: Generated<string | null>;
  phone: Generated<string | null>;
  email: Generated<string | null>;
  education: Generated<import('../domain/participant-data').Education | null>;
  labour_status_detail: Generated<import('../domain/participant-data').StatusDetail | null>;
  occupation: Generated<import('../domain/participant-data').Occupation | null>;
  employer_kind: Generated<import('../domain/participant-data').EmployerKind | null>;
  employer_name: Generated<string | null>;
  citizenship: Generated<import('../domain/participant-data').Citizenship | null>;
  minority: Generated<import('../domain/participant-data').Answer | null>;
  foreign_origin: Generated<import('../domain/participant-data').Answer | null>;
  homeless: Generated<import('../domain/participant-data').Answer | null>;
  other_disadvantage: Generated<import('../domain/participant-data').Answer | null>;
  disability_refused: Generated<boolean>;
  guardian_first_name: Generated<string | null>;
  guardian_last_name: Generated<string | null>;
  guardian_phone: Generated<string | null>;
}

export interface DocumentsTable {
  application_id: string;
  kind: import('../domain/types').DocumentKind;
  signed_on: string;
  recorded_by: string | null;
  recorded_at: Generated<Date>;
  /** A withdrawn consent (image use) stays on record and no longer counts (migration 0008). */
  withdrawn_on: Generated<string | null>;
  withdrawn_by: Generated<string | null>;
}

export interface SupportPlanTable {
  application_id: string;
  form_code: string;
  hours: number;
  planned_by: string | null;
  planned_at: Generated<Date>;
  /** The form's period and provider, when planned in an IŚR (migration 0017). */
  period_from: ColumnType<string | null, string | null | undefined, string | null>;
  period_to: ColumnType<string | null, string | null | undefined, string | null>;
  provider: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One revision of a participant's IŚR (att. 8), append-only (migration 0017). */
export interface IsrRevisionsTable {
  id: Generated<number>;
  application_id: string;
  revision: number;
  diagnosis: string;
  goals: string;
  items: Json<import('../domain/journey').IsrItem[]>;
  reason: string | null;
  revised_by: string | null;
  revised_at: Timestamp;
}

export interface AttendanceTable {
  id: Generated<number>;
  application_id: string;
  session_on: string;
  form_code: string;
  planned_hours: number;
  attended_hours: number;
  absent: Generated<boolean>;
  justified: Generated<boolean>;
  justification: import('../domain/sessions').Justification | null;
  justified_on: string | null;
  /** The session whose sheet recorded it (null: entered one by one, before sessions). */
  session_id: Generated<string | null>;
  recorded_by: string | null;
}

/** A session of a support form (migration 0016): when, where, how long, who leads it. */
export interface SupportSessionsTable {
  id: Generated<string>;
  project_id: string;
  form_code: string;
  session_on: string;
  starts_at: string;
  hours: number;
  place: string;
  leader_id: string;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Who is in a session's group. */
export interface SupportSessionMembersTable {
  session_id: string;
  application_id: string;
}

export interface FollowUpsTable {
  application_id: string;
  number: 1 | 2;
  recorded_on: string;
  on_time: boolean;
  data: Json<Record<string, unknown>>;
  recorded_by: string | null;
}

export interface JourneyEventsTable {
  id: Generated<number>;
  application_id: string;
  event_key: string;
  actor_id: string | null;
  occurred_at: Timestamp;
  type: string;
  stage_before: import('../domain/types').Stage | null;
  stage_after: import('../domain/types').Stage | null;
  payload: Json<Record<string, unknown>>;
}

export interface LettersTable {
  id: Generated<string>;
  application_id: string;
  kind: import('../domain/journey').LetterKind;
  key: string;
  pdf: Buffer;
  created_at: Generated<Date>;
  sent_on: string | null;
  sent_at: Timestamp | null;
  sent_by: string | null;
  /** A later step made the letter obsolete (migration 0018): it leaves the queue, the cause stays. */
  superseded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  superseded_reason: Generated<import('../domain/journey').SupersededReason | null>;
  /** The reference number ("znak sprawy") printed on it (migration 0021); null on older letters. */
  reference: Generated<string | null>;
}

/** The unique index of one person's application per project (migration 0019), as PostgreSQL names it in a 23505. */
export const PESEL_UNIQUE_INDEX = 'applications_project_pesel_key';

/** One corrected field of an application (migration 0019), written with the journey's data_corrected event. */
export interface CorrectionsTable {
  id: Generated<string>;
  application_id: string;
  event_id: string;
  field: import('../domain/corrections').CorrectableField;
  /** As text (a flag as 'true'/'false', no value as null); blanked by the anonymization. */
  old_value: string | null;
  new_value: string | null;
  reason: string | null;
  corrected_by: string | null;
  corrected_at: Timestamp;
}

export interface JourneyTables {
  applications: ApplicationsTable;
  corrections: CorrectionsTable;
  documents: DocumentsTable;
  support_plan: SupportPlanTable;
  isr_revisions: IsrRevisionsTable;
  attendance: AttendanceTable;
  support_sessions: SupportSessionsTable;
  support_session_members: SupportSessionMembersTable;
  follow_ups: FollowUpsTable;
  journey_events: JourneyEventsTable;
  letters: LettersTable;
}

export interface Database extends FoundationTables, JourneyTables, PanelTables, ReminderTables, RecruitmentTables {}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type TaskRow = Selectable<TasksTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type ApplicationRow = Selectable<ApplicationsTable>;
export type JourneyEventRow = Selectable<JourneyEventsTable>;
