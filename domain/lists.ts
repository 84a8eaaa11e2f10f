// The vocabulary of the panel's and the API's list filters (values the services' schemas check and the
// views draw as options), kept apart from both so that neither imports the other's values.
export const SORTS = ['name', 'received', 'stage', 'points', 'due'] as const;
export type Sort = (typeof SORTS)[number];
export const DUE_FILTERS = ['overdue', 'week'] as const;
/** At most this many ids in one filter (a link from an indicator; the URL stays well under 16 kB). */
export const MAX_FILTER_IDS = 300;

/** 'superseded': made obsolete before it was sent (a promotion, a withdrawal): out of the queue, with the cause. */
export const LETTER_STATUSES = ['unsent', 'sent', 'superseded', 'all'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

/** Where an e-mail of the outbox stands (the outbox page filters by it). */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'kept', 'failed', 'unconfirmed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
