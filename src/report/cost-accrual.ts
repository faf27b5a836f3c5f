import { getInstanceType } from '../model/catalog/instance-types.js';
import type { FleetEvent } from '../model/events/index.js';
import { isGatewayEndpoint, natGatewayCount } from '../model/network/egress.js';
import { BYTES_PER_GB, bytesOut, HOURS_PER_MONTH, ec2OnDemandHourlyUsd, fargateHourlyUsd, lcus, VPC_NETWORK_PRICES, type PricingSpec } from '../model/pricing.js';
import type { SimulationSpec } from '../model/simulation-spec.js';
import { handlersListener, type EventHandlers } from './event-handlers.js';
import { ebsMonthlyUsd, ec2BillingParts, efsMonthlyUsd, egressCharges, fargateBillingParts, pricingOf, serviceBilling, type ServiceBilling } from './cost.js';

/**
 * The cost of a run as it accrues, by resource and capacity type: what the HTML report's "cost
 * accumulated" chart draws. It uses the cost report's prices and splits (src/report/cost.ts):
 * instances from launch to termination and Fargate tasks from their move to PENDING to STOPPED,
 * each at its hourly price; the EKS control plane every hour; each load balancer every hour from
 * its service's creation; EBS volumes per GB-month from provisioning to deletion; EFS storage
 * per GB-month for the whole run; LCUs and data
 * transfer out per closed minute of traffic.
 *
 * It accrues continuously: the bill (cost.csv) adds billing minimums (60 s per instance or task)
 * and charges load balancer hours by the started hour, so the bill can be a little higher than
 * the last point here.
 */
export class CostAccrual {
  private readonly pricing: PricingSpec;
  private readonly services: Map<string, ServiceBilling>;
  /** USD per ms, by line label. */
  private readonly rate = new Map<string, number>();
  private readonly accrued = new Map<string, number>();
  /** Per instance or Fargate task, the rates it adds (removed when it ends). */
  private readonly running = new Map<string, readonly (readonly [string, number])[]>();
  private readonly spotTasks = new Set<string>();
  /** Whether any service runs on Fargate: without one, task events change no rate (and cost no lookup). */
  private readonly fargate: boolean;
  private last = 0;

  constructor(spec: SimulationSpec) {
    this.pricing = pricingOf(spec);
    this.services = serviceBilling(spec);
    this.fargate = [...this.services.values()].some((s) => s.fargate);
    if (spec.cluster.platform === 'eks') this.change(0, [['EKS control plane', this.pricing.eksControlPlaneHourlyUsd / 3_600_000]], 1);
    const egress = spec.cluster.egress;
    if (egress !== null) {
      const v = VPC_NETWORK_PRICES;
      const nat = natGatewayCount(egress);
      const interfaces = egress.endpoints.filter((e) => !isGatewayEndpoint(e)).length * egress.azs.length;
      if (nat > 0) this.change(0, [['NAT gateways', (nat * v.natGatewayHourlyUsd) / 3_600_000]], 1);
      if (interfaces > 0) this.change(0, [['VPC endpoints', (interfaces * v.interfaceEndpointHourlyUsd) / 3_600_000]], 1);
    }
    const efsGiB = (spec.cluster.fileSystems ?? []).reduce((sum, f) => sum + f.storedGiB, 0);
    if (efsGiB > 0) this.change(0, [['EFS storage', efsMonthlyUsd(efsGiB) / (HOURS_PER_MONTH * 3_600_000)]], 1);
    this.handlers = this.fargate ? { ...this.alwaysRead, ...this.fargateRead } : this.alwaysRead;
    this.listener = handlersListener([this.handlers]);
  }

  /**
   * What it reads, by event type (the HTML report's recorder combines these with its other
   * readers'). Task events only in a run with a Fargate service: without one they change no rate,
   * and not reading them spares the recorder a call per task event.
   */
  readonly handlers: EventHandlers;

  private readonly alwaysRead: EventHandlers = {
    'host.launched': (r) => {
      const spot = r.capacityType === 'spot';
      const known = (spot ? this.spotRates : this.onDemandRates).get(r.instanceType);
      const rates = known === undefined ? this.instanceRates(r.instanceType, spot) : known;
      if (rates === null) return;
      this.running.set(r.host, rates);
      this.change(r.time, rates, 1);
    },
    'host.terminated': (r) => this.end(r.time, r.host),
    'service.created': (r) => {
      if (this.services.get(r.service)?.loadBalancer === true) this.change(r.time, [['load balancer', this.pricing.loadBalancer.hourlyUsd / 3_600_000]], 1);
    },
    'volume.provisioned': (r) => {
      const rates = [['EBS volumes', ebsMonthlyUsd(r.volumeType, r.sizeGiB) / (HOURS_PER_MONTH * 3_600_000)] as const];
      this.running.set(r.volume, rates);
      this.change(r.time, rates, 1);
    },
    'volume.deleted': (r) => this.end(r.time, r.volume),
    'egress.transferred': (r) => {
      this.advance(r.time);
      for (const t of egressCharges(r)) if (t.perGbUsd > 0) this.add(t.resource.startsWith('nat') ? 'NAT gateways' : t.resource.startsWith('cross-az') ? 'cross-AZ transfer' : 'VPC endpoints', t.gb * t.perGbUsd);
    },
    'metrics.minute': (r) => {
      const p = this.pricing;
      const m = r.minute;
      const traffic = { requests: m.requests, successful: Math.max(0, m.requests - m.target5xx - m.elb5xx) };
      this.advance(r.time);
      if (this.services.get(m.service)?.loadBalancer === true) this.add('load balancer', (lcus(p, traffic, 60) / 60) * p.loadBalancer.lcuHourUsd);
      const gb = bytesOut(p.requests, traffic) / BYTES_PER_GB;
      if (gb > 0) this.add('data transfer', gb * p.dataTransferOutPerGbUsd);
    },
  };

  /** Fargate tasks: billed from their move to PENDING to STOPPED. */
  private readonly fargateRead: EventHandlers = {
    'task.created': (r) => {
      if (r.capacityProvider === 'FARGATE_SPOT') this.spotTasks.add(r.task);
    },
    'task.status-changed': (r) => {
      if (r.to !== 'PENDING') return;
      const s = this.services.get(r.service);
      if (s === undefined || !s.fargate || this.running.has(r.task)) return;
      const p = this.pricing;
      const hourly = fargateHourlyUsd(p, s.vcpu, s.memoryMiB, s.architecture);
      const rates = fargateBillingParts(p, this.spotTasks.has(r.task)).map(([label, share, multiplier]) => [fargateLabel(label), (hourly * share * multiplier) / 3_600_000] as const);
      this.running.set(r.task, rates);
      this.change(r.time, rates, 1);
    },
    'task.stopped': (r) => {
      this.spotTasks.delete(r.task);
      this.end(r.time, r.task);
    },
  };

  readonly listener: (r: FleetEvent) => void;

  /**
   * An instance's rates by instance type, On-Demand and Spot (null: a type the catalog lacks):
   * worked out once per type, as a day on 10,000 hosts launches thousands of one type at its start.
   */
  private readonly onDemandRates = new Map<string, readonly (readonly [string, number])[] | null>();
  private readonly spotRates = new Map<string, readonly (readonly [string, number])[] | null>();

  private instanceRates(instanceType: string, spot: boolean): readonly (readonly [string, number])[] | null {
    const type = getInstanceType(instanceType);
    let rates: readonly (readonly [string, number])[] | null = null;
    if (type !== undefined) {
      const hourly = ec2OnDemandHourlyUsd(this.pricing, type);
      rates = ec2BillingParts(this.pricing, spot).map(([label, share, multiplier]) => [`EC2 ${label}`, (hourly * share * multiplier) / 3_600_000] as const);
    }
    (spot ? this.spotRates : this.onDemandRates).set(instanceType, rates);
    return rates;
  }

  /** Cumulative USD per line at `time` (not before the last event seen), lines in first-seen order. */
  totalsAt(time: number): ReadonlyMap<string, number> {
    this.advance(time);
    return this.accrued;
  }

  private end(time: number, id: string): void {
    const rates = this.running.get(id);
    if (rates === undefined) return;
    this.running.delete(id);
    this.change(time, rates, -1);
  }

  private change(time: number, rates: readonly (readonly [string, number])[], sign: 1 | -1): void {
    this.advance(time);
    for (const [label, perMs] of rates) {
      this.rate.set(label, (this.rate.get(label) ?? 0) + sign * perMs);
      if (!this.accrued.has(label)) this.accrued.set(label, 0);
    }
  }

  private add(label: string, usd: number): void {
    this.accrued.set(label, (this.accrued.get(label) ?? 0) + usd);
  }

  private advance(time: number): void {
    if (time <= this.last) return;
    const dt = time - this.last;
    for (const [label, perMs] of this.rate) if (perMs > 0) this.accrued.set(label, this.accrued.get(label)! + perMs * dt);
    this.last = time;
  }
}

function fargateLabel(label: string): string {
  return label === 'fargate' ? 'Fargate' : label === 'fargate-spot' ? 'Fargate Spot' : `Fargate ${label.slice('fargate '.length)}`;
}
