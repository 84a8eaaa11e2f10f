// The word-book: every text a person reads (panel, e-mail, PDF, API error messages), Polish by default,
// English with the same keys. One file per area; this one joins them and translates.
// `t('participant.title')` for a ready message, `t('today.count', { n })` for one with parameters: the
// parameters are read from the Polish text's `{name}` placeholders, so a missing one fails `tsc`.
import type { ErrorCode } from '../domain/errors';
import type { JourneyAction } from '../domain/journey';
import { PESEL_ERRORS, peselMessage, type PeselError } from '../domain/pesel';
import * as actions from './actions';
import * as admin from './admin';
import * as audit from './audit';
import * as auth from './auth';
import * as common from './common';
import * as documents from './documents';
import * as errors from './errors';
import * as indicators from './indicators';
import * as isr from './isr';
import * as tasks from './tasks';
import * as letters from './letters';
import * as mail from './mail';
import * as participants from './participants';
import * as participantData from './participant-data';
import * as projects from './projects';
import * as recruitment from './recruitment';
import * as record from './record';
import * as refusals from './refusals';
import * as regulationChecks from './regulation-checks';
import * as sessions from './sessions';
import * as today from './today';
import * as undoEnding from './undo-ending';
import * as decisionCorrection from './decision-correction';
import * as eligibility from './eligibility';
import * as rules from './rules';

export const LOCALES = ['pl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const isLocale = (v: unknown): v is Locale => LOCALES.includes(v as Locale);

const pl = {
  ...common.pl,
  ...auth.pl,
  ...errors.pl,
  ...today.pl,
  ...admin.pl,
  ...audit.pl,
  ...participants.pl,
  ...actions.pl,
  ...projects.pl,
  ...recruitment.pl,
  ...letters.pl,
  ...indicators.pl,
  ...mail.pl,
  ...refusals.pl,
  ...documents.pl,
  ...isr.pl,
  ...tasks.pl,
  ...sessions.pl,
  ...record.pl,
  ...participantData.pl,
  ...regulationChecks.pl,
  ...undoEnding.pl,
  ...decisionCorrection.pl,
  ...eligibility.pl,
  ...rules.pl,
};

type Polish = typeof pl;
/** Every key of the word-book. */
export type Key = keyof Polish;

type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;
/** The parameter names a key's text takes (from its Polish `{name}` placeholders). */
export type ParamNames<K extends Key> = Placeholders<Polish[K]>;
/** A key whose text takes no parameters: a ready message. */
export type MessageKey = { [K in Key]: [ParamNames<K>] extends [never] ? K : never }[Key];
/** A key whose text takes parameters. */
export type TemplateKey = Exclude<Key, MessageKey>;
export type Params<K extends Key> = Record<ParamNames<K>, string | number>;

/** A parameter's value: text, a number, or another key to translate first (e.g. a field's name). */
export type ParamValue = string | number | { key: MessageKey };
/**
 * A key with its parameters: what pure code (domain refusals, which run in the workflow sandbox) hands
 * over for an adapter to translate into the caller's language.
 */
export interface Message<K extends Key = Key> {
  key: K;
  params?: Record<string, ParamValue>;
}

export interface Translate {
  (key: MessageKey): string;
  <K extends Key>(key: K, params: Params<K>): string;
  /** A key with its parameters, as domain code returns it. */
  message(m: Message): string;
  /** Whether the word-book has this key (for keys built from data). */
  has(key: string): key is Key;
  /**
   * The label of a value that comes from data (a stage, an event type, a letter kind…) under a group of
   * keys: `label('stage', 'support')` reads `stage.support`; the raw value when the word-book has none.
   */
  label(group: LabelGroup, value: string): string;
}

/** The key groups whose last part is a value from data. */
export type LabelGroup = 'stage' | 'event' | 'letter' | 'channel' | 'role' | 'decision' | 'document' | 'endReason' | 'withdrawalReason' | 'sex' | 'labour' | 'field.justification' | 'recruitment.status' | 'task' | 'auditAction' | 'auditEntity' | 'workflow' | 'action';

type Words = { readonly [K in Key]: string };
// Each area's English is typed against its own Polish; joined, they cover every key.
const en: Words = {
  ...common.en,
  ...auth.en,
  ...errors.en,
  ...today.en,
  ...admin.en,
  ...audit.en,
  ...participants.en,
  ...actions.en,
  ...projects.en,
  ...recruitment.en,
  ...letters.en,
  ...indicators.en,
  ...mail.en,
  ...refusals.en,
  ...documents.en,
  ...isr.en,
  ...tasks.en,
  ...sessions.en,
  ...record.en,
  ...participantData.en,
  ...regulationChecks.en,
  ...undoEnding.en,
  ...decisionCorrection.en,
  ...eligibility.en,
  ...rules.en,
};

const DICTIONARIES: Record<Locale, Words> = { pl, en };

/** One pass, so that a value containing `{name}` (free text) is never filled in again. */
function fill(text: string, params: Record<string, string | number> | undefined): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** Every key in both languages (for checks that go over the whole word-book). */
export const WORD_BOOK: Readonly<Record<Locale, Readonly<Record<Key, string>>>> = DICTIONARIES;

const TRANSLATORS = new Map<Locale, Translate>();

/** The words of one language (an unknown locale reads Polish). */
export function translator(locale: Locale): Translate {
  const known = TRANSLATORS.get(locale);
  if (known) return known;
  const made = makeTranslator(locale);
  TRANSLATORS.set(locale, made);
  return made;
}

function makeTranslator(locale: Locale): Translate {
  const dict = DICTIONARIES[locale] ?? pl;
  const has = (key: string): key is Key => Object.hasOwn(pl, key);
  const text = (key: string, params?: Record<string, string | number>) => fill(has(key) ? (dict[key] ?? pl[key]) : key, params);
  const t = ((key: Key, params?: Record<string, string | number>) => text(key, params)) as Translate;
  t.message = (m) => {
    const params = m.params && Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, typeof v === 'object' ? text(v.key) : v]));
    return text(m.key, params);
  };
  t.has = has;
  t.label = (group, value) => {
    const key = `${group}.${value}`;
    return has(key) ? text(key) : value;
  };
  return t;
}

/** Every action the audit log records (each has its label: `auditAction.<action>`; a journey's action is `participant_<action>`). */
export type AuditAction = (Key extends infer K ? (K extends `auditAction.${infer A}` ? A : never) : never) | `participant_${JourneyAction}`;

/** The panel's message for an error code. */
export const errorMessageKey = (code: ErrorCode) => `error.${code}` as const;

/** The shape translated texts had before the word-book: both languages at once (old failures, old workers). */
export interface BothLanguages {
  pl: string;
  en: string;
}

const isBoth = (m: unknown): m is BothLanguages =>
  typeof m === 'object' && m !== null && typeof (m as BothLanguages).pl === 'string' && typeof (m as BothLanguages).en === 'string';
const isMessage = (m: unknown): m is Message => typeof m === 'object' && m !== null && typeof (m as Message).key === 'string';

/**
 * A translatable text as it arrives from elsewhere (a failure's details, a stored record): a key with its
 * parameters, or the older pair of both texts. Undefined for anything else.
 */
export function readMessage(detail: unknown): Message | BothLanguages | undefined {
  if (isMessage(detail) && Object.hasOwn(pl, detail.key)) return detail;
  if (isBoth(detail)) return detail;
  return undefined;
}

/** A key (or an older pair) in one language. */
export function say(locale: Locale, m: Message | BothLanguages): string {
  return isBoth(m) ? m[locale] : translator(locale).message(m);
}

/** A key (or an older pair) in both languages. */
export const inBothLanguages = (m: Message | BothLanguages): BothLanguages => (isBoth(m) ? m : { pl: say('pl', m), en: say('en', m) });

/**
 * The language of an API caller: the first of ours in `Accept-Language` by preference (q), Polish when
 * the header names none of them.
 */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'pl';
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag = '', ...attrs] = part.trim().split(';');
      const q = attrs.map((a) => /^\s*q=([\d.]+)\s*$/.exec(a)?.[1]).find((v) => v !== undefined);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((r) => r.lang).find(isLocale) ?? 'pl';
}

/**
 * PESEL errors in both languages, for the adapters that still put them into a field error as text
 * (the key is `peselMessage` in domain/pesel.ts; a FieldError may carry it as `text` instead).
 */
export const PESEL_MESSAGES = Object.fromEntries(PESEL_ERRORS.map((e) => [e, inBothLanguages(peselMessage(e))])) as Record<PeselError, BothLanguages>;

