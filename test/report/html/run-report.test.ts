import { describe, expect, it } from 'vitest';
import { produceRunOutputs, writeReportHtml, type RunOutputOptions, type RunOutputs } from '../../../src/experiments/run-outputs.js';
import type { NamedSeries, RunReportData } from '../../../src/report/html/report-data.js';
import { parseReportData, REPORT_FORMAT } from '../../../src/report/html/report-data.js';
import { MAX_POINTS } from '../../../src/report/html/time-series.js';
import type { TextSink } from '../../../src/report/text-sink.js';
import { loadSpec } from '../../support/scenario-runner.js';

/** A run's outputs in memory: the files' text by name, and what produceRunOutputs returned. */
function run(file: string, options: RunOutputOptions = {}): { files: Map<string, string>; outputs: RunOutputs & { report: RunReportData } } {
  const files = new Map<string, string>();
  const open = (name: string): TextSink => ({ write: (chunk: string) => void files.set(name, (files.get(name) ?? '') + chunk) });
  const outputs = produceRunOutputs(loadSpec(file), options, open);
  if (outputs.report === null) throw new Error('no report');
  return { files, outputs: { ...outputs, report: outputs.report } };
}

async function html(report: RunReportData): Promise<string> {
  let out = '';
  await writeReportHtml(report, () => ({ write: (chunk: string) => void (out += chunk) }));
  return out;
}

const series = (list: readonly NamedSeries[], name: string): NamedSeries => {
  const s = list.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no series ${name} in ${list.map((x) => x.name).join(', ')}`);
  return s;
};
const last = (s: { v: readonly number[] }): number => s.v[s.v.length - 1]!;

describe('report.json: the data report.html draws, recorded from the trace', () => {
  const quickstart = run('scenarios/quickstart.yaml');
  const data = quickstart.outputs.report;

  it('is what report.json holds, and reads back', () => {
    expect(JSON.parse(quickstart.files.get('report.json')!)).toEqual(data);
    expect(data.format).toBe(REPORT_FORMAT);
    const parsed = parseReportData(quickstart.files.get('report.json')!);
    expect(parsed.ok && parsed.value).toEqual(data);
  });

  it('agrees with the summary on the service: 6 desired, 18 after the scale-out, 9 at the end', () => {
    const web = data.services[0]!;
    expect(web.name).toBe('web');
    const desired = series(web.tasks, 'desired');
    const running = series(web.tasks, 'running');
    expect(desired.v[0]).toBe(6);
    expect(Math.max(...running.v)).toBe(18);
    expect(last(desired)).toBe(9);
    expect(last(running)).toBe(quickstart.outputs.summary.services[0]!.finalCounts.RUNNING);
    // The scenario's two scale events are markers at 5 and 15 minutes.
    expect(web.markers.filter((m) => m.kind === 'scale').map((m) => [m.atS, m.label])).toEqual([
      [300, 'S'],
      [900, 'S'],
    ]);
  });

  it('counts every task that started in each phase it went through', () => {
    const h = data.services[0]!.startup;
    const total = (phase: string): number => h.counts[h.phases.indexOf(phase)]!.reduce((a, b) => a + b, 0);
    const started = quickstart.outputs.summary.services[0]!.startupS.count;
    expect(started).toBeGreaterThan(0);
    expect(total('scheduling')).toBe(started);
    expect(total('provisioning')).toBe(started);
    expect(total('container start')).toBe(started);
    expect(total('load balancer')).toBe(0);
  });

  it('draws three m5.xlarge on-demand instances, one per AZ, and CPU capacity of 12 vCPU', () => {
    expect(last(series(data.cluster.byCapacityType, 'on-demand'))).toBe(3);
    expect(last(series(data.cluster.byInstanceType, 'm5.xlarge'))).toBe(3);
    expect(data.cluster.byAz.map((s) => [s.name, last(s)])).toEqual([
      ['us-east-1a', 1],
      ['us-east-1b', 1],
      ['us-east-1c', 1],
    ]);
    expect(last(series(data.cluster.cpu, 'capacity'))).toBe(12);
  });

  it('accrues the same cost as the bill when no billing minimum applies, and projects the same month', () => {
    const accrued = data.cost.accumulated.reduce((a, s) => a + last(s), 0);
    expect(accrued).toBeCloseTo(data.cost.runUsd, 2);
    expect(data.cost.monthly.reduce((a, m) => a + m.usd, 0)).toBeCloseTo(data.cost.monthlyUsd, 1);
  });

  it('lists incidents in time order, numbered from 1, and marks each on its service chart', () => {
    const story = run('scenarios/war-stories/ecs-task-that-wouldnt-die.yaml').outputs.report;
    expect(story.incidents.length).toBeGreaterThan(0);
    expect(story.incidents.map((i) => i.id)).toEqual(story.incidents.map((_, k) => k + 1));
    for (let k = 1; k < story.incidents.length; k++) expect(story.incidents[k]!.atS).toBeGreaterThanOrEqual(story.incidents[k - 1]!.atS);
    for (const i of story.incidents.filter((x) => x.service !== null)) {
      const markers = story.services.find((s) => s.name === i.service)!.markers;
      expect(markers).toContainEqual({ atS: i.atS, kind: 'incident', label: String(i.id), text: i.what });
    }
  });

  it('counts ENIs per instance: the primary plus one per awsvpc task (c5.large: at most 2 tasks)', () => {
    const eni = run('scenarios/failure-modes/eni-trunking-limit.yaml').outputs.report.network.enisPerHost;
    expect(last(series(eni, 'max'))).toBe(3);
    expect(last(series(eni, 'mean'))).toBe(3);
  });

  it('splits Fargate tasks by capacity provider, as the cluster state counts them', () => {
    const { outputs } = run('scenarios/capacity/fargate-spot-strategy.yaml');
    const live = (provider: string): number => [...outputs.result.state.services.values()].reduce((a, s) => a + (s.tasksPerCapacityProvider.get(provider) ?? 0), 0);
    const byType = outputs.report.cluster.byCapacityType;
    expect(last(series(byType, 'Fargate'))).toBe(live('FARGATE'));
    expect(last(series(byType, 'Fargate Spot'))).toBe(live('FARGATE_SPOT'));
    expect(live('FARGATE_SPOT')).toBeGreaterThan(0);
  });

  it('keeps at most MAX_POINTS points per line however long the run', () => {
    const long = run('scenarios/quickstart.yaml', { untilMs: 4 * 3600_000, events: false }).outputs.report;
    const lines = [...long.services.flatMap((s) => s.tasks), ...long.cluster.cpu, ...long.cost.accumulated, ...long.network.freeAddresses];
    expect(lines.length).toBeGreaterThan(0);
    // 4 h of 10 s samples is 1,441 samples.
    expect(Math.max(...lines.map((s) => s.t.length))).toBeLessThanOrEqual(MAX_POINTS);
    expect(Math.max(...series(long.services[0]!.tasks, 'running').v)).toBe(18);
  });
});

describe('report.html', () => {
  const quickstart = run('scenarios/quickstart.yaml').outputs.report;

  it('is one self-contained page: no script, nothing fetched, every chart an inline SVG with its data table', async () => {
    const page = await html(quickstart);
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    // The only URLs are SVG's namespaces.
    expect([...page.matchAll(/https?:\/\/[^\s"']+/g)].map((m) => m[0]).filter((u) => !u.startsWith('http://www.w3.org/'))).toEqual([]);
    const figures = [...page.matchAll(/<figure id="([^"]+)"/g)].map((m) => m[1]);
    expect(figures).toEqual(expect.arrayContaining(['svc-1-tasks', 'svc-1-startup', 'cluster-capacity-type', 'cluster-instance-types', 'cluster-azs', 'cluster-cpu', 'cluster-memory', 'scaling-gantt', 'cost-accumulated', 'cost-monthly']));
    expect(page.match(/<svg /g)!.length).toBe(page.match(/<summary>Data table<\/summary>/g)!.length);
    // Hover text: marks carry SVG titles.
    expect(page).toMatch(/<title>S: desiredCount 6 -&gt; 18/);
  });

  it('is byte-identical for the same data, whatever was rendered before it in the process', async () => {
    const first = await html(quickstart);
    await html(run('scenarios/war-stories/eks-ip-exhaustion.yaml').outputs.report);
    expect(await html(quickstart)).toBe(first);
    expect(await html(JSON.parse(JSON.stringify(quickstart)) as RunReportData)).toBe(first);
  });

  it('marks failed expectations as FAIL in words, not only in colour', async () => {
    const failed: RunReportData = { ...quickstart, passed: false, expectations: quickstart.expectations.map((e, i) => (i === 0 ? { ...e, passed: false } : e)) };
    const page = await html(failed);
    expect(page).toMatch(/<li class="fail"><span class="badge">FAIL<\/span>at 4m: web running = 6/);
    expect(page).toMatch(/expectations<\/dt><dd>1 failed/);
  });
});
