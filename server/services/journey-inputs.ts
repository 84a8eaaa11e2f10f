// The inputs of the journey's human actions, as the API states them (camelCase) and the panel's forms
// are turned into: one schema per action, the operation that guards it, and the Update's arguments.
import { z } from 'zod';
import { WITHDRAWAL_REASONS, type JourneyAction, type JourneyActions } from '../../domain/journey';
import type { Operation } from '../../domain/permissions';
import { storedText } from '../forms';
import { ATTENDANCE_MARKS, JUSTIFICATIONS, type AttendanceMark, type Justification } from '../../domain/sessions';
import { DOCUMENT_KINDS, EMPLOYMENT_CONTRACTS, END_REASONS, STAGES } from '../../domain/types';

const day = z.iso.date();
const note = storedText(2000).optional();
const hours = z.number().min(0).max(10_000);

// What each action answers (the journey's Update result), for the API's document.
const ack = z.object({ stage: z.enum(STAGES) });
const attendanceAnswer = z.object({ attendanceShare: z.number(), belowThreshold: z.boolean() });

const followUp1 = z.object({
  qualificationObtained: z.boolean(),
  jobSeeking: z.boolean(),
  working: z.boolean(),
  qualificationObtainedOn: day.optional(),
  workingSince: day.optional(),
  evidence: storedText(2000).optional(),
});
const followUp2 = z.object({
  socialProgress: z.boolean(),
  employed: z.boolean(),
  contractType: z.enum(EMPLOYMENT_CONTRACTS).optional(),
  employedSince: day.optional(),
  startUpGrant: z.boolean().optional(),
  backToSchool: z.boolean().optional(),
  note,
});

export const ACTION_INPUTS = {
  screen: {
    op: 'scoreApplication',
    operationId: 'scoreApplication',
    result: z.object({ points: z.number() }),
    schema: z.object({
      scores: z.array(z.object({ code: z.string().min(1).max(50), points: z.number().int().min(0).max(1000) })).max(50),
      opinion: storedText(4000).optional(),
    }),
    toArgs: (i: { scores: Array<{ code: string; points: number }>; opinion?: string | undefined }) => ({
      scores: Object.fromEntries(i.scores.map((s) => [s.code, s.points])),
      opinion: i.opinion ?? '',
    }),
  },
  recordOriginal: {
    op: 'confirmOriginal',
    operationId: 'confirmOriginal',
    result: ack,
    schema: z.object({ receivedOn: day }),
    toArgs: (i: { receivedOn: string }) => i,
  },
  signDocuments: {
    op: 'signDocuments',
    operationId: 'signDocuments',
    result: z.object({ started: z.boolean(), awaitingPlaceConfirmation: z.boolean() }),
    schema: z.object({ signedOn: day, documents: z.array(z.enum(DOCUMENT_KINDS)).min(1).max(4) }),
    toArgs: (i: { signedOn: string; documents: Array<(typeof DOCUMENT_KINDS)[number]> }) => ({ signedOn: i.signedOn, kinds: i.documents }),
  },
  planSupport: {
    op: 'planSupport',
    operationId: 'planSupport',
    result: ack,
    schema: z.object({ items: z.array(z.object({ formCode: z.string().min(1).max(50), hours: hours.positive() })).min(1).max(50) }),
    toArgs: (i: { items: Array<{ formCode: string; hours: number }> }) => i,
  },
  recordAttendance: {
    op: 'recordAttendance',
    operationId: 'recordAttendance',
    result: attendanceAnswer,
    schema: z.object({ sessionOn: day, formCode: z.string().min(1).max(50), plannedHours: hours.max(24), attendedHours: hours.max(24), absent: z.boolean().default(false) }),
    toArgs: (i: { sessionOn: string; formCode: string; plannedHours: number; attendedHours: number; absent: boolean }) => i,
  },
  justifyAbsence: {
    op: 'justifyAbsence',
    operationId: 'justifyAbsence',
    result: ack,
    schema: z.object({ sessionOn: day, formCode: z.string().min(1).max(50), justification: z.enum(['written', 'phone']), justifiedOn: day }),
    toArgs: (i: { sessionOn: string; formCode: string; justification: 'written' | 'phone'; justifiedOn: string }) => i,
  },
  correctAttendance: {
    op: 'correctAttendance',
    operationId: 'correctAttendance',
    result: ack,
    schema: z.object({
      sessionOn: day,
      formCode: z.string().min(1).max(50),
      mark: z.enum(ATTENDANCE_MARKS),
      justification: z.enum(JUSTIFICATIONS).optional(),
      attendedHours: hours.positive().max(24).optional(),
      reason: storedText(500, 1),
    }),
    toArgs: (i: { sessionOn: string; formCode: string; mark: AttendanceMark; justification?: Justification | undefined; attendedHours?: number | undefined; reason: string }) => ({
      sessionOn: i.sessionOn, formCode: i.formCode, mark: i.mark, reason: i.reason,
      ...(i.justification && i.mark === 'justified' ? { justification: i.justification } : {}),
      ...(i.attendedHours !== undefined && i.mark === 'present' ? { attendedHours: i.attendedHours } : {}),
    }),
  },
  recordJob: {
    op: 'recordJob',
    operationId: 'recordJob',
    result: ack,
    schema: z.object({ foundOn: day, note }),
    toArgs: (i: { foundOn: string; note?: string | undefined }) => ({ foundOn: i.foundOn, ...(i.note ? { note: i.note } : {}) }),
  },
  endParticipation: {
    op: 'endParticipation',
    operationId: 'endParticipation',
    result: ack,
    schema: z.object({ endedOn: day, reason: z.enum(END_REASONS), note }),
    toArgs: (i: { endedOn: string; reason: (typeof END_REASONS)[number]; note?: string | undefined }) => ({ endedOn: i.endedOn, reason: i.reason, ...(i.note ? { note: i.note } : {}) }),
  },
  recordFollowUp: {
    op: 'recordFollowUp',
    operationId: 'recordFollowUp',
    result: ack,
    schema: z.discriminatedUnion('number', [
      z.object({ number: z.literal(1), recordedOn: day, data: followUp1 }),
      z.object({ number: z.literal(2), recordedOn: day, data: followUp2 }),
    ]),
    toArgs: (i: { number: 1; recordedOn: string; data: z.infer<typeof followUp1> } | { number: 2; recordedOn: string; data: z.infer<typeof followUp2> }) => i,
  },
  recordLetterSent: {
    op: 'recordLetterSent',
    operationId: 'recordLetterSent',
    result: ack,
    schema: z.object({ letterKey: z.string().min(1).max(200), sentOn: day }),
    toArgs: (i: { letterKey: string; sentOn: string }) => i,
  },
  withdrawApplication: {
    op: 'withdrawApplication',
    operationId: 'withdrawApplication',
    result: ack,
    schema: z.object({ reason: z.enum(WITHDRAWAL_REASONS), note: storedText(2000, 1) }),
    toArgs: (i: { reason: (typeof WITHDRAWAL_REASONS)[number]; note: string }) => i,
  },
  undoEnding: {
    op: 'undoEnding',
    operationId: 'undoEnding',
    result: ack.extend({ placeReturned: z.boolean() }),
    schema: z.object({ reason: storedText(2000, 3) }),
    toArgs: (i: { reason: string }) => i,
  },
} as const satisfies {
  [A in JourneyAction]?: { op: Operation; operationId: string; result: z.ZodType<JourneyActions[A][1]>; schema: z.ZodType; toArgs: (i: never) => Omit<JourneyActions[A][0], 'actorId'> };
};

export type InputAction = keyof typeof ACTION_INPUTS;
export const INPUT_ACTIONS = Object.keys(ACTION_INPUTS) as InputAction[];

/** The panel's form fields (strings, checkboxes) in the API's shape, before the shared schema checks them. */
export function formToInput(action: InputAction, form: Record<string, string | string[] | undefined>): unknown {
  const str = (k: string) => {
    const v = form[k];
    return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
  };
  const num = (k: string) => (str(k) === '' ? undefined : Number(str(k).replace(',', '.')));
  const list = (k: string) => [form[k] ?? []].flat().filter(Boolean);
  const opt = (k: string) => str(k) || undefined;
  const flags = new Set(list('flags'));
  switch (action) {
    case 'screen':
      return {
        scores: Object.keys(form)
          .filter((k) => k.startsWith('score.'))
          .map((k) => ({ code: k.slice(6), points: num(k) })),
        opinion: opt('opinion'),
      };
    case 'recordOriginal':
      return { receivedOn: str('receivedOn') };
    case 'signDocuments':
      return { signedOn: str('signedOn'), documents: list('documents') };
    case 'planSupport':
      return {
        items: Object.keys(form)
          .filter((k) => k.startsWith('hours.') && str(k) !== '' && num(k) !== 0)
          .map((k) => ({ formCode: k.slice(6), hours: num(k) })),
      };
    case 'recordAttendance':
      return { sessionOn: str('sessionOn'), formCode: str('formCode'), plannedHours: num('plannedHours'), attendedHours: num('attendedHours'), absent: list('absent').includes('true') };
    case 'justifyAbsence': {
      const [sessionOn, formCode] = str('session').split('|');
      return { sessionOn, formCode, justification: str('justification'), justifiedOn: str('justifiedOn') };
    }
    case 'correctAttendance': {
      const [sessionOn, formCode] = str('session').split('|');
      return { sessionOn, formCode, mark: str('mark'), justification: opt('justification'), attendedHours: num('attendedHours'), reason: str('reason') };
    }
    case 'recordJob':
      return { foundOn: str('foundOn'), note: opt('note') };
    case 'endParticipation':
      return { endedOn: str('endedOn'), reason: str('reason'), note: opt('note') };
    case 'recordFollowUp':
      return str('number') === '2'
        ? {
            number: 2,
            recordedOn: str('recordedOn'),
            data: {
              socialProgress: flags.has('socialProgress'), employed: flags.has('employed'), contractType: opt('contractType'), employedSince: opt('employedSince'),
              startUpGrant: flags.has('startUpGrant'), backToSchool: flags.has('backToSchool'),
            },
          }
        : {
            number: 1,
            recordedOn: str('recordedOn'),
            data: {
              qualificationObtained: flags.has('qualificationObtained'), jobSeeking: flags.has('jobSeeking'), working: flags.has('working'),
              qualificationObtainedOn: opt('qualificationObtainedOn'), workingSince: opt('workingSince'), evidence: opt('evidence'),
            },
          };
    case 'recordLetterSent':
      return { letterKey: str('letterKey'), sentOn: str('sentOn') };
    case 'withdrawApplication':
      return { reason: str('reason'), note: str('note') };
    case 'undoEnding':
      return { reason: str('reason') };
  }
}
