import { bandChart, type BandSeries } from '../report/html/charts/band-chart.js';
import { distributionChart } from '../report/html/charts/distribution-chart.js';
import { escapeHtml, renderPage, type Section } from '../report/html/page.js';
import { percentile } from '../report/percentile.js';
import { metricNames, type SweepHeader } from './sweep-report.js';
import { formatSeeds, parameterSetLabel, type SweepRunResult } from './sweep.js';

/** Metrics drawn (in sweep.csv's column order); sweep.csv and sweep.md have every one. */
export const MAX_SWEEP_METRICS = 40;

/**
 * sweep.html, rendered from the run results alone (like sweep.md, so the unsharded sweep and
 * `merge` of its shards write the same bytes): per metric, its distribution across the seeds of
 * each parameter set (a box plot with every run as a point), and, when a swept parameter has
 * numeric values, the metric against that parameter (the median as a line, p5 to p95 as a band,
 * one line per combination of the other parameters).
 */
export async function renderSweepHtml(header: SweepHeader, results: readonly SweepRunResult[]): Promise<string> {
  const seeds = header.seeds.length;
  const sets = seeds === 0 ? 0 : header.totalRuns / seeds;
  const runsOf = (set: number): readonly SweepRunResult[] => results.slice(set * seeds, (set + 1) * seeds);
  const labelOf = (set: number): string => parameterSetLabel(header.parameters, runsOf(set)[0]?.values ?? []);
  const swept = numericParameter(header);
  const metrics = metricNames(results).filter((m) => results.some((r) => typeof r.metrics[m] === 'number'));
  const drawn = metrics.slice(0, MAX_SWEEP_METRICS);
  const sections: Section[] = drawn.map((metric, k) => {
    const distribution = distributionChart(
      Array.from({ length: sets }, (_, set) => ({
        label: labelOf(set),
        values: runsOf(set).flatMap((r) => (typeof r.metrics[metric] === 'number' ? [{ value: r.metrics[metric]!, label: `seed ${r.seed}` }] : [])),
      })),
      metric,
    );
    const figures = [
      {
        id: `metric-${k + 1}-distribution`,
        title: `${metric} across seeds`,
        caption: `Each parameter set's runs: the box spans the middle half of the seeds' values with the median inside, the whiskers reach the lowest and highest; every point is one run (hover it for its seed).`,
        chart: distribution,
      },
    ];
    if (swept !== null) {
      figures.push({
        id: `metric-${k + 1}-band`,
        title: `${metric} against ${header.parameters[swept]!.path}`,
        caption: `The median over the seeds at each value of ${header.parameters[swept]!.path} (line) and the range from p5 to p95 (band)${header.parameters.length > 1 ? ', one line per value of the other parameters' : ''}.`,
        chart: bandChart(bandSeries(header, results, sets, swept, metric), header.parameters[swept]!.path, metric),
      });
    }
    return { id: `metric-${k + 1}`, title: metric, figures };
  });
  const out: string[] = [
    `<h1>Sweep of ${escapeHtml(header.scenario)}</h1>`,
    `<p class="description">Sweep id <code>${escapeHtml(header.sweepId)}</code>: ${header.totalRuns} run${header.totalRuns === 1 ? '' : 's'} = ${sets} parameter set${sets === 1 ? '' : 's'} x ${seeds} seed${seeds === 1 ? '' : 's'} (${escapeHtml(formatSeeds(header.seeds))}).</p>`,
  ];
  if (header.parameters.length > 0) out.push('<ul>', ...header.parameters.map((p) => `<li><code>${escapeHtml(p.path)}</code> = ${escapeHtml(p.values.join(', '))}</li>`), '</ul>');
  if (swept === null && header.parameters.length > 0) out.push('<p class="note">No swept parameter has numeric values only, so no metric is drawn against one.</p>');
  if (metrics.length > drawn.length) out.push(`<p class="note">The first ${drawn.length} of ${metrics.length} metrics are drawn; sweep.csv and sweep.md have every one.</p>`);
  const footer = '<p>fleetsim sweep. Percentiles interpolate linearly between runs, as sweep.md does. Each chart has its data as a table under it.</p>';
  return renderPage({ title: `Sweep of ${header.scenario}: fleetsim`, header: out.join('\n'), sections, footer });
}

/** The first parameter with two or more values, all of them numbers; null when none. */
function numericParameter(header: SweepHeader): number | null {
  const i = header.parameters.findIndex((p) => p.values.length >= 2 && p.values.every((v) => v.trim() !== '' && Number.isFinite(Number(v))));
  return i < 0 ? null : i;
}

/** Per combination of the other parameters' values, the metric's p5/median/p95 over seeds at each value of parameter `swept`. */
function bandSeries(header: SweepHeader, results: readonly SweepRunResult[], sets: number, swept: number, metric: string): BandSeries[] {
  const seeds = header.seeds.length;
  const series = new Map<string, BandSeries['points'][number][]>();
  for (let set = 0; set < sets; set++) {
    const runs = results.slice(set * seeds, (set + 1) * seeds);
    const values = runs[0]?.values ?? [];
    const others = header.parameters.flatMap((p, i) => (i === swept ? [] : [`${p.path}=${values[i]}`])).join(', ');
    const name = others === '' ? metric : others;
    const sorted = runs.flatMap((r) => (typeof r.metrics[metric] === 'number' ? [r.metrics[metric]!] : [])).sort((a, b) => a - b);
    if (sorted.length === 0) continue;
    let points = series.get(name);
    if (points === undefined) series.set(name, (points = []));
    points.push({ x: Number(values[swept]), p5: round3(percentile(sorted, 5)!), p50: round3(percentile(sorted, 50)!), p95: round3(percentile(sorted, 95)!), n: sorted.length });
  }
  return [...series].map(([name, points]) => ({ name, points: points.sort((a, b) => a.x - b.x) }));
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
