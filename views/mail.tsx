// Every e-mail Sciezka sends, in Polish and English. Pure functions of plain data. On purpose a message
// carries only the participant's name and a link to their page: never PESEL, disability, addiction,
// homelessness or any other detail of the record (e-mail leaves our control). Plain text + escaped HTML.
import { taskKindBase } from '../domain/reminders';
import type { Role } from '../domain/types';
import { formatDate, formatDateTime as when } from './format';
import { labelFor, translator, type Locale } from './i18n';

export type MailLocale = Locale;

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * What to do, as a sentence for a subject line, per task kind (the kinds the journey and the round
 * open). Other kinds fall back to the panel's label, then to a generic line.
 */
const KIND: Record<MailLocale, Record<string, string>> = {
  pl: {
    original_pending: 'Oczekuje na oryginał zgłoszenia przesłanego skanem',
    sign_reminder: 'Dokumenty przystąpienia do projektu nie zostały podpisane',
    sign_escalation: 'Dokumenty przystąpienia nadal niepodpisane – miejsce może zostać zwolnione',
    attendance_low: 'Frekwencja spadła poniżej progu projektu',
    absence_unjustified: 'Nieobecność pozostaje nieusprawiedliwiona',
    follow_up_1: 'Należy wpisać monitoring po 4 tygodniach od zakończenia udziału',
    follow_up_1_escalation: 'Minął termin monitoringu po 4 tygodniach, a wyniku nie wpisano',
    follow_up_2: 'Należy wpisać monitoring po 3 miesiącach od zakończenia udziału',
    follow_up_2_escalation: 'Minął termin monitoringu po 3 miesiącach, a wyniku nie wpisano',
    promoted_from_reserve: 'Osoba z listy rezerwowej otrzymała zwolnione miejsce',
    score_pending: 'Zgłoszenie czeka na kwestionariusz i arkusz punktów',
    decision_pending: 'Kandydaci czekają na decyzję komisji',
    approval_pending: 'Listy uczestników czekają na zatwierdzenie',
    place_freed: 'Zwolniło się miejsce w projekcie',
    letter_to_send: 'Pisma do kandydatów czekają na wysłanie',
  },
  en: {
    original_pending: 'The original of an application sent as a scan is pending',
    sign_reminder: 'The joining documents have not been signed',
    sign_escalation: 'The joining documents are still unsigned – the place may be freed',
    attendance_low: "Attendance fell below the project's threshold",
    absence_unjustified: 'An absence is still unjustified',
    follow_up_1: 'The 4-week follow-up after the end of participation is due',
    follow_up_1_escalation: 'The 4-week follow-up window closed with nothing recorded',
    follow_up_2: 'The 3-month follow-up after the end of participation is due',
    follow_up_2_escalation: 'The 3-month follow-up window closed with nothing recorded',
    promoted_from_reserve: 'A person from the reserve list was given a freed place',
    score_pending: 'The application waits for the questionnaire and the points sheet',
    decision_pending: "Candidates waiting for the commission's decision",
    approval_pending: 'Participant lists waiting for approval',
    place_freed: 'A place in the project was freed',
    letter_to_send: 'Letters to candidates waiting to be sent',
  },
};

const WORDS = {
  pl: {
    task: 'Zadanie',
    participant: 'Uczestnik/czka',
    due: 'Termin',
    open: 'Otwórz w panelu',
    escalated: (role: string) => `Eskalacja: zadanie nie zostało wykonane w terminie (${role}).`,
    subjectTask: (what: string) => `[Ścieżka] ${what}`,
    subjectEscalated: (what: string) => `[Ścieżka] Eskalacja: ${what}`,
    subjectDigest: (d: string, n: number) => `[Ścieżka] Zadania na ${d}: ${n}`,
    digestIntro: (d: string) => `Dzień dobry, oto zadania na ${d} (termin dziś lub minął):`,
    overdue: 'po terminie',
    generic: (kind: string) => `Zadanie do wykonania (${kind})`,
    footer: 'Wiadomość automatyczna systemu Ścieżka. Szczegóły tylko w panelu, po zalogowaniu.',
  },
  en: {
    task: 'Task',
    participant: 'Participant',
    due: 'Due',
    open: 'Open in the panel',
    escalated: (role: string) => `Escalation: the task was not done in time (${role}).`,
    subjectTask: (what: string) => `[Sciezka] ${what}`,
    subjectEscalated: (what: string) => `[Sciezka] Escalation: ${what}`,
    subjectDigest: (d: string, n: number) => `[Sciezka] Tasks for ${d}: ${n}`,
    digestIntro: (d: string) => `Good morning, these are your tasks for ${d} (due today or overdue):`,
    overdue: 'overdue',
    generic: (kind: string) => `A task to do (${kind})`,
    footer: 'An automatic message from Sciezka. Details only in the panel, after logging in.',
  },
} as const;

/**
 * The label key of a task kind: one per absence (`absence_unjustified:<session>`) reads as the absence,
 * the due and reminder steps of a follow-up as the follow-up.
 */
export const kindKey = (kind: string) => taskKindBase(kind).replace(/^(follow_up_[12])_(due|reminder)$/, '$1');

export function kindLabel(locale: MailLocale, kind: string): string {
  const key = kindKey(kind);
  const panel = labelFor(translator(locale), 'task', key);
  return KIND[locale][key] ?? (panel !== key ? panel : WORDS[locale].generic(key));
}

export interface TaskMailInput {
  locale: MailLocale;
  kind: string;
  /** First and last name only; null for a task about no participant. */
  participantName: string | null;
  link: string;
  dueAt: Date;
  /** Set on an escalated task: the role that did not act in time. */
  escalatedFrom: Role | null;
}

export function taskMail(m: TaskMailInput): ComposedMail {
  const w = WORDS[m.locale];
  const what = kindLabel(m.locale, m.kind);
  const escalation = m.escalatedFrom ? w.escalated(labelFor(translator(m.locale), 'role', m.escalatedFrom).toLowerCase()) : null;
  const lines = [
    ...(escalation ? [escalation, ''] : []),
    `${w.task}: ${what}`,
    ...(m.participantName ? [`${w.participant}: ${m.participantName}`] : []),
    `${w.due}: ${when(m.dueAt)}`,
    '',
    `${w.open}: ${m.link}`,
    '',
    '-- ',
    w.footer,
  ];
  const html = (
    <html lang={m.locale}>
      <body>
        {escalation && (
          <p>
            <strong>{escalation}</strong>
          </p>
        )}
        <p>
          {w.task}: <strong>{what}</strong>
        </p>
        {m.participantName && (
          <p>
            {w.participant}: {m.participantName}
          </p>
        )}
        <p>
          {w.due}: {when(m.dueAt)}
        </p>
        <p>
          <a href={m.link}>{w.open}</a>
        </p>
        <p>
          <small>{w.footer}</small>
        </p>
      </body>
    </html>
  );
  return {
    subject: m.escalatedFrom ? w.subjectEscalated(what) : w.subjectTask(what),
    text: lines.join('\n'),
    html: `<!doctype html>${html.toString()}`,
  };
}

export interface DigestItem {
  kind: string;
  participantName: string | null;
  link: string;
  dueAt: Date;
  overdue: boolean;
}

export function digestMail(m: { locale: MailLocale; day: string; items: DigestItem[] }): ComposedMail {
  const w = WORDS[m.locale];
  const d = formatDate(m.day);
  const due = (i: DigestItem) => `${w.due.toLowerCase()}: ${when(i.dueAt)}${i.overdue ? `, ${w.overdue}` : ''}`;
  const line = (i: DigestItem) =>
    `- ${kindLabel(m.locale, i.kind)}${i.participantName ? ` – ${i.participantName}` : ''} (${due(i)})\n  ${i.link}`;
  const html = (
    <html lang={m.locale}>
      <body>
        <p>{w.digestIntro(d)}</p>
        <ul>
          {m.items.map((i) => (
            <li>
              <a href={i.link}>{kindLabel(m.locale, i.kind)}</a>
              {i.participantName ? ` – ${i.participantName}` : ''} ({due(i)})
            </li>
          ))}
        </ul>
        <p>
          <small>{w.footer}</small>
        </p>
      </body>
    </html>
  );
  return {
    subject: w.subjectDigest(d, m.items.length),
    text: [w.digestIntro(d), '', ...m.items.map(line), '', '-- ', w.footer].join('\n'),
    html: `<!doctype html>${html.toString()}`,
  };
}
