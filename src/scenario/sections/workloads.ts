/**
 * Kubernetes workloads (EKS): Deployments with their pod template (containers, requests and
 * limits, probes, scheduling), rollout settings, traffic and HPA; Fargate profiles; the
 * CoreDNS Deployment EKS runs.
 */
import { EKS_COREDNS } from '../../model/params/eks-node.js';
import { fargatePodSize } from '../../model/params/fargate.js';
import { addDevices, DEVICE_KINDS, EXTENDED_RESOURCE_NAMES, hasDevices, NO_DEVICES, type DeviceCounts, type DeviceKind } from '../../model/devices.js';
import { nonZeroRequests } from '../../model/pod-requests.js';
import { CPU_SHARES_PER_MILLICORE, CPU_SHARES_PER_VCPU } from '../../model/resources.js';
import { DEFAULT_SERVICE_PLACEMENT } from '../../model/ecs-placement-spec.js';
import { serviceSpec, type ServiceSpec } from '../../model/simulation-spec.js';
import type { SecretRef } from '../../model/secrets.js';
import type { ContainerDefinition } from '../../model/task-definition.js';
import type { Scenario } from '../schema.js';
import { DEFAULT_IMAGE_LAYERS } from '../schema/app-model.js';
import type { Static } from '../schema/fields.js';
import { DEFAULT_NAMESPACE, type Workload } from '../schema/workloads.js';
import { parseByteQuantity, parseKubernetesCpu, parseKubernetesMemory } from '../units.js';
import { appFailureSpec, livenessProbe, readinessProbe, readyAfterMs, shutdownSpec } from './app-model.js';
import { compileHpa } from './autoscaling.js';
import { compileRollingUpdate, setsRollout } from './deployments.js';
import { compileLoad, type CompileContext } from './load.js';
import { compileTargetGroup } from './load-balancer.js';
import { uniqueNames, type Path, type Problems } from './problems.js';

type RawContainer = Static<typeof Workload>['containers'][number];

/** The namespaces whose pods run on Fargate (EKS Fargate profiles). */
export function fargateNamespaces(cluster: Scenario['cluster']): ReadonlySet<string> {
  return new Set((cluster.fargateProfiles ?? []).flatMap((profile) => profile.selectors.map((sel) => sel.namespace)));
}

/**
 * Whether a SecurityGroupPolicy selects the workload's pods: same namespace, and its podSelector's
 * labels all on the pod template (an empty selector selects every pod of the namespace).
 */
export function selectedBySecurityGroupPolicy(w: Static<typeof Workload>, policies: Scenario['cluster']['securityGroupPolicies']): boolean {
  const namespace = w.namespace ?? DEFAULT_NAMESPACE;
  const labels: Record<string, string> = w.labels ?? { app: w.name };
  return (policies ?? []).some((p) => (p.namespace ?? DEFAULT_NAMESPACE) === namespace && Object.entries(p.podSelector.matchLabels ?? {}).every(([k, v]) => labels[k] === v));
}

export function compileWorkload(
  w: Static<typeof Workload>,
  i: number,
  onFargateNamespaces: ReadonlySet<string>,
  problems: Problems,
  context: CompileContext,
  policies: Scenario['cluster']['securityGroupPolicies'] = [],
): ServiceSpec {
  const path: Path = ['workloads', i];
  const containerPath = (j: number): Path => [...path, 'containers', j];
  const resources = w.containers.map((c, j) => containerResources(c, containerPath(j), problems));
  const containers: ContainerDefinition[] = w.containers.map((c, j) => ({
    ...(resources[j]!.devices === undefined || resources[j]!.devices.nvidiaGpu === 0 ? {} : { gpus: resources[j]!.devices.nvidiaGpu }),
    name: c.name,
    image: c.image,
    imageSizeMiB: problems.need(parseByteQuantity(c.imageSize), [...containerPath(j), 'imageSize']),
    layers: c.layers ?? DEFAULT_IMAGE_LAYERS,
    essential: true,
    portMappings: [],
    ...(c.soci === true ? { soci: true } : {}),
    ...podSecrets(c),
  }));
  let cpu = resources.reduce((sum, r) => sum + (r.cpu ?? 0), 0);
  let memory = resources.reduce((sum, r) => sum + (r.memory ?? 0), 0);
  uniqueNames(containers.map((c) => c.name), (j) => [...containerPath(j), 'name'], 'container', problems);
  const name = w.name;
  const probed = w.containers.find((c) => c.readinessProbe !== undefined)?.readinessProbe;
  const live = w.containers.find((c) => c.livenessProbe !== undefined)?.livenessProbe;
  const readyMs = readyAfterMs(w.containers, containerPath, problems);
  const healthCheck = probed === undefined ? undefined : readinessProbe(probed);
  const liveness = live === undefined ? undefined : livenessProbe(live);
  const shutdown = shutdownSpec(w.containers, containerPath, w.terminationGracePeriodSeconds, problems);
  // A leak ends in an OOM kill at the leaking container's memory limit; without one, fleetsim
  // takes the pod's memory requests as the limit (node memory pressure is not modelled).
  const failure = appFailureSpec(
    w.containers,
    containerPath,
    { own: (j) => resources[j]!.memoryLimit, task: memory, hint: 'set resources.limits.memory (or requests.memory, which fleetsim then takes as the limit)' },
    problems,
  );
  const onFargate = onFargateNamespaces.has(w.namespace ?? DEFAULT_NAMESPACE);
  let devices: DeviceCounts = NO_DEVICES;
  for (const r of resources) if (r.devices !== undefined) devices = addDevices(devices, r.devices);
  if (onFargate && hasDevices(devices)) {
    const j = resources.findIndex((r) => r.devices !== undefined);
    problems.report([...containerPath(j), 'resources'], 'EKS Fargate offers no GPUs or Neuron devices: run the pod on EC2 nodes (its namespace matches a Fargate profile)');
  }
  // A pod a SecurityGroupPolicy selects asks for a branch ENI (Fargate gives every pod its own ENI anyway).
  if (!onFargate && selectedBySecurityGroupPolicy(w, policies)) devices = { ...devices, podEni: 1 };
  // kube-scheduler scores a container without a request as 100m / 200 MiB (Fargate pods are not its).
  const scoring = onFargate ? undefined : nonZeroRequests(resources.map((r) => ({ ...(r.cpu === undefined ? {} : { cpu: r.cpu }), ...(r.memory === undefined ? {} : { memoryMiB: r.memory }) })));
  if (onFargate) {
    // Fargate sizes the microVM from the pod's requests, rounded up to a Fargate size.
    const [vcpu, mib] = fargatePodSize(cpu / CPU_SHARES_PER_VCPU, memory);
    cpu = Math.round(vcpu * CPU_SHARES_PER_VCPU);
    memory = mib;
  }
  return {
    name,
    kind: 'deployment',
    launchType: onFargate ? 'FARGATE' : 'EC2',
    capacityProviderStrategy: [],
    placement: DEFAULT_SERVICE_PLACEMENT,
    podScheduling: {
      labels: w.labels ?? { app: name },
      ...(w.namespace === undefined ? {} : { namespace: w.namespace }),
      ...(w.nodeSelector === undefined ? {} : { nodeSelector: w.nodeSelector }),
      ...(w.affinity === undefined ? {} : { affinity: w.affinity }),
      ...(w.tolerations === undefined ? {} : { tolerations: w.tolerations }),
      ...(w.topologySpreadConstraints === undefined ? {} : { topologySpreadConstraints: w.topologySpreadConstraints }),
      ...(w.priority === undefined ? {} : { priority: w.priority }),
      ...(w.preemptionPolicy === undefined ? {} : { preemptionPolicy: w.preemptionPolicy }),
      ...(w.annotations === undefined ? {} : { annotations: w.annotations }),
    },
    load: compileLoad(w.load, [...path, 'load'], problems, context),
    ...(w.horizontalPodAutoscaler === undefined ? {} : { hpa: compileHpa(w.horizontalPodAutoscaler, [...path, 'horizontalPodAutoscaler'], problems, w.load !== undefined) }),
    subnetIds: [],
    loadBalancer: compileTargetGroup(w.loadBalancer, [...path, 'loadBalancer'], problems),
    desiredCount: w.replicas,
    ...(setsRollout(w) ? { rollingUpdate: compileRollingUpdate(w, path, problems) } : {}),
    ...(w.podDisruptionBudget === undefined ? {} : { podDisruptionBudget: w.podDisruptionBudget }),
    taskDefinition: {
      family: name,
      revision: 1,
      cpu,
      memoryMiB: memory,
      networkMode: 'awsvpc',
      containers,
      readyAfterMs: readyMs,
      ...(healthCheck === undefined ? {} : { healthCheck }),
      ...(liveness === undefined ? {} : { livenessProbe: liveness }),
      ...(shutdown === undefined ? {} : { shutdown }),
      ...(failure === undefined ? {} : { failure }),
      ...(scoring === undefined ? {} : { nonZeroRequests: scoring }),
      ...(hasDevices(devices) ? { devices } : {}),
    },
  };
}

/**
 * A container's requests (what the scheduler reserves, cpu in shares and memory in MiB) and its
 * memory limit. A limit without a request sets the request to it (Kubernetes defaulting); a
 * request above its limit is invalid ("must be less than or equal to ... limit"). A container
 * without either asks for nothing (BestEffort).
 */
function containerResources(c: RawContainer, path: Path, problems: Problems): { cpu?: number; memory?: number; memoryLimit?: number; devices?: DeviceCounts } {
  const requests = c.resources?.requests ?? {};
  const limits = c.resources?.limits ?? {};
  const at = (kind: 'requests' | 'limits', resource: 'cpu' | 'memory'): Path => [...path, 'resources', kind, resource];
  const cpuRequest = requests.cpu === undefined ? undefined : problems.need(parseKubernetesCpu(requests.cpu), at('requests', 'cpu'));
  const memoryRequest = requests.memory === undefined ? undefined : problems.need(parseKubernetesMemory(requests.memory), at('requests', 'memory'));
  const cpuLimit = limits.cpu === undefined ? undefined : problems.need(parseKubernetesCpu(limits.cpu), at('limits', 'cpu'));
  const memoryLimit = limits.memory === undefined ? undefined : problems.need(parseKubernetesMemory(limits.memory), at('limits', 'memory'));
  if (cpuRequest !== undefined && cpuLimit !== undefined && cpuRequest > cpuLimit) problems.report(at('requests', 'cpu'), 'must be less than or equal to cpu limit');
  if (memoryRequest !== undefined && memoryLimit !== undefined && memoryRequest > memoryLimit) problems.report(at('requests', 'memory'), 'must be less than or equal to memory limit');
  const cpu = cpuRequest ?? cpuLimit;
  const memory = memoryRequest ?? memoryLimit;
  const devices = extendedResourceRequests(requests, limits, path, problems);
  return {
    ...(cpu === undefined ? {} : { cpu }),
    ...(memory === undefined ? {} : { memory }),
    ...(memoryLimit === undefined ? {} : { memoryLimit }),
    ...(devices === undefined ? {} : { devices }),
  };
}

/** The extended resources a container may ask for itself (pod-eni comes from a SecurityGroupPolicy). */
const REQUESTED_KINDS: readonly DeviceKind[] = DEVICE_KINDS.filter((k) => k !== 'podEni');

type RawResources = NonNullable<NonNullable<RawContainer['resources']>['requests']>;

/**
 * A container's extended resources (nvidia.com/gpu, aws.amazon.com/neuron[core]), checked as
 * the API server's ValidateResourceRequirements does: whole numbers ("must be an integer"); they
 * cannot be overcommitted, so a request needs a limit ("Limit must be set for non overcommitable
 * resources") and must equal it ("must be equal to <name> limit of <n>"); a limit alone sets the
 * request. Undefined when it asks for none.
 */
function extendedResourceRequests(requests: RawResources, limits: RawResources, path: Path, problems: Problems): DeviceCounts | undefined {
  const counts: Record<DeviceKind, number> = { nvidiaGpu: 0, neuron: 0, neuronCore: 0, podEni: 0 };
  let any = false;
  for (const kind of REQUESTED_KINDS) {
    const name = EXTENDED_RESOURCE_NAMES[kind] as keyof RawResources & ('nvidia.com/gpu' | 'aws.amazon.com/neuron' | 'aws.amazon.com/neuroncore');
    const at = (which: 'requests' | 'limits'): Path => [...path, 'resources', which, name];
    const whole = (v: string | number | undefined, which: 'requests' | 'limits'): number | undefined => {
      if (v === undefined) return undefined;
      const text = String(v).trim();
      if (/^[0-9]+$/.test(text)) return Number(text);
      problems.report(at(which), 'must be an integer');
      return undefined;
    };
    const request = whole(requests[name], 'requests');
    const limit = whole(limits[name], 'limits');
    if (requests[name] !== undefined && limits[name] === undefined) {
      problems.report(at('limits'), `Limit must be set for non overcommitable resources (${name} is requested)`);
      continue;
    }
    if (request !== undefined && limit !== undefined && request !== limit) {
      problems.report(at('requests'), `must be equal to ${name} limit of ${limit}`);
      continue;
    }
    const n = limit ?? 0;
    counts[kind] = n;
    any ||= n > 0;
  }
  return any ? counts : undefined;
}

/** The CoreDNS Deployment an EKS cluster runs (EKS's add-on: 2 replicas unless `coreDns: {replicas}`). */
export function coreDnsService(replicas: number | undefined): ServiceSpec {
  return serviceSpec({
    name: 'coredns',
    kind: 'deployment',
    podScheduling: { labels: { 'k8s-app': 'kube-dns' }, namespace: 'kube-system' },
    desiredCount: replicas ?? EKS_COREDNS.replicas,
    taskDefinition: {
      family: 'coredns',
      revision: 1,
      cpu: EKS_COREDNS.cpuMillicores * CPU_SHARES_PER_MILLICORE,
      memoryMiB: EKS_COREDNS.memoryMiB,
      networkMode: 'awsvpc',
      containers: [{ name: 'coredns', image: EKS_COREDNS.image, imageSizeMiB: EKS_COREDNS.imageSizeMiB, layers: 3, essential: true, portMappings: [] }],
      readyAfterMs: 2_000,
    },
  });
}

/** The Secrets a pod container reads when kubelet creates it: env secretKeyRef and envFrom secretRef. */
function podSecrets(c: RawContainer): { secrets?: SecretRef[] } {
  const refs: SecretRef[] = [];
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    if (ref !== undefined) refs.push({ valueFrom: ref.name, store: 'kubernetes', key: ref.key, optional: ref.optional ?? false, registryAuth: false });
  }
  for (const e of c.envFrom ?? []) refs.push({ valueFrom: e.secretRef.name, store: 'kubernetes', key: null, optional: e.secretRef.optional ?? false, registryAuth: false });
  return refs.length === 0 ? {} : { secrets: refs };
}
