// The synthetic people of both seed projects, and what happens to each of them, inside the project's real
// period: who applies when, the points they get, who is qualified, kept in reserve or rejected, what support
// they attend, how and when they end, and what both follow-ups find. Pure and deterministic (a seeded
// generator): the demo (demo/run.ts) plays it through the real services, and the full-population test
// counts the indicators from these stories on its own.
import { peselCheckDigit } from '../domain/pesel';
import type { FollowUp1Data, FollowUp2Data } from '../domain/journey';
import type { ApplicationInput } from '../server/services/journeys';
import type { EndReason, IsoDate, LabourStatus, Sex } from '../domain/types';
import { addCalendarDays, addWorkingDays } from '../domain/working-days';
import { AKTYWNY_SPOLECZNIE, DRUGI_BRZEG } from '../scripts/example-projects';

/** What happens to a participant after they sign: support, a job, the end, the follow-ups. */
export interface Story {
  signedOn: IsoDate;
  /** The IŚR's forms (from the project's catalogue). */
  forms: string[];
  /** Absent, unjustified, from this day on (struck off for it). */
  absentFrom?: IsoDate;
  /** One absence justified in writing (a day of a session they are in). */
  justifiedOn?: IsoDate;
  job?: { foundOn: IsoDate };
  end: { reason: EndReason; endedOn: IsoDate; note: string };
  /** None after a death (the journey closes). */
  followUp1?: { recordedOn: IsoDate; data: FollowUp1Data };
  followUp2?: { recordedOn: IsoDate; data: FollowUp2Data };
}

export interface DemoPerson {
  /** Stable across runs: the request ids of every step derive from it. */
  key: string;
  application: Omit<ApplicationInput, 'projectId' | 'socialWorkerId'> & { firstName: string; lastName: string; pesel: string; sex: Sex; disability: boolean; targetGroup: string; labourStatus: LabourStatus };
  scores: Record<string, number>;
  opinion: string;
  /** The commission's decision at the sitting. */
  decision: 'qualified' | 'reserve' | 'rejected';
  rejectReason?: string;
  /** Reserves: their place on the list (1 first), from their points. */
  reservePosition?: number;
  /** Qualified at the sitting, or promoted from the reserve list; absent: never a participant. */
  story?: Story;
  /** A promoted reserve: the key of the participant whose early end freed the place. */
  promotedAfter?: string;
}

export interface DemoSession {
  formCode: string;
  sessionOn: IsoDate;
  startsAt: string;
  hours: number;
  place: string;
  /** Who is in the group: among those in support that day. */
  includes: (p: DemoPerson) => boolean;
}

export interface DemoProject {
  code: string;
  people: DemoPerson[];
  sessions: DemoSession[];
  sitting: { date: IsoDate; members: string[] };
  /** The IŚR's support runs until this day. */
  supportUntil: IsoDate;
}

// ---- a small seeded generator (mulberry32): the same people on every machine ---------------------------

function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

const WOMEN = ['Anna', 'Maria', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Barbara', 'Ewa', 'Krystyna', 'Elżbieta', 'Zofia', 'Joanna', 'Danuta', 'Jolanta', 'Teresa', 'Renata', 'Beata', 'Halina', 'Grażyna', 'Irena', 'Monika'];
const MEN = ['Jan', 'Piotr', 'Krzysztof', 'Andrzej', 'Tomasz', 'Paweł', 'Marek', 'Michał', 'Grzegorz', 'Józef', 'Stanisław', 'Tadeusz', 'Zbigniew', 'Rafał', 'Marcin', 'Dariusz', 'Henryk', 'Ryszard', 'Kazimierz', 'Jerzy'];
// Surnames as [masculine, feminine].
const SURNAMES: Array<[string, string]> = [
  ['Nowak', 'Nowak'], ['Kowalski', 'Kowalska'], ['Wiśniewski', 'Wiśniewska'], ['Wójcik', 'Wójcik'], ['Kowalczyk', 'Kowalczyk'],
  ['Kamiński', 'Kamińska'], ['Lewandowski', 'Lewandowska'], ['Zieliński', 'Zielińska'], ['Szymański', 'Szymańska'], ['Woźniak', 'Woźniak'],
  ['Dąbrowski', 'Dąbrowska'], ['Kozłowski', 'Kozłowska'], ['Jankowski', 'Jankowska'], ['Mazur', 'Mazur'], ['Kwiatkowski', 'Kwiatkowska'],
  ['Krawczyk', 'Krawczyk'], ['Piotrowski', 'Piotrowska'], ['Grabowski', 'Grabowska'], ['Nowakowski', 'Nowakowska'], ['Pawłowski', 'Pawłowska'],
  ['Michalski', 'Michalska'], ['Nowicki', 'Nowicka'], ['Adamczyk', 'Adamczyk'], ['Dudek', 'Dudek'], ['Zając', 'Zając'],
  ['Wieczorek', 'Wieczorek'], ['Jabłoński', 'Jabłońska'], ['Król', 'Król'], ['Majewski', 'Majewska'], ['Olszewski', 'Olszewska'],
];
const STREETS = ['ul. Dworcowa', 'ul. Piekarska', 'ul. Katowicka', 'ul. Strzelców Bytomskich', 'ul. Wrocławska', 'ul. Mickiewicza', 'ul. Chorzowska', 'ul. Powstańców Warszawskich'];

const two = (n: number) => String(n).padStart(2, '0');

function pesel(birthDate: IsoDate, sex: Sex, serial: number): string {
  const [y, m, d] = birthDate.split('-') as [string, string, string];
  const first10 = `${y.slice(2)}${m}${d}${String(serial % 1000).padStart(3, '0')}${(serial % 5) * 2 + (sex === 'M' ? 1 : 0)}`;
  return first10 + String(peselCheckDigit(first10));
}

interface Spec {
  code: string;
  prefix: string;
  seed: number;
  /** People per target group, each: [qualified, reserve, rejected]. */
  groups: Array<{ code: string; counts: [number, number, number] }>;
  /** The share of women among each group's qualified and reserves (exactly: the first n·share). */
  womenShare: number;
  /** Who has a disability: every n-th of the qualified, or the members of a target group (but its carers, every third). */
  disabled: { every: number } | { group: string };
  address: { county: string; communes: readonly string[]; postcode: string };
  applicationsFrom: IsoDate;
  sitting: { date: IsoDate; members: string[] };
  signingFrom: IsoDate;
  supportUntil: IsoDate;
  completedOn: IsoDate;
  /** Early endings, in date order: each frees a place for the next reserve. */
  early: Array<{ reason: EndReason; endedOn: IsoDate; note: string; jobFoundOn?: IsoDate; absentFrom?: IsoDate }>;
  /** Among those who complete (in order): how many show each result. */
  results: { qualification: number; jobSeeking: number; working: number; socialProgress: number; employed: number; employedAtEntry: number };
  forms: { everyone: string[]; some: Array<{ code: string; count: number }> };
  sessions: Array<Omit<DemoSession, 'includes'> & { who: 'all' | string }>;
  justifiedOn: IsoDate;
}

function build(spec: Spec): DemoProject {
  const rnd = random(spec.seed);
  const people: DemoPerson[] = [];
  let serial = 0;
  for (const g of spec.groups) {
    (['qualified', 'reserve', 'rejected'] as const).forEach((decision, d) => {
      for (let i = 0; i < g.counts[d]!; i++) {
        const n = serial++;
        // Women and people with disabilities spread evenly over each list (the quotas hold among the qualified).
        const sex: Sex = decision !== 'rejected' && Math.floor((i + 1) * spec.womenShare) > Math.floor(i * spec.womenShare) ? 'K' : 'M';
        const disability = 'every' in spec.disabled ? decision === 'qualified' && i % spec.disabled.every === 1 : g.code === spec.disabled.group && i % 3 !== 2;
        const birthDate = `${1962 + rnd.int(36)}-${two(1 + rnd.int(12))}-${two(1 + rnd.int(28))}`;
        const [he, she] = rnd.pick(SURNAMES);
        const commune = rnd.pick(spec.address.communes);
        const day = addWorkingDays(spec.applicationsFrom, Math.floor(n / 4));
        people.push({
          key: `${spec.prefix}-${two(Math.floor(n / 100))}${two(n % 100)}`,
          application: {
            firstName: sex === 'K' ? rnd.pick(WOMEN) : rnd.pick(MEN),
            lastName: sex === 'K' ? she : he,
            pesel: pesel(birthDate, sex, spec.seed + n * 7),
            birthDate,
            sex,
            disability,
            targetGroup: g.code,
            labourStatus: 'unemployed_registered',
            labourStatusDetail: n % 3 === 0 ? 'long_term' : 'other',
            channel: n % 5 === 4 ? 'post' : 'in_person',
            receivedAt: `${day}T${two(8 + (n % 4) * 2)}:${two((n * 7) % 60)}:00+01:00`,
            address: { voivodeship: 'śląskie', county: spec.address.county, commune, locality: commune, street: rnd.pick(STREETS), building: String(1 + rnd.int(60)), postcode: spec.address.postcode },
            phone: `+48 ${600 + rnd.int(199)} ${100 + rnd.int(899)} ${100 + rnd.int(899)}`,
            education: rnd.pick(['isced1', 'isced2', 'isced3', 'isced3', 'isced4'] as const),
            citizenship: 'polish',
            disadvantage: { minority: 'no', foreignOrigin: 'no', homeless: n % 11 === 3 ? 'yes' : 'no', otherDisadvantage: 'yes' },
          },
          scores: {},
          opinion: '',
          decision,
          ...(decision === 'rejected' ? { rejectReason: 'Nie spełnia kryteriów formalnych: nie korzysta ze świadczeń pomocy społecznej' } : {}),
        });
      }
    });
  }
  // Points: the qualified above every reserve, reserves in a strict order (their list positions).
  const criteria = (spec.code === AKTYWNY_SPOLECZNIE.code ? AKTYWNY_SPOLECZNIE : DRUGI_BRZEG).rules?.criteria ?? [];
  const qualified = people.filter((p) => p.decision === 'qualified');
  const reserves = people.filter((p) => p.decision === 'reserve');
  const points = (p: DemoPerson, total: number) => {
    let left = total;
    for (const c of criteria) {
      const v = c.code === 'disability' ? (p.application.disability ? Math.min(c.maxPoints, left) : 0) : Math.min(c.maxPoints, left);
      p.scores[c.code] = v;
      left -= v;
    }
  };
  qualified.forEach((p, i) => points(p, 23 - (i % 8)));
  reserves.forEach((p, i) => {
    points(p, 15 - i);
    p.reservePosition = i + 1;
  });
  people.filter((p) => p.decision === 'rejected').forEach((p) => points(p, 12));
  for (const p of people) p.opinion = p.decision === 'rejected' ? 'Nie korzysta z pomocy ośrodka.' : 'Rekomenduję udział w projekcie; motywacja do zmiany sytuacji.';

  // Stories: the qualified sign in the first week; early endings free places for the reserves, in order.
  const story = (signedOn: IsoDate, i: number): Story => ({
    signedOn,
    forms: [...spec.forms.everyone, ...spec.forms.some.filter((f) => i % Math.ceil(qualified.length / f.count) === 0).map((f) => f.code)],
    end: { reason: 'completed', endedOn: spec.completedOn, note: 'Ukończył(a) ścieżkę reintegracji zgodnie z IŚR.' },
  });
  qualified.forEach((p, i) => (p.story = story(addWorkingDays(spec.signingFrom, i % 5), i)));
  spec.early.forEach((e, k) => {
    // The early leavers: spread over the qualified list, never the disabled (their quota stays met).
    const leaver = qualified.filter((p) => !p.application.disability)[3 + k * 7]!;
    const s = leaver.story!;
    s.end = { reason: e.reason, endedOn: e.endedOn, note: e.note };
    if (e.jobFoundOn) s.job = { foundOn: e.jobFoundOn };
    if (e.absentFrom) s.absentFrom = e.absentFrom;
    const promoted = reserves[k];
    if (promoted) {
      promoted.story = story(addWorkingDays(addCalendarDays(e.endedOn, 7), 0), qualified.length + k);
      promoted.promotedAfter = leaver.key;
    }
  });
  const participants = people.filter((p) => p.story);
  // Results among those who complete, in list order; a few were employed at entry (excluded from employment efficiency).
  const completers = participants.filter((p) => p.story!.end.reason === 'completed');
  const r = spec.results;
  completers.forEach((p, i) => {
    const s = p.story!;
    const endedOn = s.end.endedOn;
    if (i >= completers.length - r.employedAtEntry) {
      p.application.labourStatus = 'employed';
      delete p.application.labourStatusDetail;
      p.application.occupation = 'other';
      p.application.employerKind = 'sme';
    }
    const working = i < r.working;
    // The first few found their job before the end: recorded during support, working since then.
    if (i < 3) s.job = { foundOn: addCalendarDays(endedOn, -30) };
    s.followUp1 = {
      recordedOn: addCalendarDays(endedOn, 14),
      data: {
        qualificationObtained: i < r.qualification,
        ...(i < r.qualification ? { qualificationObtainedOn: addCalendarDays(endedOn, 5) } : {}),
        working,
        ...(working ? { workingSince: s.job?.foundOn ?? addCalendarDays(endedOn, 10) } : {}),
        jobSeeking: !working && i < r.working + r.jobSeeking,
        evidence: 'Rozmowa telefoniczna, kopia certyfikatu w teczce.',
      },
    };
    const employed = i < r.employed;
    s.followUp2 = {
      recordedOn: addCalendarDays(endedOn, 60),
      data: {
        socialProgress: i < r.socialProgress,
        employed,
        ...(employed ? { contractType: 'employment' as const, employedSince: addCalendarDays(endedOn, 10) } : {}),
        note: 'Wywiad środowiskowy pracownika socjalnego.',
      },
    };
  });
  for (const p of participants) {
    const s = p.story!;
    if (s.end.reason === 'completed' || s.end.reason === 'died') continue;
    // The others ended early: both follow-ups are still made (a job taken counts from the job found).
    const tookJob = !!s.job;
    s.followUp1 = { recordedOn: addCalendarDays(s.end.endedOn, 14), data: { qualificationObtained: false, jobSeeking: !tookJob, working: tookJob, ...(tookJob ? { workingSince: s.job!.foundOn } : {}) } };
    s.followUp2 = { recordedOn: addCalendarDays(s.end.endedOn, 60), data: { socialProgress: tookJob, employed: tookJob, ...(tookJob ? { contractType: 'employment' as const, employedSince: s.job!.foundOn } : {}) } };
  }
  // One absence justified in writing, by someone who completes.
  completers[1]!.story!.justifiedOn = spec.justifiedOn;
  const sessions: DemoSession[] = spec.sessions.map(({ who, ...s }) => ({ ...s, includes: (p) => who === 'all' || !!p.story?.forms.includes(who) }));
  return { code: spec.code, people, sessions, sitting: spec.sitting, supportUntil: spec.supportUntil };
}

/** Aktywny Społecznie (MOPR Bytom, 2020-2022): 60 places, at least 39 women and 4 with disabilities, the OSI area. */
export const AKTYWNY_SPOLECZNIE_DEMO: DemoProject = build({
  code: AKTYWNY_SPOLECZNIE.code,
  prefix: 'AS',
  seed: 2020,
  groups: [{ code: 'osi', counts: [60, 7, 3] }],
  womenShare: 0.7,
  disabled: { every: 12 },
  address: { county: 'Bytom', communes: ['Bytom'], postcode: '41-902' },
  applicationsFrom: '2020-01-08',
  sitting: { date: '2020-02-10', members: ['Iwona Dziedzic (przewodnicząca)', 'Adam Sowa', 'Elżbieta Kurek'] },
  signingFrom: '2020-02-17',
  supportUntil: '2022-11-30',
  completedOn: '2022-09-30',
  early: [
    { reason: 'resigned', endedOn: '2020-05-19', note: 'Rezygnacja z przyczyn rodzinnych (opieka nad matką).' },
    { reason: 'struck_off', endedOn: '2020-10-06', note: 'Skreślony: nieobecności nieusprawiedliwione powyżej 20% zajęć.', absentFrom: '2020-06-01' },
    { reason: 'resigned', endedOn: '2021-04-15', note: 'Rezygnacja: podjęcie zatrudnienia (umowa o pracę).', jobFoundOn: '2021-04-01' },
    { reason: 'died', endedOn: '2021-01-20', note: 'Zgon uczestnika (informacja od rodziny).' },
    { reason: 'situation_changed', endedOn: '2021-06-30', note: 'Przeprowadzka poza obszar rewitalizacji.' },
    { reason: 'resigned', endedOn: '2021-10-12', note: 'Rezygnacja bez podania przyczyny.' },
  ].sort((a, b) => a.endedOn.localeCompare(b.endedOn)) as Spec['early'],
  // 21 qualifications, 2 job seeking, 11 working (a target missed: 9), efficiency 34% / 12% / 25%.
  results: { qualification: 23, jobSeeking: 3, working: 9, socialProgress: 30, employed: 17, employedAtEntry: 2 },
  forms: { everyone: ['social_reintegration', 'psychological', 'career_counselling'], some: [{ code: 'computer', count: 20 }, { code: 'courses', count: 24 }] },
  sessions: [
    { formCode: 'social_reintegration', sessionOn: '2020-03-10', startsAt: '10:00', hours: 4, place: 'Klub Integracji Społecznej, ul. Józefczaka 12', who: 'all' },
    { formCode: 'social_reintegration', sessionOn: '2020-09-15', startsAt: '10:00', hours: 4, place: 'Klub Integracji Społecznej, ul. Józefczaka 12', who: 'all' },
    { formCode: 'computer', sessionOn: '2020-11-17', startsAt: '09:00', hours: 3, place: 'Sala komputerowa MOPR', who: 'computer' },
    { formCode: 'social_reintegration', sessionOn: '2021-03-16', startsAt: '10:00', hours: 4, place: 'Klub Integracji Społecznej, ul. Józefczaka 12', who: 'all' },
    { formCode: 'courses', sessionOn: '2021-09-14', startsAt: '08:00', hours: 6, place: 'Centrum Kształcenia, ul. Piłsudskiego 5', who: 'courses' },
    { formCode: 'social_reintegration', sessionOn: '2022-03-15', startsAt: '10:00', hours: 4, place: 'Klub Integracji Społecznej, ul. Józefczaka 12', who: 'all' },
  ],
  justifiedOn: '2021-03-16',
});

/** DRUGI BRZEG (OPS Racibórz, 2022-2023): 55 places in four target groups, ~10 internships, ~15 scholarships. */
export const DRUGI_BRZEG_DEMO: DemoProject = build({
  code: DRUGI_BRZEG.code,
  prefix: 'DB',
  seed: 2022,
  groups: [
    { code: 'poverty', counts: [23, 3, 1] },
    { code: 'popz', counts: [14, 2, 0] },
    { code: 'disability', counts: [6, 1, 1] },
    { code: 'otoczenie', counts: [12, 1, 0] },
  ],
  womenShare: 0.6,
  disabled: { group: 'disability' },
  address: { county: 'raciborski', communes: ['Racibórz', 'Racibórz', 'Kuźnia Raciborska', 'Krzyżanowice'], postcode: '47-400' },
  applicationsFrom: '2022-01-10',
  sitting: { date: '2022-02-07', members: ['Barbara Sikora (przewodnicząca)', 'Marek Wala', 'Anna Gruszka (PERSONA)'] },
  signingFrom: '2022-02-14',
  supportUntil: '2023-06-15',
  completedOn: '2023-05-31',
  early: [
    { reason: 'resigned', endedOn: '2022-04-20', note: 'Rezygnacja: wyjazd do pracy za granicą.', jobFoundOn: '2022-04-11' },
    { reason: 'resigned', endedOn: '2022-09-09', note: 'Rezygnacja z powodu stanu zdrowia.' },
  ],
  results: { qualification: 12, jobSeeking: 6, working: 10, socialProgress: 28, employed: 12, employedAtEntry: 1 },
  forms: { everyone: ['support_group', 'diagnosis', 'social_skills'], some: [{ code: 'internship', count: 9 }, { code: 'scholarship', count: 14 }] },
  sessions: [
    { formCode: 'support_group', sessionOn: '2022-03-08', startsAt: '16:00', hours: 3, place: 'OPS Racibórz, ul. Królewska 6', who: 'all' },
    { formCode: 'social_skills', sessionOn: '2022-06-14', startsAt: '09:00', hours: 5, place: 'PERSONA, ul. Opawska 21', who: 'all' },
    { formCode: 'internship', sessionOn: '2022-10-03', startsAt: '08:00', hours: 8, place: 'Zakład pracy (staż)', who: 'internship' },
    { formCode: 'scholarship', sessionOn: '2022-11-07', startsAt: '08:00', hours: 6, place: 'Szkolenie zawodowe, ul. Browarna 4', who: 'scholarship' },
    { formCode: 'support_group', sessionOn: '2023-03-07', startsAt: '16:00', hours: 3, place: 'OPS Racibórz, ul. Królewska 6', who: 'all' },
  ],
  justifiedOn: '2022-03-08',
});

export const DEMO_PROJECTS: DemoProject[] = [AKTYWNY_SPOLECZNIE_DEMO, DRUGI_BRZEG_DEMO];
