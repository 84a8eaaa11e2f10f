// Logging in and changing the password.
// Polish first; English must have every key (the type checks it).
import type { Words } from './words';

export const pl = {
  'login.title': 'Logowanie',
  'login.email': 'E-mail',
  'login.password': 'Hasło',
  'login.submit': 'Zaloguj',
  'login.failed': 'Nieprawidłowy e-mail lub hasło.',
  'login.rateLimited': 'Zbyt wiele prób logowania. Spróbuj ponownie za chwilę.',
  'password.title': 'Zmiana hasła',
  'password.mustChange': 'Przed dalszą pracą ustaw własne hasło (obecne jest domyślne lub tymczasowe).',
  'password.current': 'Obecne hasło',
  'password.new': 'Nowe hasło',
  'password.repeat': 'Powtórz nowe hasło',
  'password.hint': 'Co najmniej 10 znaków.',
  'password.submit': 'Zmień hasło',
  'password.changed': 'Hasło zostało zmienione.',
  'password.wrongCurrent': 'Obecne hasło jest nieprawidłowe.',
  'password.tooShort': 'Hasło musi mieć co najmniej 10 znaków.',
  'password.mismatch': 'Hasła nie są takie same.',
  'password.same': 'Nowe hasło musi różnić się od obecnego.',
} as const;

export const en: Words<typeof pl> = {
  'login.title': 'Log in',
  'login.email': 'E-mail',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.failed': 'Wrong e-mail or password.',
  'login.rateLimited': 'Too many login attempts. Try again shortly.',
  'password.title': 'Change password',
  'password.mustChange': 'Set your own password before you continue (the current one is a default or temporary one).',
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.repeat': 'Repeat the new password',
  'password.hint': 'At least 10 characters.',
  'password.submit': 'Change password',
  'password.changed': 'Your password has been changed.',
  'password.wrongCurrent': 'The current password is wrong.',
  'password.tooShort': 'The password must have at least 10 characters.',
  'password.mismatch': 'The passwords differ.',
  'password.same': 'The new password must differ from the current one.',
};
