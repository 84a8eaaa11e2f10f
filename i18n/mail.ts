// The words of every e-mail: task reminders, escalations, the daily digest.
// Polish first; English must have every key (the type checks it).
import type { Words } from './words';

export const pl = {
  'mail.task': 'Zadanie',
  'mail.participant': 'Uczestnik/czka',
  'mail.due': 'Termin',
  'mail.open': 'Otwórz w panelu',
  'mail.escalated': 'Eskalacja: zadanie nie zostało wykonane w terminie ({role}).',
  'mail.subject.task': '[Ścieżka] {what}',
  'mail.subject.escalated': '[Ścieżka] Eskalacja: {what}',
  'mail.subject.digest': '[Ścieżka] Zadania na {day}: {n}',
  'mail.digest.intro': 'Dzień dobry, oto zadania na {day} (termin dziś lub minął):',
  'mail.overdue': 'po terminie',
  'mail.footer': 'Wiadomość automatyczna systemu Ścieżka. Szczegóły tylko w panelu, po zalogowaniu.',
} as const;

export const en: Words<typeof pl> = {
  'mail.task': 'Task',
  'mail.participant': 'Participant',
  'mail.due': 'Due',
  'mail.open': 'Open in the panel',
  'mail.escalated': 'Escalation: the task was not done in time ({role}).',
  'mail.subject.task': '[Sciezka] {what}',
  'mail.subject.escalated': '[Sciezka] Escalation: {what}',
  'mail.subject.digest': '[Sciezka] Tasks for {day}: {n}',
  'mail.digest.intro': 'Good morning, these are your tasks for {day} (due today or overdue):',
  'mail.overdue': 'overdue',
  'mail.footer': 'An automatic message from Sciezka. Details only in the panel, after logging in.',
};
