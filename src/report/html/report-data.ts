import type { ScaleOutRow } from '../scaling-timeline.js';
import type { ExpectationSummary } from '../summary.js';
import type { SeriesData } from './time-series.js';

/**
 * report.json: everything report.html shows, recorded from the run's trace events (never parsed
 * from another output), already downsampled (time-series.ts). `fleetsim report <dir>` rebuilds
 * report.html from it alone. Times are seconds from the start of the run; money is USD.
 */
export const REPORT_FORMAT = 'fleetsim-report/1';

export interface RunReportData {
  readonly format: typeof REPORT_FORMAT;
  readonly scenario: string;
  readonly description: string;
  readonly platform: 'ecs' | 'eks';
  readonly seed: string;
  readonly durationS: number;
  readonly events: number;
  readonly passed: boolean;
  readonly expectations: readonly ExpectationSummary[];
  /** What went wrong and when, numbered in time order (the header's list; charts mark them by number). */
  readonly incidents: readonly ReportIncident[];
  /** Incidents left out of `incidents` (summary.json has every service's). */
  readonly incidentsOmitted: number;
  /** Faults and control-plane trouble of the whole cluster, marked on every time chart. */
  readonly clusterMarkers: readonly ReportMarker[];
  readonly clusterMarkersOmitted: number;
  /** The services shown in detail, in the scenario's order (at most MAX_SERVICE_SECTIONS). */
  readonly services: readonly ServiceReport[];
  /** How many services the run had. */
  readonly servicesTotal: number;
  /** Desired, running, pending and unplaced summed over every service. */
  readonly allServices: readonly NamedSeries[];
  readonly cluster: ClusterReport;
  readonly network: NetworkReport;
  readonly scaling: ScalingReport;
  readonly cost: CostReportData;
  /** The downsampling rule, as the report states it. */
  readonly downsampling: string;
}

/** A series with its name (the line's label). */
export interface NamedSeries extends SeriesData {
  readonly name: string;
}

export interface ReportIncident {
  /** 1, 2, ...: the marker's label on the charts. */
  readonly id: number;
  readonly atS: number;
  readonly lastAtS: number;
  readonly count: number;
  /** The service it is about; null for a cluster-wide fault. */
  readonly service: string | null;
  readonly what: string;
}

export type MarkerKind = 'deployment' | 'scale' | 'fault' | 'incident';

/** A vertical marker on a time chart. */
export interface ReportMarker {
  readonly atS: number;
  readonly kind: MarkerKind;
  /** Short text drawn at the marker: `D`, `S`, `F` or the incident's number. */
  readonly label: string;
  /** What happened, in ECS/Kubernetes words (the marker's tooltip and its table row). */
  readonly text: string;
}

export interface ServiceReport {
  readonly name: string;
  /** desired, running, pending, unplaced. */
  readonly tasks: readonly NamedSeries[];
  /** Deployments, scale events, the service's faults and incidents (MAX_MARKERS_PER_KIND of each, the first ones). */
  readonly markers: readonly ReportMarker[];
  /** Markers left out (events.csv has them all). */
  readonly markersOmitted: number;
  readonly startup: StartupHistogram;
  /** Per-minute traffic; null for a service without load. */
  readonly traffic: TrafficReport | null;
}

/** How long tasks spent in each start-up phase: task counts per phase and duration bin. */
export interface StartupHistogram {
  readonly phases: readonly string[];
  /** Bin labels, shortest first (`< 1 s`, `1-2 s`, ...). */
  readonly bins: readonly string[];
  /** counts[phase][bin]. */
  readonly counts: readonly (readonly number[])[];
}

export interface TrafficReport {
  readonly requests: SeriesData;
  readonly target5xx: SeriesData;
  readonly elb5xx: SeriesData;
  /** CloudWatch TargetResponseTime (the minute's mean), ms. */
  readonly responseTimeMs: SeriesData;
  /** CPUUtilization, percent of the tasks' reservation (ECS) or requests (EKS). */
  readonly cpuPercent: SeriesData;
  /** The CPU target the service scales to (target tracking or HPA), percent; null without one. */
  readonly cpuTarget: number | null;
}

export interface ClusterReport {
  /** Instances by capacity type (on-demand, spot) and Fargate tasks (Fargate, Fargate Spot). */
  readonly byCapacityType: readonly NamedSeries[];
  /** Instances by instance type: the MAX_CATEGORY_LINES most numerous at their peak. */
  readonly byInstanceType: readonly NamedSeries[];
  readonly instanceTypesOmitted: number;
  readonly byAz: readonly NamedSeries[];
  /** vCPU: capacity and allocated. */
  readonly cpu: readonly NamedSeries[];
  /** MiB: capacity and allocated. */
  readonly memory: readonly NamedSeries[];
}

export interface NetworkReport {
  /** Free addresses per subnet (the MAX_SUBNET_LINES that came closest to running out). */
  readonly freeAddresses: readonly NamedSeries[];
  readonly freePrefixes: readonly NamedSeries[];
  readonly subnetsOmitted: number;
  /** ENIs per instance (primary, ipamd's, task ENIs): the most on one instance, and the mean. */
  readonly enisPerHost: readonly NamedSeries[];
}

/** One scale-out of the scaling Gantt: scaling.csv's row (seconds of each phase from the load change) and its label. */
export type GanttRow = Omit<ScaleOutRow, 'cause' | 'newTasks'> & { readonly label: string };

export interface ScalingReport {
  /** The first MAX_GANTT_ROWS scale-outs (scaling.csv has every one). */
  readonly rows: readonly GanttRow[];
  readonly total: number;
}

export interface CostReportData {
  /** Cumulative USD over the run, by resource and capacity type. */
  readonly accumulated: readonly NamedSeries[];
  /** The monthly projection by resource and capacity type (cost.csv's lines, grouped). */
  readonly monthly: readonly { readonly label: string; readonly usd: number }[];
  readonly runUsd: number;
  readonly monthlyUsd: number;
  readonly method: string;
}

/**
 * report.json's text back as data, for `fleetsim report`: checks that it is JSON of this format
 * with the parts the page reads, and says in a few words what is wrong when it is not.
 */
export function parseReportData(text: string): { ok: true; value: RunReportData } | { ok: false; message: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, message: 'not a fleetsim report (expected a JSON object)' };
  const d = data as Record<string, unknown>;
  if (d.format !== REPORT_FORMAT) return { ok: false, message: `format ${JSON.stringify(d.format ?? null)}, expected ${REPORT_FORMAT}: written by another fleetsim version; run the scenario again` };
  const arrays = ['expectations', 'incidents', 'clusterMarkers', 'services', 'allServices'] as const;
  const objects = ['cluster', 'network', 'scaling', 'cost'] as const;
  for (const key of arrays) if (!Array.isArray(d[key])) return { ok: false, message: `field ${key} is missing or not a list` };
  for (const key of objects) if (typeof d[key] !== 'object' || d[key] === null) return { ok: false, message: `field ${key} is missing or not an object` };
  if (typeof d.scenario !== 'string' || typeof d.durationS !== 'number' || !(d.durationS > 0)) return { ok: false, message: 'field scenario or durationS is missing' };
  return { ok: true, value: data as RunReportData };
}
