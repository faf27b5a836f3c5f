import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { getInstanceType } from '../model/catalog/instance-types.js';
import type { CpuArchitecture, InstanceType } from '../model/catalog/instance-type.js';
import { DEFAULT_CNI_SETTINGS } from '../model/network/cni-settings.js';
import { ecsRegisteredResources } from '../model/params/ecs-container-instance.js';
import { FARGATE_SIZES, fargatePodSize } from '../model/params/fargate.js';
import { eksHostProfile } from '../model/params/host-profiles.js';
import { ec2OnDemandHourlyUsd, fargateHourlyUsd, type PricingSpec } from '../model/pricing.js';
import { CPU_SHARES_PER_ECS_UNIT, CPU_SHARES_PER_VCPU } from '../model/resources.js';
import type { ServiceSpec, SimulationSpec } from '../model/simulation-spec.js';
import type { FleetRecord } from '../model/trace-record.js';
import { CostReport, pricingOf, type CostSummary } from '../report/cost.js';
import { percentile } from '../report/percentile.js';
import { ScalingTimeline } from '../report/scaling-timeline.js';
import { runSimulation } from '../run.js';
import type { CompileContext } from '../scenario/compile-scenario.js';
import type { Diagnostic } from '../scenario/diagnostics.js';
import { loadScenario } from '../scenario/load-scenario.js';

/**
 * `fleetsim compare`: one workload, every platform. The workload file is an ordinary ECS
 * scenario (services with task definitions, load, desired counts, autoscaling, a load balancer;
 * optionally subnets, an Auto Scaling group whose instance type the EC2 variants use, and
 * `pricing` overrides). Each variant rewrites only where the tasks run — launch type, capacity,
 * and for EKS the service as a Deployment with an HPA — builds a scenario file's text, loads it
 * through the scenario compiler and runs it as a real simulation with the workload's seed and
 * traffic. Nothing here computes a figure the simulation could measure.
 *
 * Translation to EKS: an ECS service becomes a Deployment (replicas = desiredCount; the task's
 * CPU and memory become the first container's requests; the container health check a readiness
 * probe; the load balancer, load and scale events carry over). ECS target tracking on CPU or
 * memory becomes an HPA with the same target and min/max; ALBRequestCountPerTarget and step
 * scaling have no HPA equivalent without custom metrics and are dropped (a note says so).
 * CoreDNS is left out of every EKS variant (two small pods; on Fargate it needs its own profile).
 */
export type VariantId = 'ecs-fargate' | 'ecs-ec2' | 'ecs-ec2-ri' | 'eks-managed' | 'eks-karpenter-spot' | 'eks-karpenter-on-demand' | 'eks-fargate';

export interface VariantInfo {
  readonly id: VariantId;
  readonly label: string;
  readonly platform: 'ecs' | 'eks';
  /** Whether the variant's compute is EC2 instances (vs Fargate). */
  readonly ec2: boolean;
}

export const VARIANTS: readonly VariantInfo[] = [
  { id: 'ecs-fargate', label: 'ECS Fargate', platform: 'ecs', ec2: false },
  { id: 'ecs-ec2', label: 'ECS EC2 (on-demand)', platform: 'ecs', ec2: true },
  { id: 'ecs-ec2-ri', label: 'ECS EC2 (RI)', platform: 'ecs', ec2: true },
  { id: 'eks-managed', label: 'EKS managed nodes', platform: 'eks', ec2: true },
  { id: 'eks-karpenter-spot', label: 'EKS + Karpenter (spot)', platform: 'eks', ec2: true },
  { id: 'eks-karpenter-on-demand', label: 'EKS + Karpenter (on-demand)', platform: 'eks', ec2: true },
  { id: 'eks-fargate', label: 'EKS Fargate', platform: 'eks', ec2: false },
];

export interface CompareOptions {
  /** Overrides the workload's seed. */
  readonly seed?: string;
  /** EC2 instance type of the ECS EC2 and EKS managed node variants (default: the workload's first Auto Scaling group's, else m5.xlarge). */
  readonly instanceType?: string;
  /** Only these variants (default: all). */
  readonly variants?: readonly VariantId[];
}

type Obj = Record<string, unknown>;

export interface Workload {
  readonly file: string;
  readonly raw: Obj;
  readonly spec: SimulationSpec;
  readonly instanceType: InstanceType;
}

export type WorkloadResult = { ok: true; workload: Workload } | { ok: false; diagnostics: readonly Diagnostic[] };

const DEFAULT_INSTANCE_TYPE = 'm5.xlarge';
const DEFAULT_SUBNETS = [
  { id: 'private-a', az: 'us-east-1a', cidr: '10.0.0.0/20' },
  { id: 'private-b', az: 'us-east-1b', cidr: '10.0.16.0/20' },
  { id: 'private-c', az: 'us-east-1c', cidr: '10.0.32.0/20' },
];
const FAMILIES: Readonly<Record<CpuArchitecture, readonly string[]>> = {
  x86_64: ['c5', 'c6i', 'm5', 'm6i', 'r5'],
  arm64: ['c6g', 'c7g', 'm6g', 'm7g', 'r6g', 'r7g'],
};

/** Validates the workload file as a scenario; it must be an ECS scenario with at least one service. */
export function readWorkload(file: string, text: string, options: CompareOptions = {}, context: CompileContext = {}): WorkloadResult {
  const loaded = loadScenario(file, text, context);
  if (!loaded.ok) return { ok: false, diagnostics: loaded.diagnostics };
  const problem = (message: string): WorkloadResult => ({ ok: false, diagnostics: [{ file, line: 1, column: 1, path: '', message }] });
  const spec = loaded.spec;
  if (spec.cluster.platform !== 'ecs') return problem('a compare workload describes ECS services (platform: ecs); compare derives the EKS variants from them');
  if (spec.services.length === 0) return problem('a compare workload needs at least one service');
  const raw = parseYaml(text) as Obj;
  const typeName = options.instanceType ?? spec.cluster.autoScalingGroups[0]?.instanceType.name ?? DEFAULT_INSTANCE_TYPE;
  const instanceType = getInstanceType(typeName);
  if (instanceType === undefined) return problem(`unknown instance type '${typeName}'`);
  return { ok: true, workload: { file, raw, spec, instanceType } };
}

/** The smallest Fargate size with at least this CPU (ECS units) and memory (MiB), as [units, MiB]. */
export function fargateTaskSize(cpuUnits: number, memoryMiB: number): [number, number] {
  for (const row of FARGATE_SIZES) {
    if (row.vcpu * 1024 < cpuUnits) continue;
    for (const gb of row.memoryGb) if (gb * 1024 >= memoryMiB) return [row.vcpu * 1024, Math.round(gb * 1024)];
  }
  const last = FARGATE_SIZES[FARGATE_SIZES.length - 1]!;
  return [last.vcpu * 1024, Math.round(last.memoryGb[last.memoryGb.length - 1]! * 1024)];
}

/** ECS tasks of this service an instance of `type` holds: by registered CPU and memory, and awsvpc ENIs. */
export function ecsTasksPerInstance(type: InstanceType, s: ServiceSpec, reservedMemoryMiB: number, trunking: boolean): number {
  const reg = ecsRegisteredResources(type, reservedMemoryMiB);
  let k = Math.min(Math.floor(reg.cpu / Math.max(1, s.taskDefinition.cpu)), Math.floor(reg.memoryMiB / Math.max(1, s.taskDefinition.memoryMiB)));
  if (s.taskDefinition.networkMode === 'awsvpc') k = Math.min(k, trunking && type.ecsTrunkingTaskLimit !== undefined ? type.ecsTrunkingTaskLimit : type.maxEnis - 1);
  return Math.max(0, k);
}

/** Pods of this service an EKS node of `type` holds (allocatable less DaemonSets; max pods). */
export function eksPodsPerNode(type: InstanceType, s: ServiceSpec): number {
  const profile = eksHostProfile(DEFAULT_CNI_SETTINGS);
  const reg = profile.registered(type);
  return Math.max(0, Math.min(Math.floor(reg.cpu / Math.max(1, s.taskDefinition.cpu)), Math.floor(reg.memoryMiB / Math.max(1, s.taskDefinition.memoryMiB)), profile.maxTasks(type)));
}

/** Instances for `count(service)` tasks of every service, each service's share rounded up together. */
function instancesFor(services: readonly ServiceSpec[], perInstance: (s: ServiceSpec) => number, count: (s: ServiceSpec) => number): number {
  let need = 0;
  for (const s of services) {
    const k = perInstance(s);
    if (k === 0) return Number.POSITIVE_INFINITY;
    need += count(s) / k;
  }
  return Math.ceil(need - 1e-9);
}

/** A Kubernetes object name from an ECS one (DNS-1123: lower case, '-' for anything else). */
export function kubeName(name: string): string {
  const n = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return n === '' ? 'app' : n.slice(0, 63);
}

export interface VariantScenario {
  readonly variant: VariantInfo;
  /** The scenario file text the variant runs. */
  readonly yaml: string;
  /** What the translation changed or dropped, for the report. */
  readonly notes: readonly string[];
}

/** Builds the scenario text of one variant from the workload. */
export function variantScenario(w: Workload, id: VariantId, options: CompareOptions = {}): VariantScenario {
  const variant = VARIANTS.find((v) => v.id === id)!;
  const raw = w.raw;
  const rawCluster = raw.cluster as Obj;
  const notes: string[] = [];
  const services = (raw.services as Obj[]).map((s) => structuredClone(s));
  const specOf = (name: string): ServiceSpec => w.spec.services.find((s) => s.name === name)!;
  const subnets = (rawCluster.vpc as Obj | undefined) ?? { subnets: DEFAULT_SUBNETS };
  const base: Obj = {
    name: `${String(raw.name)}-${id}`,
    ...(raw.description === undefined ? {} : { description: raw.description }),
    seed: options.seed ?? raw.seed ?? w.spec.seed,
    duration: raw.duration,
    ...(raw.sampleInterval === undefined ? {} : { sampleInterval: raw.sampleInterval }),
    ...(raw.maxEvents === undefined ? {} : { maxEvents: raw.maxEvents }),
  };
  const common = { ...(rawCluster.region === undefined ? {} : { region: rawCluster.region }), ...(rawCluster.availabilityZones === undefined ? {} : { availabilityZones: rawCluster.availabilityZones }) };
  const pricing = (raw.pricing as Obj | undefined) ?? {};
  const ecsEvents = ((raw.events as Obj[] | undefined) ?? []).filter((e) => (e.scale as Obj | undefined)?.service !== undefined);
  const dropped = ((raw.events as Obj[] | undefined) ?? []).length - ecsEvents.length;
  if (dropped > 0) notes.push(`${dropped} event(s) that are not service scale events (infrastructure, faults) are left out of every variant`);
  const type = w.instanceType;

  if (variant.platform === 'ecs') {
    const trunking = true;
    const out: Obj = { ...base, cluster: { platform: 'ecs', ...common, vpc: subnets } as Obj };
    const cluster = out.cluster as Obj;
    if (rawCluster.ecsReservedMemory !== undefined) cluster.ecsReservedMemory = rawCluster.ecsReservedMemory;
    for (const s of services) {
      delete s.launchType;
      delete s.capacityProviderStrategy;
      const td = s.taskDefinition as Obj;
      if (id === 'ecs-fargate') {
        delete s.placementStrategy;
        delete s.placementConstraints;
        s.launchType = 'FARGATE';
        const spec = specOf(s.serviceName as string);
        const units = spec.taskDefinition.cpu / CPU_SHARES_PER_ECS_UNIT;
        const [cpu, memory] = fargateTaskSize(units, spec.taskDefinition.memoryMiB);
        if (cpu !== units || memory !== spec.taskDefinition.memoryMiB) notes.push(`${String(s.serviceName)}: ${units} CPU units / ${spec.taskDefinition.memoryMiB} MiB is not a Fargate size; rounded up to ${cpu} / ${memory}`);
        td.cpu = cpu;
        td.memory = memory;
        td.networkMode = 'awsvpc';
      } else {
        s.capacityProviderStrategy = [{ capacityProvider: 'fleet', weight: 1 }];
      }
    }
    if (id !== 'ecs-fargate') {
      const reserved = w.spec.cluster.ecsReservedMemoryMiB;
      const perInstance = (s: ServiceSpec): number => ecsTasksPerInstance(type, s, reserved, trunking);
      const desired = instancesFor(w.spec.services, perInstance, (s) => s.desiredCount);
      const peak = instancesFor(w.spec.services, perInstance, (s) => Math.max(s.desiredCount, s.autoScaling?.maxCapacity ?? 0));
      if (!Number.isFinite(desired)) throw new Error(`compare: a task does not fit on ${type.name}; choose a larger --instance-type`);
      cluster.awsvpcTrunking = trunking;
      cluster.autoScalingGroups = [{ name: 'fleet', instanceType: type.name, desiredCapacity: desired, maxSize: Math.max(desired, peak) + 1 }];
      cluster.capacityProviders = [{ name: 'fleet', autoScalingGroup: 'fleet', managedScaling: { status: 'ENABLED', targetCapacity: 100 }, managedTerminationProtection: 'ENABLED' }];
      if (id === 'ecs-ec2-ri' && pricing.commitment === undefined) notes.push('Reserved Instances, 1-year standard, no upfront (37 % off), covering every instance-hour (set pricing.commitment in the workload to change it)');
    }
    out.services = services;
    if (ecsEvents.length > 0) out.events = ecsEvents;
    const variantPricing = id === 'ecs-ec2-ri' && pricing.commitment === undefined ? { ...pricing, commitment: { type: 'reserved-instances' } } : pricing;
    if (Object.keys(variantPricing).length > 0) out.pricing = variantPricing;
    return { variant, yaml: stringifyYaml(out), notes };
  }

  // EKS: the services as Deployments.
  const fargate = id === 'eks-fargate';
  const workloads = services.map((s) => deployment(s, specOf(s.serviceName as string), fargate, notes));
  const cluster: Obj = { platform: 'eks', ...common, vpc: subnets, coreDns: false };
  if (id === 'eks-managed') {
    const perNode = (s: ServiceSpec): number => eksPodsPerNode(type, s);
    const desired = instancesFor(w.spec.services, perNode, (s) => s.desiredCount);
    if (!Number.isFinite(desired)) throw new Error(`compare: a pod does not fit on ${type.name}; choose a larger --instance-type`);
    cluster.nodeGroups = [{ name: 'fleet', instanceType: type.name, desiredSize: desired }];
    notes.push(`a static node group of ${desired} ${type.name} sized for the desired count (fleetsim models no Cluster Autoscaler, so scale-outs use only spare capacity)`);
  } else if (id === 'eks-karpenter-spot' || id === 'eks-karpenter-on-demand') {
    const archs = [...new Set(w.spec.services.map((s) => s.taskDefinition.cpuArchitecture ?? 'x86_64'))];
    const families = [...new Set([type.family, ...archs.flatMap((a) => FAMILIES[a])])].filter((f) => archs.includes(familyArch(f)));
    cluster.karpenter = {
      nodePools: [
        {
          name: 'default',
          requirements: [
            { key: 'kubernetes.io/arch', operator: 'In', values: archs.map((a) => (a === 'arm64' ? 'arm64' : 'amd64')) },
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: [id === 'eks-karpenter-spot' ? 'spot' : 'on-demand'] },
            { key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: families },
            { key: 'karpenter.k8s.aws/instance-size', operator: 'In', values: ['large', 'xlarge', '2xlarge', '4xlarge'] },
          ],
          disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized' },
        },
      ],
    };
  } else {
    cluster.fargateProfiles = [{ name: 'apps', selectors: [{ namespace: 'apps' }] }];
    for (const s of w.spec.services) {
      const [vcpu, mib] = fargatePodSize(s.taskDefinition.cpu / CPU_SHARES_PER_VCPU, s.taskDefinition.memoryMiB);
      notes.push(`${s.name}'s pods run as ${vcpu} vCPU / ${mib / 1024} GB (requests + 256 MiB for the Kubernetes components, rounded up to a Fargate size)`);
    }
  }
  const out: Obj = { ...base, cluster, workloads };
  if (ecsEvents.length > 0) {
    out.events = ecsEvents.map((e) => {
      const sc = e.scale as Obj;
      return { at: e.at, scale: { workload: kubeName(sc.service as string), replicas: sc.desiredCount } };
    });
  }
  if (Object.keys(pricing).length > 0) out.pricing = pricing;
  return { variant, yaml: stringifyYaml(out), notes };
}

function familyArch(family: string): CpuArchitecture {
  return /\dg/.test(family) ? 'arm64' : 'x86_64';
}

/** An ECS service as a Kubernetes Deployment (see the module comment for the mapping). */
function deployment(s: Obj, spec: ServiceSpec, fargate: boolean, notes: string[]): Obj {
  const td = s.taskDefinition as Obj;
  const name = kubeName(s.serviceName as string);
  const millicores = Math.round(spec.taskDefinition.cpu / 1024);
  const containers = (td.containerDefinitions as Obj[]).map((c, i) => {
    const hc = c.healthCheck as Obj | undefined;
    return {
      name: kubeName(c.name as string),
      image: c.image,
      imageSize: c.imageSize,
      ...(c.layers === undefined ? {} : { layers: c.layers }),
      ...(c.readyAfter === undefined ? {} : { readyAfter: c.readyAfter }),
      ...(c.soci === undefined ? {} : { soci: c.soci }),
      ...(hc === undefined
        ? {}
        : { readinessProbe: { periodSeconds: (hc.interval as number | undefined) ?? 30, timeoutSeconds: (hc.timeout as number | undefined) ?? 5, failureThreshold: (hc.retries as number | undefined) ?? 3 } }),
      ...(i === 0 ? { resources: { requests: { cpu: `${millicores}m`, memory: `${spec.taskDefinition.memoryMiB}Mi` } } } : {}),
    };
  });
  const out: Obj = { kind: 'Deployment', name, ...(fargate ? { namespace: 'apps' } : {}), replicas: s.desiredCount, containers };
  if (s.loadBalancer !== undefined) out.loadBalancer = s.loadBalancer;
  if (s.load !== undefined) out.load = s.load;
  const as = s.autoScaling as Obj | undefined;
  if (as !== undefined) {
    const metrics: Obj[] = [];
    for (const t of (as.targetTracking as Obj[] | undefined) ?? []) {
      const resource = t.metric === 'ECSServiceAverageCPUUtilization' ? 'cpu' : t.metric === 'ECSServiceAverageMemoryUtilization' ? 'memory' : null;
      if (resource === null) notes.push(`${name}: ${String(t.metric)} target tracking has no HPA equivalent (custom metrics); dropped on EKS`);
      else metrics.push({ type: 'Resource', resource: { name: resource, target: { type: 'Utilization', averageUtilization: Math.round(t.targetValue as number) } } });
    }
    if (((as.stepScaling as Obj[] | undefined) ?? []).length > 0) notes.push(`${name}: step scaling has no HPA equivalent; dropped on EKS`);
    if (metrics.length > 0) out.horizontalPodAutoscaler = { minReplicas: Math.max(1, as.minCapacity as number), maxReplicas: Math.max(1, as.maxCapacity as number), metrics };
  }
  return out;
}

/** What one variant's run showed. Seconds, counts, percent and USD; null where it does not apply. */
export interface VariantResult {
  readonly variant: VariantInfo;
  /**
   * Task creation to RUNNING, seconds: the first deployment's tasks (created when the service
   * was, on the capacity the variant starts with), and every task of the run split by whether
   * its image had to be pulled (cold) or was on the host already (cached; never on Fargate).
   */
  readonly startup: {
    readonly firstP50: number | null;
    readonly firstP90: number | null;
    readonly coldP50: number | null;
    readonly coldP90: number | null;
    readonly cachedP50: number | null;
    readonly cachedP90: number | null;
    readonly tasks: number;
  };
  /** The first traffic increase (seconds into the run), if the workload has one. */
  readonly stepAtS: number | null;
  /** Load change until the median new task of the first scale-out after the step served. */
  readonly scaleOutS: number | null;
  /** Failed requests (target and ELB 5XX) from the step until the load next fell (or the end). */
  readonly errorsDuringStep: number | null;
  readonly errorRateDuringStep: number | null;
  readonly nodesEnd: number;
  readonly nodesPeak: number;
  /** vCPU the workload used / vCPU paid for (instances' or Fargate tasks'), over the projection window, percent. */
  readonly utilization: number | null;
  /** Most VPC addresses in use at once (hosts, ENIs, tasks, pods, warm pools). */
  readonly ipsPeak: number;
  readonly cost: CostSummary;
  readonly pendingAtEnd: number;
  readonly notes: readonly string[];
}

/** Runs one variant's scenario and measures it. */
export function runVariant(w: Workload, id: VariantId, options: CompareOptions = {}, context: CompileContext = {}): VariantResult {
  const built = variantScenario(w, id, options);
  const loaded = loadScenario(`${w.file} [${id}]`, built.yaml, context);
  if (!loaded.ok) throw new Error(`compare: the ${id} variant is not a valid scenario: ${loaded.diagnostics.map((d) => `${d.path}: ${d.message}`).join('; ')}\n${built.yaml}`);
  const spec = loaded.spec;
  const names = new Set(spec.services.map((s) => s.name));
  const vcpuOf = new Map(spec.services.map((s) => [s.name, s.taskDefinition.cpu / CPU_SHARES_PER_VCPU]));
  const cost = new CostReport(spec);
  const scaling = new ScalingTimeline();
  const created = new Map<string, number>();
  const cached = new Map<string, boolean>();
  const cold: number[] = [];
  const warm: number[] = [];
  const first: number[] = [];
  const serviceCreated = new Map<string, number>();
  const firstTasks = new Set<string>();
  const loadChanges: { at: number; up: boolean }[] = [];
  const minutes: { endMs: number; requests: number; errors: number; usedVcpu: number }[] = [];
  const samples: { time: number; hosts: number; paidVcpu: number; ips: number }[] = [];
  const fargate = spec.services.filter((s) => s.launchType === 'FARGATE').map((s) => s.name);
  let nodesPeak = 0;
  const listener = (r: FleetRecord): void => {
    cost.listener(r);
    scaling.listener(r);
    if (r.service !== undefined && !names.has(r.service)) return;
    switch (r.type) {
      case 'service.created':
        serviceCreated.set(r.entity, r.time);
        break;
      case 'task.created':
        created.set(r.entity, r.time);
        if (r.service !== undefined && serviceCreated.get(r.service) === r.time) firstTasks.add(r.entity);
        break;
      case 'task.images-ready':
        cached.set(r.entity, (r.value ?? 0) === 0);
        break;
      case 'task.status-changed':
        if (r.status === 'RUNNING' && created.has(r.entity)) {
          const s = (r.time - created.get(r.entity)!) / 1000;
          (cached.get(r.entity) === true ? warm : cold).push(s);
          if (firstTasks.has(r.entity)) first.push(s);
        }
        break;
      case 'task.stopped':
        created.delete(r.entity);
        cached.delete(r.entity);
        break;
      case 'load.changed': {
        const m = /^(\d+) -> (\d+)/.exec(r.detail);
        if (m !== null) loadChanges.push({ at: r.time, up: Number(m[2]) > Number(m[1]) });
        break;
      }
      case 'metrics.minute': {
        const m = r.minute!;
        minutes.push({ endMs: m.endMs, requests: m.requests, errors: m.target5xx + m.elb5xx, usedVcpu: (m.cpuUtilization / 100) * m.servingTasks * (vcpuOf.get(m.service) ?? 0) });
        break;
      }
      case 'timeline.sampled': {
        const s = r.sample!;
        nodesPeak = Math.max(nodesPeak, s.hostsActive);
        let paid = s.cpuCapacityVcpu;
        for (const sv of s.services) if (fargate.includes(sv.name)) paid += sv.running * (vcpuOf.get(sv.name) ?? 0);
        samples.push({ time: r.time, hosts: s.hostsActive, paidVcpu: paid, ips: s.subnets.reduce((a, sn) => a + sn.allocated, 0) });
        break;
      }
    }
  };
  const result = runSimulation(spec, { listeners: [listener] });
  const bill = cost.finish(result.durationMs);
  const step = loadChanges.find((c) => c.up);
  const stepEnd = step === undefined ? null : (loadChanges.find((c) => !c.up && c.at > step.at)?.at ?? result.durationMs);
  const firstScaleOut = step === undefined ? undefined : scaling.finish().find((row) => names.has(row.service) && row.atS * 1000 >= step.at);
  let errors: number | null = null;
  let rate: number | null = null;
  if (step !== undefined && stepEnd !== null) {
    const during = minutes.filter((m) => m.endMs > step.at && m.endMs - 60_000 < stepEnd);
    errors = during.reduce((a, m) => a + m.errors, 0);
    const requests = during.reduce((a, m) => a + m.requests, 0);
    rate = requests > 0 ? (100 * errors) / requests : null;
  }
  const windowStart = result.durationMs - bill.summary.monthly.windowS * 1000;
  const windowMinutes = minutes.filter((m) => m.endMs > windowStart);
  const windowSamples = samples.filter((s) => s.time >= windowStart);
  const byMinute = new Map<number, number>();
  for (const m of windowMinutes) byMinute.set(m.endMs, (byMinute.get(m.endMs) ?? 0) + m.usedVcpu);
  const used = mean([...byMinute.values()]);
  const paid = mean(windowSamples.map((s) => s.paidVcpu));
  const last = samples[samples.length - 1];
  const sorted = (xs: number[]): number[] => xs.sort((a, b) => a - b);
  const q = (xs: number[], p: number): number | null => (xs.length === 0 ? null : round1(percentile(xs, p)!));
  sorted(cold);
  sorted(warm);
  sorted(first);
  return {
    variant: built.variant,
    startup: { firstP50: q(first, 50), firstP90: q(first, 90), coldP50: q(cold, 50), coldP90: q(cold, 90), cachedP50: q(warm, 50), cachedP90: q(warm, 90), tasks: cold.length + warm.length },
    stepAtS: step === undefined ? null : step.at / 1000,
    scaleOutS: firstScaleOut?.totalS ?? null,
    errorsDuringStep: errors,
    errorRateDuringStep: rate === null ? null : round2(rate),
    nodesEnd: last?.hosts ?? 0,
    nodesPeak,
    utilization: used === null || paid === null || paid === 0 ? null : round1((100 * used) / paid),
    ipsPeak: Math.max(0, ...samples.map((s) => s.ips)),
    cost: bill.summary,
    pendingAtEnd: result.state.services.size === 0 ? 0 : [...result.state.services.values()].filter((s) => names.has(s.name)).reduce((a, s) => a + s.counts.UNPLACED + s.counts.PROVISIONING + s.counts.PENDING, 0),
    notes: built.notes,
  };
}

/**
 * Where EC2 becomes cheaper than Fargate for this workload's task size. With k tasks per
 * instance at hourly price p, and Fargate at f per task-hour, EC2 costs p / (k u) per task-hour
 * when its task slots are filled to fraction u, so it is cheaper above u* = p / (k f). As a task
 * count (instances bought as needed, fully packed, plus any fixed cost such as the EKS control
 * plane), the smallest N from which EC2 is cheaper at every count.
 */
export interface BreakEven {
  readonly label: string;
  readonly instanceType: string;
  readonly tasksPerInstance: number;
  readonly instanceHourlyUsd: number;
  readonly fargateTaskHourlyUsd: number;
  /** Fraction of the instances' task slots in use above which EC2 is cheaper; > 1: never. */
  readonly utilization: number;
  /** Smallest task count from which EC2 is cheaper at every count (null: not within 10,000). */
  readonly tasks: number | null;
}

export function breakEven(label: string, type: InstanceType, tasksPerInstance: number, instanceHourlyUsd: number, fargateTaskHourlyUsd: number, fixedHourlyUsd = 0, fargateFixedHourlyUsd = 0): BreakEven {
  const k = tasksPerInstance;
  const utilization = k === 0 ? Number.POSITIVE_INFINITY : instanceHourlyUsd / (k * fargateTaskHourlyUsd);
  let tasks: number | null = null;
  if (k > 0) {
    for (let n = 10_000; n >= 1; n--) {
      const ec2 = Math.ceil(n / k) * instanceHourlyUsd + fixedHourlyUsd;
      const fg = n * fargateTaskHourlyUsd + fargateFixedHourlyUsd;
      if (ec2 >= fg) {
        tasks = n === 10_000 ? null : n + 1;
        break;
      }
      if (n === 1) tasks = 1;
    }
  }
  return { label, instanceType: type.name, tasksPerInstance: k, instanceHourlyUsd, fargateTaskHourlyUsd, utilization, tasks };
}

/** Break-even of the ECS EC2 (on-demand, RI) and EKS managed node variants against Fargate, for the workload's first service. */
export function workloadBreakEvens(w: Workload): BreakEven[] {
  const s = w.spec.services[0]!;
  const pricing: PricingSpec = pricingOf(w.spec);
  const type = w.instanceType;
  const units = s.taskDefinition.cpu / CPU_SHARES_PER_ECS_UNIT;
  const [fcpu, fmem] = fargateTaskSize(units, s.taskDefinition.memoryMiB);
  const arch = s.taskDefinition.cpuArchitecture ?? 'x86_64';
  const fargateTask = fargateHourlyUsd(pricing, fcpu / 1024, fmem, arch);
  const [pvcpu, pmib] = fargatePodSize(s.taskDefinition.cpu / CPU_SHARES_PER_VCPU, s.taskDefinition.memoryMiB);
  const fargatePod = fargateHourlyUsd(pricing, pvcpu, pmib, 'x86_64');
  const od = ec2OnDemandHourlyUsd(pricing, type);
  const riDiscount = pricing.commitment.type === 'reserved-instances' ? pricing.commitment.ec2Discount : 0.37;
  const kEcs = ecsTasksPerInstance(type, s, w.spec.cluster.ecsReservedMemoryMiB, true);
  const kEks = eksPodsPerNode(type, s);
  return [
    breakEven('ECS EC2 (on-demand) vs ECS Fargate', type, kEcs, od, fargateTask),
    breakEven(`ECS EC2 (RI, ${Math.round(riDiscount * 100)} % off) vs ECS Fargate`, type, kEcs, od * (1 - riDiscount), fargateTask),
    breakEven('EKS managed nodes vs EKS Fargate', type, kEks, od, fargatePod),
    breakEven('EKS managed nodes vs ECS Fargate (with the EKS control plane)', type, kEks, od, fargateTask, pricing.eksControlPlaneHourlyUsd),
  ];
}

export interface CompareResult {
  readonly workload: string;
  readonly seed: string;
  readonly instanceType: string;
  readonly durationS: number;
  readonly windowS: number;
  readonly variants: readonly VariantResult[];
  readonly breakEvens: readonly BreakEven[];
}

/** Runs every variant (or those asked for) of the workload. */
export function runCompare(w: Workload, options: CompareOptions = {}, context: CompileContext = {}): CompareResult {
  const ids = options.variants ?? VARIANTS.map((v) => v.id);
  const variants = ids.map((id) => runVariant(w, id, options, context));
  return {
    workload: String(w.raw.name),
    seed: options.seed ?? w.spec.seed,
    instanceType: w.instanceType.name,
    durationS: w.spec.durationMs / 1000,
    windowS: variants[0]?.cost.monthly.windowS ?? 0,
    variants,
    breakEvens: workloadBreakEvens(w),
  };
}

/** The side-by-side table: one column per variant. */
export function compareTable(r: CompareResult): { header: string[]; rows: string[][] } {
  const v = r.variants;
  const s = (x: number | null): string => (x === null ? '-' : `${x}s`);
  const usd = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`;
  const row = (label: string, f: (x: VariantResult) => string): string[] => [label, ...v.map(f)];
  const m = (x: VariantResult): CostSummary['monthly']['byCategory'] => x.cost.monthly.byCategory;
  return {
    header: ['', ...v.map((x) => x.variant.label)],
    rows: [
      row('start-up p50 / p90, first deployment', (x) => (x.startup.firstP50 === null ? '-' : `${s(x.startup.firstP50)} / ${s(x.startup.firstP90)}`)),
      row('start-up p50 / p90, all tasks, image pulled', (x) => (x.startup.coldP50 === null ? '-' : `${s(x.startup.coldP50)} / ${s(x.startup.coldP90)}`)),
      row('start-up p50 / p90, all tasks, image cached', (x) => (x.startup.cachedP50 === null ? '-' : `${s(x.startup.cachedP50)} / ${s(x.startup.cachedP90)}`)),
      row('traffic step to first new task serving', (x) => (x.stepAtS === null ? 'no step' : s(x.scaleOutS === null ? null : round1(x.scaleOutS)))),
      row('5xx during the step', (x) => (x.errorsDuringStep === null ? '-' : `${x.errorsDuringStep.toLocaleString('en-US')} (${x.errorRateDuringStep ?? 0}%)`)),
      row('nodes at end (peak)', (x) => (x.variant.ec2 ? `${x.nodesEnd} (${x.nodesPeak})` : 'none (Fargate)')),
      row('vCPU used / vCPU paid for', (x) => (x.utilization === null ? '-' : `${x.utilization}%`)),
      row('VPC addresses in use (peak)', (x) => String(x.ipsPeak)),
      row('monthly: compute', (x) => usd(m(x).compute)),
      row('monthly: control plane', (x) => usd(m(x).controlPlane)),
      row('monthly: load balancer', (x) => usd(m(x).loadBalancer)),
      row('monthly: data transfer', (x) => usd(m(x).dataTransfer)),
      row('**monthly total**', (x) => `**${usd(x.cost.monthly.totalUsd)}**`),
    ],
  };
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** compare.md: the table, the break-even analysis and how each figure was measured. */
export function renderCompare(r: CompareResult, command: string): string {
  const t = compareTable(r);
  const lines: string[] = [];
  lines.push(`# ${r.workload}: ECS vs EKS, simulated`);
  lines.push('');
  lines.push(`The workload \`${r.workload}\` run on each platform with seed ${r.seed}, the same traffic and ${fmtDuration(r.durationS)} simulated;`);
  lines.push(`EC2 variants on ${r.instanceType}. Monthly figures scale the last ${fmtDuration(r.windowS)} of each run to 730 hours (docs/costs.md).`);
  lines.push(`Regenerate with \`${command}\`.`);
  lines.push('');
  lines.push(...markdownTable(t.header, t.rows));
  lines.push('');
  lines.push('## Break-even: where EC2 becomes cheaper than Fargate');
  lines.push('');
  lines.push('For this task size, with instances bought as needed and packed as fleetsim packs them:');
  lines.push('');
  lines.push(...markdownTable(
    ['comparison', 'instance', 'tasks per instance', 'instance $/h', 'Fargate $/task-h', 'EC2 cheaper above slot utilization', 'EC2 cheaper from (tasks)'],
    r.breakEvens.map((b) => [
      b.label,
      b.instanceType,
      String(b.tasksPerInstance),
      `$${b.instanceHourlyUsd.toFixed(4)}`,
      `$${b.fargateTaskHourlyUsd.toFixed(5)}`,
      Number.isFinite(b.utilization) && b.utilization <= 1 ? `${Math.round(b.utilization * 100)} %` : 'never',
      b.tasks === null ? 'never' : String(b.tasks),
    ]),
  ));
  lines.push('');
  lines.push('Slot utilization: the share of the instances\' task slots that hold a task, on average (an ASG kept at');
  lines.push('the exact task count is at 100 %; headroom for scale-outs and spread over AZs lower it). The task count');
  lines.push('assumes perfect packing; every partly filled instance moves it up. In these runs:');
  lines.push('');
  for (const v of r.variants.filter((x) => x.variant.ec2)) {
    const fg = r.variants.find((x) => x.variant.id === (v.variant.platform === 'ecs' ? 'ecs-fargate' : 'eks-fargate'));
    if (fg === undefined) continue;
    const diff = v.cost.monthly.byCategory.compute - fg.cost.monthly.byCategory.compute;
    lines.push(`- ${v.variant.label}: compute $${Math.round(v.cost.monthly.byCategory.compute)}/month against ${fg.variant.label}'s $${Math.round(fg.cost.monthly.byCategory.compute)} (${diff < 0 ? `$${Math.round(-diff)} cheaper` : `$${Math.round(diff)} dearer`}) in this run.`);
  }
  lines.push('');
  lines.push('## How each figure is measured');
  lines.push('');
  lines.push('- start-up: task (pod) creation to RUNNING. First deployment: the tasks created with the service, on the capacity the variant starts with (none for Karpenter: it launches nodes for them). All tasks: every task of the run, including scale-outs that waited for new instances, split by whether the image was pulled or already on the host (never on Fargate).');
  lines.push('- traffic step: from the first increase of the offered load to the median new task of the first scale-out serving behind the load balancer (scaling.csv\'s total).');
  lines.push('- 5xx during the step: target and ELB 5XX from the step until the load next falls.');
  lines.push('- vCPU used / paid for: the CPU the requests used (CloudWatch CPUUtilization x serving tasks x task vCPU) over the vCPU of the instances (registered or allocatable) or Fargate tasks, in the projection window.');
  lines.push('- VPC addresses: the most allocated at once over the subnets (instances, trunk and task ENIs, pods, the VPC CNI\'s warm pool).');
  lines.push('- monthly cost: `cost` in each run\'s summary (src/report/cost.ts).');
  const notes = [...new Set(r.variants.flatMap((v) => v.notes.map((n) => `${v.variant.label}: ${n}`)))];
  const pending = r.variants.filter((v) => v.pendingAtEnd > 0);
  if (notes.length > 0 || pending.length > 0) {
    lines.push('');
    lines.push('## Notes');
    lines.push('');
    for (const n of notes) lines.push(`- ${n}`);
    for (const v of pending) lines.push(`- ${v.variant.label}: ${v.pendingAtEnd} task(s) still not running at the end of the run.`);
  }
  return `${lines.join('\n')}\n`;
}

/** compare.csv: one row per variant. */
export function compareCsvRows(r: CompareResult): { header: string[]; rows: (string | number | null)[][] } {
  return {
    header: [
      'variant',
      'label',
      'startup_first_p50_s',
      'startup_first_p90_s',
      'startup_cold_p50_s',
      'startup_cold_p90_s',
      'startup_cached_p50_s',
      'startup_cached_p90_s',
      'step_at_s',
      'scale_out_s',
      'errors_during_step',
      'error_rate_during_step_pct',
      'nodes_end',
      'nodes_peak',
      'vcpu_utilization_pct',
      'ips_peak',
      'run_usd',
      'monthly_compute_usd',
      'monthly_control_plane_usd',
      'monthly_load_balancer_usd',
      'monthly_data_transfer_usd',
      'monthly_total_usd',
    ],
    rows: r.variants.map((v) => [
      v.variant.id,
      v.variant.label,
      v.startup.firstP50,
      v.startup.firstP90,
      v.startup.coldP50,
      v.startup.coldP90,
      v.startup.cachedP50,
      v.startup.cachedP90,
      v.stepAtS,
      v.scaleOutS,
      v.errorsDuringStep,
      v.errorRateDuringStep,
      v.nodesEnd,
      v.nodesPeak,
      v.utilization,
      v.ipsPeak,
      v.cost.totalUsd,
      v.cost.monthly.byCategory.compute,
      v.cost.monthly.byCategory.controlPlane,
      v.cost.monthly.byCategory.loadBalancer,
      v.cost.monthly.byCategory.dataTransfer,
      v.cost.monthly.totalUsd,
    ]),
  };
}

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function fmtDuration(s: number): string {
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

