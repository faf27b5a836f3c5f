/**
 * Kubernetes workloads (EKS): Deployments with their pod template (containers, requests and
 * limits, probes, scheduling), rollout settings, traffic and HPA; Fargate profiles; the
 * CoreDNS Deployment EKS runs.
 */
import { EKS_COREDNS } from '../../model/params/eks-node.js';
import { ISTIOD } from '../../model/params/service-mesh.js';
import { fargatePodSize } from '../../model/params/fargate.js';
import { addDevices, DEVICE_KINDS, EXTENDED_RESOURCE_NAMES, hasDevices, NO_DEVICES, type DeviceCounts, type DeviceKind } from '../../model/devices.js';
import { nonZeroRequests } from '../../model/pod-requests.js';
import { CPU_SHARES_PER_MILLICORE, CPU_SHARES_PER_VCPU } from '../../model/resources.js';
import { DEFAULT_SERVICE_PLACEMENT } from '../../model/ecs-placement-spec.js';
import { serviceSpec, type ServiceSpec } from '../../model/simulation-spec.js';
import type { SecretRef } from '../../model/secrets.js';
import { initDone, withIstioSidecar } from '../../model/mesh-injection.js';
import type { ContainerDefinition, TaskDefinition } from '../../model/task-definition.js';
import type { Scenario } from '../schema.js';
import { DEFAULT_IMAGE_LAYERS, DEFAULT_READY_AFTER } from '../schema/app-model.js';
import type { Static } from '../schema/fields.js';
import { DEFAULT_NAMESPACE, type Workload } from '../schema/workloads.js';
import { parseByteQuantity, parseDuration, parseKubernetesCpu, parseKubernetesMemory } from '../units.js';
import { connectsAfterMs, startFields } from './container-start.js';
import { appFailureSpec, livenessProbe, readinessProbe, readyAfterMs, shutdownSpec } from './app-model.js';
import { compileHpa } from './autoscaling.js';
import { compileRollingUpdate, setsRollout } from './deployments.js';
import { compileLoad, type CompileContext } from './load.js';
import { compileTargetGroup } from './load-balancer.js';
import { uniqueNames, type Path, type Problems } from './problems.js';

type RawContainer = Static<typeof Workload>['containers'][number];
type RawInitContainer = NonNullable<Static<typeof Workload>['initContainers']>[number];
type RawIstio = NonNullable<Scenario['cluster']['istio']>;

/** A regular init container's run time when `runsFor` is not given (fleetsim app model). */
export const DEFAULT_INIT_RUNS_FOR_MS = 1_000;

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
  istio?: RawIstio,
): ServiceSpec {
  const path: Path = ['workloads', i];
  const containerPath = (j: number): Path => [...path, 'containers', j];
  const initPath = (j: number): Path => [...path, 'initContainers', j];
  const resources = w.containers.map((c, j) => containerResources(c, containerPath(j), problems));
  const inits: CompiledInit[] = [];
  (w.initContainers ?? []).forEach((c, j) => inits.push(initContainer(c, initPath(j), problems, inits[j - 1]?.container)));
  const lastInit = inits[inits.length - 1]?.container;
  const appContainers: ContainerDefinition[] = w.containers.map((c, j) => ({
    ...(resources[j]!.devices === undefined || resources[j]!.devices.nvidiaGpu === 0 ? {} : { gpus: resources[j]!.devices.nvidiaGpu }),
    name: c.name,
    image: c.image,
    imageSizeMiB: problems.need(parseByteQuantity(c.imageSize), [...containerPath(j), 'imageSize']),
    layers: c.layers ?? DEFAULT_IMAGE_LAYERS,
    essential: true,
    portMappings: [],
    ...(c.imagePullPolicy === undefined ? {} : { imagePullPolicy: c.imagePullPolicy }),
    ...(c.soci === true ? { soci: true } : {}),
    ...podSecrets(c),
    ...startFields(c, containerPath(j), problems),
    // App containers start once every init container has completed (native sidecars: is ready).
    ...(lastInit === undefined ? {} : { dependsOn: [initDone(lastInit)] }),
  }));
  const containers = [...inits.map((x) => x.container), ...appContainers];
  // A pod's requests (Kubernetes "Resource sharing within containers"): its app containers' and
  // native sidecars' sum, or a regular init container's own (plus the sidecars started before
  // it) when that is more.
  const appRequests = (key: 'cpu' | 'memory'): number => resources.reduce((sum, r) => sum + (r[key] ?? 0), 0);
  let cpu = podRequest(inits, appRequests('cpu'), 'cpu');
  let memory = podRequest(inits, appRequests('memory'), 'memory');
  uniqueNames(containers.map((c) => c.name), (j) => (j < inits.length ? initPath(j) : containerPath(j - inits.length)).concat('name'), 'container', problems);
  const connects = connectsAfterMs(w.containers, containerPath, problems);
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
  const namespace = w.namespace ?? DEFAULT_NAMESPACE;
  const onFargate = onFargateNamespaces.has(namespace);
  let devices: DeviceCounts = NO_DEVICES;
  for (const r of resources) if (r.devices !== undefined) devices = addDevices(devices, r.devices);
  if (onFargate && hasDevices(devices)) {
    const j = resources.findIndex((r) => r.devices !== undefined);
    problems.report([...containerPath(j), 'resources'], 'EKS Fargate offers no GPUs or Neuron devices: run the pod on EC2 nodes (its namespace matches a Fargate profile)');
  }
  // A pod a SecurityGroupPolicy selects asks for a branch ENI (Fargate gives every pod its own ENI anyway).
  if (!onFargate && selectedBySecurityGroupPolicy(w, policies)) devices = { ...devices, podEni: 1 };
  // kube-scheduler scores a container without a request as 100m / 200 MiB (Fargate pods are not its).
  const scoring = onFargate ? undefined : nonZeroRequests([...inits.filter((x) => x.sidecar).map((x) => x.requests), ...resources].map((r) => ({ ...(r.cpu === undefined ? {} : { cpu: r.cpu }), ...(r.memory === undefined ? {} : { memoryMiB: r.memory }) })));
  const injected = istio !== undefined && istio.injectNamespaces.includes(namespace);
  // Injection happens before scheduling (a mutating webhook), so the proxy's requests count for placement.
  if (injected && onFargate) problems.report([...path, 'namespace'], 'fleetsim models Istio sidecars on EC2 nodes only, and this namespace runs on Fargate');
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
    desiredCount: w.replicas ?? 0,
    ...(setsRollout(w) ? { rollingUpdate: compileRollingUpdate(w, path, problems) } : {}),
    ...(w.podDisruptionBudget === undefined ? {} : { podDisruptionBudget: w.podDisruptionBudget }),
    taskDefinition: meshed({
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
      ...(connects === undefined ? {} : { connectsAfterMs: connects }),
      ...(w.imagePullSecrets === undefined || w.imagePullSecrets.length === 0 ? {} : { imagePullSecrets: w.imagePullSecrets.map((secret) => secret.name) }),
    }),
  };

  function meshed(td: TaskDefinition): TaskDefinition {
    if (!injected || onFargate) return td;
    return withIstioSidecar(td, { nativeSidecar: istio!.nativeSidecars ?? false, holdApplicationUntilProxyStarts: istio!.holdApplicationUntilProxyStarts ?? false });
  }
}

interface CompiledInit {
  readonly container: ContainerDefinition;
  readonly requests: { readonly cpu?: number; readonly memory?: number };
  /** A native sidecar (restartPolicy Always): it keeps running beside the app. */
  readonly sidecar: boolean;
}

/**
 * An init container, in the order the pod lists them: each waits for the one before it to
 * complete (a native sidecar: to be ready). A regular one runs to completion after `runsFor`.
 */
function initContainer(c: RawInitContainer, path: Path, problems: Problems, previous?: ContainerDefinition): CompiledInit {
  const sidecar = c.restartPolicy === 'Always';
  if (sidecar && c.runsFor !== undefined) problems.report([...path, 'runsFor'], 'a native sidecar (restartPolicy: Always) keeps running: runsFor is for regular init containers');
  const fields = startFields(c, path, problems);
  const container: ContainerDefinition = {
    name: c.name,
    image: c.image,
    imageSizeMiB: problems.need(parseByteQuantity(c.imageSize), [...path, 'imageSize']),
    layers: c.layers ?? DEFAULT_IMAGE_LAYERS,
    essential: false,
    portMappings: [],
    init: true,
    ...(c.imagePullPolicy === undefined ? {} : { imagePullPolicy: c.imagePullPolicy }),
    ...fields,
    ...(sidecar ? { readyAfterMs: fields.readyAfterMs ?? problems.need(parseDuration(DEFAULT_READY_AFTER), path) } : { runsForMs: fields.runsForMs ?? DEFAULT_INIT_RUNS_FOR_MS }),
    ...(previous === undefined ? {} : { dependsOn: [initDone(previous)] }),
  };
  return { container, requests: containerResources(c, path, problems), sidecar };
}

/** The pod's effective request of one resource: max(app + sidecars, each regular init + the sidecars before it). */
function podRequest(inits: readonly CompiledInit[], app: number, key: 'cpu' | 'memory'): number {
  let sidecars = 0;
  let most = 0;
  for (const x of inits) {
    const own = x.requests[key] ?? 0;
    if (x.sidecar) sidecars += own;
    else most = Math.max(most, sidecars + own);
  }
  return Math.max(most, app + sidecars);
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

/** istiod, Istio's control plane, as the Deployment in istio-system whose pods need node capacity. */
export function istiodService(replicas: number): ServiceSpec {
  return serviceSpec({
    name: ISTIOD.name,
    kind: 'deployment',
    podScheduling: { labels: { app: 'istiod' }, namespace: ISTIOD.namespace },
    desiredCount: replicas,
    taskDefinition: {
      family: ISTIOD.name,
      revision: 1,
      cpu: ISTIOD.cpu,
      memoryMiB: ISTIOD.memoryMiB,
      networkMode: 'awsvpc',
      containers: [{ name: 'discovery', image: ISTIOD.image, imageSizeMiB: ISTIOD.imageSizeMiB, layers: 5, essential: true, portMappings: [] }],
      readyAfterMs: 3_000,
    },
  });
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
