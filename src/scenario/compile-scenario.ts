/**
 * Turns a schema-valid scenario into a SimulationSpec: units parsed, defaults applied,
 * cross-references (services named by events and expectations, instance types, subnets,
 * capacity providers) resolved. Each section has its own compiler in src/scenario/sections/;
 * this module runs them in order, hands each what the earlier ones produced, and collects every
 * problem with its field path. Never throws on bad input.
 */
import type { DaemonSpec } from '../model/daemon-set.js';
import { launchesSpot } from '../model/mixed-instances-policy.js';
import type { ServiceSpec, SimulationSpec } from '../model/simulation-spec.js';
import type { Scenario } from './schema.js';
import { compileCapacity, compileGroups } from './sections/capacity.js';
import { compileClusterBasics, compileSchedulerProfile, coreDnsSetting } from './sections/cluster.js';
import { compileEvents } from './sections/events.js';
import { checkVolumeFileSystems, compileFileSystems, compilePersistentVolumes, compilePodVolumes } from './sections/file-systems.js';
import { compileExpectations } from './sections/expectations.js';
import { compileKarpenter } from './sections/karpenter.js';
import { compileClusterAutoscaler } from './sections/cluster-autoscaler.js';
import type { CompileContext } from './sections/load.js';
import { compileCni, compileEgress, compileSubnets } from './sections/network.js';
import { compilePricing } from './sections/pricing.js';
import { compileQuotas } from './sections/quotas.js';
import { Problems, uniqueNames, type CompileProblem, type Path } from './sections/problems.js';
import { checkWorkloadKindFields, daemonSetDaemon, ecsServiceDaemon } from './sections/daemons.js';
import { serviceNames } from './sections/references.js';
import { compileService } from './sections/services.js';
import { compileSettings } from './sections/settings.js';
import { compileWorkload, coreDnsService, fargateNamespaces, istiodService } from './sections/workloads.js';
import { compileStorageClasses, withStatefulSet } from './sections/storage.js';
import { ISTIOD } from '../model/params/service-mesh.js';
import { checkStartingHosts, checkTaskTotals, checkTimeline } from './sections/run-limits.js';
import { DEFAULT_MAX_HOSTS } from './limits.js';

export type { CompileContext } from './sections/load.js';
export type { CompileProblem } from './sections/problems.js';

export type CompileResult = { ok: true; spec: SimulationSpec } | { ok: false; problems: CompileProblem[] };

export function compileScenario(scenario: Scenario, context: CompileContext = {}): CompileResult {
  const problems = new Problems();
  const settings = compileSettings(scenario, problems);
  const raw = scenario.cluster;
  const cluster = compileClusterBasics(scenario, problems);
  const { platform } = cluster;
  const subnets = compileSubnets(raw.vpc, cluster, problems);
  const cni = compileCni(raw.cni);
  const egress = compileEgress(raw.vpc, subnets, cluster, problems);
  const groups = compileGroups(raw, cluster, subnets, cni, problems);
  const capacity = compileCapacity(raw, groups, problems);

  const fileSystems = compileFileSystems(raw.fileSystems, cluster.availabilityZones, problems);
  const ecsServices = (scenario.services ?? []).map((s, i) => compileService(s, i, capacity, subnets, problems, context));
  checkVolumeFileSystems(
    ecsServices.map((c) => c.spec),
    fileSystems,
    (i, volume) => {
      const k = scenario.services?.[i]?.taskDefinition.volumes?.findIndex((v) => v.name === volume) ?? -1;
      return k < 0 ? null : ['services', i, 'taskDefinition', 'volumes', k, 'efsVolumeConfiguration', 'fileSystemId'];
    },
    problems,
  );
  const onFargate = fargateNamespaces(raw);
  const istio = raw.istio;
  if (istio !== undefined && platform !== 'eks') problems.report(['cluster', 'istio'], 'Istio runs on EKS in fleetsim; ECS services use serviceConnectConfiguration');
  const claims = compilePersistentVolumes(raw.persistentVolumes, fileSystems, problems);
  const storage = compileStorageClasses(raw.storageClasses, cluster.availabilityZones, problems);
  const workloads = (scenario.workloads ?? []).map((w, i) => {
    checkWorkloadKindFields(w, i, problems);
    const spec = withStatefulSet(compileWorkload(w, i, onFargate, problems, context, raw.securityGroupPolicies, istio), w, i, storage, problems);
    const efsVolumes = compilePodVolumes(w.volumes, claims, ['workloads', i, 'volumes'], problems);
    return efsVolumes.length === 0 ? spec : { ...spec, taskDefinition: { ...spec.taskDefinition, efsVolumes } };
  });
  const statefulSets = workloads.some((w) => w.statefulSet !== undefined);
  // Daemons (DAEMON services, DaemonSets) run as node capacity, not as services: src/model/daemon-set.ts.
  const daemons: DaemonSpec[] = [];
  const servicePaths: Path[] = [];
  const services: ServiceSpec[] = [];
  ecsServices.forEach((c, i) => {
    const raw = scenario.services![i]!;
    if (raw.schedulingStrategy === 'DAEMON') {
      daemons.push(ecsServiceDaemon(raw, i, c.spec, problems));
      return;
    }
    services.push(c.spec);
    servicePaths.push(['services', i, 'serviceName']);
  });
  workloads.forEach((spec, i) => {
    const raw = scenario.workloads![i]!;
    if (raw.kind === 'DaemonSet') {
      daemons.push(daemonSetDaemon(raw, i, spec, problems));
      return;
    }
    services.push(spec);
    servicePaths.push(['workloads', i, 'name']);
  });
  uniqueNames(daemons.map((d) => d.name), (k) => daemonPath(scenario, k), platform === 'eks' ? 'DaemonSet' : 'DAEMON service', problems);
  if (istio !== undefined && platform === 'eks' && (istio.istiodReplicas ?? ISTIOD.replicas) > 0) services.push(istiodService(istio.istiodReplicas ?? ISTIOD.replicas));
  const coreDns = coreDnsSetting(raw, platform);
  const coreDnsAdded = coreDns.enabled && !services.some((x) => x.name === 'coredns');
  if (coreDnsAdded) services.push(coreDnsService(coreDns.replicas));
  const maxHosts = context.maxHosts ?? DEFAULT_MAX_HOSTS;
  checkStartingHosts(scenario, platform, maxHosts, problems);
  checkTaskTotals(scenario, platform, coreDnsAdded ? services[services.length - 1]!.desiredCount : 0, problems);
  checkTimeline(scenario, settings.durationMs, settings.sampleIntervalMs, services.length, subnets.length, problems);
  const names = serviceNames(services, (i) => servicePaths[i] ?? ['cluster'], platform, problems, daemons.map((d) => d.name));

  // What a deploy event targets, by name (the first of a duplicated name, as references resolve
  // it), with the memory its leak is OOM-killed at: an ECS task's task-level memory (0: none),
  // a pod's requests.
  const deployTargets = new Map<string, { spec: ServiceSpec; taskMemoryLimitMiB: number }>();
  const memoryLimits = new Map(ecsServices.map((c) => [c.spec, c.taskMemoryLimitMiB]));
  for (const spec of services) {
    if (!deployTargets.has(spec.name)) deployTargets.set(spec.name, { spec, taskMemoryLimitMiB: memoryLimits.get(spec) ?? spec.taskDefinition.memoryMiB });
  }
  const events = compileEvents(scenario.events, {
    platform,
    durationMs: settings.durationMs,
    availabilityZones: cluster.availabilityZones,
    groupNames: groups.map((g) => g.name),
    spotGroups: groups.some((g) => g.mixedInstancesPolicy !== undefined && launchesSpot(g.mixedInstancesPolicy)),
    services: names,
    deployTargets,
    coreDns: coreDns.enabled,
    karpenter: raw.karpenter !== undefined,
    nodePoolNames: (raw.karpenter?.nodePools ?? []).map((p) => p.name),
    egress,
    secretsUsed: services.flatMap((s) => s.taskDefinition.containers.flatMap((c) => (c.secrets ?? []).map((ref) => ({ service: s.name, ref })))),
    problems,
  });
  const expectations = compileExpectations(scenario.expect, platform, names, settings.durationMs, problems, cluster.availabilityZones);
  const pricing = compilePricing(scenario.pricing, raw.karpenter?.spotDiscount, problems);
  const karpenter = compileKarpenter(raw.karpenter, problems);
  const clusterAutoscaler = compileClusterAutoscaler(raw.clusterAutoscaler, groups.map((g) => g.name), problems);
  const schedulerProfile = compileSchedulerProfile(raw.scheduler, problems, context.registry);
  if (problems.count > 0) return { ok: false, problems: problems.list };
  return {
    ok: true,
    spec: {
      ...settings,
      maxHosts,
      cluster: {
        platform,
        name: raw.name ?? settings.name,
        region: cluster.region,
        availabilityZones: cluster.availabilityZones,
        autoScalingGroups: groups,
        ecsReservedMemoryMiB: raw.ecsReservedMemory ?? 0,
        subnets,
        egress,
        ...(fileSystems.length === 0 ? {} : { fileSystems }),
        cni,
        coreDns: coreDns.enabled,
        awsvpcTrunking: raw.awsvpcTrunking ?? false,
        ...(statefulSets ? { storageClasses: storage.byName } : {}),
        capacityProviders: capacity.capacityProviders,
        karpenter,
        ...(clusterAutoscaler === undefined ? {} : { clusterAutoscaler }),
        schedulerProfile,
        fargateSpotInterruptionsPerTaskHour: raw.fargateSpot?.interruptionsPerTaskHour ?? 0,
        ...(daemons.length === 0 ? {} : { daemons }),
      },
      services,
      events,
      expectations,
      pricing,
      quotas: compileQuotas(scenario.quotas),
    },
  };
}

/** Where the k-th daemon is defined: the DAEMON services come first, then the DaemonSets, each in file order. */
function daemonPath(scenario: Scenario, k: number): Path {
  const ecs = (scenario.services ?? []).flatMap((s, i) => (s.schedulingStrategy === 'DAEMON' ? [['services', i, 'serviceName'] as Path] : []));
  const eks = (scenario.workloads ?? []).flatMap((w, i) => (w.kind === 'DaemonSet' ? [['workloads', i, 'name'] as Path] : []));
  return [...ecs, ...eks][k] ?? ['cluster'];
}
