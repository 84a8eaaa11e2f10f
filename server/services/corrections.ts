// Corrections of a participant's data (GDPR art. 16): checked here (role and participant, the form, the
// PESEL again with the birth date and sex it must agree with, one application per project), made by the
// journey's correctData Update (its activity writes the record and keeps old and new values beside the
// timeline's event), audited. The read side: each correction's old -> new, the values for the roles that
// may read them (viewCorrectedValues), which fields changed for the others.
import { z } from 'zod';
import type { Db } from '../../db/connect';
import { CORRECTABLE_FIELDS, CORRECTION_COLUMNS, PESEL_FIELDS, correctableValues, correctionText, type CorrectableAddress, type CorrectableField, type CorrectableValues, type CorrectionChanges } from '../../domain/corrections';
import { AppError, type FieldError } from '../../domain/errors';
import type { JourneyActions } from '../../domain/journey';
import { assertCan, can, canFor } from '../../domain/permissions';
import { checkPesel, peselMessage } from '../../domain/pesel';
import { LABOUR_STATUSES, SEXES, type Role } from '../../domain/types';
import { PESEL_MESSAGES, type Locale } from '../../i18n';
import type { ServiceActor, Via } from '../actor';
import { audit } from '../audit';
import { parseLocalized, requiredText, storedText } from '../forms';
import { addressSchema, normalizedAddress, participantDataShape, terytPlace, type Address } from '../../domain/participant-data';
import { fieldIssue, formToParticipantData } from './participant-data';
import { applicationInProject, applicationsInOtherProjects, duplicateApplication, type OtherApplication } from './duplicates';
import { act, type JourneyDeps } from './journeys';
import { assertCanSee } from './scope';

/** A correction as the API states it and the panel's form is turned into. */
export const correctionSchema = z
  .object({
    reason: storedText(2000, 3),
    changes: z
      .object({
        firstName: requiredText(100),
        lastName: requiredText(100),
        pesel: z.string().trim().max(20),
        birthDate: z.iso.date(),
        sex: z.enum(SEXES),
        disability: z.boolean(),
        targetGroup: requiredText(50).nullable(),
        labourStatus: z.enum(LABOUR_STATUSES).nullable(),
        phone: participantDataShape.phone.unwrap().nullable(),
        email: participantDataShape.email.unwrap().nullable(),
        education: participantDataShape.education.unwrap().nullable(),
        // Checked against the TERYT list as at registration (correctedAddress).
        address: addressSchema,
      })
      .partial()
      .strict(),
  })
  .strict();
export type CorrectionInput = z.input<typeof correctionSchema>;

export interface CorrectionResult {
  fields: CorrectableField[];
  /** The round was told (sex, disability or target group of a scored candidate): it re-counted its quotas. */
  roundTold: boolean;
  /** A corrected PESEL the centre's other projects know. */
  warnings: OtherApplication[];
}

const invalid = (fields: FieldError[]) => new AppError('invalid_input', 'invalid correction', fields);

/** The record's correctable values now (as the journey's activity will read them too). */
async function currentValues(db: Db, applicationId: string): Promise<CorrectableValues & { projectId: string }> {
  const row = await db.selectFrom('applications').select(['project_id', ...CORRECTION_COLUMNS]).where('id', '=', applicationId).executeTakeFirstOrThrow();
  return { ...correctableValues(row), projectId: row.project_id };
}

/** A corrected address checked as at registration: county and commune on the TERYT list, the DEGURBA class it gives. */
function correctedAddress(a: Address): CorrectableAddress {
  const place = terytPlace(a);
  const refuse = (field: string, key: 'pd.countyUnknown' | 'pd.communeUnknown' | 'pd.degurbaRequired') =>
    invalid([fieldIssue({ code: 'custom', path: ['changes', 'address', field], message: key, input: a } as never)]);
  if (place === 'county') throw refuse('county', 'pd.countyUnknown');
  if (place === 'commune') throw refuse('commune', 'pd.communeUnknown');
  if ((place === null || place.degurba === null) && a.degurba === undefined) throw refuse('degurba', 'pd.degurbaRequired');
  const n = normalizedAddress(a);
  return { ...n, street: n.street || null, flat: n.flat || null, degurba: n.degurba ?? null };
}

/**
 * Corrects a participant's data. Errors: 404 (not visible), 403 (not theirs), 400 (input, nothing changed,
 * a PESEL that is not one or disagrees with the birth date or sex), 409 (the PESEL has an application in
 * this project; or the journey is closed).
 */
export async function correctParticipant(
  deps: Pick<JourneyDeps, 'db' | 'temporal'> & { updateTimeoutMs?: number },
  actor: ServiceActor,
  req: { applicationId: string; input: unknown; requestId: string; via: Via; locale: Locale },
): Promise<CorrectionResult> {
  assertCan(actor.role, 'correctParticipant');
  const { socialWorkerId } = await assertCanSee(deps.db, actor, req.applicationId);
  if (!canFor(actor.role, 'correctParticipant', actor.id, socialWorkerId)) throw new AppError('forbidden', 'only the participant’s own social worker may do this');
  const parsed = parseLocalized(correctionSchema, req.input, req.locale);
  if (!parsed.success) throw invalid(parsed.error.issues.map(fieldIssue));
  const { reason } = parsed.data;
  const current = await currentValues(deps.db, req.applicationId);

  // Only what differs from the record is a correction.
  const changes: CorrectionChanges = {};
  const given: CorrectionChanges = { ...parsed.data.changes, address: parsed.data.changes.address && correctedAddress(parsed.data.changes.address) };
  for (const f of CORRECTABLE_FIELDS) {
    const v = given[f];
    if (v !== undefined && correctionText(v) !== correctionText(current[f])) Object.assign(changes, { [f]: v });
  }
  const fields = CORRECTABLE_FIELDS.filter((f) => f in changes);
  if (fields.length === 0) throw invalid([{ field: 'changes', message: 'nothing changed', text: { key: 'refusal.correctionEmpty' } }]);

  // The PESEL is checked again, with the birth date and sex as they will be.
  let warnings: OtherApplication[] = [];
  if (fields.some((f) => PESEL_FIELDS.includes(f))) {
    const after = { ...current, ...changes };
    const errors = checkPesel(after.pesel, { birthDate: after.birthDate, sex: after.sex });
    if (errors.length) {
      throw invalid(errors.map((err) => ({
        field: `changes.${err === 'birth_date_mismatch' ? 'birthDate' : err === 'sex_mismatch' ? 'sex' : 'pesel'}`,
        message: PESEL_MESSAGES[err].pl,
        text: peselMessage(err),
      })));
    }
    if (changes.pesel !== undefined) {
      const existing = await applicationInProject(deps.db, current.projectId, changes.pesel, req.applicationId);
      if (existing) throw duplicateApplication(existing);
      warnings = await applicationsInOtherProjects(deps.db, current.projectId, changes.pesel);
    }
  }

  const result: JourneyActions['correctData'][1] = await act(deps, actor, req.applicationId, 'correctData', { changes, reason }, req.requestId).catch(async (err: unknown) => {
    // A registration of the same PESEL that won the race: the journey's activity was refused by the unique index.
    const existing = changes.pesel !== undefined ? await applicationInProject(deps.db, current.projectId, changes.pesel, req.applicationId) : null;
    throw existing ? duplicateApplication(existing) : err;
  });
  // Which fields, never their values (those stay in the record and its corrections).
  await audit(deps.db, actor, { action: 'participant_correctData', entity: 'application', entityId: req.applicationId, details: { via: req.via, fields: result.fields } });
  return { ...result, warnings };
}

/** One corrected field on the timeline; the values are null for a role that may not read them. */
export interface DataCorrectionView {
  field: CorrectableField;
  oldValue: string | null;
  newValue: string | null;
  reason: string | null;
  valuesShown: boolean;
}

/** The corrections of a participant, by the id of their timeline event. */
export async function correctionsByEvent(db: Db, role: Role, applicationId: string): Promise<Map<string, DataCorrectionView[]>> {
  const rows = await db.selectFrom('corrections').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
  const shown = can(role, 'viewCorrectedValues');
  const out = new Map<string, DataCorrectionView[]>();
  for (const r of rows) {
    const list = out.get(String(r.event_id)) ?? [];
    list.push({ field: r.field, oldValue: shown ? r.old_value : null, newValue: shown ? r.new_value : null, reason: shown ? r.reason : null, valuesShown: shown });
    out.set(String(r.event_id), list);
  }
  return out;
}

/** The panel's correction form in the API's shape: every field as the form shows it (unchanged ones drop out). */
export function formToCorrection(form: Record<string, string | string[] | undefined>): CorrectionInput {
  const str = (k: string) => {
    const v = form[k];
    return (Array.isArray(v) ? v.at(-1) : v)?.trim() ?? '';
  };
  const orNull = (k: string) => str(k) || null;
  // The address's fields as the registration form names them (address.postcode …); all empty: unchanged.
  const address = formToParticipantData(Object.fromEntries(Object.keys(form).filter((k) => k.startsWith('address.')).map((k) => [k, str(k)]))).address;
  return {
    reason: str('reason'),
    changes: {
      firstName: str('firstName'),
      lastName: str('lastName'),
      pesel: str('pesel'),
      birthDate: str('birthDate'),
      sex: str('sex') as CorrectableValues['sex'],
      // An unchecked box sends only the hidden "false" before it.
      disability: [form.disability ?? []].flat().includes('true'),
      targetGroup: orNull('targetGroup'),
      labourStatus: orNull('labourStatus') as CorrectableValues['labourStatus'],
      phone: orNull('phone'),
      email: orNull('email'),
      education: orNull('education') as CorrectableValues['education'],
      ...(address ? { address: address as Address } : {}),
    },
  };
}
