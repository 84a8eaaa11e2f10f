// The director's report of a project's indicators as a PDF: the moment, every figure against its target or
// threshold (met or not), and each figure's chart over the project's months against its target line with
// its month-end values written under it (the same geometry as the dashboard: documents/chart.ts).
// A pure function of the dashboard's data; server/services/indicators.ts loads, scopes and audits it.
import type { CountFigure, IndicatorReport, ShareFigure } from '../domain/indicators';
import type { IndicatorWindows } from '../domain/project';
import { translator, type Locale, type Translate } from '../i18n';
import { formatDateTime } from '../i18n/format';
import { chartGeometry, countLabel, countSeries, monthLabel, percent, shareLabel, shareSeries, type ChartBox, type ChartPoint } from './chart';
import { renderPdf, type Pdf } from './pdf';

export interface IndicatorReportDocument {
  project: { code: string; name: string };
  report: IndicatorReport;
  trend: { month: string; report: IndicatorReport }[];
  groups: Record<string, { pl: string; en: string }>;
  windows: IndicatorWindows;
  computedAt: Date;
}

const BOX: ChartBox = { width: 483, height: 120, left: 40, bottom: 18, top: 6, right: 8 };

interface Item {
  label: string;
  value: string;
  goal: string;
  judged: string;
  points: ChartPoint[];
  goalValue: number | null;
  share: boolean;
}

const countItem = (t: Translate, trend: IndicatorReportDocument['trend'], f: CountFigure): Item => ({
  label: countLabel(t, f),
  value: String(f.value),
  goal: f.target === null ? t('indicators.noTarget') : String(f.target),
  judged: f.met === null ? '' : f.met ? t('indicators.met') : t('indicators.notMet'),
  points: countSeries(trend, f),
  goalValue: f.target,
  share: false,
});

function shareItem(t: Translate, doc: IndicatorReportDocument, f: ShareFigure, lang: Locale): Item {
  const noThreshold = f.threshold === null;
  return {
    label: shareLabel(t, f, doc.groups[f.group]?.[lang] ?? f.group),
    value: `${percent(f.value)} (${f.ids.length} / ${f.baseIds.length})`,
    goal: noThreshold ? t('indicators.noThreshold') : `≥ ${percent(f.threshold)}`,
    judged: noThreshold ? t('indicators.noThreshold') : f.met === null ? t('indicators.noBase') : f.met ? t('indicators.met') : t('indicators.notMet'),
    points: shareSeries(doc.trend, f),
    goalValue: f.threshold,
    share: true,
  };
}

function drawChart(doc: Pdf, item: Item, x0: number, y0: number): void {
  const g = chartGeometry(item.points, item.goalValue, { share: item.share, box: BOX });
  const fmt = (v: number | null) => (item.share ? percent(v) : v === null ? '–' : String(v));
  doc.save().translate(x0, y0);
  doc.fontSize(7).fillColor('#374151');
  for (const tk of g.yTicks) {
    doc.moveTo(g.plot.x0, tk.y).lineTo(g.plot.x1, tk.y).lineWidth(0.5).strokeColor('#e5e7eb').stroke();
    doc.text(fmt(tk.value), 0, tk.y - 3, { width: g.plot.x0 - 4, align: 'right', lineBreak: false });
  }
  doc.moveTo(g.plot.x0, g.plot.y1).lineTo(g.plot.x0, g.plot.y0).lineTo(g.plot.x1, g.plot.y0).lineWidth(0.8).strokeColor('#6b7280').stroke();
  for (const tk of g.xTicks) doc.text(monthLabel(tk.month), tk.x - 20, g.plot.y0 + 4, { width: 40, align: 'center', lineBreak: false });
  if (g.goalY !== null) doc.moveTo(g.plot.x0, g.goalY).lineTo(g.plot.x1, g.goalY).lineWidth(1).dash(4, { space: 3 }).strokeColor('#b91c1c').stroke().undash();
  for (const line of g.lines) {
    const [first, ...rest] = line;
    if (!first) continue;
    doc.moveTo(first.x, first.y);
    for (const p of rest) doc.lineTo(p.x, p.y);
    doc.lineWidth(1.5).strokeColor('#1d4ed8').stroke();
  }
  for (const d of g.dots) doc.circle(d.x, d.y, 1.6).fillColor('#1d4ed8').fill();
  doc.restore();
  doc.fillColor('black');
}

/** One figure: its line (value, goal, judgement), its chart, its month-end values. */
function drawItem(doc: Pdf, t: Translate, item: Item): void {
  const left = doc.page.margins.left;
  const need = 40 + BOX.height + 30;
  if (doc.y + need > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.font('bold').fontSize(10).text(item.label, left);
  doc.font('regular').fontSize(9).text(`${t('indicators.value')}: ${item.value} · ${item.share ? t('indicators.threshold') : t('indicators.target')}: ${item.goal}${item.judged ? ` · ${item.judged}` : ''}`);
  const y = doc.y + 4;
  drawChart(doc, item, left, y);
  doc.y = y + BOX.height + 4;
  const fmt = (v: number | null) => (item.share ? percent(v) : v === null ? '–' : String(v));
  doc.fontSize(7).text(`${t('indicators.monthly')}: ${item.points.map((p) => `${monthLabel(p.month)}: ${fmt(p.value)}`).join(' · ')}`, left, doc.y, { width: BOX.width });
  doc.moveDown(0.8);
}

export async function indicatorReportPdf(data: IndicatorReportDocument, lang: Locale = 'pl'): Promise<Buffer> {
  const t = translator(lang);
  const title = `${t('indicators.pdfTitle')}: ${data.project.code}`;
  return renderPdf({ title }, (doc) => {
    doc.font('bold').fontSize(15).text(t('indicators.pdfTitle'));
    doc.font('regular').fontSize(10).text(`${data.project.code} – ${data.project.name}`);
    doc.text(`${t('indicators.asOf')}: ${formatDateTime(data.report.asOf)}. ${t('indicators.computedAt')}: ${formatDateTime(data.computedAt)}.`);
    doc.fontSize(8).fillColor('#374151').text(t('indicators.computedNote')).fillColor('black');
    doc.moveDown(0.6);
    const section = (heading: string, items: Item[]) => {
      if (!items.length) return;
      if (doc.y + 80 > doc.page.height - doc.page.margins.bottom) doc.addPage();
      doc.font('bold').fontSize(12).text(heading, doc.page.margins.left);
      doc.moveDown(0.3);
      for (const item of items) drawItem(doc, t, item);
    };
    const counts = (kind: CountFigure['kind']) => data.report.counts.filter((f) => f.kind === kind).map((f) => countItem(t, data.trend, f));
    section(t('indicators.product'), counts('product'));
    section(t('indicators.result', { days: data.windows.resultWindowDays }), counts('result'));
    section(
      t('indicators.efficiency', { months: data.windows.efficiencyWindowMonths }),
      data.report.efficiency.map((f) => shareItem(t, data, f, lang)),
    );
    if (data.report.efficiency.some((f) => f.threshold === null)) doc.fontSize(8).text(t('indicators.noThresholdNote'), doc.page.margins.left);
  });
}
