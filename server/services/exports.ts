// Exports of personal data as files: the participant monitoring data ("monitorowanie uczestników") in the
// columns of SL2014 (2014-2020 projects) or SM EFS / CST2021 (2021-2027), as CSV and XLSX here, the
// attendance list PDF in attendance-list.ts. Special-category personal data: only the permitted roles may
// export, and each file carries its audit entry, written by recordHandOut when the file is handed out.
// The headers are the system's own, in its order; the few fields the system does not record (business
// start-up, IZM, planned end of education) stay empty, greyed in the XLSX. Dates as yyyy-MM-dd.
import type { AuditAction } from '../../i18n';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/connect';
import { ageOn, completed, type IndicatorParticipant } from '../../domain/indicators';
import { assertCan } from '../../domain/permissions';
import { csvSafeCell } from '../csv-safe';
import { supportCatalogueOf } from '../../domain/support-forms';
import type { IsoDate, Role } from '../../domain/types';
import { todayInWarsaw } from '../../i18n/format';
import { ANSWERS, CITIZENSHIPS, DEGURBA, EDUCATION, EDUCATION_SMEFS, EMPLOYER_KINDS, minorityOrMigrant, OCCUPATIONS, STATUS_DETAILS, type Answer } from '../../domain/participant-data';
import type { ProjectConfig } from '../../domain/project';
import type { LabourStatus } from '../../domain/types';
import { flagOf, PARTICIPANT_DATA_COLUMNS, storedAddress, type ParticipantDataRow } from './participant-data';
import { translator } from '../../i18n';
import type { Actor } from '../actor';
import { audit as writeAudit } from '../audit';
import { loadProjectFacts, participantsAsOf } from './indicators';
import { assertCanSeeProject } from './scope';

export interface ExportActor {
  id: string;
  role: Role;
}

/** What recordHandOut writes to audit_log when an export is handed out. */
export interface ExportAudit {
  action: AuditAction;
  entity: 'project' | 'application';
  entityId: string;
  details: Record<string, unknown>;
}

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
  audit: ExportAudit;
}

type Cell = string | number;

export interface MonitoringColumn {
  key: string;
  header: string;
  /** False: the system does not record this field; the column stays empty (greyed in the XLSX). */
  recorded: boolean;
}

const col = (key: string, header: string, recorded = true): MonitoringColumn => ({ key, header, recorded });

/** SL2014's individual participant columns, in its order (see the notes on the ESF participant data). */
export const SL2014_COLUMNS: readonly MonitoringColumn[] = [
  col('country', 'Kraj'),
  col('participantKind', 'Rodzaj uczestnika'),
  col('institution', 'Nazwa instytucji'),
  col('firstName', 'Imię'),
  col('lastName', 'Nazwisko'),
  col('pesel', 'PESEL'),
  col('noPesel', 'Brak PESEL'),
  col('sex', 'Płeć'),
  col('ageAtEntry', 'Wiek w chwili przystąpienia do projektu'),
  col('education', 'Wykształcenie'),
  col('voivodeship', 'Województwo'),
  col('county', 'Powiat'),
  col('commune', 'Gmina'),
  col('town', 'Miejscowość'),
  col('street', 'Ulica'),
  col('building', 'Nr budynku'),
  col('flat', 'Nr lokalu'),
  col('postcode', 'Kod pocztowy'),
  col('degurba', 'Obszar wg stopnia urbanizacji (DEGURBA)'),
  col('phone', 'Telefon kontaktowy'),
  col('email', 'Adres e-mail'),
  col('projectStartedOn', 'Data rozpoczęcia udziału w projekcie'),
  col('projectEndedOn', 'Data zakończenia udziału w projekcie'),
  col('labourStatus', 'Status osoby na rynku pracy w chwili przystąpienia do projektu'),
  col('labourStatusDetail', 'W tym'),
  col('occupation', 'Wykonywany zawód'),
  col('employer', 'Zatrudniony w'),
  col('situationAtEnd', 'Sytuacja (1) osoby w momencie zakończenia udziału w projekcie'),
  col('situationAtEnd2', 'Sytuacja (2) osoby w momencie zakończenia udziału w projekcie', false),
  col('youthResults', 'Inne rezultaty dotyczące osób młodych (IZM)', false),
  col('completedAsPlanned', 'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa'),
  col('supportType', 'Rodzaj przyznanego wsparcia'),
  col('supportTypeDetail', 'W tym', false),
  col('supportStartedOn', 'Data rozpoczęcia udziału we wsparciu'),
  col('supportEndedOn', 'Data zakończenia udziału we wsparciu'),
  col('businessStartedOn', 'Data założenia działalności gospodarczej', false),
  col('businessGrant', 'Kwota przyznanych środków na założenie działalności gospodarczej', false),
  col('businessPkd', 'PKD założonej działalności gospodarczej', false),
  col('minorityOrMigrant', 'Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba obcego pochodzenia'),
  col('homeless', 'Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań'),
  col('disability', 'Osoba z niepełnosprawnościami'),
  col('otherDisadvantage', 'Osoba w innej niekorzystnej sytuacji społecznej (innej niż wymienione powyżej)'),
  col('educationEndsOn', 'Planowana data zakończenia edukacji w placówce edukacyjnej, w której skorzystano ze wsparcia', false),
];

/** SM EFS (CST2021) participant columns, for 2021-2027 projects. */
export const SMEFS_COLUMNS: readonly MonitoringColumn[] = [
  col('firstName', 'Imię'),
  col('lastName', 'Nazwisko'),
  col('pesel', 'PESEL/inny identyfikator'),
  col('noPesel', 'Brak PESEL'),
  col('technicalId', 'Techniczny identyfikator uczestnika'),
  col('sex', 'Płeć'),
  col('ageAtEntry', 'Wiek w chwili przystąpienia'),
  col('educationSmefs', 'Wykształcenie'),
  col('citizenship', 'Obywatelstwo'),
  col('country', 'Kraj'),
  col('voivodeship', 'Województwo'),
  col('county', 'Powiat'),
  col('commune', 'Gmina'),
  col('town', 'Miejscowość'),
  col('postcode', 'Kod pocztowy'),
  col('degurba', 'DEGURBA'),
  col('phone', 'Telefon'),
  col('email', 'E-mail'),
  col('labourStatusSmefs', 'Status na rynku pracy'),
  col('supportScope', 'Zakres wsparcia', false),
  col('supportType', 'Rodzaj przyznanego wsparcia'),
  col('supportStartedOn', 'Data rozpoczęcia udziału we wsparciu'),
  col('projectStartedOn', 'Data rozpoczęcia udziału w projekcie'),
  col('projectEndedOn', 'Data zakończenia udziału w projekcie'),
  col('situationAtEnd', 'Sytuacja w momencie zakończenia'),
  col('completedAsPlanned', 'Zakończenie zgodnie ze ścieżką'),
  col('disability', 'Osoba z niepełnosprawnościami'),
  col('foreignOrigin', 'Osoba obcego pochodzenia'),
  col('thirdCountry', 'Obywatel państwa trzeciego'),
  col('minority', 'Osoba należąca do mniejszości narodowej lub etnicznej (w tym społeczności marginalizowane)'),
  col('homeless', 'Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań'),
];

export const MONITORING_SYSTEMS = ['sl2014', 'smefs'] as const;
export type MonitoringSystem = (typeof MONITORING_SYSTEMS)[number];
const COLUMNS: Record<MonitoringSystem, readonly MonitoringColumn[]> = { sl2014: SL2014_COLUMNS, smefs: SMEFS_COLUMNS };
export const columnsOf = (system: MonitoringSystem) => COLUMNS[system];
/** The system a project reports to, by its programme period. */
export const systemOf = (config: Pick<ProjectConfig, 'programmePeriod'>): MonitoringSystem => (config.programmePeriod === '2021-2027' ? 'smefs' : 'sl2014');

/** A participant's cells by column key, and the application it is (not exported). */
export type MonitoringRow = Record<string, Cell> & { applicationId: string };

/** Digits only, an international prefix as 00 (a leading + would read as a formula and be escaped). */
const exportedPhone = (phone: string | null) => (phone ?? '').replace(/[\s-]/g, '').replace(/^\+/, '00');
const yesNo = (b: boolean) => (b ? 'Tak' : 'Nie');
const answer = (a: Answer | null) => (a ? ANSWERS[a] : '');
/** The export is a Polish form, whatever language the panel speaks. */
const polish = translator('pl');

function situationAtEnd(p: IndicatorParticipant): string {
  if (!p.endedOn) return '';
  if (p.jobFoundOn && p.jobFoundOn <= p.endedOn) return 'Osoba pracująca (podjęła pracę w trakcie projektu)';
  return '';
}

/** "W tym": the unemployed's and inactive's detail, the working's employer kind. */
function statusDetail(r: ParticipantDataRow, status: LabourStatus | null): string {
  if (status === 'employed') return r.employer_kind ? EMPLOYER_KINDS[r.employer_kind] : '';
  return r.labour_status_detail ? STATUS_DETAILS[r.labour_status_detail] : '';
}

/** The disability flag: refusing is an answer of its own. */
const disabilityAnswer = (p: IndicatorParticipant, r: ParticipantDataRow) => (p.disability ? 'Tak' : r.disability_refused ? ANSWERS.refused : 'Nie');

/** One row per participant who started (as of `asOf`), in the system's column order (the project's system by default). */
export async function monitoringRows(db: Db, actor: ExportActor, projectId: string, asOf: Date = new Date()): Promise<MonitoringRow[]> {
  assertCan(actor.role, 'exportMonitoring');
  await assertCanSeeProject(db, actor, projectId);
  const facts = await loadProjectFacts(db, projectId);
  const started = participantsAsOf(facts, asOf).filter((p) => p.startedOn !== null);
  if (!started.length) return [];
  const ids = started.map((p) => p.applicationId);
  const personal = await db
    .selectFrom('applications')
    .select(['id', 'first_name', 'last_name', 'pesel', ...PARTICIPANT_DATA_COLUMNS])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(personal.map((r) => [r.id, r]));
  const plans = await db.selectFrom('support_plan').select(['application_id', 'form_code']).where('application_id', 'in', ids).execute();
  const firstSupport = new Map(
    (await db.selectFrom('attendance').select(['application_id', (eb) => eb.fn.min<string>('session_on').as('first')]).where('application_id', 'in', ids).groupBy('application_id').execute())
      .map((r) => [r.application_id, String(r.first)]),
  );
  const labels = new Map(supportCatalogueOf(facts.project.config).map((f) => [f.code, f.label]));
  const forms = new Map<string, string[]>();
  for (const r of plans) forms.set(r.application_id, [...(forms.get(r.application_id) ?? []), labels.get(r.form_code) ?? r.form_code]);

  return started.map((p): MonitoringRow => {
    const who = byId.get(p.applicationId)!;
    const address = storedAddress(who);
    const status = p.statusAtEntry;
    return {
      applicationId: p.applicationId,
      technicalId: p.applicationId,
      country: address?.country ?? '',
      participantKind: 'Indywidualny',
      institution: '',
      firstName: who.first_name,
      lastName: who.last_name,
      pesel: who.pesel,
      noPesel: yesNo(!who.pesel),
      sex: p.sex === 'K' ? 'Kobieta' : 'Mężczyzna',
      ageAtEntry: ageOn(p.birthDate, p.startedOn as IsoDate),
      education: who.education ? EDUCATION[who.education] : '',
      educationSmefs: who.education ? EDUCATION_SMEFS[who.education] : '',
      citizenship: who.citizenship ? CITIZENSHIPS[who.citizenship] : '',
      voivodeship: address?.voivodeship ?? '',
      county: address?.county ?? '',
      commune: address?.commune ?? '',
      town: address?.locality ?? '',
      street: address?.street ?? '',
      building: address?.building ?? '',
      flat: address?.flat ?? '',
      postcode: address?.postcode ?? '',
      degurba: address?.degurba ? DEGURBA[address.degurba] : '',
      phone: exportedPhone(who.phone),
      email: who.email ?? '',
      projectStartedOn: p.startedOn ?? '',
      projectEndedOn: p.endedOn ?? '',
      labourStatus: status ? polish(`labour.${status}`) : '',
      labourStatusDetail: statusDetail(who, status),
      labourStatusSmefs: status ? [polish(`labour.${status}`), statusDetail(who, status)].filter(Boolean).join(', w tym: ') : '',
      occupation: status === 'employed' && who.occupation ? OCCUPATIONS[who.occupation] : '',
      employer: status === 'employed' ? (who.employer_name ?? '') : '',
      situationAtEnd: situationAtEnd(p),
      completedAsPlanned: p.endedOn ? yesNo(completed(p)) : '',
      supportType: (forms.get(p.applicationId) ?? []).sort().join(', '),
      // The first form of support's day (the first session attended or missed), else the start.
      supportStartedOn: firstSupport.get(p.applicationId) ?? p.startedOn ?? '',
      supportEndedOn: p.endedOn ?? '',
      minorityOrMigrant: who.minority && who.foreign_origin ? ANSWERS[minorityOrMigrant({ minority: who.minority, foreignOrigin: who.foreign_origin, homeless: 'no', otherDisadvantage: 'no' })] : '',
      minority: answer(who.minority),
      foreignOrigin: answer(who.foreign_origin),
      thirdCountry: who.citizenship ? yesNo(who.citizenship === 'third_country' || who.citizenship === 'stateless') : '',
      homeless: answer(flagOf(who, 'homeless')),
      disability: disabilityAnswer(p, who),
      otherDisadvantage: answer(flagOf(who, 'otherDisadvantage')),
    };
  });
}

const stamp = (asOf: Date) => todayInWarsaw(asOf);
const FILE_PREFIX: Record<MonitoringSystem, string> = { sl2014: 'SL2014-uczestnicy', smefs: 'Uczestnicy_projektu_Efs' };

function audit(kind: 'monitoring_csv' | 'monitoring_xlsx', projectId: string, asOf: Date, rows: MonitoringRow[], system: MonitoringSystem): ExportAudit {
  return { action: `export.${kind}`, entity: 'project', entityId: projectId, details: { asOf: asOf.toISOString(), rows: rows.length, system } };
}

/** The rows and the system they are for: the one asked, else the project's (by its programme period). */
async function rowsFor(db: Db, actor: ExportActor, projectId: string, asOf: Date, asked?: MonitoringSystem) {
  const rows = await monitoringRows(db, actor, projectId, asOf);
  const project = await db.selectFrom('projects').select('config').where('id', '=', projectId).executeTakeFirstOrThrow();
  const system = asked ?? systemOf(project.config as ProjectConfig);
  return { rows, system, columns: COLUMNS[system] };
}

/** CSV for Polish spreadsheets: UTF-8 with BOM, semicolons. */
export async function monitoringCsv(db: Db, actor: ExportActor, projectId: string, asOf: Date = new Date(), asked?: MonitoringSystem): Promise<ExportFile> {
  const { rows, system, columns } = await rowsFor(db, actor, projectId, asOf, asked);
  const text = stringify(rows, {
    bom: true,
    delimiter: ';',
    header: true,
    cast: { string: csvSafeCell },
    columns: columns.map((c) => ({ key: c.key, header: c.header })),
  });
  return {
    filename: `${FILE_PREFIX[system]}-${stamp(asOf)}.csv`,
    contentType: 'text/csv; charset=utf-8',
    body: Buffer.from(text, 'utf8'),
    audit: audit('monitoring_csv', projectId, asOf, rows, system),
  };
}

export async function monitoringXlsx(db: Db, actor: ExportActor, projectId: string, asOf: Date = new Date(), asked?: MonitoringSystem): Promise<ExportFile> {
  const { rows, system, columns } = await rowsFor(db, actor, projectId, asOf, asked);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sciezka';
  wb.created = asOf;
  const ws = wb.addWorksheet('Uczestnicy');
  ws.columns = columns.map((c, i) => ({ key: `c${i}`, header: c.header, width: Math.min(40, Math.max(12, c.header.length / 2)) }));
  ws.getRow(1).font = { bold: true };
  columns.forEach((c, i) => {
    if (c.recorded) return;
    ws.getRow(1).getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDDDDD' } };
  });
  // Two columns may share a header (SL2014's two "W tym"): cells go by position.
  ws.addRows(rows.map((r) => columns.map((c) => r[c.key] ?? '')));
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return {
    filename: `${FILE_PREFIX[system]}-${stamp(asOf)}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: Buffer.from(await wb.xlsx.writeBuffer()),
    audit: audit('monitoring_xlsx', projectId, asOf, rows, system),
  };
}

/** The audit row of a file handed out, through the panel or the API (as the actor came in). */
export async function recordHandOut(db: Db, actor: Actor, file: ExportFile): Promise<void> {
  await writeAudit(db, actor, { ...file.audit, details: { ...file.audit.details, via: actor.via === 'token' ? 'api' : 'panel' } });
}
