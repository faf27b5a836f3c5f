import { getInstanceType } from '../model/catalog/instance-types.js';
import type { CpuArchitecture, InstanceType } from '../model/catalog/instance-type.js';
import {
  billedSeconds,
  BYTES_PER_GB,
  bytesOut,
  commitmentSplit,
  ec2BillingParts,
  ec2OnDemandHourlyUsd,
  fargateHourlyUsd,
  HOURS_PER_MONTH,
  VPC_NETWORK_PRICES,
  lcus,
  type BillingParts,
  type PricingSpec,
  type TrafficTotals,
} from '../model/pricing.js';
import { CPU_SHARES_PER_VCPU } from '../model/resources.js';
import { pricingOf } from '../model/spec-pricing.js';
import type { Platform, SimulationSpec } from '../model/simulation-spec.js';
import { isGatewayEndpoint, natGatewayCount, type EgressSpec } from '../model/network/egress.js';
import type { EgressTransferred } from '../model/events/egress.js';
import type { FleetEvent } from '../model/events/index.js';
import { CsvWriter } from './csv-writer.js';
import type { TextSink } from './text-sink.js';
import { EBS_GB_MONTH_USD, EBS_MINIMUM_BILLED_SECONDS, type EbsVolumeType } from '../model/params/ebs.js';
import type { EfsFileSystemSpec } from '../model/efs.js';
import { EFS_PRICES } from '../model/params/efs.js';

/**
 * The cost of a run, accrued from trace records with AWS's billing rules (docs/costs.md):
 *
 * - EC2 instances: from `host.launched` to `host.terminated` (or the end of the run), per
 *   second, at least 60 s; on-demand at the catalog (or overridden) price, spot at the spot
 *   discount, on-demand usage covered by a commitment (Reserved Instances, Savings Plans) at its
 *   discount. By group (or NodePool), instance type and capacity type.
 * - Fargate tasks and pods: the task definition's vCPU and memory (GB = MiB / 1024) from the
 *   start of the image pull (the task's move to PENDING) to `task.stopped`, per second, at least
 *   60 s; a task stopped before it pulled is not billed, as on AWS. x86 or ARM rates; Fargate
 *   Spot at its discount. By service.
 * - EKS control plane: every hour of the run, per cluster (accrued per second).
 * - Application Load Balancer, one per service with a `loadBalancer`: every hour or partial hour
 *   from the service's creation, plus each clock hour's LCUs from the traffic that hour
 *   (src/model/pricing.ts `lcus`).
 * - Data transfer out: the successful responses' bytes.
 * - EBS volumes (`storage`): each volume's provisioned GB at its type's price per GB-month, from
 *   `volume.provisioned` to `volume.deleted` (or the end of the run), per second, at least 60 s;
 *   by volume type and workload (GiB sizes billed as GB, as EBS does).
 * - EFS file systems (`storage`): the data each stores (`cluster.fileSystems[].storedData`, static
 *   in fleetsim) at the Standard price per GB-month, for the whole run. Elastic throughput's
 *   per-GB read and write charges are left out (fleetsim does not model the app's file I/O).
 * - With `cluster.vpc.egress`: each NAT gateway and each interface endpoint (one per AZ with
 *   subnets) every hour or partial hour of the run; the data they processed (`egress.transferred`:
 *   secrets, ECR's API calls, image layers) per GB; bytes from a shared NAT gateway in another
 *   AZ as cross-AZ transfer, both ways; the S3 gateway endpoint is free (a $0 line shows its GB).
 *
 * The monthly projection scales the steady-state rate of the last part of the run to 730 hours:
 * resources running in the window, at their hourly rates, and the window's traffic; billing
 * minimums and partial-hour charges, which a month of steady running makes negligible, are left
 * out. The window is `pricing.projectionWindow`, by default the last quarter of the run.
 *
 * Consumes trace records only; what a record does not carry (task sizes, launch types, which
 * services have a load balancer) comes from the scenario's spec, which is static.
 */
export type CostCategory = 'compute' | 'control-plane' | 'load-balancer' | 'data-transfer' | 'network' | 'storage';

export const COST_CATEGORIES: readonly CostCategory[] = ['compute', 'control-plane', 'load-balancer', 'data-transfer', 'network', 'storage'];

export interface CostRow {
  readonly category: CostCategory;
  /** What is billed, e.g. `ec2 m5.xlarge`, `fargate 1 vCPU 2 GB`, `eks control plane`, `alb`, `alb lcu`, `data transfer out`. */
  readonly resource: string;
  /** The service (Fargate, load balancer, data transfer), or the group / NodePool (EC2); empty for the cluster. */
  readonly service: string;
  /** on-demand, spot, reserved, savings-plan (EC2 and Fargate); empty where it does not apply. */
  readonly capacityType: string;
  /** Instances, tasks or load balancers billed. */
  readonly count: number;
  /** Billed quantity, in `unit`. */
  readonly usage: number;
  readonly unit: 'instance-hours' | 'task-hours' | 'cluster-hours' | 'ALB-hours' | 'LCU-hours' | 'NAT-gateway-hours' | 'endpoint-hours' | 'GB' | 'GB-months';
  readonly usd: number;
  /** The steady-state rate of this line over a 730-hour month. */
  readonly monthlyUsd: number;
}

/**
 * `network` (NAT gateways, VPC endpoints and the cross-AZ transfer to a shared gateway) is
 * there only when the scenario declares `cluster.vpc.egress`; `storage` (EBS volumes, per
 * GB-month) only when the run provisioned a volume.
 */
export type CostByCategory = Readonly<Record<'compute' | 'controlPlane' | 'loadBalancer' | 'dataTransfer', number>> & { readonly network?: number; readonly storage?: number };

/** `cost` in summary.json. */
export interface CostSummary {
  readonly currency: 'USD';
  /** What the run itself cost. */
  readonly totalUsd: number;
  readonly byCategory: CostByCategory;
  readonly monthly: {
    readonly totalUsd: number;
    readonly byCategory: CostByCategory;
    readonly hoursPerMonth: number;
    /** The steady-state window the projection scales, seconds (ending at the end of the run). */
    readonly windowS: number;
    readonly method: string;
  };
}

export interface CostResult {
  readonly summary: CostSummary;
  readonly rows: readonly CostRow[];
}

/** What the cost report needs from the (static) scenario about one service. */
export interface ServiceBilling {
  readonly fargate: boolean;
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly architecture: CpuArchitecture;
  readonly loadBalancer: boolean;
}

interface HostBill {
  readonly type: InstanceType;
  readonly spot: boolean;
  readonly group: string;
  readonly start: number;
  end: number | null;
}

interface VolumeBill {
  readonly volumeType: EbsVolumeType;
  readonly sizeGiB: number;
  readonly service: string;
  readonly start: number;
  end: number | null;
}

interface TaskBill {
  readonly service: string;
  readonly spot: boolean;
  readonly start: number;
  end: number | null;
}

/** Bytes through the VPC's path, by cost line, with when they moved (for the monthly window). */
export interface Transfer {
  readonly time: number;
  readonly resource: string;
  readonly service: string;
  readonly gb: number;
  readonly perGbUsd: number;
}

interface Minute {
  readonly endMs: number;
  readonly requests: number;
  readonly successful: number;
}

/** Per service, what billing needs to know about it, from the scenario. */
export function serviceBilling(spec: SimulationSpec): Map<string, ServiceBilling> {
  const out = new Map<string, ServiceBilling>();
  for (const s of spec.services) {
    out.set(s.name, {
      fargate: s.launchType === 'FARGATE',
      vcpu: s.taskDefinition.cpu / CPU_SHARES_PER_VCPU,
      memoryMiB: s.taskDefinition.memoryMiB,
      architecture: s.taskDefinition.cpuArchitecture ?? 'x86_64',
      loadBalancer: s.loadBalancer !== null,
    });
  }
  return out;
}

// The EC2 billing split and the spec's pricing live in the model (the expectation checker prices
// instances too); re-exported here, where the cost report's readers look for them.
export { ec2BillingParts, type BillingParts } from '../model/pricing.js';
export { pricingOf } from '../model/spec-pricing.js';

/** A Fargate task's hours: Fargate Spot at its discount, else Fargate split by the commitment. */
export function fargateBillingParts(p: PricingSpec, spot: boolean): BillingParts {
  return spot ? [['fargate-spot', 1, 1 - p.fargate.spotDiscount]] : commitmentSplit(p.commitment, 'fargate').map(([l, sh, mu]) => [l === 'on-demand' ? 'fargate' : `fargate ${l}`, sh, mu] as const);
}

export class CostReport {
  private readonly pricing: PricingSpec;
  private readonly platform: Platform;
  private readonly services = new Map<string, ServiceBilling>();
  private readonly hosts = new Map<string, HostBill>();
  private readonly tasks = new Map<string, TaskBill>();
  private readonly spotTasks = new Set<string>();
  private readonly albCreatedAt = new Map<string, number>();
  private readonly minutes = new Map<string, Minute[]>();
  private readonly egress: EgressSpec | null;
  private readonly transfers: Transfer[] = [];
  private readonly volumes = new Map<string, VolumeBill>();
  /** EFS file systems that store data: billed from the spec (their storage is static in fleetsim). */
  private readonly fileSystems: readonly EfsFileSystemSpec[];

  constructor(spec: SimulationSpec) {
    this.pricing = pricingOf(spec);
    this.platform = spec.cluster.platform;
    this.egress = spec.cluster.egress;
    this.fileSystems = (spec.cluster.fileSystems ?? []).filter((f) => f.storedGiB > 0);
    for (const [name, billing] of serviceBilling(spec)) this.services.set(name, billing);
  }

  readonly listener = (r: FleetEvent): void => {
    switch (r.type) {
      case 'host.launched': {
        const type = getInstanceType(r.instanceType);
        if (type === undefined) throw new Error(`cost report: host.launched ${r.host} names no known instance type`);
        this.hosts.set(r.host, { type, spot: r.capacityType === 'spot', group: r.group, start: r.time, end: null });
        break;
      }
      case 'host.terminated': {
        const h = this.hosts.get(r.host);
        if (h !== undefined && h.end === null) h.end = r.time;
        break;
      }
      case 'service.created':
        if (this.services.get(r.service)?.loadBalancer === true) this.albCreatedAt.set(r.service, r.time);
        break;
      case 'task.created':
        if (r.capacityProvider === 'FARGATE_SPOT') this.spotTasks.add(r.task);
        break;
      case 'task.status-changed':
        // Fargate bills from the start of the image pull: the move to PENDING.
        if (r.to === 'PENDING' && this.services.get(r.service)?.fargate === true && !this.tasks.has(r.task)) {
          this.tasks.set(r.task, { service: r.service, spot: this.spotTasks.has(r.task), start: r.time, end: null });
        }
        break;
      case 'task.stopped': {
        const t = this.tasks.get(r.task);
        if (t !== undefined && t.end === null) t.end = r.time;
        this.spotTasks.delete(r.task);
        break;
      }
      case 'egress.transferred':
        for (const t of egressCharges(r)) this.transfers.push(t);
        break;
      case 'volume.provisioned':
        this.volumes.set(r.volume, { volumeType: r.volumeType, sizeGiB: r.sizeGiB, service: r.service, start: r.time, end: null });
        break;
      case 'volume.deleted': {
        const v = this.volumes.get(r.volume);
        if (v !== undefined && v.end === null) v.end = r.time;
        break;
      }
      case 'metrics.minute': {
        const m = r.minute;
        let list = this.minutes.get(m.service);
        if (list === undefined) this.minutes.set(m.service, (list = []));
        list.push({ endMs: m.endMs, requests: m.requests, successful: Math.max(0, m.requests - m.target5xx - m.elb5xx) });
        break;
      }
    }
  };

  /** The bill at `endMs` (the end of the run): the lines of cost.csv and summary.json's `cost`. */
  finish(endMs: number): CostResult {
    const p = this.pricing;
    const windowMs = Math.min(endMs, Math.max(1, p.projectionWindowMs ?? endMs / 4));
    const windowStart = endMs - windowMs;
    const monthFactor = (HOURS_PER_MONTH * 3_600_000) / windowMs;
    const overlap = (start: number, end: number): number => Math.max(0, Math.min(end, endMs) - Math.max(start, windowStart));
    const rows = new Map<string, { row: Omit<CostRow, 'count' | 'usage' | 'usd' | 'monthlyUsd'>; ids: Set<string>; usage: number; usd: number; monthlyUsd: number }>();
    const add = (row: Omit<CostRow, 'count' | 'usage' | 'usd' | 'monthlyUsd'>, id: string, usage: number, usd: number, monthlyUsd: number): void => {
      const key = `${row.category}|${row.resource}|${row.service}|${row.capacityType}|${row.unit}`;
      let acc = rows.get(key);
      if (acc === undefined) rows.set(key, (acc = { row, ids: new Set(), usage: 0, usd: 0, monthlyUsd: 0 }));
      acc.ids.add(id);
      acc.usage += usage;
      acc.usd += usd;
      acc.monthlyUsd += monthlyUsd;
    };

    for (const [id, h] of this.hosts) {
      const end = h.end ?? endMs;
      const hours = billedSeconds(end - h.start, p.ec2.minimumBilledSeconds) / 3600;
      const windowHours = overlap(h.start, end) / 3_600_000;
      const hourly = ec2OnDemandHourlyUsd(p, h.type);
      const parts = ec2BillingParts(p, h.spot);
      for (const [label, share, multiplier] of parts) {
        const rate = hourly * multiplier;
        add({ category: 'compute', resource: `ec2 ${h.type.name}`, service: h.group, capacityType: label, unit: 'instance-hours' }, id, hours * share, hours * share * rate, windowHours * share * rate * monthFactor);
      }
    }
    for (const [id, t] of this.tasks) {
      const s = this.services.get(t.service)!;
      const end = t.end ?? endMs;
      const hours = billedSeconds(end - t.start, p.fargate.minimumBilledSeconds) / 3600;
      const windowHours = overlap(t.start, end) / 3_600_000;
      const hourly = fargateHourlyUsd(p, s.vcpu, s.memoryMiB, s.architecture);
      const parts = fargateBillingParts(p, t.spot);
      const size = `${fmt(s.vcpu)} vCPU ${fmt(s.memoryMiB / 1024)} GB${s.architecture === 'arm64' ? ' arm64' : ''}`;
      for (const [label, share, multiplier] of parts) {
        const rate = hourly * multiplier;
        add({ category: 'compute', resource: `fargate ${size}`, service: t.service, capacityType: label, unit: 'task-hours' }, id, hours * share, hours * share * rate, windowHours * share * rate * monthFactor);
      }
    }
    if (this.platform === 'eks') {
      const hours = endMs / 3_600_000;
      add({ category: 'control-plane', resource: 'eks control plane', service: '', capacityType: '', unit: 'cluster-hours' }, 'cluster', hours, hours * p.eksControlPlaneHourlyUsd, HOURS_PER_MONTH * p.eksControlPlaneHourlyUsd);
    }
    const trafficEnd = Math.max(0, ...[...this.minutes.values()].flatMap((l) => (l.length > 0 ? [l[l.length - 1]!.endMs] : [])));
    const albServices = [...this.albCreatedAt.keys()];
    const trafficServices = [...this.minutes.keys()];
    for (const service of [...new Set([...albServices, ...trafficServices])].sort()) {
      const minutes = this.minutes.get(service) ?? [];
      const total = sum(minutes);
      const windowTraffic = sumOver(minutes, trafficEnd - windowMs, trafficEnd);
      const created = this.albCreatedAt.get(service);
      if (created !== undefined) {
        const firstHour = Math.floor(created / 3_600_000);
        const albHours = Math.max(1, Math.ceil(endMs / 3_600_000) - firstHour);
        add({ category: 'load-balancer', resource: 'alb', service, capacityType: '', unit: 'ALB-hours' }, service, albHours, albHours * p.loadBalancer.hourlyUsd, HOURS_PER_MONTH * p.loadBalancer.hourlyUsd);
        let lcuHours = 0;
        for (let h = 0; h < albHours; h++) lcuHours += lcus(p, sumOver(minutes, (firstHour + h) * 3_600_000, (firstHour + h + 1) * 3_600_000), 3600);
        const monthlyLcu = lcus(p, windowTraffic, windowMs / 1000) * HOURS_PER_MONTH;
        add({ category: 'load-balancer', resource: 'alb lcu', service, capacityType: '', unit: 'LCU-hours' }, service, lcuHours, lcuHours * p.loadBalancer.lcuHourUsd, monthlyLcu * p.loadBalancer.lcuHourUsd);
      }
      const gb = bytesOut(p.requests, total) / BYTES_PER_GB;
      const windowGb = bytesOut(p.requests, windowTraffic) / BYTES_PER_GB;
      if (gb > 0 || windowGb > 0) {
        add({ category: 'data-transfer', resource: 'data transfer out', service, capacityType: '', unit: 'GB' }, service, gb, gb * p.dataTransferOutPerGbUsd, windowGb * monthFactor * p.dataTransferOutPerGbUsd);
      }
    }

    if (this.egress !== null) {
      const e = this.egress;
      const v = VPC_NETWORK_PRICES;
      // NAT gateways and interface endpoints bill each partial hour as a full one.
      const hours = Math.ceil(endMs / 3_600_000);
      const nat = natGatewayCount(e);
      if (nat > 0) {
        const ids = e.natGateways === 'single' ? [e.natGatewayAz!] : e.azs;
        for (const az of ids) add({ category: 'network', resource: 'nat gateway', service: '', capacityType: '', unit: 'NAT-gateway-hours' }, az, hours, hours * v.natGatewayHourlyUsd, HOURS_PER_MONTH * v.natGatewayHourlyUsd);
      }
      for (const endpoint of e.endpoints) {
        if (isGatewayEndpoint(endpoint)) continue;
        for (const az of e.azs) add({ category: 'network', resource: `vpc endpoint ${endpoint}`, service: '', capacityType: '', unit: 'endpoint-hours' }, az, hours, hours * v.interfaceEndpointHourlyUsd, HOURS_PER_MONTH * v.interfaceEndpointHourlyUsd);
      }
      for (const t of this.transfers) {
        const inWindow = t.time >= windowStart ? t.gb * t.perGbUsd * monthFactor : 0;
        add({ category: 'network', resource: t.resource, service: t.service, capacityType: '', unit: 'GB' }, t.service, t.gb, t.gb * t.perGbUsd, inWindow);
      }
    }

    for (const [id, v] of this.volumes) {
      const end = v.end ?? endMs;
      const monthlyUsd = ebsMonthlyUsd(v.volumeType, v.sizeGiB);
      const months = billedSeconds(end - v.start, EBS_MINIMUM_BILLED_SECONDS) / 3600 / HOURS_PER_MONTH;
      const windowMonths = overlap(v.start, end) / 3_600_000 / HOURS_PER_MONTH;
      add({ category: 'storage', resource: `ebs ${v.volumeType}`, service: v.service, capacityType: '', unit: 'GB-months' }, id, months * v.sizeGiB, months * monthlyUsd, windowMonths * monthlyUsd * monthFactor);
    }

    for (const f of this.fileSystems) {
      // EFS bills the average stored per GB-month, accrued hourly; no minimum.
      const months = endMs / 3_600_000 / HOURS_PER_MONTH;
      const monthlyUsd = efsMonthlyUsd(f.storedGiB);
      add({ category: 'storage', resource: 'efs standard', service: '', capacityType: '', unit: 'GB-months' }, f.id, months * f.storedGiB, months * monthlyUsd, monthlyUsd);
    }

    const out: CostRow[] = [...rows.values()]
      .map(({ row, ids, usage, usd, monthlyUsd }) => ({ ...row, count: ids.size, usage, usd, monthlyUsd }))
      .sort((a, b) => COST_CATEGORIES.indexOf(a.category) - COST_CATEGORIES.indexOf(b.category) || cmp(a.resource, b.resource) || cmp(a.service, b.service) || cmp(a.capacityType, b.capacityType) || cmp(a.unit, b.unit));
    const byCategory = (pick: (r: CostRow) => number): CostByCategory => {
      const total = (c: CostCategory): number => round2(out.filter((r) => r.category === c).reduce((a, r) => a + pick(r), 0));
      const base = { compute: total('compute'), controlPlane: total('control-plane'), loadBalancer: total('load-balancer'), dataTransfer: total('data-transfer') };
      const withNetwork = this.egress === null ? base : { ...base, network: total('network') };
      return this.volumes.size === 0 && this.fileSystems.length === 0 ? withNetwork : { ...withNetwork, storage: total('storage') };
    };
    const run = byCategory((r) => r.usd);
    const monthly = byCategory((r) => r.monthlyUsd);
    const windowS = windowMs / 1000;
    return {
      rows: out,
      summary: {
        currency: 'USD',
        totalUsd: round2(out.reduce((a, r) => a + r.usd, 0)),
        byCategory: run,
        monthly: {
          totalUsd: round2(out.reduce((a, r) => a + r.monthlyUsd, 0)),
          byCategory: monthly,
          hoursPerMonth: HOURS_PER_MONTH,
          windowS,
          method: `the steady-state rate of the last ${fmt(windowS)} s of the run (resources running then at their hourly prices; traffic of the last ${fmt(windowS)} s of closed minutes) x ${HOURS_PER_MONTH} h; billing minimums and partial-hour charges left out`,
        },
      },
    };
  }

  /** cost.csv: one line per resource, service or group, and capacity type. */
  static write(rows: readonly CostRow[], sink: TextSink): void {
    const csv = new CsvWriter(sink, ['category', 'resource', 'service', 'capacity_type', 'count', 'usage', 'unit', 'usd', 'monthly_usd']);
    for (const r of rows) csv.row([r.category, r.resource, r.service, r.capacityType, r.count, round4(r.usage), r.unit, round4(r.usd), round2(r.monthlyUsd)]);
    csv.close();
  }
}

/** What one EBS volume costs per month at its type's per-GB-month price. */
export function ebsMonthlyUsd(volumeType: EbsVolumeType, sizeGiB: number): number {
  return EBS_GB_MONTH_USD[volumeType] * sizeGiB;
}

/** What `storedGiB` on EFS Standard costs a month (the bill and the accrued cost share it). */
export function efsMonthlyUsd(storedGiB: number): number {
  return EFS_PRICES.standardStorageGbMonthUsd * storedGiB;
}

function sum(minutes: readonly Minute[]): TrafficTotals {
  let requests = 0;
  let successful = 0;
  for (const m of minutes) {
    requests += m.requests;
    successful += m.successful;
  }
  return { requests, successful };
}

/** Traffic of the minutes within [from, to), pro rata for a minute that straddles an edge. */
function sumOver(minutes: readonly Minute[], from: number, to: number): TrafficTotals {
  let requests = 0;
  let successful = 0;
  for (const m of minutes) {
    const share = Math.max(0, Math.min(m.endMs, to) - Math.max(m.endMs - 60_000, from)) / 60_000;
    if (share <= 0) continue;
    requests += m.requests * share;
    successful += m.successful * share;
  }
  return { requests, successful };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fmt(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * The cost lines one transfer through the VPC's path adds: the NAT gateway's or interface
 * endpoint's data processing (the S3 gateway endpoint's GB at $0), and for a shared NAT gateway
 * in another AZ the cross-AZ transfer, charged out of one AZ and into the other.
 */
export function egressCharges(r: EgressTransferred): Transfer[] {
  const v = VPC_NETWORK_PRICES;
  const gb = r.bytes / BYTES_PER_GB;
  const out: Transfer[] = [];
  if (r.via === 'nat') out.push({ time: r.time, resource: 'nat gateway data processed', service: r.service, gb, perGbUsd: v.natGatewayPerGbUsd });
  else if (r.gateway) out.push({ time: r.time, resource: `vpc endpoint ${r.endpoint} (gateway) data`, service: r.service, gb, perGbUsd: v.gatewayEndpointPerGbUsd });
  else out.push({ time: r.time, resource: 'vpc endpoint data processed', service: r.service, gb, perGbUsd: v.interfaceEndpointPerGbUsd });
  if (r.crossAz) out.push({ time: r.time, resource: 'cross-az data transfer', service: r.service, gb, perGbUsd: 2 * v.crossAzPerGbEachWayUsd });
  return out;
}
