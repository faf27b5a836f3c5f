import { LineCounter, parse as parseYaml, parseDocument, stringify as stringifyYaml } from 'yaml';
import { findInstanceType } from '../model/catalog/instance-types.js';
import { withIstioSidecar, withServiceConnectProxy } from '../model/mesh-injection.js';
import { ISTIOD } from '../model/params/service-mesh.js';
import { istiodService } from '../scenario/sections/workloads.js';
import type { CpuArchitecture, InstanceType } from '../model/catalog/instance-type.js';
import { DEFAULT_CNI_SETTINGS } from '../model/network/cni-settings.js';
import { FARGATE_SIZES, fargatePodSize } from '../model/params/fargate.js';
import { ecsHostProfile, eksHostProfile } from '../model/params/host-profiles.js';
import { NO_DAEMONS, type DaemonPlacement } from '../model/daemon-set.js';
import { daemonsOf } from '../run.js';
import type { TaskDefinition } from '../model/task-definition.js';
import { CPU_SHARES_PER_ECS_UNIT, CPU_SHARES_PER_VCPU } from '../model/resources.js';
import type { ServiceSpec, SimulationSpec } from '../model/simulation-spec.js';
import { formatPath, type Diagnostic } from '../scenario/diagnostics.js';
import { loadScenario, type LoadContext } from '../scenario/load-scenario.js';
import { positionOf } from '../scenario/yaml-positions.js';

/**
 * `fleetsim compare`, the variants: one workload, every platform. The workload file is an ordinary ECS
 * scenario (services with task definitions, load, desired counts, autoscaling, a load balancer;
 * optionally subnets, an Auto Scaling group whose instance type the EC2 variants use, and
 * `pricing` overrides). Each variant rewrites only where the tasks run — launch type, capacity,
 * and for EKS the service as a Deployment with an HPA — builds a scenario file's text, loads it
 * through the scenario compiler and runs it as a real simulation with the workload's seed and
 * traffic. Nothing here computes a figure the simulation could measure.
 *
 * DAEMON services (a log router, an agent on every instance) stay DAEMON services on the ECS EC2
 * variants, become DaemonSets on the EKS EC2 variants, and are dropped on Fargate, which runs no
 * daemons (a note says so); the fixed-type variants are sized for the tasks beside them.
 *
 * Translation to EKS: an ECS service becomes a Deployment (replicas = desiredCount; the task's
 * CPU and memory become the first container's requests; the container health check a readiness
 * probe; the load balancer, load and scale events carry over). ECS target tracking on CPU or
 * memory becomes an HPA with the same target and min/max; ALBRequestCountPerTarget and step
 * scaling have no HPA equivalent without custom metrics and are dropped (a note says so).
 * CoreDNS is left out of every EKS variant (two small pods; on Fargate it needs its own profile).
 * The EKS managed nodes variant's node group is scaled by Cluster Autoscaler (upstream defaults).
 */
export type VariantId = 'ecs-fargate' | 'ecs-ec2' | 'ecs-ec2-ri' | 'eks-managed' | 'eks-karpenter-spot' | 'eks-karpenter-on-demand' | 'eks-fargate';

export interface VariantInfo {
  readonly id: VariantId;
  readonly label: string;
  readonly platform: 'ecs' | 'eks';
  /** Whether the variant's compute is EC2 instances (vs Fargate). */
  readonly ec2: boolean;
  /** The service mesh this run adds (`--sidecar`); absent: none. */
  readonly mesh?: SidecarMesh;
}

/**
 * `--sidecar`: the mesh a compare run adds to the variants of its platform, run beside each
 * variant without it. ECS Service Connect on the ECS variants; Istio (native sidecars) on the EKS
 * variants on EC2 (fleetsim models Istio on EC2 nodes only).
 */
export type SidecarMesh = 'service-connect' | 'istio';
export const SIDECAR_MESHES: readonly SidecarMesh[] = ['service-connect', 'istio'];
const MESH_LABEL: Readonly<Record<SidecarMesh, string>> = { 'service-connect': 'Service Connect', istio: 'Istio' };

/** Whether `--sidecar mesh` applies to the variant. */
export function meshApplies(mesh: SidecarMesh, variant: VariantInfo): boolean {
  return mesh === 'service-connect' ? variant.platform === 'ecs' : variant.platform === 'eks' && variant.ec2;
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
  /** Add this mesh to the variants it applies to (run beside each without it). */
  readonly sidecar?: SidecarMesh;
}

type Obj = Record<string, unknown>;

export interface Workload {
  readonly file: string;
  readonly raw: Obj;
  readonly spec: SimulationSpec;
  readonly instanceType: InstanceType;
}

export type WorkloadResult =
  | { ok: true; workload: Workload }
  | { ok: false; diagnostics: readonly Diagnostic[] }
  /** A problem with an option the caller passed (`--instance-type`), not with the file. */
  | { ok: false; option: 'instanceType'; message: string };

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

/**
 * Validates the workload file as a scenario; it must be an ECS scenario with at least one service,
 * and every task must fit on the instance type of the variants that run on a fixed type (ECS EC2,
 * EKS managed nodes), so that a type too small is reported before any run, naming where it came
 * from: the option, or the workload's Auto Scaling group.
 */
export function readWorkload(file: string, text: string, options: CompareOptions = {}, context: LoadContext = {}): WorkloadResult {
  const loaded = loadScenario(file, text, context);
  if (!loaded.ok) return { ok: false, diagnostics: loaded.diagnostics };
  const problem = (message: string, at = { line: 1, column: 1 }, path = ''): WorkloadResult => ({ ok: false, diagnostics: [{ file, ...at, path, message }] });
  const spec = loaded.spec;
  if (spec.cluster.platform !== 'ecs') return problem('a compare workload describes ECS services (platform: ecs); compare derives the EKS variants from them');
  if (spec.services.length === 0) return problem('a compare workload needs at least one service');
  const raw = parseYaml(text) as Obj;
  const fromOption = options.instanceType !== undefined;
  const typeName = options.instanceType ?? spec.cluster.autoScalingGroups[0]?.instanceType.name ?? DEFAULT_INSTANCE_TYPE;
  const found = findInstanceType(typeName);
  // The workload's own types were checked by the scenario compiler; only the option can be unknown.
  if (!found.ok) return { ok: false, option: 'instanceType', message: found.message };
  const instanceType = found.type;
  const tooSmall = taskTooLarge(instanceType, spec, options.variants ?? VARIANTS.map((v) => v.id));
  if (tooSmall !== undefined) {
    const advice = `${tooSmall}; choose a larger ${fromOption ? 'type' : 'type with --instance-type'}`;
    if (fromOption) return { ok: false, option: 'instanceType', message: advice };
    const path = ['cluster', 'autoScalingGroups', 0, 'instanceType'] as const;
    const counter = new LineCounter();
    return problem(advice, positionOf(parseDocument(text, { lineCounter: counter }), counter, path), formatPath(path));
  }
  return { ok: true, workload: { file, raw, spec, instanceType } };
}

/**
 * Why a task of the workload does not fit on one instance of `type` in a variant that runs on it
 * (ECS EC2: registered CPU, memory and ENIs; EKS managed nodes: allocatable and max pods), or
 * undefined when every one fits. The Karpenter variants choose their own sizes; Fargate has none.
 */
function taskTooLarge(type: InstanceType, spec: SimulationSpec, variants: readonly VariantId[]): string | undefined {
  const ecs = variants.includes('ecs-ec2') || variants.includes('ecs-ec2-ri');
  const eks = variants.includes('eks-managed');
  const daemons = daemonsOf(spec);
  for (const s of spec.services) {
    const size = `${s.taskDefinition.cpu / CPU_SHARES_PER_ECS_UNIT} CPU units, ${s.taskDefinition.memoryMiB.toLocaleString('en-US')} MiB`;
    if (ecs && ecsTasksPerInstance(type, s, spec.cluster.ecsReservedMemoryMiB, true, daemons) === 0) {
      return `a task of service '${s.name}' (${size}) does not fit on one ${type.name} (${type.vcpu} vCPU, ${type.memoryMiB.toLocaleString('en-US')} MiB, less what the ECS agent reserves)`;
    }
    if (eks && eksPodsPerNode(type, s, daemons) === 0) {
      return `a pod of service '${s.name}' (${size}) does not fit on one ${type.name} node (${type.vcpu} vCPU, ${type.memoryMiB.toLocaleString('en-US')} MiB, less what the kubelet reserves)`;
    }
  }
  return undefined;
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

/**
 * ECS tasks of this service an instance of `type` holds: by registered CPU and memory, and awsvpc
 * ENIs, less what the workload's DAEMON services reserve on it.
 */
export function ecsTasksPerInstance(type: InstanceType, s: ServiceSpec, reservedMemoryMiB: number, trunking: boolean, daemons: DaemonPlacement = NO_DAEMONS): number {
  const profile = ecsHostProfile(reservedMemoryMiB, trunking, daemons);
  const reg = profile.registered(type);
  let k = Math.min(Math.floor(reg.cpu / Math.max(1, s.taskDefinition.cpu)), Math.floor(reg.memoryMiB / Math.max(1, s.taskDefinition.memoryMiB)));
  if (s.taskDefinition.networkMode === 'awsvpc') k = Math.min(k, profile.taskEniLimit(type));
  return Math.max(0, k);
}

/** Pods of this service a node of `type` in an EKS managed node group holds (allocatable less DaemonSets, the workload's daemons among them; max pods). */
export function eksPodsPerNode(type: InstanceType, s: ServiceSpec, daemons: DaemonPlacement = NO_DAEMONS): number {
  const profile = eksHostProfile(DEFAULT_CNI_SETTINGS, daemons);
  const group = { managedNodeGroup: true };
  const reg = profile.registered(type, group);
  return Math.max(0, Math.min(Math.floor(reg.cpu / Math.max(1, s.taskDefinition.cpu)), Math.floor(reg.memoryMiB / Math.max(1, s.taskDefinition.memoryMiB)), profile.maxTasks(type, group)));
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
  const plain = VARIANTS.find((v) => v.id === id)!;
  const mesh = options.sidecar !== undefined && meshApplies(options.sidecar, plain) ? options.sidecar : undefined;
  const variant: VariantInfo = mesh === undefined ? plain : { ...plain, label: `${plain.label} + ${MESH_LABEL[mesh]}`, mesh };
  const raw = w.raw;
  const rawCluster = raw.cluster as Obj;
  const notes: string[] = [];
  const all = (raw.services as Obj[]).map((s) => structuredClone(s));
  // DAEMON services run on every EC2 instance or node, and on Fargate not at all (ECS and EKS Fargate run no daemons).
  const isDaemon = (s: Obj): boolean => s.schedulingStrategy === 'DAEMON';
  const services = all.filter((s) => !isDaemon(s));
  const daemonServices = all.filter(isDaemon);
  const daemons = daemonsOf(w.spec);
  const specOf = (name: string): ServiceSpec => w.spec.services.find((s) => s.name === name)!;
  const daemonOf = (name: string) => w.spec.cluster.daemons!.find((d) => d.name === name)!;
  const onFargate = id === 'ecs-fargate' || id === 'eks-fargate';
  for (const d of daemonServices) {
    if (onFargate) notes.push(`${String(d.serviceName)}: a DAEMON service has no Fargate counterpart (Fargate runs no daemons); what it does (a log router, an agent) would run as a sidecar in each task, which this variant does not add`);
    else if (variant.platform === 'eks') notes.push(`${String(d.serviceName)}: the DAEMON service as a DaemonSet (one pod on every node, its task's CPU and memory as requests)`);
  }
  const subnets = (rawCluster.vpc as Obj | undefined) ?? { subnets: DEFAULT_SUBNETS };
  const base: Obj = {
    name: `${String(raw.name)}-${id}${mesh === undefined ? '' : `-${mesh}`}`,
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
      if (mesh === 'service-connect') s.serviceConnectConfiguration = { enabled: true };
    }
    if (mesh === 'service-connect') notes.push('Service Connect: each task grows by the proxy\'s recommended 256 CPU units and 64 MiB (on Fargate to the next size) and waits for it to be HEALTHY');
    if (id !== 'ecs-fargate') {
      const reserved = w.spec.cluster.ecsReservedMemoryMiB;
      const perInstance = (s: ServiceSpec): number => ecsTasksPerInstance(type, mesh === 'service-connect' ? withServiceConnect(s) : s, reserved, trunking, daemons);
      const desired = instancesFor(w.spec.services, perInstance, (s) => s.desiredCount);
      const peak = instancesFor(w.spec.services, perInstance, (s) => Math.max(s.desiredCount, s.autoScaling?.maxCapacity ?? 0));
      if (!Number.isFinite(desired)) throw new Error(`compare: a task does not fit on ${type.name}; choose a larger --instance-type`);
      cluster.awsvpcTrunking = trunking;
      cluster.autoScalingGroups = [{ name: 'fleet', instanceType: type.name, desiredCapacity: desired, maxSize: Math.max(desired, peak) + 1 }];
      cluster.capacityProviders = [{ name: 'fleet', autoScalingGroup: 'fleet', managedScaling: { status: 'ENABLED', targetCapacity: 100 }, managedTerminationProtection: 'ENABLED' }];
      if (id === 'ecs-ec2-ri' && pricing.commitment === undefined) notes.push('Reserved Instances, 1-year standard, no upfront (37 % off), covering every instance-hour (set pricing.commitment in the workload to change it)');
    }
    // The DAEMON services keep launchType EC2: ECS refuses a capacity provider strategy with DAEMON.
    out.services = id === 'ecs-fargate' ? services : [...daemonServices.map((d) => ({ ...d, launchType: 'EC2' })), ...services];
    if (ecsEvents.length > 0) out.events = ecsEvents;
    const variantPricing = id === 'ecs-ec2-ri' && pricing.commitment === undefined ? { ...pricing, commitment: { type: 'reserved-instances' } } : pricing;
    if (Object.keys(variantPricing).length > 0) out.pricing = variantPricing;
    return { variant, yaml: stringifyYaml(out), notes };
  }

  // EKS: the services as Deployments.
  const fargate = id === 'eks-fargate';
  const workloads = [
    ...(fargate ? [] : daemonServices.map((d) => daemonSet(d, daemonOf(d.serviceName as string), notes))),
    ...services.map((s) => deployment(s, specOf(s.serviceName as string).taskDefinition, fargate, notes)),
  ];
  const cluster: Obj = { platform: 'eks', ...common, vpc: subnets, coreDns: false };
  if (mesh === 'istio') {
    cluster.istio = { injectNamespaces: [...new Set(workloads.map((x) => (x.namespace as string | undefined) ?? 'default'))], nativeSidecars: true };
    notes.push('Istio: native sidecars (istio-proxy 100m CPU, 128Mi per pod) and one istiod pod (500m, 2Gi)');
  }
  if (id === 'eks-managed') {
    const perNode = (s: ServiceSpec): number => eksPodsPerNode(type, s, daemons);
    const sized = mesh === 'istio' ? [...w.spec.services.map(withIstio), istiodService(ISTIOD.replicas)] : w.spec.services;
    const desired = instancesFor(sized, perNode, (s) => s.desiredCount);
    const peak = instancesFor(sized, perNode, (s) => Math.max(s.desiredCount, s.autoScaling?.maxCapacity ?? 0));
    if (!Number.isFinite(desired)) throw new Error(`compare: a pod does not fit on ${type.name}; choose a larger --instance-type`);
    // Sized for the desired count at the start; Cluster Autoscaler (upstream defaults) adds nodes
    // for pods the HPA adds and removes unneeded ones, within 1..peak + 1 (as the ECS EC2 group).
    const maxSize = Math.max(desired, peak) + 1;
    cluster.nodeGroups = [{ name: 'fleet', instanceType: type.name, desiredSize: desired, minSize: 1, maxSize }];
    cluster.clusterAutoscaler = {};
    notes.push(`a managed node group of ${type.name}, ${desired} at the start (the desired count), scaled by Cluster Autoscaler with its default flags between 1 and ${maxSize} nodes`);
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

/** The service with Service Connect's proxy in its tasks (as the scenario compiler adds it on EC2). */
function withServiceConnect(s: ServiceSpec): ServiceSpec {
  return { ...s, taskDefinition: withServiceConnectProxy(s.taskDefinition, { addProxyResources: true, fargate: false }) };
}

/** The service with Istio's sidecar in its pods. */
function withIstio(s: ServiceSpec): ServiceSpec {
  return { ...s, taskDefinition: withIstioSidecar(s.taskDefinition, { nativeSidecar: true, holdApplicationUntilProxyStarts: false }) };
}

function familyArch(family: string): CpuArchitecture {
  return /\dg/.test(family) ? 'arm64' : 'x86_64';
}

/** A DAEMON service as a DaemonSet: the pod template of its Deployment translation, on every node. */
function daemonSet(s: Obj, requests: Pick<TaskDefinition, 'cpu' | 'memoryMiB'>, notes: string[]): Obj {
  const { kind: _kind, replicas: _replicas, ...template } = deployment(s, requests, false, notes);
  return { kind: 'DaemonSet', ...template };
}

/** An ECS service as a Kubernetes Deployment (see the module comment for the mapping); `requests`: its task's CPU and memory. */
function deployment(s: Obj, requests: Pick<TaskDefinition, 'cpu' | 'memoryMiB'>, fargate: boolean, notes: string[]): Obj {
  const td = s.taskDefinition as Obj;
  const name = kubeName(s.serviceName as string);
  const millicores = Math.round(requests.cpu / 1024);
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
      ...(i === 0 ? { resources: { requests: { cpu: `${millicores}m`, memory: `${requests.memoryMiB}Mi` } } } : {}),
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
