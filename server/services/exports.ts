// Exports of personal data as files: the participant monitoring data with the SL2014 fields
// ("monitorowanie uczestników") as CSV and XLSX here, the attendance list PDF in attendance-list.ts.
// Special-category personal data: only the permitted roles may export, and each file carries its audit
// entry, written by recordHandOut when the file is handed out. Columns the system does not record yet are
// present, empty, and say so in their header.
import type { AuditAction } from '../../i18n';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/connect';
import { ageOn, completed, type IndicatorParticipant } from '../../domain/indicators';
import { assertCan } from '../../domain/permissions';
import { csvSafeCell } from '../csv-safe';
import { supportCatalogueOf } from '../../domain/support-forms';
import type { IsoDate, Role } from '../../domain/types';
import { formatDate as day, todayInWarsaw } from '../../i18n/format';
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

export const NOT_RECORDED = '(brak danych w systemie)';

type Cell = string | number;

export interface MonitoringColumn {
  key: string;
  header: string;
  /** False: the system does not record this field yet; the column stays empty. */
  recorded: boolean;
}

const col = (key: string, header: string, recorded = true): MonitoringColumn => ({ key, header, recorded });

export const MONITORING_COLUMNS: readonly MonitoringColumn[] = [
  col('lp', 'Lp.'),
  col('applicationId', 'Identyfikator zgłoszenia'),
  col('firstName', 'Imię'),
  col('lastName', 'Nazwisko'),
  col('pesel', 'PESEL'),
  col('noPesel', 'Brak PESEL'),
  col('sex', 'Płeć'),
  col('ageAtEntry', 'Wiek w chwili przystąpienia do projektu'),
  col('education', 'Wykształcenie (ISCED)', false),
  col('country', 'Kraj', false),
  col('voivodeship', 'Województwo', false),
  col('county', 'Powiat', false),
  col('commune', 'Gmina', false),
  col('town', 'Miejscowość', false),
  col('postcode', 'Kod pocztowy', false),
  col('degurba', 'Obszar wg stopnia urbanizacji (DEGURBA)', false),
  col('phone', 'Telefon kontaktowy', false),
  col('email', 'Adres e-mail', false),
  col('labourStatus', 'Status osoby na rynku pracy w chwili przystąpienia do projektu'),
  col('labourStatusDetail', 'W tym', false),
  col('supportType', 'Rodzaj przyznanego wsparcia'),
  col('supportStartedOn', 'Data rozpoczęcia udziału we wsparciu'),
  col('projectStartedOn', 'Data rozpoczęcia udziału w projekcie'),
  col('projectEndedOn', 'Data zakończenia udziału w projekcie'),
  col('situationAtEnd', 'Sytuacja osoby w momencie zakończenia udziału w projekcie'),
  col('completedAsPlanned', 'Zakończenie udziału osoby w projekcie zgodnie z zaplanowaną dla niej ścieżką uczestnictwa'),
  col('minority', 'Osoba należąca do mniejszości narodowej lub etnicznej, migrant, osoba obcego pochodzenia', false),
  col('homeless', 'Osoba bezdomna lub dotknięta wykluczeniem z dostępu do mieszkań', false),
  col('disability', 'Osoba z niepełnosprawnościami'),
  col('joblessHousehold', 'Osoba przebywająca w gospodarstwie domowym bez osób pracujących', false),
  col('joblessHouseholdChildren', 'W tym: w gospodarstwie domowym z dziećmi pozostającymi na utrzymaniu', false),
  col('singleAdultWithChildren', 'Osoba żyjąca w gospodarstwie składającym się z jednej osoby dorosłej i dzieci pozostających na utrzymaniu', false),
  col('otherDisadvantage', 'Osoba w innej niekorzystnej sytuacji społecznej', false),
];

export type MonitoringRow = Record<string, Cell>;

const headerOf = (c: MonitoringColumn) => (c.recorded ? c.header : `${c.header} ${NOT_RECORDED}`);
const yesNo = (b: boolean) => (b ? 'Tak' : 'Nie');
/** The export is a Polish form, whatever language the panel speaks. */
const polish = translator('pl');

function situationAtEnd(p: IndicatorParticipant): string {
  if (!p.endedOn) return '';
  if (p.jobFoundOn && p.jobFoundOn <= p.endedOn) return 'Osoba pracująca (podjęła pracę w trakcie projektu)';
  return '';
}

/** One row per participant who started (as of `asOf`), in the SL2014 column order. */
export async function monitoringRows(db: Db, actor: ExportActor, projectId: string, asOf: Date = new Date()): Promise<MonitoringRow[]> {
  assertCan(actor.role, 'exportMonitoring');
  await assertCanSeeProject(db, actor, projectId);
  const facts = await loadProjectFacts(db, projectId);
  const started = participantsAsOf(facts, asOf).filter((p) => p.startedOn !== null);
  if (!started.length) return [];
  const ids = started.map((p) => p.applicationId);
  const personal = await db
    .selectFrom('applications')
    .select(['id', 'first_name', 'last_name', 'pesel'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(personal.map((r) => [r.id, r]));
  const plans = await db.selectFrom('support_plan').select(['application_id', 'form_code']).where('application_id', 'in', ids).execute();
  const labels = new Map(supportCatalogueOf(facts.project.config).map((f) => [f.code, f.label]));
  const forms = new Map<string, string[]>();
  for (const r of plans) forms.set(r.application_id, [...(forms.get(r.application_id) ?? []), labels.get(r.form_code) ?? r.form_code]);

  return started.map((p, i) => {
    const who = byId.get(p.applicationId);
    const row: MonitoringRow = Object.fromEntries(MONITORING_COLUMNS.map((c) => [c.key, '']));
    Object.assign(row, {
      lp: i + 1,
      applicationId: p.applicationId,
      firstName: who?.first_name ?? '',
      lastName: who?.last_name ?? '',
      pesel: who?.pesel ?? '',
      noPesel: yesNo(!who?.pesel),
      sex: p.sex === 'K' ? 'Kobieta' : 'Mężczyzna',
      ageAtEntry: ageOn(p.birthDate, p.startedOn as IsoDate),
      supportType: (forms.get(p.applicationId) ?? []).sort().join(', '),
      supportStartedOn: day(p.startedOn),
      projectStartedOn: day(p.startedOn),
      projectEndedOn: day(p.endedOn),
      situationAtEnd: situationAtEnd(p),
      completedAsPlanned: p.endedOn ? yesNo(completed(p)) : '',
      disability: yesNo(p.disability),
      labourStatus: p.statusAtEntry ? polish(`labour.${p.statusAtEntry}`) : '',
    });
    return row;
  });
}

const stamp = (asOf: Date) => todayInWarsaw(asOf);

function audit(kind: 'monitoring_csv' | 'monitoring_xlsx', projectId: string, asOf: Date, rows: MonitoringRow[]): ExportAudit {
  return { action: `export.${kind}`, entity: 'project', entityId: projectId, details: { asOf: asOf.toISOString(), rows: rows.length } };
}

/** CSV for Polish spreadsheets: UTF-8 with BOM, semicolons. */
export async function monitoringCsv(db: Db, actor: ExportActor, projectId: string, asOf: Date = new Date()): Promise<ExportFile> {
  const rows = await monitoringRows(db, actor, projectId, asOf);
  const text = stringify(rows, {
    bom: true,
    delimiter: ';',
    header: true,
    cast: { string: csvSafeCell },
    columns: MONITORING_COLUMNS.map((c) => ({ key: c.key, header: headerOf(c) })),
  });
  return {
    filename: `monitoring-${stamp(asOf)}.csv`,
    contentType: 'text/csv; charset=utf-8',
    body: Buffer.from(text, 'utf8'),
    audit: audit('monitoring_csv', projectId, asOf, rows),
  };
}

export async function monitoringXlsx(db: Db, actor: ExportActor, projectId: string, asOf: Date = new Date()): Promise<ExportFile> {
  const rows = await monitoringRows(db, actor, projectId, asOf);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Sciezka';
  wb.created = asOf;
  const ws = wb.addWorksheet('Uczestnicy');
  ws.columns = MONITORING_COLUMNS.map((c) => ({ key: c.key, header: headerOf(c), width: Math.min(40, Math.max(12, c.header.length / 2)) }));
  ws.getRow(1).font = { bold: true };
  MONITORING_COLUMNS.forEach((c, i) => {
    if (c.recorded) return;
    ws.getRow(1).getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDDDDD' } };
  });
  ws.addRows(rows);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return {
    filename: `monitoring-${stamp(asOf)}.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body: Buffer.from(await wb.xlsx.writeBuffer()),
    audit: audit('monitoring_xlsx', projectId, asOf, rows),
  };
}

/** The audit row of a file handed out, through the panel or the API (as the actor came in). */
export async function recordHandOut(db: Db, actor: Actor, file: ExportFile): Promise<void> {
  await writeAudit(db, actor, { ...file.audit, details: { ...file.audit.details, via: actor.via === 'token' ? 'api' : 'panel' } });
}
