// The dashboard rendered from the generated project's real report and trend.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AKTYWNY_SPOLECZNIE_INDICATORS as DEFAULT_INDICATOR_CONFIG } from '../../domain/project';
import { getIndicators, getIndicatorTrend } from '../../server/services/indicators';
import { IndicatorDashboard, type IndicatorDashboardProps } from '../../views/indicators';
import { MAX_FILTER_IDS } from '../../domain/lists';
import { testDb } from '../helpers/db';
import { FINAL_AS_OF, MINOR, range, writeProject, type Fixture } from './project-fixture';

const db = await testDb();
let fx: Fixture;
let props: IndicatorDashboardProps;

const render = async (p: IndicatorDashboardProps) => String(await (<IndicatorDashboard {...p} />).toString());

beforeAll(async () => {
  fx = await writeProject(db);
  props = {
    project: { id: fx.projectId, code: 'AS', name: 'Aktywny Społecznie <script>alert(1)</script>' },
    report: await getIndicators(db, fx.projectId, FINAL_AS_OF),
    trend: await getIndicatorTrend(db, fx.projectId, FINAL_AS_OF),
    groups: Object.fromEntries(DEFAULT_INDICATOR_CONFIG.efficiencyGroups.map((g) => [g.code, g.label])),
    windows: DEFAULT_INDICATOR_CONFIG,
  };
});

describe('indicator dashboard', () => {
  it('renders in Polish: the moment, every indicator with its target, inline SVG charts, no script', async () => {
    const html = await render(props);
    expect(html).toContain('Wskaźniki projektu');
    expect(html).toContain('Stan na: <time datetime="2022-12-31T12:00:00.000Z">31.12.2022 13:00</time>');
    expect(html).toContain('Osoby, które uzyskały kwalifikacje po opuszczeniu programu');
    expect(html).toContain('Efektywność zatrudnieniowa: Pozostałe osoby');
    expect(html).toContain('24,5%'); // 12/49
    expect(html).toContain('nieosiągnięty');
    // one bar and one monthly chart per figure: 6 counts + 2 groups × 2 efficiencies
    expect(html.match(/<svg[^>]*class="indicator-bar"/g)?.length).toBe(10);
    expect(html.match(/<svg[^>]*class="indicator-line"/g)?.length).toBe(10);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('links every number to the participants behind it', async () => {
    const html = await render(props);
    const qualified = props.report.counts.find((c) => c.code === 'qualifications')!.ids;
    expect(qualified).toContain(fx.ids[MINOR]);
    expect(html).toContain(`href="/participants?ids=${qualified.join(',')}"`);
    const supported = fx.idsOf(range(0, 59));
    const link = html.match(/<tr id="indicator-supported">[\s\S]*?href="\/participants\?ids=([^"]+)"/)?.[1];
    expect(link?.split(',').sort()).toEqual([...supported].sort());
  });

  it('leaves a figure of more people than one list link can carry as plain text', async () => {
    const many = Array.from({ length: MAX_FILTER_IDS + 1 }, () => randomUUID());
    const counts = props.report.counts.map((c) => (c.code === 'supported' ? { ...c, value: many.length, ids: many } : c));
    const html = await render({ ...props, report: { ...props.report, counts } });
    const row = html.match(/<tr id="indicator-supported">[\s\S]*?<\/tr>/)?.[0] ?? '';
    expect(row).toContain(`>${many.length}<`);
    expect(row).not.toContain(many[0]);
    expect(html).toContain('href="/participants?ids='); // the other figures keep their links
  });

  it('names the project’s own windows and age of majority in its headings', async () => {
    const html = await render(props);
    expect(html).toContain('Wskaźniki rezultatu (do 28 dni od zakończenia udziału)');
    expect(html).toContain('(do 3 mies. od zakończenia udziału)');
    const other = await render({ ...props, windows: { resultWindowDays: 30, efficiencyWindowMonths: 6, adultAge: 15 } });
    expect(other).toContain('Wskaźniki rezultatu (do 30 dni od zakończenia udziału)');
    expect(other).toContain('(do 6 mies. od zakończenia udziału)');
    expect(other).toContain('poniżej 15 lat przy przystąpieniu');
    expect(await render({ ...props, lang: 'en' })).toContain('Result indicators (within 28 days of leaving)');
  });

  it('speaks English when asked', async () => {
    const html = await render({ ...props, lang: 'en' });
    expect(html).toContain('Project indicators');
    expect(html).toContain('Employment efficiency: Other persons');
    expect(html).not.toContain('Wskaźniki projektu');
  });
});
