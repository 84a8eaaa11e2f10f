// One error type for everything a user or client can cause. The code decides the HTTP status and the
// panel's headline; the detail (in English) is for logs, and for the API when the error has no text.
// An error with a text (a word-book key and its parameters) answers in the caller's language.
import type { BothLanguages, Message } from '../i18n';
export const ERROR_STATUS = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_allowed_now: 409,
  conflict: 409,
  /** The same person (PESEL) has an application in this project already: details name it. */
  duplicate_application: 409,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** What a person reads: a word-book key with its parameters (or, from older records, both texts). */
export type ErrorText = Message | BothLanguages;

export interface FieldError {
  field: string;
  message: string;
  /** What is wrong, stable for a program (zod's issue code, or the word-book key of the text). */
  code?: string;
  /** When set, the message in the caller's language replaces `message` in the answer. */
  text?: ErrorText;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
    readonly text?: ErrorText,
    /** Facts for the API caller besides the message (ids, links); never personal data. */
    readonly details?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/**
 * The request does not match the API's document (its schema, a control character, an unknown property,
 * malformed JSON, a bad URL): 400. Any other invalid_input is a rule beyond the document refusing a
 * request that matches it (a PESEL's checksum, a period that ends before it starts): the API answers 422.
 */
export class RequestShapeError extends AppError {
  constructor(message: string, fields: FieldError[] = [], text?: ErrorText) {
    super('invalid_input', message, fields, text);
    this.name = 'RequestShapeError';
  }
}
