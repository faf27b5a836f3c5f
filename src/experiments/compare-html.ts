import { HOURS_PER_MONTH } from '../model/pricing.js';
import { barChart } from '../report/html/charts/bar-chart.js';
import { timeAxis } from '../report/html/charts/chart.js';
import { lineChart, type XySeries } from '../report/html/charts/line-chart.js';
import { segmentedBarChart } from '../report/html/charts/segmented-bar-chart.js';
import { timeChart } from '../report/html/charts/time-chart.js';
import { duration } from '../report/html/format.js';
import { escapeHtml, renderPage, tableHtml, type Section } from '../report/html/page.js';
import type { NamedSeries, ReportMarker } from '../report/html/report-data.js';
import type { SeriesData } from '../report/html/time-series.js';
import type { CompareResult, VariantResult } from './compare.js';
import { compareTable, seedsSentence } from './compare-report.js';
import type { VariantId } from './compare-variants.js';
import type { VariantTimelineData } from './compare-timeline.js';

/** Slot utilizations the break-even chart draws, from 20 % to 100 %. */
const UTILIZATIONS = Array.from({ length: 17 }, (_, i) => Math.round((0.2 + i * 0.05) * 100) / 100);

/**
 * compare.html: the variants of `fleetsim compare` side by side on shared axes (running tasks,
 * 5xx, VPC addresses and cost over the same time axis; time to serving after the traffic step,
 * the monthly bill and peak addresses as bars) and the break-even chart (monthly cost per task
 * against slot utilization, EC2 against Fargate). `timelines` are the variants' runs over time
 * (compare-timeline.ts), by variant.
 */
export async function renderCompareHtml(r: CompareResult, timelines: ReadonlyMap<VariantId, VariantTimelineData>, command: string): Promise<string> {
  const axis = timeAxis(r.durationS);
  const over = (pick: (t: VariantTimelineData) => SeriesData): NamedSeries[] => r.variants.flatMap((v) => {
    // A run with --sidecar's mesh shares its variant's id; its timeline is not kept.
    const t = v.variant.mesh === undefined ? timelines.get(v.variant.id) : undefined;
    return t === undefined ? [] : [{ name: v.variant.label, ...pick(t) }];
  });
  const stepAtS = r.variants.find((v) => v.stepAtS !== null)?.stepAtS ?? null;
  // The optional categories get a segment when some variant has them (NAT/endpoints, EBS volumes).
  const withNetwork = r.variants.some((v) => v.cost.monthly.byCategory.network !== undefined);
  const withStorage = r.variants.some((v) => v.cost.monthly.byCategory.storage !== undefined);
  const markers: ReportMarker[] = stepAtS === null ? [] : [{ atS: stepAtS, kind: 'scale', label: 'step', text: 'the first increase of the offered load' }];
  const usd = (x: number): string => `$${Math.round(x).toLocaleString('en-US')}`;
  const sections: Section[] = [
    {
      id: 'over-time',
      title: 'Over time, on shared axes',
      figures: [
        { id: 'compare-running', title: 'Running tasks', caption: "RUNNING tasks of the workload's services in each variant, at each timeline sample.", chart: timeChart({ series: over((t) => t.running), axis, yTitle: 'running tasks', steps: true, integer: true, markers }) },
        { id: 'compare-errors', title: '5xx per minute', caption: 'Target and ELB 5XX of the workload per minute, in each variant.', chart: timeChart({ series: over((t) => t.errors), axis, yTitle: '5xx per minute', markers }) },
        { id: 'compare-addresses', title: 'VPC addresses in use', caption: 'Addresses allocated over every subnet (instances, trunk and task ENIs, pods, the VPC CNI warm pool), at each timeline sample.', chart: timeChart({ series: over((t) => t.addresses), axis, yTitle: 'addresses', steps: true, integer: true, markers }) },
        { id: 'compare-cost', title: 'Cost accumulated', caption: 'USD accrued by each variant while it runs (src/report/cost-accrual.ts; the bill adds billing minimums).', chart: timeChart({ series: over((t) => t.costUsd), axis, yTitle: 'USD' }) },
      ],
    },
    {
      id: 'per-variant',
      title: 'Per variant',
      figures: [
        {
          id: 'compare-time-to-serving',
          title: 'Traffic step to the first new task serving',
          caption: `From the first increase of the offered load to the median new task of the first scale-out serving (scaling.csv's total).${notServing(r.variants)}`,
          chart: barChart(r.variants.filter((v) => v.scaleOutS !== null).map((v) => ({ label: v.variant.label, value: Math.round(v.scaleOutS! * 10) / 10 })), 'seconds', (x) => `${x} s`),
          empty: stepAtS === null ? 'The workload has no traffic step.' : 'No variant scaled out after the step.',
        },
        {
          id: 'compare-monthly-cost',
          title: 'Cost per month',
          caption: `Each variant's monthly projection by category: the last ${duration(r.windowS)} of its run scaled to ${HOURS_PER_MONTH} hours (docs/costs.md).`,
          chart: segmentedBarChart({
            rows: r.variants.map((v) => {
              const m = v.cost.monthly.byCategory;
              const optional = [...(withNetwork ? [m.network ?? 0] : []), ...(withStorage ? [m.storage ?? 0] : [])];
              return { label: v.variant.label, values: [m.compute, m.controlPlane, m.loadBalancer, m.dataTransfer, ...optional], total: usd(v.cost.monthly.totalUsd) };
            }),
            segments: [
              { name: 'compute', short: 'compute' },
              { name: 'control plane', short: 'ctl' },
              { name: 'load balancer', short: 'alb' },
              { name: 'data transfer', short: 'data' },
              ...(withNetwork ? [{ name: 'NAT gateways and VPC endpoints', short: 'net' }] : []),
              ...(withStorage ? [{ name: 'EBS volumes', short: 'ebs' }] : []),
            ],
            valueTitle: 'USD per month',
            unit: ' USD',
            totalTitle: 'total USD per month',
          }),
        },
        {
          id: 'compare-addresses-peak',
          title: 'VPC addresses in use at the peak',
          caption: 'The most addresses allocated at once over the subnets.',
          chart: barChart(r.variants.map((v) => ({ label: v.variant.label, value: v.ipsPeak })), 'addresses', (x) => String(x)),
        },
      ],
    },
    {
      id: 'break-even',
      title: 'Break-even: EC2 against Fargate',
      figures: [
        {
          id: 'compare-break-even',
          title: 'Monthly cost per task against slot utilization',
          caption: `EC2 costs its instance price over the tasks it holds (${r.breakEvens.map((b) => `${b.tasksPerInstance} per ${b.instanceType}`)[0] ?? ''} when full), so a task's share falls as the instances' task slots fill; Fargate costs the same per task at any utilization. The dashed rules mark where each pair costs the same. Fixed costs (the EKS control plane) are left out here; compare.md counts them.`,
          chart: lineChart({ ...breakEvenSeries(r), xTitle: 'slot utilization', yTitle: 'USD per task per month', xFormat: '.0%', yFormat: '$,.0f' }),
        },
      ],
    },
  ];
  const t = compareTable(r);
  const strip = (s: string): string => s.replace(/\*\*/g, '');
  const header = [
    `<h1>${escapeHtml(r.workload)}: ECS vs EKS, simulated</h1>`,
    `<p class="description">The workload run on each platform with the same traffic and ${duration(r.durationS)} simulated; each figure is ${escapeHtml(seedsSentence(r))}. EC2 variants on ${escapeHtml(r.instanceType)}. ${r.seeds.length === 1 ? '' : `The charts over time draw each variant's run with seed ${escapeHtml(r.seeds[0]!)}; the bars are the medians. `}Regenerate with <code>${escapeHtml(command)}</code>.</p>`,
    tableHtml({ columns: t.header.map(strip), rows: t.rows.map((row) => row.map(strip)) }),
  ].join('\n');
  const footer = '<p>fleetsim compare. Times are simulated time from the start of each run; every variant runs the same traffic with the same seeds. Hover a mark for its value; each chart has its data as a table under it.</p>';
  return renderPage({ title: `${r.workload}: fleetsim compare`, header, sections, footer });
}

/** The break-even lines: each EC2 variant's cost per task-month at each utilization, and each Fargate price; rules where pairs cross. */
function breakEvenSeries(r: CompareResult): { series: XySeries[]; rules: { x: number; label: string }[] } {
  const series = new Map<string, XySeries>();
  const rules: { x: number; label: string }[] = [];
  // The last comparison adds the EKS control plane, a fixed cost a per-task chart cannot show.
  for (const b of r.breakEvens.slice(0, 3)) {
    if (b.tasksPerInstance === 0) continue;
    const [ec2, fargate] = b.label.split(' vs ') as [string, string];
    if (!series.has(ec2)) series.set(ec2, { name: ec2, x: UTILIZATIONS, y: UTILIZATIONS.map((u) => round2((b.instanceHourlyUsd / (b.tasksPerInstance * u)) * HOURS_PER_MONTH)) });
    if (!series.has(fargate)) series.set(fargate, { name: fargate, x: UTILIZATIONS, y: UTILIZATIONS.map(() => round2(b.fargateTaskHourlyUsd * HOURS_PER_MONTH)) });
    if (b.utilization <= 1) rules.push({ x: Math.round(b.utilization * 1000) / 1000, label: `${ec2} = ${fargate} at ${Math.round(b.utilization * 100)} %` });
  }
  return { series: [...series.values()], rules };
}

function notServing(variants: readonly VariantResult[]): string {
  const none = variants.filter((v) => v.stepAtS !== null && v.scaleOutS === null).map((v) => v.variant.label);
  return none.length === 0 ? '' : ` No new task served after the step in: ${none.join(', ')}.`;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
