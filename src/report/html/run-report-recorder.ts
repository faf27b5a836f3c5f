import type { FleetEvent, TimelineSample } from '../../model/events/index.js';
import type { ServiceSpec, SimulationSpec } from '../../model/simulation-spec.js';
import type { CostResult } from '../cost.js';
import { CostAccrual } from '../cost-accrual.js';
import { describeEvent } from '../describe/index.js';
import { handlersListener, type EventHandlers } from '../event-handlers.js';
import type { ScaleOutRow } from '../scaling-timeline.js';
import type { RunSummary } from '../summary.js';
import { EniCount } from './eni-count.js';
import { clock } from './format.js';
import { HostMix } from './host-mix.js';
import { REPORT_FORMAT, type GanttRow, type MarkerKind, type NamedSeries, type ReportIncident, type ReportMarker, type RunReportData, type ServiceReport } from './report-data.js';
import { StartupPhases } from './startup-phases.js';
import { needsStartPlan } from '../../model/container-start.js';
import { MAX_POINTS, TimeSeries } from './time-series.js';

/**
 * Services shown in detail (the first ones of the scenario); the others are in the CSVs and the
 * all-services chart. Each section is six charts, and each chart costs Vega tens of milliseconds
 * to draw: four keeps the report of a day on 10,000 hosts within its time budget (results/bench.md).
 */
export const MAX_SERVICE_SECTIONS = 4;
/** Markers of one kind on one chart: the first ones. */
export const MAX_MARKERS_PER_KIND = 40;
/** Incidents listed in the header: the first ones. */
export const MAX_INCIDENTS = 100;
/** Lines of a chart by category (instance types): the most numerous at their peak. */
export const MAX_CATEGORY_LINES = 8;
/** Subnets drawn: those that came closest to running out of addresses. */
export const MAX_SUBNET_LINES = 12;
/** Scale-outs in the scaling Gantt: the first ones. */
export const MAX_GANTT_ROWS = 40;

const DOWNSAMPLING = `Charts draw at most ${MAX_POINTS} points per line: a longer series is cut into ${MAX_POINTS / 2} equal time buckets, each keeping its lowest and highest sample (spikes survive). The CSVs keep every sample.`;

/** What the recorder needs from the run's other writers when the run has ended. */
export interface RunReportInputs {
  readonly summary: RunSummary;
  /** Every scale-out (ScalingTimeline.finish). */
  readonly scaleOuts: readonly ScaleOutRow[];
  readonly bill: CostResult;
}

interface ServiceSeries {
  readonly spec: ServiceSpec;
  readonly tasks: { readonly desired: TimeSeries; readonly running: TimeSeries; readonly pending: TimeSeries; readonly unplaced: TimeSeries };
  readonly traffic: { readonly requests: TimeSeries; readonly target5xx: TimeSeries; readonly elb5xx: TimeSeries; readonly responseTimeMs: TimeSeries; readonly cpuPercent: TimeSeries } | null;
  readonly markers: Map<MarkerKind, ReportMarker[]>;
  markersOmitted: number;
}

/**
 * Records report.json's data from the trace while the run goes (a listener like the CSV writers):
 * the timeline samples and minutes of traffic as downsampled series (time-series.ts), markers
 * for deployments, scale events and faults, the start-up phases, what the cluster runs on, ENIs
 * per instance and the cost as it accrues. `finish` adds what the other writers computed (the
 * summary's expectations and incidents, the scale-outs, the bill) and returns the data.
 *
 * Per event it does O(1) work (O(services + subnets) per timeline sample); what it keeps is
 * bounded by the number of charted points, not by the run's length.
 */
export class RunReportRecorder {
  private readonly services = new Map<string, ServiceSeries>();
  private readonly allServices: { desired: TimeSeries; running: TimeSeries; pending: TimeSeries; unplaced: TimeSeries };
  private readonly cpu: { capacity: TimeSeries; allocated: TimeSeries };
  private readonly memory: { capacity: TimeSeries; allocated: TimeSeries };
  private readonly subnets = new Map<string, { free: TimeSeries; freePrefixes: TimeSeries; minFree: number }>();
  private readonly categories = { capacityType: new Map<string, TimeSeries>(), instanceType: new Map<string, TimeSeries>(), az: new Map<string, TimeSeries>(), cost: new Map<string, TimeSeries>() };
  private readonly enis: { max: TimeSeries; mean: TimeSeries };
  private readonly clusterMarkers = new Map<MarkerKind, ReportMarker[]>();
  private clusterMarkersOmitted = 0;
  private readonly startup: StartupPhases;
  private readonly hostMix: HostMix;
  private readonly eniCount = new EniCount();
  private readonly costAccrual: CostAccrual;
  private readonly samples: number;
  private readonly minutes: number;
  private lastSampleMs = -1;

  constructor(
    private readonly spec: SimulationSpec,
    private readonly durationMs: number,
  ) {
    this.samples = Math.floor(durationMs / spec.sampleIntervalMs) + 2;
    this.minutes = Math.floor(durationMs / 60_000) + 2;
    for (const s of spec.services.slice(0, MAX_SERVICE_SECTIONS)) {
      this.services.set(s.name, {
        spec: s,
        tasks: { desired: this.sampleSeries(), running: this.sampleSeries(), pending: this.sampleSeries(), unplaced: this.sampleSeries() },
        traffic: s.load === null ? null : { requests: this.minuteSeries(), target5xx: this.minuteSeries(), elb5xx: this.minuteSeries(), responseTimeMs: this.minuteSeries(), cpuPercent: this.minuteSeries() },
        markers: new Map(),
        markersOmitted: 0,
      });
    }
    this.allServices = { desired: this.sampleSeries(), running: this.sampleSeries(), pending: this.sampleSeries(), unplaced: this.sampleSeries() };
    this.cpu = { capacity: this.sampleSeries(), allocated: this.sampleSeries() };
    this.memory = { capacity: this.sampleSeries(), allocated: this.sampleSeries() };
    this.enis = { max: this.sampleSeries(), mean: this.sampleSeries() };
    const ordered = spec.services.some((s) => needsStartPlan(s.taskDefinition.containers));
    this.startup = new StartupPhases(new Map([...this.services.values()].map((s) => [s.spec.name, s.spec.loadBalancer !== null])), ordered);
    this.hostMix = new HostMix(spec.services.some((s) => s.launchType === 'FARGATE'));
    this.costAccrual = new CostAccrual(spec);
    this.listener = handlersListener([this.startup.handlers, this.hostMix.handlers, this.eniCount.handlers, this.costAccrual.handlers, this.handlers]);
  }

  /** What the recorder itself reads, by event type (its parts read the rest). */
  private readonly handlers: EventHandlers = {
    'timeline.sampled': (r) => this.onSample(r.time, r.sample),
    'metrics.minute': (r) => {
      const t = this.services.get(r.service)?.traffic;
      if (t === undefined || t === null) return;
      const m = r.minute;
      t.requests.add(r.time, m.requests);
      t.target5xx.add(r.time, m.target5xx);
      t.elb5xx.add(r.time, m.elb5xx);
      t.responseTimeMs.add(r.time, round(m.targetResponseTimeMs, 1));
      t.cpuPercent.add(r.time, round(m.cpuUtilization, 1));
    },
    'service.deployment-started': (r) => this.serviceMarker(r.service, r.time, 'deployment', 'D', r),
    'service.rollout-state': (r) => this.serviceMarker(r.service, r.time, 'deployment', 'D', r),
    'service.desired-count-changed': (r) => this.serviceMarker(r.service, r.time, 'scale', 'S', r),
    'fault.injected': (r) => {
      if (r.service !== null && this.services.has(r.service)) this.serviceMarker(r.service, r.time, 'fault', 'F', r);
      else if (r.service === null) this.clusterMarker(r.time, r);
    },
    'fault.ended': (r) => this.clusterMarker(r.time, r),
    'dns.resolution-changed': (r) => this.clusterMarker(r.time, r),
    'api.throttled': (r) => this.clusterMarker(r.time, r),
  };

  /**
   * The trace listener: each event goes only to the parts that read its type (one lookup per
   * event, instead of each part switching on it), in the order start-up phases, host mix, ENIs,
   * cost, then the recorder itself (which reads the others' state at each timeline sample).
   */
  readonly listener: (r: FleetEvent) => void;

  /** report.json's data; call once, after the run and the other writers have finished. */
  finish(inputs: RunReportInputs): RunReportData {
    const { summary, scaleOuts, bill } = inputs;
    const { incidents, omitted } = numberedIncidents(summary);
    const services: ServiceReport[] = [];
    for (const [name, s] of this.services) {
      const markers = [...s.markers.values()].flat();
      for (const i of incidents) if (i.service === name) markers.push({ atS: i.atS, kind: 'incident', label: String(i.id), text: i.what });
      services.push({
        name,
        tasks: named(s.tasks),
        markers: markers.sort((a, b) => a.atS - b.atS),
        markersOmitted: s.markersOmitted,
        startup: this.startup.histogram(name),
        traffic:
          s.traffic === null
            ? null
            : {
                requests: s.traffic.requests.data(),
                target5xx: s.traffic.target5xx.data(),
                elb5xx: s.traffic.elb5xx.data(),
                responseTimeMs: s.traffic.responseTimeMs.data(),
                cpuPercent: s.traffic.cpuPercent.data(),
                cpuTarget: cpuTarget(s.spec),
              },
      });
    }
    const instanceTypes = topCategories(this.categories.instanceType, MAX_CATEGORY_LINES);
    const subnets = [...this.subnets.entries()].map(([id, s], order) => ({ id, s, order })).sort((a, b) => a.s.minFree - b.s.minFree || a.order - b.order).slice(0, MAX_SUBNET_LINES).sort((a, b) => a.order - b.order);
    const monthly = new Map<string, number>();
    for (const row of bill.rows) {
      const label = `${row.resource}${row.capacityType === '' ? '' : ` (${row.capacityType})`}`;
      monthly.set(label, (monthly.get(label) ?? 0) + row.monthlyUsd);
    }
    return {
      format: REPORT_FORMAT,
      scenario: this.spec.name,
      description: this.spec.description,
      platform: this.spec.cluster.platform,
      seed: summary.seed,
      durationS: summary.durationS,
      events: summary.events,
      passed: summary.passed,
      expectations: summary.expectations,
      incidents,
      incidentsOmitted: omitted,
      clusterMarkers: [...this.clusterMarkers.values()].flat().sort((a, b) => a.atS - b.atS),
      clusterMarkersOmitted: this.clusterMarkersOmitted,
      services,
      servicesTotal: this.spec.services.length,
      allServices: named(this.allServices),
      cluster: {
        byCapacityType: namedCategories(this.categories.capacityType),
        byInstanceType: instanceTypes.kept,
        instanceTypesOmitted: instanceTypes.omitted,
        byAz: namedCategories(this.categories.az),
        cpu: named(this.cpu),
        memory: named(this.memory),
      },
      network: {
        freeAddresses: subnets.map(({ id, s }) => ({ name: id, ...s.free.data() })),
        freePrefixes: subnets.map(({ id, s }) => ({ name: id, ...s.freePrefixes.data() })),
        subnetsOmitted: Math.max(0, this.subnets.size - MAX_SUBNET_LINES),
        enisPerHost: this.eniCount.seen ? named(this.enis) : [],
      },
      scaling: { rows: scaleOuts.slice(0, MAX_GANTT_ROWS).map(ganttRow), total: scaleOuts.length },
      cost: {
        accumulated: namedCategories(this.categories.cost),
        monthly: [...monthly].map(([label, usd]) => ({ label, usd: round(usd, 2) })),
        runUsd: bill.summary.totalUsd,
        monthlyUsd: bill.summary.monthly.totalUsd,
        method: bill.summary.monthly.method,
      },
      downsampling: DOWNSAMPLING,
    };
  }

  private onSample(time: number, sample: TimelineSample): void {
    let desired = 0;
    let running = 0;
    let pending = 0;
    let unplaced = 0;
    for (const s of sample.services) {
      desired += s.desired;
      running += s.running;
      pending += s.pending;
      unplaced += s.unplaced;
      const shown = this.services.get(s.name);
      if (shown === undefined) continue;
      shown.tasks.desired.add(time, s.desired);
      shown.tasks.running.add(time, s.running);
      shown.tasks.pending.add(time, s.pending);
      shown.tasks.unplaced.add(time, s.unplaced);
    }
    this.allServices.desired.add(time, desired);
    this.allServices.running.add(time, running);
    this.allServices.pending.add(time, pending);
    this.allServices.unplaced.add(time, unplaced);
    this.cpu.capacity.add(time, round(sample.cpuCapacityVcpu, 3));
    this.cpu.allocated.add(time, round(sample.cpuAllocatedVcpu, 3));
    this.memory.capacity.add(time, sample.memoryCapacityMiB);
    this.memory.allocated.add(time, sample.memoryAllocatedMiB);
    for (const sn of sample.subnets) {
      let s = this.subnets.get(sn.id);
      if (s === undefined) this.subnets.set(sn.id, (s = { free: this.sampleSeries(), freePrefixes: this.sampleSeries(), minFree: sn.free }));
      s.free.add(time, sn.free);
      s.freePrefixes.add(time, sn.freePrefixes);
      s.minFree = Math.min(s.minFree, sn.free);
    }
    this.recordCategories(this.categories.capacityType, this.hostMix.byCapacityType, time);
    this.recordCategories(this.categories.instanceType, this.hostMix.byInstanceType, time);
    this.recordCategories(this.categories.az, this.hostMix.byAz, time);
    this.recordCategories(this.categories.cost, this.costAccrual.totalsAt(time), time, 4);
    if (this.eniCount.seen) {
      this.enis.max.add(time, this.eniCount.max());
      this.enis.mean.add(time, round(this.eniCount.mean(), 2));
    }
    this.lastSampleMs = time;
  }

  /** One point per category; a category seen for the first time starts at 0 at the previous sample. */
  private recordCategories(series: Map<string, TimeSeries>, counts: ReadonlyMap<string, number>, time: number, digits = 0): void {
    for (const [key, value] of counts) {
      let s = series.get(key);
      if (s === undefined) {
        series.set(key, (s = this.sampleSeries()));
        if (this.lastSampleMs >= 0 && this.lastSampleMs < time) s.add(this.lastSampleMs, 0);
      }
      s.add(time, round(value, digits));
    }
  }

  private serviceMarker(service: string, time: number, kind: MarkerKind, label: string, r: FleetEvent): void {
    const s = this.services.get(service);
    if (s !== undefined && !addMarker(s.markers, kind, () => ({ atS: time / 1000, kind, label, text: describeEvent(r) }))) s.markersOmitted++;
  }

  private clusterMarker(time: number, r: FleetEvent): void {
    if (!addMarker(this.clusterMarkers, 'fault', () => ({ atS: time / 1000, kind: 'fault', label: 'F', text: describeEvent(r) }))) this.clusterMarkersOmitted++;
  }

  private sampleSeries(): TimeSeries {
    return new TimeSeries(this.samples, this.durationMs);
  }

  private minuteSeries(): TimeSeries {
    return new TimeSeries(this.minutes, this.durationMs);
  }
}

/** Adds a marker of `kind` unless the kind has MAX_MARKERS_PER_KIND already (then `make` is not called); says whether it did. */
function addMarker(markers: Map<MarkerKind, ReportMarker[]>, kind: MarkerKind, make: () => ReportMarker): boolean {
  let list = markers.get(kind);
  if (list === undefined) markers.set(kind, (list = []));
  if (list.length >= MAX_MARKERS_PER_KIND) return false;
  list.push(make());
  return true;
}

/** Every service's incidents and the cluster's faults, in time order (services in summary order on ties), numbered. */
function numberedIncidents(summary: RunSummary): { incidents: ReportIncident[]; omitted: number } {
  const all: Omit<ReportIncident, 'id'>[] = [];
  for (const f of summary.faults ?? []) all.push({ atS: f.atS, lastAtS: f.atS, count: 1, service: null, what: f.detail });
  for (const s of summary.services) for (const i of s.incidents ?? []) all.push({ atS: i.atS, lastAtS: i.lastAtS, count: i.count, service: s.name, what: i.what });
  // A stable sort keeps faults before service incidents at the same instant, services in order.
  all.sort((a, b) => a.atS - b.atS);
  return { incidents: all.slice(0, MAX_INCIDENTS).map((i, k) => ({ id: k + 1, ...i })), omitted: Math.max(0, all.length - MAX_INCIDENTS) };
}

/** The CPU utilization the service scales to: a target tracking policy on CPU, or an HPA CPU utilization target. */
function cpuTarget(s: ServiceSpec): number | null {
  for (const p of s.autoScaling?.policies ?? []) if (p.kind === 'TargetTracking' && p.metric === 'ECSServiceAverageCPUUtilization') return p.targetValue;
  for (const m of s.hpa?.metrics ?? []) if (m.type === 'Resource' && m.name === 'cpu' && m.target.type === 'Utilization') return m.target.averageUtilization;
  return null;
}

function ganttRow(r: ScaleOutRow, i: number): GanttRow {
  return {
    label: `${i + 1}. ${r.service} at ${clock(r.atS)} (${r.from} -> ${r.to})`,
    service: r.service,
    atS: r.atS,
    from: r.from,
    to: r.to,
    detectionS: r.detectionS,
    provisioningS: r.provisioningS,
    imagePullS: r.imagePullS,
    containerStartS: r.containerStartS,
    healthCheckS: r.healthCheckS,
    totalS: r.totalS,
  };
}

function named(series: Readonly<Record<string, TimeSeries>>): NamedSeries[] {
  return Object.entries(series).map(([name, s]) => ({ name, ...s.data() }));
}

function namedCategories(series: ReadonlyMap<string, TimeSeries>): NamedSeries[] {
  return [...series].map(([name, s]) => ({ name, ...s.data() }));
}

/** The `limit` categories with the highest peak (first seen first on ties), in first-seen order. */
function topCategories(series: ReadonlyMap<string, TimeSeries>, limit: number): { kept: NamedSeries[]; omitted: number } {
  const all = namedCategories(series).map((s, order) => ({ s, order, peak: Math.max(0, ...s.v) }));
  const kept = [...all].sort((a, b) => b.peak - a.peak || a.order - b.order).slice(0, limit).sort((a, b) => a.order - b.order);
  return { kept: kept.map((k) => k.s), omitted: all.length - kept.length };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
