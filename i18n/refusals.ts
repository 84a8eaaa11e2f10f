// Why an action is refused: the journey's rules (domain/journey-rules.ts), PESEL checks (domain/pesel.ts),
// recruitment quotas (domain/ranking.ts). Domain code returns a key and its parameters; adapters translate.
// Polish first; English must have every key (the type checks it).
import type { Words } from './words';

export const pl = {
  'refusal.placeholder': '',
} as const;

export const en: Words<typeof pl> = {
  'refusal.placeholder': '',
};
