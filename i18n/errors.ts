// What the panel says when something is refused or fails (by AppError code).
// Polish first; English must have every key (the type checks it).
import type { Words } from './words';

export const pl = {
  'error.title': 'Błąd',
  'error.invalid_input': 'Sprawdź zaznaczone pola.',
  'error.unauthenticated': 'Zaloguj się, aby kontynuować.',
  'error.forbidden': 'Nie masz uprawnień do tej czynności.',
  'error.not_found': 'Nie znaleziono.',
  'error.not_allowed_now': 'Tej czynności nie można teraz wykonać.',
  'error.conflict': 'Konflikt z bieżącym stanem.',
  'error.duplicate_application': 'Zgłoszenie tej osoby już istnieje.',
  'error.method_not_allowed': 'Ta metoda nie jest dostępna pod tym adresem.',
  'error.rate_limited': 'Zbyt wiele żądań. Spróbuj ponownie za chwilę.',
  'error.unavailable': 'Usługa jest chwilowo niedostępna.',
  'error.csrf': 'Formularz wygasł. Odśwież stronę i spróbuj ponownie.',
  'error.internal': 'Wystąpił nieoczekiwany błąd. Spróbuj ponownie; jeśli się powtarza, zgłoś to administratorowi.',
  'error.dbDown.title': 'Baza danych niedostępna',
  'error.dbDown.body': 'Baza danych jest chwilowo niedostępna. Twoje dane są bezpieczne; spróbuj ponownie za chwilę.',
  'error.temporalDown': 'Silnik przebiegów (Temporal) jest chwilowo niedostępny. Spróbuj ponownie za chwilę.',
  'error.home': 'Strona główna',
  'error.controlCharacter': 'Niedozwolony znak sterujący (np. NUL) w polu.',
  'error.unknownField': 'Nieznane pole: usuń je albo popraw jego nazwę.',
} as const;

export const en: Words<typeof pl> = {
  'error.title': 'Error',
  'error.invalid_input': 'Check the marked fields.',
  'error.unauthenticated': 'Log in to continue.',
  'error.forbidden': 'You are not allowed to do this.',
  'error.not_found': 'Not found.',
  'error.not_allowed_now': 'This cannot be done now.',
  'error.conflict': 'Conflicts with the current state.',
  'error.duplicate_application': 'This person’s application already exists.',
  'error.method_not_allowed': 'This method is not available at this address.',
  'error.rate_limited': 'Too many requests. Try again shortly.',
  'error.unavailable': 'The service is temporarily unavailable.',
  'error.csrf': 'The form has expired. Reload the page and try again.',
  'error.internal': 'Something went wrong. Try again; if it persists, tell your administrator.',
  'error.dbDown.title': 'Database unavailable',
  'error.dbDown.body': 'The database is temporarily unavailable. Your data are safe; try again shortly.',
  'error.temporalDown': 'The workflow engine (Temporal) is temporarily unavailable. Try again shortly.',
  'error.home': 'Home',
  'error.controlCharacter': 'A control character (e.g. NUL) is not allowed in this field.',
  'error.unknownField': 'Unknown field: remove it or correct its name.',
};
