import { suggest } from '../engine/did-you-mean.js';
import { findInstanceType } from '../model/catalog/instance-types.js';
import type {
  AutoScalingGroupSpec,
  Bound,
  ExpectationSpec,
  ServiceMetric,
  ServiceSpec,
  SimulationSpec,
  TimedEventSpec,
  ArrivalRate,
} from '../model/simulation-spec.js';
import type { AppFailureSpec, ImagePullFailure } from '../model/app-failure.js';
import { ALB_TARGET_GROUP_DEFAULTS, MAX_STOP_TIMEOUT_MS, SHUTDOWN_DEFAULTS, type ContainerDefinition, type HealthCheckSpec, type NetworkMode, type ShutdownSpec, type TargetGroupSpec } from '../model/task-definition.js';
import { DEFAULT_MAX_EVENTS } from '../engine/simulation.js';
import { cidrsOverlap, formatCidr, parseCidr, validateSubnetCidr } from '../model/network/cidr.js';
import { DEFAULT_CNI_SETTINGS, type CniSettings } from '../model/network/cni-settings.js';
import { FARGATE, FARGATE_SPOT, isFargateProvider, MANAGED_SCALING_DEFAULTS, type CapacityProviderSpec, type CapacityProviderStrategyItem } from '../model/capacity-provider.js';
import { serviceSpec, type KarpenterSpec, type SubnetSpec } from '../model/simulation-spec.js';
import { DEFAULT_DEPLOYMENT_CONFIGURATION, DEFAULT_ROLLING_UPDATE, type DeploymentConfiguration, type IntOrPercent, type PodDisruptionBudget, type RollingUpdateStrategy } from '../model/service.js';
import { DEFAULT_SERVICE_PLACEMENT, type EcsPlacementConstraint, type EcsPlacementSpec, type EcsPlacementStrategy } from '../model/ecs-placement-spec.js';
import { compileStrategy } from '../policy/ecs/strategy-registry.js';
import { compileProfile } from '../policy/kube/registry.js';
import { SchedulerConfigError } from '../policy/kube/args.js';
import type { Taint } from '../model/host.js';
import {
  DEFAULT_PROFILE,
  EMPTY_POD_SCHEDULING_SPEC,
  type Affinity,
  type PluginConfig,
  type PluginSpec,
  type SchedulerProfileSpec,
  type Toleration,
  type TopologySpreadConstraint,
} from '../model/pod-scheduling-spec.js';
import { parseClusterQuery } from '../policy/ecs/cluster-query.js';
import {
  DEFAULT_CONSOLIDATE_AFTER_MS,
  DEFAULT_CONSOLIDATION_POLICY,
  DEFAULT_DISRUPTION_BUDGETS,
  DEFAULT_EXPIRE_AFTER_MS,
  V1BETA1_CONSOLIDATION_POLICIES,
  type ConsolidationPolicy,
  type NodePoolSpec,
  type Requirement,
} from '../model/karpenter-spec.js';
import { EKS_COREDNS } from '../model/params/eks-node.js';
import { CPU_SHARES_PER_MILLICORE, CPU_SHARES_PER_VCPU } from '../model/resources.js';
import { checkFargateSize, fargatePodSize, FARGATE_SIZES } from '../model/params/fargate.js';
import type { LoadSpec, RpsProfile } from '../model/load.js';
import {
  DEFAULT_DISABLE_SCALE_IN,
  DEFAULT_ECS_COOLDOWN_MS,
  DEFAULT_METRIC_AGGREGATION_TYPE,
  type ScalableTargetSpec,
  type ScalingPolicySpec,
  type ServiceScalingMetric,
  type StepScalingPolicySpec,
} from '../model/service-autoscaling-spec.js';
import { scalableTargetSpecProblems } from '../policy/autoscaling/target-tracking.js';
import { validateHpaSpec } from '../policy/autoscaling/hpa.js';
import { DEFAULT_HPA_METRICS, DEFAULT_MIN_REPLICAS, DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, type HpaMetric, type HpaScalingRules, type HpaSpec } from '../model/hpa-spec.js';
import { parseByteQuantity, parseDuration, parseEcsCpu, parseEcsMemory, parseKubernetesCpu, type Parsed } from './units.js';
import { DEFAULT_PRICING, defaultCommitment, type CommitmentSpec, type PricingSpec } from '../model/pricing.js';

type Path = (string | number)[];

/** ECS container health check defaults (task definition `healthCheck`): 30 s, 5 s, 3 retries, no start period. */
function ecsHealthCheck(raw: Obj | undefined): HealthCheckSpec | undefined {
  if (raw === undefined) return undefined;
  return {
    kind: 'ecs-container',
    intervalMs: ((raw.interval as number | undefined) ?? 30) * 1000,
    initialDelayMs: 0,
    timeoutMs: ((raw.timeout as number | undefined) ?? 5) * 1000,
    failureThreshold: (raw.retries as number | undefined) ?? 3,
    successThreshold: 1,
    startPeriodMs: ((raw.startPeriod as number | undefined) ?? 0) * 1000,
  };
}

/** Kubernetes readiness probe defaults: no delay, every 10 s, 1 s timeout, 3 failures. */
function readinessProbe(raw: Obj | undefined): HealthCheckSpec | undefined {
  if (raw === undefined) return undefined;
  return {
    kind: 'k8s-readiness',
    intervalMs: ((raw.periodSeconds as number | undefined) ?? 10) * 1000,
    initialDelayMs: ((raw.initialDelaySeconds as number | undefined) ?? 0) * 1000,
    timeoutMs: ((raw.timeoutSeconds as number | undefined) ?? 1) * 1000,
    failureThreshold: (raw.failureThreshold as number | undefined) ?? 3,
    successThreshold: (raw.successThreshold as number | undefined) ?? 1,
    startPeriodMs: 0,
  };
}

/** Kubernetes liveness probe defaults: no delay, every 10 s, 1 s timeout, 3 failures. */
function livenessProbe(raw: Obj | undefined): HealthCheckSpec | undefined {
  if (raw === undefined) return undefined;
  // successThreshold "must be 1 for liveness" (the schema does not offer it there).
  return { ...readinessProbe(raw)!, kind: 'k8s-liveness', successThreshold: 1 };
}

/**
 * The task's stop semantics from its containers (and, for a pod, its grace period): the task
 * is gone when its last container is, so the largest stopTimeout counts and one container that
 * ignores SIGTERM keeps it until SIGKILL. The request duration is the first container's that
 * sets one, as for readyAfter. Undefined when nothing is set: the defaults apply.
 */
function shutdownSpec(
  containers: readonly Obj[],
  containerPath: (j: number) => Path,
  gracePeriodSeconds: number | undefined,
  need: (parsed: Parsed, path: Path, fallback?: number) => number,
  report: (path: Path, message: string) => void,
): ShutdownSpec | undefined {
  const set = (key: string): boolean => containers.some((c) => c[key] !== undefined);
  if (gracePeriodSeconds === undefined && !set('stopTimeout') && !set('handlesSigterm') && !set('requestDuration')) return undefined;
  let stopTimeoutMs = gracePeriodSeconds === undefined ? SHUTDOWN_DEFAULTS.stopTimeoutMs : gracePeriodSeconds * 1000;
  if (set('stopTimeout')) {
    stopTimeoutMs = 0;
    containers.forEach((c, j) => {
      const ms = c.stopTimeout === undefined ? SHUTDOWN_DEFAULTS.stopTimeoutMs : (c.stopTimeout as number) * 1000;
      // RegisterTaskDefinition's documented bound (Fargate: "The max stop timeout value is 120 seconds").
      if (ms > MAX_STOP_TIMEOUT_MS) report([...containerPath(j), 'stopTimeout'], `stopTimeout is ${ms / 1000} seconds; ECS allows at most ${MAX_STOP_TIMEOUT_MS / 1000}`);
      stopTimeoutMs = Math.max(stopTimeoutMs, Math.min(ms, MAX_STOP_TIMEOUT_MS));
    });
  }
  const handlesSigterm = containers.every((c) => c.handlesSigterm !== false);
  const timed = containers.findIndex((c) => c.requestDuration !== undefined);
  const requestDurationMs = timed < 0 ? SHUTDOWN_DEFAULTS.requestDurationMs : need(parseDuration(containers[timed]!.requestDuration), [...containerPath(timed), 'requestDuration']);
  return { stopTimeoutMs, handlesSigterm, requestDurationMs };
}

/**
 * The task's app failure model from its containers (docs/models.md, "Application failures and
 * back-off"). fleetsim models one app process per task, so one container may set `crash` and
 * one `memoryLeak`; `imagePull` names that container's image. Undefined when none is set: the
 * app never fails and no random draw is made.
 */
function appFailureSpec(
  containers: readonly Obj[],
  containerPath: (j: number) => Path,
  memoryLimitMiB: number,
  memoryLimitHint: string,
  need: (parsed: Parsed, path: Path, fallback?: number) => number,
  report: (path: Path, message: string) => void,
  /** The leaking container's own memory limit, MiB, when it has one (Kubernetes resources.limits.memory). */
  leakLimitMiB?: number,
): AppFailureSpec | undefined {
  const only = (key: string): number => {
    const at = containers.findIndex((c) => c[key] !== undefined);
    containers.forEach((c, j) => {
      if (j > at && c[key] !== undefined) report([...containerPath(j), key], `only one container may set ${key} (fleetsim models one app process per task; container ${String(containers[at]!.name)} already does)`);
    });
    return at;
  };
  const crashAt = only('crash');
  const leakAt = only('memoryLeak');
  const pullAt = only('imagePull');
  const healthAt = only('healthEndpoint');
  if (crashAt < 0 && leakAt < 0 && pullAt < 0 && healthAt < 0) return undefined;
  let spec: { -readonly [K in keyof AppFailureSpec]: AppFailureSpec[K] } = {};
  if (crashAt >= 0) {
    const crash = containers[crashAt]!.crash as Obj;
    if (crash.onStartProbability !== undefined) spec = { ...spec, crashOnStartProbability: crash.onStartProbability as number };
    if (crash.after !== undefined) {
      const parsed = parseDuration(crash.after);
      const ms = need(parsed, [...containerPath(crashAt), 'crash', 'after']);
      if (parsed.ok && ms <= 0) report([...containerPath(crashAt), 'crash', 'after'], 'crash.after must be more than 0 (use onStartProbability: 1 for a crash at start)');
      spec = { ...spec, crashAfterMs: ms };
    }
  }
  if (leakAt >= 0) {
    const path = [...containerPath(leakAt), 'memoryLeak', 'perMinute'];
    const parsed = parseByteQuantity((containers[leakAt]!.memoryLeak as Obj).perMinute);
    const mib = need(parsed, path);
    if (parsed.ok && mib <= 0) report(path, 'memoryLeak.perMinute must be more than 0, e.g. 50MiB');
    if (memoryLimitMiB <= 0) report([...containerPath(leakAt), 'memoryLeak'], `a memory leak ends in an OOM kill only under a memory limit: ${memoryLimitHint}`);
    spec = { ...spec, leakMiBPerMinute: mib, ...(leakLimitMiB === undefined ? {} : { memoryLimitMiB: leakLimitMiB }) };
  }
  if (pullAt >= 0) {
    const c = containers[pullAt]!;
    spec = { ...spec, imagePull: { image: c.image as string, fails: (c.imagePull as Obj).fails as ImagePullFailure } };
  }
  if (healthAt >= 0) {
    const raw = containers[healthAt]!.healthEndpoint as Obj;
    const failsAfterMs = raw.failsAfter === undefined ? null : need(parseDuration(raw.failsAfter), [...containerPath(healthAt), 'healthEndpoint', 'failsAfter']);
    spec = { ...spec, healthEndpoint: { failsAfterMs, queuedWithRequests: raw.queuedWithRequests === true } };
  }
  return spec;
}

/** ECS DeploymentConfiguration; ECS rejects a configuration that can never replace a task (100/100). */
function deploymentConfiguration(raw: Obj, path: Path, report: (path: Path, message: string) => void): DeploymentConfiguration {
  const d = DEFAULT_DEPLOYMENT_CONFIGURATION;
  const cb = raw.deploymentCircuitBreaker as Obj | undefined;
  const config: DeploymentConfiguration = {
    minimumHealthyPercent: (raw.minimumHealthyPercent as number | undefined) ?? d.minimumHealthyPercent,
    maximumPercent: (raw.maximumPercent as number | undefined) ?? d.maximumPercent,
    circuitBreaker: cb === undefined ? d.circuitBreaker : { enable: cb.enable as boolean, rollback: cb.rollback as boolean },
  };
  if (config.minimumHealthyPercent >= 100 && config.maximumPercent <= 100) report(path, 'with minimumHealthyPercent 100 and maximumPercent 100 a deployment can neither start nor stop a task');
  return config;
}

/** Kubernetes Deployment strategy.rollingUpdate and progressDeadlineSeconds; both bounds 0 is invalid (as the API server says). */
function rollingUpdate(w: Obj, path: Path, report: (path: Path, message: string) => void): RollingUpdateStrategy {
  const d = DEFAULT_ROLLING_UPDATE;
  const raw = (w.strategy as Obj | undefined) ?? {};
  const ru = (raw.rollingUpdate as Obj | undefined) ?? {};
  const type = (raw.type as RollingUpdateStrategy['type'] | undefined) ?? d.type;
  // The API server's validation: "may not be specified when strategy `type` is 'Recreate'".
  if (type === 'Recreate' && raw.rollingUpdate !== undefined) report([...path, 'strategy', 'rollingUpdate'], "may not be specified when strategy type is 'Recreate'");
  const strategy: RollingUpdateStrategy = {
    type,
    maxSurge: (ru.maxSurge as IntOrPercent | undefined) ?? d.maxSurge,
    maxUnavailable: (ru.maxUnavailable as IntOrPercent | undefined) ?? d.maxUnavailable,
    progressDeadlineMs: w.progressDeadlineSeconds === undefined ? d.progressDeadlineMs : (w.progressDeadlineSeconds as number) * 1000,
    minReadyMs: w.minReadySeconds === undefined ? d.minReadyMs : (w.minReadySeconds as number) * 1000,
  };
  // "progressDeadlineSeconds must be greater than minReadySeconds" (Deployment validation).
  if (strategy.progressDeadlineMs <= strategy.minReadyMs) report([...path, 'progressDeadlineSeconds'], 'must be greater than minReadySeconds');
  const zero = (v: IntOrPercent): boolean => (typeof v === 'number' ? v === 0 : Number(v.slice(0, -1)) === 0);
  if (zero(strategy.maxSurge) && zero(strategy.maxUnavailable)) report([...path, 'strategy', 'rollingUpdate', 'maxUnavailable'], 'may not be 0 when maxSurge is 0');
  return strategy;
}

function targetGroup(raw: Obj | undefined): TargetGroupSpec | null {
  if (raw === undefined) return null;
  const d = ALB_TARGET_GROUP_DEFAULTS;
  const s = (key: string, fallbackMs: number): number => (raw[key] === undefined ? fallbackMs : (raw[key] as number) * 1000);
  return {
    healthCheckIntervalMs: s('healthCheckIntervalSeconds', d.healthCheckIntervalMs),
    healthyThreshold: (raw.healthyThresholdCount as number | undefined) ?? d.healthyThreshold,
    unhealthyThreshold: (raw.unhealthyThresholdCount as number | undefined) ?? d.unhealthyThreshold,
    healthCheckTimeoutMs: s('healthCheckTimeoutSeconds', d.healthCheckTimeoutMs),
    deregistrationDelayMs: s('deregistrationDelaySeconds', d.deregistrationDelayMs),
  };
}
type Obj = Record<string, unknown>;

export interface CompileProblem {
  readonly path: Path;
  readonly message: string;
}

export type CompileResult = { ok: true; spec: SimulationSpec } | { ok: false; problems: CompileProblem[] };

/** Defaults, each what AWS or the scenario format documents. */
export const DEFAULTS = {
  seed: '1',
  sampleInterval: '10s',
  region: 'us-east-1',
  /** Three AZs: the layout AWS recommends for production and EKS requires at least two of. */
  availabilityZones: (region: string): string[] => [`${region}a`, `${region}b`, `${region}c`],
  networkMode: 'bridge' as NetworkMode,
  imageLayers: 5,
  readyAfter: '2s',
} as const;

/**
 * Turns a schema-valid scenario object into a SimulationSpec: units parsed, defaults applied,
 * cross-references (services named by events and expectations, instance types) resolved.
 * Collects every problem with its field path; never throws on bad input.
 */
/** What compiling may need from outside: reading a file the scenario names (a traffic trace). */
export interface CompileContext {
  /** Returns the file's text, or undefined when it cannot be read; paths are relative to the scenario. */
  readonly readFile?: (relativePath: string) => string | undefined;
}

export function compileScenario(data: Obj, context: CompileContext = {}): CompileResult {
  const problems: CompileProblem[] = [];
  const report = (path: Path, message: string): void => {
    problems.push({ path, message });
  };
  const need = (parsed: Parsed, path: Path, fallback = 0): number => {
    if (parsed.ok) return parsed.value;
    report(path, parsed.message);
    return fallback;
  };

  const name = data.name as string;
  const durationMs = need(parseDuration(data.duration), ['duration']);
  if (durationMs === 0 && problems.length === 0) report(['duration'], 'must be longer than 0');
  const sampleIntervalMs = need(parseDuration(data.sampleInterval ?? DEFAULTS.sampleInterval), ['sampleInterval'], 10_000);
  if (sampleIntervalMs < 1) report(['sampleInterval'], 'must be at least 1ms');

  const cluster = data.cluster as Obj;
  const region = (cluster.region as string | undefined) ?? DEFAULTS.region;
  const azs = (cluster.availabilityZones as string[] | undefined) ?? DEFAULTS.availabilityZones(region);
  azs.forEach((az, i) => {
    if (!az.startsWith(region)) report(['cluster', 'availabilityZones', i], `availability zone '${az}' is not in region ${region}`);
  });

  const platform = cluster.platform as 'ecs' | 'eks';
  const wrongPlatform = (key: string, other: string): void => report(['cluster', key], `'${key}' is for ${other} clusters; this one is ${platform}`);
  if (platform === 'eks' && cluster.autoScalingGroups !== undefined) wrongPlatform('autoScalingGroups', 'ECS');
  if (platform === 'ecs') {
    if (cluster.nodeGroups !== undefined) wrongPlatform('nodeGroups', 'EKS');
    if (cluster.cni !== undefined) wrongPlatform('cni', 'EKS');
    if (cluster.coreDns !== undefined) wrongPlatform('coreDns', 'EKS');
    if (data.workloads !== undefined) report(['workloads'], 'Kubernetes workloads need platform: eks');
  }
  if (platform === 'ecs' && cluster.karpenter !== undefined) wrongPlatform('karpenter', 'EKS');
  if (platform === 'eks' && cluster.awsvpcTrunking !== undefined) wrongPlatform('awsvpcTrunking', 'ECS');
  if (platform === 'eks' && data.services !== undefined) report(['services'], 'ECS services need platform: ecs (use workloads on EKS)');

  const subnets: SubnetSpec[] = [];
  (((cluster.vpc as Obj | undefined)?.subnets as Obj[] | undefined) ?? []).forEach((sn, i) => {
    const path: Path = ['cluster', 'vpc', 'subnets', i];
    const parsed = parseCidr(sn.cidr as string);
    if (!parsed.ok) {
      report([...path, 'cidr'], parsed.message);
      return;
    }
    const sizeProblem = validateSubnetCidr(parsed.cidr);
    if (sizeProblem !== null) report([...path, 'cidr'], sizeProblem);
    const az = sn.az as string;
    if (!azs.includes(az)) report([...path, 'az'], `'${az}' is not one of the cluster's availability zones (${azs.join(', ')})`);
    const clash = subnets.find((other) => cidrsOverlap(other.cidr, parsed.cidr));
    if (clash !== undefined) report([...path, 'cidr'], `${formatCidr(parsed.cidr)} overlaps ${clash.id} (${formatCidr(clash.cidr)})`);
    subnets.push({ id: (sn.id as string | undefined) ?? `subnet-${i + 1}`, az, cidr: parsed.cidr });
  });
  uniqueNames(subnets.map((x) => x.id), (i) => ['cluster', 'vpc', 'subnets', i, 'id'], 'subnet', report);
  if (platform === 'eks' && subnets.length === 0) report(['cluster'], "an EKS cluster needs 'vpc.subnets': pods take their addresses from them");

  const rawCni = (cluster.cni as Obj | undefined) ?? {};
  const cni: CniSettings = {
    prefixDelegation: (rawCni.prefixDelegation as boolean | undefined) ?? DEFAULT_CNI_SETTINGS.prefixDelegation,
    warmEniTarget: (rawCni.warmEniTarget as number | undefined) ?? DEFAULT_CNI_SETTINGS.warmEniTarget,
    warmIpTarget: (rawCni.warmIpTarget as number | undefined) ?? null,
    minimumIpTarget: (rawCni.minimumIpTarget as number | undefined) ?? null,
    warmPrefixTarget: (rawCni.warmPrefixTarget as number | undefined) ?? DEFAULT_CNI_SETTINGS.warmPrefixTarget,
  };

  const groups: AutoScalingGroupSpec[] = [];
  const groupKey = platform === 'eks' ? 'nodeGroups' : 'autoScalingGroups';
  const sizeKey = platform === 'eks' ? 'desiredSize' : 'desiredCapacity';
  ((cluster[groupKey] as Obj[] | undefined) ?? []).forEach((g, i) => {
    const path: Path = ['cluster', groupKey, i];
    const found = findInstanceType(g.instanceType as string);
    if (!found.ok) {
      report([...path, 'instanceType'], found.message);
      return;
    }
    const groupAzs = (g.availabilityZones as string[] | undefined) ?? azs;
    groupAzs.forEach((az, j) => {
      if (!azs.includes(az)) report([...path, 'availabilityZones', j], `'${az}' is not one of the cluster's availability zones (${azs.join(', ')})`);
      else if (subnets.length > 0 && !subnets.some((x) => x.az === az)) report([...path, 'availabilityZones', j], `no subnet in ${az}: add one under cluster.vpc.subnets`);
    });
    if (cni.prefixDelegation && platform === 'eks' && !found.type.nitro) report([...path, 'instanceType'], `${found.type.name} is not built on Nitro, so it cannot use prefix delegation`);
    const desiredCapacity = g[sizeKey] as number;
    const minSize = (g.minSize as number | undefined) ?? 0;
    const maxSize = (g.maxSize as number | undefined) ?? Math.max(desiredCapacity, minSize);
    if (minSize > maxSize) report([...path, 'minSize'], `minSize ${minSize} is above maxSize ${maxSize}`);
    if (desiredCapacity < minSize || desiredCapacity > maxSize) report([...path, sizeKey], `${sizeKey} ${desiredCapacity} is outside minSize..maxSize (${minSize}..${maxSize})`);
    groups.push({
      name: g.name as string,
      instanceType: found.type,
      desiredCapacity,
      minSize,
      maxSize,
      availabilityZones: groupAzs,
      ...(g.maxPods === undefined ? {} : { maxPods: g.maxPods as number }),
      ...(g.cachedImages === undefined ? {} : { cachedImages: g.cachedImages as string[] }),
      ...(g.attributes === undefined ? {} : { attributes: g.attributes as Record<string, string> }),
      ...(g.labels === undefined ? {} : { labels: g.labels as Record<string, string> }),
      ...(g.taints === undefined ? {} : { taints: g.taints as Taint[] }),
    });
  });
  uniqueNames(groups.map((g) => g.name), (i) => ['cluster', groupKey, i, 'name'], platform === 'eks' ? 'node group' : 'Auto Scaling group', report);

  const capacityProviders: CapacityProviderSpec[] = [];
  ((cluster.capacityProviders as Obj[] | undefined) ?? []).forEach((cp, i) => {
    const path: Path = ['cluster', 'capacityProviders', i];
    const ms = cp.managedScaling as Obj | undefined;
    const asg = cp.autoScalingGroup as string;
    if (!groups.some((g) => g.name === asg)) {
      const hits = suggest(asg, groups.map((g) => g.name));
      report([...path, 'autoScalingGroup'], `no Auto Scaling group named '${asg}'${hits.length > 0 ? ` (did you mean '${hits[0]}'?)` : ''}`);
    }
    if (isFargateProvider(cp.name as string)) report([...path, 'name'], `'${String(cp.name)}' is reserved for the built-in Fargate capacity provider`);
    const d = MANAGED_SCALING_DEFAULTS;
    capacityProviders.push({
      name: cp.name as string,
      autoScalingGroup: asg,
      managedScaling:
        ms === undefined || ms.status === 'DISABLED'
          ? null
          : {
              targetCapacity: (ms.targetCapacity as number | undefined) ?? d.targetCapacity,
              minimumScalingStepSize: (ms.minimumScalingStepSize as number | undefined) ?? d.minimumScalingStepSize,
              maximumScalingStepSize: (ms.maximumScalingStepSize as number | undefined) ?? d.maximumScalingStepSize,
              instanceWarmupMs: ms.instanceWarmupPeriod === undefined ? d.instanceWarmupMs : (ms.instanceWarmupPeriod as number) * 1000,
            },
      managedTerminationProtection: cp.managedTerminationProtection === 'ENABLED',
    });
  });
  if (platform === 'eks' && cluster.capacityProviders !== undefined) wrongPlatform('capacityProviders', 'ECS');
  const cpNames = capacityProviders.map((c) => c.name);
  uniqueNames(cpNames, (i) => ['cluster', 'capacityProviders', i, 'name'], 'capacity provider', report);
  /** A strategy's items, checked: known providers, one base at most, no mix of Fargate and EC2, some weight. */
  const strategy = (raw: Obj[] | undefined, path: Path): CapacityProviderStrategyItem[] => {
    const items = (raw ?? []).map((it, j) => {
      const name = it.capacityProvider as string;
      if (!isFargateProvider(name) && !cpNames.includes(name)) {
        const hits = suggest(name, [...cpNames, FARGATE, FARGATE_SPOT]);
        report([...path, j, 'capacityProvider'], `no capacity provider named '${name}'${hits.length > 0 ? ` (did you mean '${hits[0]}'?)` : ''}`);
      }
      return { capacityProvider: name, base: (it.base as number | undefined) ?? 0, weight: (it.weight as number | undefined) ?? 0 };
    });
    if (items.filter((x) => x.base > 0).length > 1) report(path, 'only one capacity provider in a strategy can have a base');
    if (items.length > 0 && items.every((x) => x.weight === 0) && items.every((x) => x.base === 0)) report(path, 'at least one capacity provider needs a weight above 0');
    const fargate = items.filter((x) => isFargateProvider(x.capacityProvider)).length;
    if (fargate > 0 && fargate < items.length) report(path, 'a strategy cannot mix Fargate and Auto Scaling group capacity providers');
    return items;
  };
  const defaultStrategy = strategy(cluster.defaultCapacityProviderStrategy as Obj[] | undefined, ['cluster', 'defaultCapacityProviderStrategy']);

  const services: ServiceSpec[] = [];
  ((data.services as Obj[] | undefined) ?? []).forEach((s, i) => {
    const path: Path = ['services', i];
    const td = s.taskDefinition as Obj;
    const tdPath: Path = [...path, 'taskDefinition'];
    const containers: ContainerDefinition[] = (td.containerDefinitions as Obj[]).map((c, j) => ({
      name: c.name as string,
      image: c.image as string,
      imageSizeMiB: need(parseByteQuantity(c.imageSize), [...tdPath, 'containerDefinitions', j, 'imageSize']),
      layers: (c.layers as number | undefined) ?? DEFAULTS.imageLayers,
      essential: (c.essential as boolean | undefined) ?? true,
      ...(c.soci === true ? { soci: true } : {}),
      portMappings: ((c.portMappings as Obj[] | undefined) ?? []).map((m) => ({
        containerPort: m.containerPort as number,
        ...(m.hostPort === undefined ? {} : { hostPort: m.hostPort as number }),
        protocol: (m.protocol as 'tcp' | 'udp' | undefined) ?? 'tcp',
      })),
    }));
    if (s.launchType !== undefined && s.capacityProviderStrategy !== undefined) report([...path, 'capacityProviderStrategy'], 'a service sets either launchType or capacityProviderStrategy, not both');
    // No launch type: the service's strategy, or the cluster's default one (ECS semantics).
    const cpStrategy = s.launchType !== undefined ? [] : s.capacityProviderStrategy !== undefined ? strategy(s.capacityProviderStrategy as Obj[], [...path, 'capacityProviderStrategy']) : defaultStrategy;
    const launchType: 'EC2' | 'FARGATE' = (s.launchType as 'EC2' | 'FARGATE' | undefined) ?? (cpStrategy.some((x) => isFargateProvider(x.capacityProvider)) ? 'FARGATE' : 'EC2');
    // Fargate task definitions must use awsvpc, so it is the default there.
    const networkMode = (td.networkMode as NetworkMode | undefined) ?? (launchType === 'FARGATE' ? 'awsvpc' : DEFAULTS.networkMode);
    if (launchType === 'FARGATE' && networkMode !== 'awsvpc') report([...tdPath, 'networkMode'], `Fargate tasks need networkMode 'awsvpc', got '${networkMode}'`);
    containers.forEach((c, j) =>
      c.portMappings.forEach((m, k) => {
        // RegisterTaskDefinition rejects these combinations; so does fleetsim.
        if ((networkMode === 'host' || networkMode === 'awsvpc') && m.hostPort !== undefined && m.hostPort !== 0 && m.hostPort !== m.containerPort) {
          report([...tdPath, 'containerDefinitions', j, 'portMappings', k, 'hostPort'], `in ${networkMode} mode hostPort must be omitted or equal containerPort (${m.containerPort})`);
        }
        if (networkMode === 'none') report([...tdPath, 'containerDefinitions', j, 'portMappings', k], "networkMode 'none' takes no port mappings");
      }),
    );
    const awsvpc = (s.networkConfiguration as Obj | undefined)?.awsvpcConfiguration as Obj | undefined;
    const subnetIds = (awsvpc?.subnets as string[] | undefined) ?? [];
    subnetIds.forEach((id, j) => {
      if (!subnets.some((x) => x.id === id)) {
        const hits = suggest(id, subnets.map((x) => x.id));
        report([...path, 'networkConfiguration', 'awsvpcConfiguration', 'subnets', j], `no subnet '${id}' in cluster.vpc.subnets${hits.length > 0 ? ` (did you mean '${hits[0]}'?)` : ''}`);
      }
    });
    if (awsvpc !== undefined && networkMode !== 'awsvpc') report([...path, 'networkConfiguration'], "awsvpcConfiguration needs taskDefinition.networkMode 'awsvpc'");
    if (networkMode === 'awsvpc' && subnets.length === 0) report([...tdPath, 'networkMode'], "awsvpc tasks take addresses from subnets: add cluster.vpc.subnets");
    if (!containers.some((c) => c.essential)) report([...tdPath, 'containerDefinitions'], 'a task definition needs at least one essential container');
    uniqueNames(containers.map((c) => c.name), (j) => [...tdPath, 'containerDefinitions', j, 'name'], 'container', report);
    const serviceName = s.serviceName as string;
    const cpu = need(parseEcsCpu(td.cpu), [...tdPath, 'cpu']);
    const memoryMiB = need(parseEcsMemory(td.memory), [...tdPath, 'memory']);
    if (launchType === 'FARGATE' && cpu > 0 && memoryMiB > 0) {
      const vcpu = cpu / CPU_SHARES_PER_VCPU;
      const problem = checkFargateSize(vcpu, memoryMiB);
      if (problem !== null) report([...tdPath, FARGATE_SIZES.some((r) => r.vcpu === vcpu) ? 'memory' : 'cpu'], problem);
    }
    const rawContainers = td.containerDefinitions as Obj[];
    const checked = rawContainers.findIndex((c) => c.healthCheck !== undefined && c.essential !== false);
    const ready = rawContainers.find((c) => c.readyAfter !== undefined);
    const readyAfterMs = need(parseDuration(ready?.readyAfter ?? DEFAULTS.readyAfter), [...tdPath, 'containerDefinitions', Math.max(0, rawContainers.indexOf(ready!)), 'readyAfter']);
    const healthCheck = checked < 0 ? undefined : ecsHealthCheck(rawContainers[checked]!.healthCheck as Obj);
    const shutdown = shutdownSpec(rawContainers, (j) => [...tdPath, 'containerDefinitions', j], undefined, need, report);
    const failure = appFailureSpec(rawContainers, (j) => [...tdPath, 'containerDefinitions', j], memoryMiB, 'set taskDefinition.memory', need, report);
    if ((s.load as Obj | undefined)?.dnsLookupsPerRequest !== undefined) report([...path, 'load', 'dnsLookupsPerRequest'], 'DNS lookups go through CoreDNS, an EKS model; ECS service discovery is not modelled');
    services.push({
      name: serviceName,
      kind: 'ecs-service',
      launchType,
      capacityProviderStrategy: cpStrategy,
      placement: ecsPlacement(s, path, report),
      podScheduling: EMPTY_POD_SCHEDULING_SPEC,
      load: compileLoad(s.load as Obj | undefined, [...path, 'load'], report, context),
      ...(s.autoScaling === undefined ? {} : { autoScaling: compileServiceAutoScaling(s.autoScaling as Obj, [...path, 'autoScaling'], report) }),
      subnetIds,
      loadBalancer: targetGroup(s.loadBalancer as Obj | undefined),
      ...(s.healthCheckGracePeriodSeconds === undefined ? {} : { healthCheckGracePeriodMs: (s.healthCheckGracePeriodSeconds as number) * 1000 }),
      ...(s.deploymentConfiguration === undefined ? {} : { deploymentConfiguration: deploymentConfiguration(s.deploymentConfiguration as Obj, [...path, 'deploymentConfiguration'], report) }),
      desiredCount: s.desiredCount as number,
      taskDefinition: {
        family: (td.family as string | undefined) ?? serviceName,
        revision: (td.revision as number | undefined) ?? 1,
        cpu,
        memoryMiB,
        networkMode,
        containers,
        readyAfterMs,
        ...(healthCheck === undefined ? {} : { healthCheck }),
        ...(shutdown === undefined ? {} : { shutdown }),
        ...(failure === undefined ? {} : { failure }),
        ...((td.runtimePlatform as Obj | undefined)?.cpuArchitecture === undefined
          ? {}
          : { cpuArchitecture: (td.runtimePlatform as Obj).cpuArchitecture === 'ARM64' ? ('arm64' as const) : ('x86_64' as const) }),
      },
    });
  });
  const fargateNamespaces = new Set<string>();
  for (const profile of (cluster.fargateProfiles as Obj[] | undefined) ?? []) for (const sel of profile.selectors as Obj[]) fargateNamespaces.add(sel.namespace as string);
  if (platform === 'ecs' && cluster.fargateProfiles !== undefined) wrongPlatform('fargateProfiles', 'EKS');
  ((data.workloads as Obj[] | undefined) ?? []).forEach((w, i) => {
    const path: Path = ['workloads', i];
    let cpu = 0;
    let memory = 0;
    /** Per container, its memory limit in MiB (undefined: none). */
    const memoryLimits: (number | undefined)[] = [];
    const containers: ContainerDefinition[] = (w.containers as Obj[]).map((c, j) => {
      const cPath: Path = [...path, 'containers', j];
      const requests = ((c.resources as Obj | undefined)?.requests as Obj | undefined) ?? {};
      const limits = ((c.resources as Obj | undefined)?.limits as Obj | undefined) ?? {};
      // A container without requests asks for nothing: Kubernetes' BestEffort.
      const cpuRequest = requests.cpu === undefined ? undefined : need(parseKubernetesCpu(requests.cpu), [...cPath, 'resources', 'requests', 'cpu']);
      const memoryRequest = requests.memory === undefined ? undefined : need(parseByteQuantity(requests.memory), [...cPath, 'resources', 'requests', 'memory']);
      const cpuLimit = limits.cpu === undefined ? undefined : need(parseKubernetesCpu(limits.cpu), [...cPath, 'resources', 'limits', 'cpu']);
      const memoryLimit = limits.memory === undefined ? undefined : need(parseByteQuantity(limits.memory), [...cPath, 'resources', 'limits', 'memory']);
      // A limit without a request sets the request to it (Kubernetes defaulting); a request above
      // its limit is invalid ("must be less than or equal to ... limit").
      const cpuAsked = cpuRequest ?? cpuLimit;
      const memoryAsked = memoryRequest ?? memoryLimit;
      if (cpuRequest !== undefined && cpuLimit !== undefined && cpuRequest > cpuLimit) report([...cPath, 'resources', 'requests', 'cpu'], 'must be less than or equal to cpu limit');
      if (memoryRequest !== undefined && memoryLimit !== undefined && memoryRequest > memoryLimit) report([...cPath, 'resources', 'requests', 'memory'], 'must be less than or equal to memory limit');
      if (cpuAsked !== undefined) cpu += cpuAsked;
      if (memoryAsked !== undefined) memory += memoryAsked;
      memoryLimits.push(memoryLimit);
      return {
        name: c.name as string,
        image: c.image as string,
        imageSizeMiB: need(parseByteQuantity(c.imageSize), [...cPath, 'imageSize']),
        layers: (c.layers as number | undefined) ?? DEFAULTS.imageLayers,
        essential: true,
        portMappings: [],
        ...(c.soci === true ? { soci: true } : {}),
      };
    });
    uniqueNames(containers.map((c) => c.name), (j) => [...path, 'containers', j, 'name'], 'container', report);
    const name = w.name as string;
    const rawContainers = w.containers as Obj[];
    const probed = rawContainers.find((c) => c.readinessProbe !== undefined);
    const ready = rawContainers.find((c) => c.readyAfter !== undefined);
    const readyAfterMs = need(parseDuration(ready?.readyAfter ?? DEFAULTS.readyAfter), [...path, 'containers', Math.max(0, rawContainers.indexOf(ready!)), 'readyAfter']);
    const healthCheck = readinessProbe(probed?.readinessProbe as Obj | undefined);
    const liveness = livenessProbe(rawContainers.find((c) => c.livenessProbe !== undefined)?.livenessProbe as Obj | undefined);
    const shutdown = shutdownSpec(rawContainers, (j) => [...path, 'containers', j], w.terminationGracePeriodSeconds as number | undefined, need, report);
    // A leak ends in an OOM kill at the leaking container's memory limit; without one, fleetsim
    // takes the pod's memory requests as the limit (node memory pressure is not modelled).
    const leaking = rawContainers.findIndex((c) => c.memoryLeak !== undefined);
    const leakLimit = leaking < 0 ? undefined : memoryLimits[leaking];
    const failure = appFailureSpec(rawContainers, (j) => [...path, 'containers', j], leakLimit ?? memory, 'set resources.limits.memory (or requests.memory, which fleetsim then takes as the limit)', need, report, leakLimit);
    const namespace = (w.namespace as string | undefined) ?? 'default';
    const onFargate = fargateNamespaces.has(namespace);
    if (onFargate) {
      // Fargate sizes the microVM from the pod's requests, rounded up to a Fargate size.
      const [vcpu, mib] = fargatePodSize(cpu / CPU_SHARES_PER_VCPU, memory);
      cpu = Math.round(vcpu * CPU_SHARES_PER_VCPU);
      memory = mib;
    }
    services.push({
      name,
      kind: 'deployment',
      launchType: onFargate ? 'FARGATE' : 'EC2',
      capacityProviderStrategy: [],
      placement: DEFAULT_SERVICE_PLACEMENT,
      podScheduling: {
        labels: (w.labels as Record<string, string> | undefined) ?? { app: name },
        ...(w.nodeSelector === undefined ? {} : { nodeSelector: w.nodeSelector as Record<string, string> }),
        ...(w.affinity === undefined ? {} : { affinity: w.affinity as Affinity }),
        ...(w.tolerations === undefined ? {} : { tolerations: w.tolerations as Toleration[] }),
        ...(w.topologySpreadConstraints === undefined ? {} : { topologySpreadConstraints: w.topologySpreadConstraints as TopologySpreadConstraint[] }),
        ...(w.priority === undefined ? {} : { priority: w.priority as number }),
      },
      load: compileLoad(w.load as Obj | undefined, [...path, 'load'], report, context),
      ...(w.horizontalPodAutoscaler === undefined ? {} : { hpa: compileHpa(w.horizontalPodAutoscaler as Obj, [...path, 'horizontalPodAutoscaler'], report) }),
      subnetIds: [],
      loadBalancer: targetGroup(w.loadBalancer as Obj | undefined),
      desiredCount: w.replicas as number,
      ...(w.strategy === undefined && w.progressDeadlineSeconds === undefined && w.minReadySeconds === undefined ? {} : { rollingUpdate: rollingUpdate(w, path, report) }),
      ...(w.podDisruptionBudget === undefined ? {} : { podDisruptionBudget: w.podDisruptionBudget as PodDisruptionBudget }),
      taskDefinition: { family: name, revision: 1, cpu, memoryMiB: memory, networkMode: 'awsvpc', containers, readyAfterMs, ...(healthCheck === undefined ? {} : { healthCheck }), ...(liveness === undefined ? {} : { livenessProbe: liveness }), ...(shutdown === undefined ? {} : { shutdown }), ...(failure === undefined ? {} : { failure }) },
    });
  });
  const coreDnsSetting = cluster.coreDns as boolean | { replicas: number } | undefined;
  const coreDns = platform === 'eks' && coreDnsSetting !== false;
  if (coreDns && !services.some((x) => x.name === 'coredns')) {
    services.push(serviceSpec({
      name: 'coredns',
      kind: 'deployment',
      podScheduling: { labels: { 'k8s-app': 'kube-dns' } },
      desiredCount: typeof coreDnsSetting === 'object' ? coreDnsSetting.replicas : EKS_COREDNS.replicas,
      taskDefinition: {
        family: 'coredns',
        revision: 1,
        cpu: EKS_COREDNS.cpuMillicores * CPU_SHARES_PER_MILLICORE,
        memoryMiB: EKS_COREDNS.memoryMiB,
        networkMode: 'awsvpc',
        containers: [{ name: 'coredns', image: EKS_COREDNS.image, imageSizeMiB: EKS_COREDNS.imageSizeMiB, layers: 3, essential: true, portMappings: [] }],
        readyAfterMs: 2_000,
      },
    }));
  }
  const serviceNames = services.map((s) => s.name);
  uniqueNames(serviceNames, (i) => (i < ((data.services as unknown[] | undefined)?.length ?? 0) ? ['services', i, 'serviceName'] : ['workloads', i - ((data.services as unknown[] | undefined)?.length ?? 0), 'name']), platform === 'eks' ? 'workload' : 'service', report);
  const what = platform === 'eks' ? 'workload' : 'service';
  const checkService = (serviceName: string, path: Path): void => {
    if (serviceNames.includes(serviceName)) return;
    const hits = suggest(serviceName, serviceNames);
    report(path, `no ${what} named '${serviceName}'${hits.length > 0 ? ` (did you mean '${hits[0]}'?)` : serviceNames.length === 0 ? ` (the scenario defines no ${what}s)` : ''}`);
  };

  const events: TimedEventSpec[] = [];
  const groupNames = groups.map((g) => g.name);
  const eventActions = ['scale', 'deploy', 'rolloutUndo', 'spotInterruption', 'nodeFailure', 'registryOutage', 'taskKill', 'nodeNotReady', 'corednsFailure', 'apiLoad'];
  const faultActions = ['spotInterruption', 'nodeFailure', 'registryOutage', 'taskKill', 'nodeNotReady', 'corednsFailure'];
  ((data.events as Obj[] | undefined) ?? []).forEach((e, i) => {
    const at = need(parseDuration(e.at), ['events', i, 'at']);
    const named = eventActions.filter((k) => e[k] !== undefined);
    if (named.length !== 1) {
      report(['events', i], named.length === 0 ? `name what happens: one of ${eventActions.join(', ')}` : `one action per event, got ${named.join(' and ')} (make one event each)`);
      return;
    }
    // Faults at a rate (docs/models.md, "Injected faults"): `until` with exactly one of `every`, `ratePerHour`.
    let rate: ArrivalRate | undefined;
    const rateKeys = ['every', 'ratePerHour'].filter((k) => e[k] !== undefined);
    if (rateKeys.length > 0 || e.until !== undefined) {
      const action = named[0]!;
      if (!faultActions.includes(action)) report(['events', i, rateKeys[0] ?? 'until'], `a rate applies to faults (${faultActions.join(', ')}), not to ${action}`);
      else if (rateKeys.length === 2) report(['events', i, 'ratePerHour'], 'give every (a fixed period) or ratePerHour (Poisson arrivals), not both');
      else if (rateKeys.length === 0) report(['events', i, 'until'], 'until goes with every (a fixed period) or ratePerHour (Poisson arrivals)');
      else if (e.until === undefined) report(['events', i], `missing required key 'until' (with ${rateKeys[0]}: when the arrivals stop)`);
      else {
        const until = need(parseDuration(e.until), ['events', i, 'until']);
        if (until <= at) report(['events', i, 'until'], `until (${String(e.until)}) must be after at (${String(e.at)})`);
        if (rateKeys[0] === 'every') {
          const everyMs = need(parseDuration(e.every), ['events', i, 'every']);
          if (everyMs <= 0) report(['events', i, 'every'], 'every must be longer than 0');
          rate = { until, everyMs };
        } else rate = { until, perHour: e.ratePerHour as number, index: i };
      }
    }
    const timing = rate === undefined ? { at } : { at, rate };
    if (e.nodeFailure !== undefined) {
      const nf = e.nodeFailure as Obj;
      const az = (nf.az as string | undefined) ?? null;
      if (az !== null && !azs.includes(az)) report(['events', i, 'nodeFailure', 'az'], `'${az}' is not one of the cluster's availability zones (${azs.join(', ')})`);
      events.push({ ...timing, kind: 'node-failure', count: (nf.count as number | undefined) ?? 0, az });
      return;
    }
    if (e.spotInterruption !== undefined) {
      const si = e.spotInterruption as Obj;
      const count = si.count !== undefined ? (si.count as number) : { fraction: si.fraction as number };
      if (platform === 'eks' && cluster.karpenter === undefined) report(['events', i, 'spotInterruption'], 'on EKS, spot interruptions hit Karpenter spot nodes: add cluster.karpenter');
      events.push(platform === 'ecs' ? { ...timing, kind: 'spot-interruption', count } : { ...timing, kind: 'node-spot-interruption', count });
      return;
    }
    if (e.registryOutage !== undefined) {
      const ro = e.registryOutage as Obj;
      const durationMs = need(parseDuration(ro.duration), ['events', i, 'registryOutage', 'duration']);
      if (durationMs <= 0) report(['events', i, 'registryOutage', 'duration'], 'must be longer than 0');
      events.push({ ...timing, kind: 'registry-outage', durationMs, registry: (ro.registry as string | undefined) ?? null });
      return;
    }
    if (e.taskKill !== undefined) {
      const tk = e.taskKill as Obj;
      const tPath: Path = ['events', i, 'taskKill'];
      const targetKey = platform === 'eks' ? 'workload' : 'service';
      const otherKey = platform === 'eks' ? 'service' : 'workload';
      if (tk[otherKey] !== undefined) report([...tPath, otherKey], `'${otherKey}' does not apply on ${platform.toUpperCase()}; use ${targetKey}`);
      const target = tk[targetKey] as string | undefined;
      if (target === undefined) report(tPath, `missing required key '${targetKey}'`);
      else checkService(target, [...tPath, targetKey]);
      const counts = ['count', 'fraction'].filter((k) => tk[k] !== undefined);
      if (counts.length !== 1) report(tPath, counts.length === 0 ? 'say how many tasks: count or fraction' : 'give count or fraction, not both');
      const count = tk.count !== undefined ? (tk.count as number) : { fraction: (tk.fraction as number | undefined) ?? 0 };
      events.push({ ...timing, kind: 'task-kill', service: target ?? '', count });
      return;
    }
    // EKS control-plane faults (docs/models.md, "CoreDNS" and "API server throttling").
    if (e.corednsFailure !== undefined || e.apiLoad !== undefined) {
      const key = e.corednsFailure !== undefined ? 'corednsFailure' : 'apiLoad';
      if (platform !== 'eks') report(['events', i, key], `${key} is an EKS fault (CoreDNS, the Kubernetes API server)`);
      if (key === 'corednsFailure') {
        if (!coreDns) report(['events', i, key], 'the cluster runs no CoreDNS (cluster.coreDns: false)');
        events.push({ ...timing, kind: 'coredns-failure', replicas: (e.corednsFailure as Obj).replicas as number });
        return;
      }
      const al = e.apiLoad as Obj;
      const rl = al.rateLimit as Obj | undefined;
      const durationMs = al.duration === undefined ? null : need(parseDuration(al.duration), ['events', i, 'apiLoad', 'duration']);
      events.push({
        at,
        kind: 'api-load',
        load: {
          client: al.client as string,
          namespace: (al.namespace as string | undefined) ?? 'kube-system',
          qps: al.qps as number,
          verb: (al.verb as 'list' | undefined) ?? 'list',
          resource: (al.resource as string | undefined) ?? 'pods',
          targetNamespace: (al.targetNamespace as string | undefined) ?? 'default',
          objects: (al.objects as number | undefined) ?? 500,
          rateLimit: rl === undefined ? null : { qps: (rl.qps as number | undefined) ?? 5, burst: (rl.burst as number | undefined) ?? 10 },
          durationMs,
        },
      });
      return;
    }
    if (e.nodeNotReady !== undefined) {
      const nr = e.nodeNotReady as Obj;
      const nPath: Path = ['events', i, 'nodeNotReady'];
      // ECS has no node lifecycle controller: a disconnected agent leaves its tasks running
      // (agentConnected=false) and nothing is evicted; fleetsim does not model it.
      if (platform === 'ecs') report(nPath, 'nodeNotReady is a Kubernetes node condition (EKS only); on ECS use nodeFailure (the instance fails and Auto Scaling replaces it)');
      const durationMs = nr.duration === undefined ? null : need(parseDuration(nr.duration), [...nPath, 'duration']);
      if (durationMs !== null && durationMs <= 0) report([...nPath, 'duration'], 'must be longer than 0');
      events.push({ ...timing, kind: 'node-not-ready', count: nr.count as number, durationMs });
      return;
    }
    if (e.rolloutUndo !== undefined) {
      const uPath: Path = ['events', i, 'rolloutUndo'];
      if (platform !== 'eks') report(uPath, 'rolloutUndo is kubectl rollout undo for an EKS Deployment; on ECS deploy the earlier image again');
      const target = (e.rolloutUndo as Obj).workload as string;
      checkService(target, [...uPath, 'workload']);
      events.push({ at, kind: 'rollout-undo', service: target });
      return;
    }
    if (e.deploy !== undefined) {
      const d = e.deploy as Obj;
      const dPath: Path = ['events', i, 'deploy'];
      const target = d.service as string;
      checkService(target, [...dPath, 'service']);
      const svc = services.find((x) => x.name === target);
      const image = (d.image as string | undefined) ?? null;
      const raw: Obj = { name: 'deploy', image: image ?? svc?.taskDefinition.containers[0]?.image, crash: d.crash, memoryLeak: d.memoryLeak, imagePull: d.imagePull, healthEndpoint: d.healthEndpoint };
      const failure = appFailureSpec([raw], () => dPath, svc?.taskDefinition.memoryMiB ?? 0, platform === 'eks' ? 'set resources.requests.memory' : 'set taskDefinition.memory', need, report) ?? null;
      events.push({ at, kind: 'deploy', service: target, image, failure });
      return;
    }
    const scale = e.scale as Obj;
    const path: Path = ['events', i, 'scale'];
    // One of four forms; each names its target and its new size with the platform's words.
    const forms = platform === 'eks' ? ([['workload', 'replicas'], ['nodeGroup', 'desiredSize']] as const) : ([['service', 'desiredCount'], ['autoScalingGroup', 'desiredCapacity']] as const);
    const form = forms.find(([target]) => scale[target] !== undefined);
    const allowed = forms.flat();
    for (const key of Object.keys(scale)) if (!(allowed as readonly string[]).includes(key)) report([...path, key], `'${key}' does not apply on ${platform.toUpperCase()}; use ${forms.map(([t, a]) => `{${t}, ${a}}`).join(' or ')}`);
    if (form === undefined) return report(path, `name what to scale: ${forms.map(([t, a]) => `{${t}, ${a}}`).join(' or ')}`);
    const [targetKey, amountKey] = form;
    const target = scale[targetKey] as string;
    const amount = scale[amountKey] as number | undefined;
    if (amount === undefined) return report(path, `missing required key '${amountKey}'`);
    if (targetKey === 'service' || targetKey === 'workload') {
      checkService(target, [...path, targetKey]);
      events.push({ at, kind: 'scale', service: target, desiredCount: amount });
    } else {
      if (!groupNames.includes(target)) {
        const hits = suggest(target, groupNames);
        report([...path, targetKey], `no ${targetKey === 'nodeGroup' ? 'node group' : 'Auto Scaling group'} named '${target}'${hits.length > 0 ? ` (did you mean '${hits[0]}'?)` : ''}`);
      }
      events.push({ at, kind: 'scale-group', group: target, desiredCapacity: amount });
    }
  });
  // Stable sort: events at the same time keep file order.
  events.sort((a, b) => a.at - b.at);

  const expectations: ExpectationSpec[] = [];
  ((data.expect as Obj[] | undefined) ?? []).forEach((e, i) => {
    const path: Path = ['expect', i];
    const at = e.at === undefined ? null : need(parseDuration(e.at), [...path, 'at']);
    const target = (e.service ?? e.workload) as string | undefined;
    if (e.service !== undefined && e.workload !== undefined) report(path, "name either 'service' or 'workload', not both");
    if (target !== undefined) checkService(target, [...path, e.service !== undefined ? 'service' : 'workload']);
    const bounds: { metric: ServiceMetric; bound: Bound }[] = [];
    for (const metric of ['desired', 'running', 'pending', 'unplaced', 'stopped', 'azSkew', 'http5xx', 'dropped', 'restarts', 'exits', 'scaleReversals', 'hosts', 'revision', 'primaryRunning', 'rollbacks', 'dnsFailures'] as const) {
      const raw = e[metric];
      if (raw === undefined) continue;
      if ((metric === 'hosts') !== (target === undefined)) {
        report([...path, metric], metric === 'hosts' ? "'hosts' is cluster-wide: drop service/workload" : `'${metric}' needs a ${platform === 'eks' ? 'workload' : 'service'}`);
        continue;
      }
      const bound: Bound = typeof raw === 'number' ? { equals: raw } : (raw as Bound);
      if (bound.min !== undefined && bound.max !== undefined && bound.min > bound.max) report([...path, metric], `min ${bound.min} is above max ${bound.max}`);
      bounds.push({ metric, bound });
    }
    const reason = e.reason as string | undefined;
    const since = e.since === undefined ? 0 : need(parseDuration(e.since), [...path, 'since']);
    if (e.since !== undefined && reason === undefined) report([...path, 'since'], "'since' only applies to 'reason'");
    if (bounds.length === 0 && reason === undefined) report(path, 'an expectation needs at least one of desired, running, pending, unplaced, stopped, http5xx, dropped, restarts, exits, scaleReversals, azSkew, hosts, revision, primaryRunning, rollbacks, dnsFailures or reason');
    const when = e.at === undefined ? 'at end' : `at ${String(e.at)}`;
    const checks = bounds.map(({ metric, bound }) => `${metric} ${labelBound(bound)}`);
    if (reason !== undefined) checks.push(`reason "${reason}"${e.since === undefined ? '' : ` since ${String(e.since)}`}`);
    expectations.push({ index: i + 1, label: `${when}: ${target ?? 'cluster'} ${checks.join(', ')}`, at, service: target ?? null, bounds, reason, reasonSince: since });
  });

  const pricing = compilePricing(data.pricing as Obj | undefined, (cluster.karpenter as Obj | undefined)?.spotDiscount as number | undefined, report);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    spec: {
      name,
      description: (data.description as string | undefined) ?? '',
      seed: String(data.seed ?? DEFAULTS.seed),
      durationMs,
      sampleIntervalMs,
      loadTickMs: 5_000,
      maxEvents: (data.maxEvents as number | undefined) ?? DEFAULT_MAX_EVENTS,
      cluster: {
        platform,
        name: (cluster.name as string | undefined) ?? name,
        region,
        availabilityZones: azs,
        autoScalingGroups: groups,
        ecsReservedMemoryMiB: (cluster.ecsReservedMemory as number | undefined) ?? 0,
        subnets,
        cni,
        coreDns,
        awsvpcTrunking: (cluster.awsvpcTrunking as boolean | undefined) ?? false,
        capacityProviders,
        karpenter: compileKarpenter(cluster.karpenter as Obj | undefined, report),
        schedulerProfile: schedulerProfile(cluster.scheduler as Obj | undefined, report),
        fargateSpotInterruptionsPerTaskHour: ((cluster.fargateSpot as Obj | undefined)?.interruptionsPerTaskHour as number | undefined) ?? 0,
      },
      services,
      events,
      expectations,
      pricing,
    },
  };
}

/**
 * `pricing:` over DEFAULT_PRICING: every figure the scenario gives replaces the default; EC2
 * Spot falls back to the Karpenter spotDiscount so that the provisioner's choice and the bill
 * agree. Instance types named in `ec2.onDemandHourly` must exist in the catalog.
 */
function compilePricing(raw: Obj | undefined, karpenterSpotDiscount: number | undefined, report: (path: Path, message: string) => void): PricingSpec {
  const d = DEFAULT_PRICING;
  const p = raw ?? {};
  const fargate = (p.fargate as Obj | undefined) ?? {};
  const ec2 = (p.ec2 as Obj | undefined) ?? {};
  const lb = (p.loadBalancer as Obj | undefined) ?? {};
  const req = (p.requests as Obj | undefined) ?? {};
  const num = (o: Obj, key: string, fallback: number): number => (o[key] as number | undefined) ?? fallback;
  const onDemand = (ec2.onDemandHourly as Record<string, number> | undefined) ?? {};
  for (const name of Object.keys(onDemand)) {
    const found = findInstanceType(name);
    if (!found.ok) report(['pricing', 'ec2', 'onDemandHourly', name], found.message);
  }
  const rawCommitment = p.commitment as Obj | undefined;
  let commitment: CommitmentSpec = d.commitment;
  if (rawCommitment !== undefined) {
    const base = defaultCommitment(rawCommitment.type as CommitmentSpec['type']);
    commitment = {
      type: base.type,
      ec2Discount: num(rawCommitment, 'discount', base.ec2Discount),
      fargateDiscount: num(rawCommitment, 'fargateDiscount', base.fargateDiscount),
      coverage: num(rawCommitment, 'coverage', base.coverage),
    };
    if (base.type === 'reserved-instances' && rawCommitment.fargateDiscount !== undefined) report(['pricing', 'commitment', 'fargateDiscount'], 'Reserved Instances do not cover Fargate; use type: savings-plan');
  }
  const ms = (value: unknown, path: Path, fallback: number): number => {
    if (value === undefined) return fallback;
    const parsed = parseDuration(value);
    if (parsed.ok && parsed.value > 0) return parsed.value;
    report(path, parsed.ok ? 'must be longer than 0' : parsed.message);
    return fallback;
  };
  return {
    fargate: {
      x86: { vcpuHourUsd: num(fargate, 'vcpuHour', d.fargate.x86.vcpuHourUsd), gbHourUsd: num(fargate, 'gbHour', d.fargate.x86.gbHourUsd) },
      arm64: { vcpuHourUsd: num(fargate, 'armVcpuHour', d.fargate.arm64.vcpuHourUsd), gbHourUsd: num(fargate, 'armGbHour', d.fargate.arm64.gbHourUsd) },
      spotDiscount: num(fargate, 'spotDiscount', d.fargate.spotDiscount),
      minimumBilledSeconds: d.fargate.minimumBilledSeconds,
    },
    ec2: {
      onDemandHourlyUsd: onDemand,
      spotDiscount: num(ec2, 'spotDiscount', karpenterSpotDiscount ?? d.ec2.spotDiscount),
      minimumBilledSeconds: d.ec2.minimumBilledSeconds,
    },
    commitment,
    eksControlPlaneHourlyUsd: num(p, 'eksControlPlaneHourly', d.eksControlPlaneHourlyUsd),
    loadBalancer: { hourlyUsd: num(lb, 'hourly', d.loadBalancer.hourlyUsd), lcuHourUsd: num(lb, 'lcuHourly', d.loadBalancer.lcuHourUsd), lcu: d.loadBalancer.lcu },
    dataTransferOutPerGbUsd: num(p, 'dataTransferOutPerGb', d.dataTransferOutPerGbUsd),
    requests: {
      requestBytes: num(req, 'requestBytes', d.requests.requestBytes),
      responseBytes: num(req, 'responseBytes', d.requests.responseBytes),
      requestsPerConnection: num(req, 'requestsPerConnection', d.requests.requestsPerConnection),
      connectionMs: ms(req.connectionDuration, ['pricing', 'requests', 'connectionDuration'], d.requests.connectionMs),
      rulesEvaluated: num(req, 'rulesEvaluated', d.requests.rulesEvaluated),
    },
    projectionWindowMs: p.projectionWindow === undefined ? null : ms(p.projectionWindow, ['pricing', 'projectionWindow'], 0),
  };
}

function labelBound(b: Bound): string {
  const parts: string[] = [];
  if (b.equals !== undefined) parts.push(`= ${b.equals}`);
  if (b.min !== undefined) parts.push(`>= ${b.min}`);
  if (b.max !== undefined) parts.push(`<= ${b.max}`);
  return parts.join(' and ');
}

function uniqueNames(names: readonly string[], pathOf: (i: number) => Path, what: string, report: (path: Path, message: string) => void): void {
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    const first = seen.get(n);
    if (first !== undefined) report(pathOf(i), `duplicate ${what} name '${n}' (first defined at index ${first})`);
    else seen.set(n, i);
  });
}

/** cluster.karpenter: NodePools with Karpenter's defaults; v1beta1's WhenUnderutilized maps to v1's policy. */
function compileKarpenter(raw: Obj | undefined, report: (path: Path, message: string) => void): KarpenterSpec | null {
  if (raw === undefined) return null;
  const base: Path = ['cluster', 'karpenter'];
  const never = (value: unknown, path: Path, fallback: number | null): number | null => {
    if (value === undefined) return fallback;
    if (value === 'Never') return null;
    const parsed = parseDuration(value);
    if (!parsed.ok) {
      report(path, `${parsed.message} (or 'Never')`);
      return fallback;
    }
    return parsed.value;
  };
  const nodePools: NodePoolSpec[] = (raw.nodePools as Obj[]).map((p, i) => {
    const path: Path = [...base, 'nodePools', i];
    const limits = p.limits as Obj | undefined;
    const d = (p.disruption as Obj | undefined) ?? {};
    const policy = (d.consolidationPolicy as string | undefined) ?? DEFAULT_CONSOLIDATION_POLICY;
    const cpu = limits?.cpu === undefined ? undefined : parseKubernetesCpu(limits.cpu);
    const memory = limits?.memory === undefined ? undefined : parseByteQuantity(limits.memory);
    if (cpu !== undefined && !cpu.ok) report([...path, 'limits', 'cpu'], cpu.message);
    if (memory !== undefined && !memory.ok) report([...path, 'limits', 'memory'], memory.message);
    return {
      name: p.name as string,
      ...(p.weight === undefined ? {} : { weight: p.weight as number }),
      requirements: ((p.requirements as Obj[] | undefined) ?? []).map((r) => ({ key: r.key as string, operator: r.operator as Requirement['operator'], values: (r.values as string[] | undefined) ?? [] })),
      limits: { ...(cpu?.ok ? { cpu: cpu.value } : {}), ...(memory?.ok ? { memoryMiB: memory.value } : {}) },
      disruption: {
        consolidationPolicy: policy === 'WhenUnderutilized' || policy === 'WhenEmpty' ? V1BETA1_CONSOLIDATION_POLICIES[policy] : (policy as ConsolidationPolicy),
        consolidateAfterMs: never(d.consolidateAfter, [...path, 'disruption', 'consolidateAfter'], DEFAULT_CONSOLIDATE_AFTER_MS),
        expireAfterMs: never(d.expireAfter, [...path, 'disruption', 'expireAfter'], DEFAULT_EXPIRE_AFTER_MS),
        budgets: ((d.budgets as Obj[] | undefined) ?? DEFAULT_DISRUPTION_BUDGETS).map((b) => ({ nodes: String(b.nodes) })),
      },
    };
  });
  const ms = (value: unknown, key: string, fallback: string): number => {
    const parsed = parseDuration(value ?? fallback);
    if (parsed.ok) return parsed.value;
    report([...base, key], parsed.message);
    return 0;
  };
  return {
    nodePools,
    batchIdleMs: ms(raw.batchIdleDuration, 'batchIdleDuration', '1s'),
    batchMaxMs: ms(raw.batchMaxDuration, 'batchMaxDuration', '10s'),
    spotDiscount: (raw.spotDiscount as number | undefined) ?? 0.65,
    disruptionPollMs: 10_000,
  };
}

/**
 * A service's placementStrategy and placementConstraints, each checked where it stands: the
 * strategy registry validates types and fields, the cluster query language parser checks
 * memberOf expressions (a parse error names its column in the expression).
 */
function ecsPlacement(s: Obj, path: Path, report: (path: Path, message: string) => void): EcsPlacementSpec {
  if (s.placementStrategy === undefined && s.placementConstraints === undefined) return DEFAULT_SERVICE_PLACEMENT;
  const strategies = ((s.placementStrategy as Obj[] | undefined) ?? []).map((raw, i) => {
    const strategy = (raw.field === undefined ? { type: raw.type } : { type: raw.type, field: raw.field }) as EcsPlacementStrategy;
    const compiled = compileStrategy(strategy);
    if (!compiled.ok) report([...path, 'placementStrategy', i], compiled.message);
    return strategy;
  });
  const constraints = ((s.placementConstraints as Obj[] | undefined) ?? []).map((raw, i): EcsPlacementConstraint => {
    if (raw.type === 'distinctInstance') {
      if (raw.expression !== undefined) report([...path, 'placementConstraints', i, 'expression'], "distinctInstance takes no expression");
      return { type: 'distinctInstance' };
    }
    const expression = (raw.expression as string | undefined) ?? '';
    const parsed = parseClusterQuery(expression);
    if (!parsed.ok) report([...path, 'placementConstraints', i, 'expression'], `${parsed.message} (in '${expression}')`);
    return { type: 'memberOf', expression };
  });
  return { strategies, constraints };
}

/** cluster.scheduler: the default profile, or the plugins given; checked by the plugin registry. */
function schedulerProfile(raw: Obj | undefined, report: (path: Path, message: string) => void): SchedulerProfileSpec {
  if (raw === undefined) return DEFAULT_PROFILE;
  const profile: SchedulerProfileSpec = {
    schedulerName: (raw.schedulerName as string | undefined) ?? DEFAULT_PROFILE.schedulerName,
    plugins: (raw.plugins as PluginSpec[] | undefined) ?? DEFAULT_PROFILE.plugins,
    pluginConfig: (raw.pluginConfig as PluginConfig[] | undefined) ?? [],
    ...(raw.percentageOfNodesToScore === undefined ? {} : { percentageOfNodesToScore: raw.percentageOfNodesToScore as number }),
  };
  try {
    compileProfile(profile);
  } catch (error) {
    if (!(error instanceof SchedulerConfigError)) throw error;
    report(['cluster', 'scheduler'], error.message);
  }
  return profile;
}

/** A service's `load`: the requests-per-second profile and the cost of a request. */
function compileLoad(raw: Obj | undefined, path: Path, report: (path: Path, message: string) => void, context: CompileContext): LoadSpec | null {
  if (raw === undefined) return null;
  const ms = (v: unknown, p: Path): number => {
    const parsed = parseDuration(v);
    if (parsed.ok) return parsed.value;
    report(p, parsed.message);
    return 0;
  };
  const cpuPerRequestMs = ms(raw.cpuPerRequest, [...path, 'cpuPerRequest']);
  if (cpuPerRequestMs <= 0) report([...path, 'cpuPerRequest'], 'must be more than 0ms');
  const baseLatencyMs = raw.latency === undefined ? 50 : ms(raw.latency, [...path, 'latency']);
  const dnsQueries = (raw.dnsLookupsPerRequest as number | undefined) ?? 0;
  const dns = dnsQueries > 0 ? { dns: { queriesPerRequest: dnsQueries, name: (raw.dnsName as string | undefined) ?? 'backend.default.svc.cluster.local' } } : {};
  const r = raw.rps;
  const rp: Path = [...path, 'rps'];
  let rps: RpsProfile;
  if (typeof r === 'number') rps = { kind: 'constant', rps: r };
  else {
    const o = r as Obj;
    if (o.steps !== undefined) {
      rps = { kind: 'steps', steps: (o.steps as Obj[]).map((st, i) => ({ atMs: ms(st.at, [...rp, 'steps', i, 'at']), rps: st.rps as number })).sort((a, b) => a.atMs - b.atMs) };
    } else if (o.ramp !== undefined) {
      const m = o.ramp as Obj;
      rps = { kind: 'ramp', fromRps: m.from as number, toRps: m.to as number, startMs: ms(m.start, [...rp, 'ramp', 'start']), endMs: ms(m.end, [...rp, 'ramp', 'end']) };
    } else if (o.diurnal !== undefined) {
      const m = o.diurnal as Obj;
      rps = { kind: 'diurnal', minRps: m.min as number, maxRps: m.max as number, periodMs: ms(m.period ?? '24h', [...rp, 'diurnal', 'period']), peakAtMs: ms(m.peakAt ?? '14h', [...rp, 'diurnal', 'peakAt']) };
    } else if (o.spike !== undefined) {
      const m = o.spike as Obj;
      rps = { kind: 'spike', baseRps: m.base as number, peakRps: m.peak as number, atMs: ms(m.at, [...rp, 'spike', 'at']), durationMs: ms(m.duration, [...rp, 'spike', 'duration']) };
    } else {
      const file = o.trace as string;
      const text = context.readFile?.(file);
      const points: { atMs: number; rps: number }[] = [];
      if (text === undefined) report([...rp, 'trace'], `cannot read traffic trace '${file}'`);
      else {
        text.split(/\r?\n/).forEach((line, i) => {
          const cells = line.split(',').map((c) => c.trim());
          if (cells.length < 2 || cells[0] === '' || (i === 0 && Number.isNaN(Number(cells[0])))) return; // blank or header
          const t = Number(cells[0]);
          const v = Number(cells[1]);
          if (!Number.isFinite(t) || !Number.isFinite(v) || v < 0) report([...rp, 'trace'], `${file}:${i + 1}: expected 'time_s,rps', got '${line}'`);
          else points.push({ atMs: Math.round(t * 1000), rps: v });
        });
      }
      rps = { kind: 'trace', points: points.sort((a, b) => a.atMs - b.atMs) };
    }
  }
  return { rps, cpuPerRequestMs, baseLatencyMs, ...dns };
}

/** An ECS service's `autoScaling`: the scalable target with target tracking and step scaling policies. */
function compileServiceAutoScaling(raw: Obj, path: Path, report: (path: Path, message: string) => void): ScalableTargetSpec {
  const seconds = (v: unknown): number => ((v as number | undefined) ?? DEFAULT_ECS_COOLDOWN_MS / 1000) * 1000;
  const policies: ScalingPolicySpec[] = [];
  ((raw.targetTracking as Obj[] | undefined) ?? []).forEach((t, i) =>
    policies.push({
      kind: 'TargetTracking',
      name: (t.name as string | undefined) ?? `target-tracking-${i + 1}`,
      metric: t.metric as ServiceScalingMetric,
      targetValue: t.targetValue as number,
      scaleOutCooldownMs: seconds(t.scaleOutCooldown),
      scaleInCooldownMs: seconds(t.scaleInCooldown),
      disableScaleIn: (t.disableScaleIn as boolean | undefined) ?? DEFAULT_DISABLE_SCALE_IN,
    }),
  );
  ((raw.stepScaling as Obj[] | undefined) ?? []).forEach((t, i) =>
    policies.push({
      kind: 'StepScaling',
      name: (t.name as string | undefined) ?? `step-scaling-${i + 1}`,
      metric: t.metric as ServiceScalingMetric,
      threshold: t.threshold as number,
      comparison: t.comparison as StepScalingPolicySpec['comparison'],
      evaluationPeriods: (t.evaluationPeriods as number | undefined) ?? 1,
      datapointsToAlarm: (t.datapointsToAlarm as number | undefined) ?? (t.evaluationPeriods as number | undefined) ?? 1,
      adjustmentType: t.adjustmentType as StepScalingPolicySpec['adjustmentType'],
      stepAdjustments: t.stepAdjustments as StepScalingPolicySpec['stepAdjustments'],
      ...(t.minAdjustmentMagnitude === undefined ? {} : { minAdjustmentMagnitude: t.minAdjustmentMagnitude as number }),
      metricAggregationType: (t.metricAggregationType as StepScalingPolicySpec['metricAggregationType'] | undefined) ?? DEFAULT_METRIC_AGGREGATION_TYPE,
      cooldownMs: seconds(t.cooldown),
    }),
  );
  const spec: ScalableTargetSpec = { minCapacity: raw.minCapacity as number, maxCapacity: raw.maxCapacity as number, policies };
  for (const problem of scalableTargetSpecProblems(spec)) report(path, problem);
  return spec;
}

/** A Deployment's HorizontalPodAutoscaler, with the API's defaults, checked as the API server checks it. */
function compileHpa(raw: Obj, path: Path, report: (path: Path, message: string) => void): HpaSpec {
  const rules = (r: Obj | undefined, d: HpaScalingRules): HpaScalingRules =>
    r === undefined
      ? d
      : {
          stabilizationWindowSeconds: (r.stabilizationWindowSeconds as number | undefined) ?? d.stabilizationWindowSeconds,
          selectPolicy: (r.selectPolicy as HpaScalingRules['selectPolicy'] | undefined) ?? d.selectPolicy,
          policies: (r.policies as HpaScalingRules['policies'] | undefined) ?? d.policies,
        };
  const metrics: HpaMetric[] = ((raw.metrics as Obj[] | undefined) ?? []).map((m, i) => {
    const res = m.resource as Obj;
    const target = res.target as Obj;
    const name = res.name as 'cpu' | 'memory';
    if (target.type === 'Utilization') {
      if (target.averageUtilization === undefined) report([...path, 'metrics', i, 'resource', 'target'], "a Utilization target needs 'averageUtilization'");
      return { type: 'Resource', name, target: { type: 'Utilization', averageUtilization: (target.averageUtilization as number | undefined) ?? 80 } };
    }
    const parsed = name === 'cpu' ? parseKubernetesCpu(target.averageValue) : parseByteQuantity(target.averageValue);
    if (!parsed.ok) report([...path, 'metrics', i, 'resource', 'target', 'averageValue'], parsed.message);
    return { type: 'Resource', name, target: { type: 'AverageValue', averageValue: parsed.ok ? parsed.value : 0 } };
  });
  const behavior = raw.behavior as Obj | undefined;
  const spec: HpaSpec = {
    minReplicas: (raw.minReplicas as number | undefined) ?? DEFAULT_MIN_REPLICAS,
    maxReplicas: raw.maxReplicas as number,
    metrics: metrics.length > 0 ? metrics : DEFAULT_HPA_METRICS,
    behavior: { scaleUp: rules(behavior?.scaleUp as Obj | undefined, DEFAULT_SCALE_UP), scaleDown: rules(behavior?.scaleDown as Obj | undefined, DEFAULT_SCALE_DOWN) },
  };
  for (const problem of validateHpaSpec(spec)) report(path, problem);
  return spec;
}
