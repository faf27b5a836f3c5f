import { barChart } from '../../report/html/charts/bar-chart.js';
import { distributionChart } from '../../report/html/charts/distribution-chart.js';
import { escapeHtml, renderPage, type Figure, type Section } from '../../report/html/page.js';
import type { SweepRunResult } from '../sweep.js';
import { formatInterval, formatPercent, verdictWord } from './risk-format.js';
import type { RiskReport } from './risk-report.js';

/** Incidents and metrics drawn; risk.json and risk.csv have every one. */
export const MAX_RISK_INCIDENTS = 30;
export const MAX_RISK_METRICS = 20;

/**
 * risk.html, the HTML view of `fleetsim run --seeds` (issue 18's report, for risk): a header
 * with each expectation's rate over the seeds, its 95 % Wilson interval and verdict; how often
 * each kind of incident happened, and when it first happened in the runs where it did; and each
 * key metric's distribution over the seeds. Built from risk.json's report and the runs' results
 * alone, so the same scenario and seeds give the same bytes however many workers ran them.
 */
export async function renderRiskHtml(report: RiskReport, results: readonly SweepRunResult[]): Promise<string> {
  const rows = report.expectations.map(
    (e) =>
      `<tr><td>${escapeHtml(e.label)}</td><td>${e.held} of ${e.seeds}</td><td>${formatPercent(e.rate)}</td><td>${formatInterval(e.interval)}</td><td>${verdictWord(e.verdict)}</td><td>${escapeHtml(e.failedSeeds.join(', '))}</td></tr>`,
  );
  const header = [
    `<h1>Risk of ${escapeHtml(report.scenario)} over ${report.seeds.count} seed${report.seeds.count === 1 ? '' : 's'}</h1>`,
    `<p class="description">Seeds ${escapeHtml(report.seeds.list)}; every interval is a 95 % Wilson score interval (docs/risk.md). ${report.passed ? 'No expectation failed.' : 'An expectation failed.'}</p>`,
    report.expectations.length === 0
      ? '<p class="note">The scenario states no expectations.</p>'
      : [
          '<table class="expectations"><thead><tr><th>expectation</th><th>held</th><th>rate</th><th>95 % interval</th><th>verdict</th><th>seeds where it did not hold (first few)</th></tr></thead><tbody>',
          ...rows,
          '</tbody></table>',
        ].join('\n'),
  ].join('\n');

  const expectations: Figure = {
    id: 'expectation-rates',
    title: 'How often each expectation held',
    caption: 'The share of the seeds in which each expectation held; the table above gives its 95 % interval and verdict.',
    chart: barChart(report.expectations.map((e) => ({ label: `#${e.index} ${e.label}`, value: round1(e.rate * 100) })), 'held in % of seeds', (v) => `${v} %`),
    empty: 'The scenario states no expectations.',
  };

  const incidents = report.incidents.slice(0, MAX_RISK_INCIDENTS);
  const incidentLabel = (scope: string, what: string): string => `${scope}: ${what}`;
  const incidentFigures: Figure[] = [
    {
      id: 'incident-rates',
      title: 'How often each kind of incident happened',
      caption: 'The share of the seeds in which each kind of incident happened at least once (risk.json has its 95 % interval).',
      chart: barChart(incidents.map((i) => ({ label: incidentLabel(i.scope, i.what), value: round1(i.rate * 100) })), 'happened in % of seeds', (v) => `${v} %`),
      empty: 'No incident happened in any seed.',
    },
    {
      id: 'incident-first',
      title: 'When each kind of incident first happened',
      caption: 'In each seed where it happened, the time of its first occurrence: the box spans the middle half of the seeds, every point is one seed (hover it).',
      chart: distributionChart(
        incidents.map((i) => ({
          label: incidentLabel(i.scope, i.what),
          values: results.flatMap((r) => r.incidents.filter((x) => x.scope === i.scope && x.code === i.code).map((x) => ({ value: x.atS, label: `seed ${r.seed}` }))),
        })),
        'first occurrence (s into the run)',
      ),
      empty: 'No incident happened in any seed.',
    },
  ];

  const metrics = report.metrics.filter((m) => m.n > 0).slice(0, MAX_RISK_METRICS);
  const metricFigures: Figure[] = metrics.map((m, k) => ({
    id: `metric-${k + 1}`,
    title: m.name,
    caption: `Over the ${m.n} seed${m.n === 1 ? '' : 's'} with a value: p5 ${m.p5}, median ${m.p50}, p95 ${m.p95}. Every point is one seed (hover it).`,
    chart: distributionChart(
      [{ label: m.name, values: results.flatMap((r) => (typeof r.metrics[m.name] === 'number' ? [{ value: r.metrics[m.name]!, label: `seed ${r.seed}` }] : [])) }],
      m.name,
    ),
  }));

  const sections: Section[] = [
    { id: 'expectations', title: 'Expectations', figures: [expectations] },
    {
      id: 'incidents',
      title: 'Incidents',
      ...(report.incidents.length > incidents.length ? { html: `<p class="note">The ${incidents.length} most frequent of ${report.incidents.length} kinds are drawn; risk.json and risk.csv have every one.</p>` } : {}),
      figures: incidentFigures,
    },
    { id: 'metrics', title: 'Key metrics', figures: metricFigures },
  ];
  const footer = '<p>fleetsim run --seeds. Each chart has its data as a table under it.</p>';
  return renderPage({ title: `Risk of ${report.scenario}: fleetsim`, header, sections, footer });
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
