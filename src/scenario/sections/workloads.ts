/**
 * Kubernetes workloads (EKS): Deployments with their pod template (containers, requests and
 * limits, probes, scheduling), rollout settings, traffic and HPA; Fargate profiles; the
 * CoreDNS Deployment EKS runs.
 */
import { EKS_COREDNS } from '../../model/params/eks-node.js';
import { fargatePodSize } from '../../model/params/fargate.js';
import { nonZeroRequests } from '../../model/pod-requests.js';
import { CPU_SHARES_PER_MILLICORE, CPU_SHARES_PER_VCPU } from '../../model/resources.js';
import { DEFAULT_SERVICE_PLACEMENT } from '../../model/ecs-placement-spec.js';
import { serviceSpec, type ServiceSpec } from '../../model/simulation-spec.js';
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

export function compileWorkload(w: Static<typeof Workload>, i: number, onFargateNamespaces: ReadonlySet<string>, problems: Problems, context: CompileContext): ServiceSpec {
  const path: Path = ['workloads', i];
  const containerPath = (j: number): Path => [...path, 'containers', j];
  const resources = w.containers.map((c, j) => containerResources(c, containerPath(j), problems));
  const containers: ContainerDefinition[] = w.containers.map((c, j) => ({
    name: c.name,
    image: c.image,
    imageSizeMiB: problems.need(parseByteQuantity(c.imageSize), [...containerPath(j), 'imageSize']),
    layers: c.layers ?? DEFAULT_IMAGE_LAYERS,
    essential: true,
    portMappings: [],
    ...(c.soci === true ? { soci: true } : {}),
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
    loadBalancer: compileTargetGroup(w.loadBalancer),
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
    },
  };
}

/**
 * A container's requests (what the scheduler reserves, cpu in shares and memory in MiB) and its
 * memory limit. A limit without a request sets the request to it (Kubernetes defaulting); a
 * request above its limit is invalid ("must be less than or equal to ... limit"). A container
 * without either asks for nothing (BestEffort).
 */
function containerResources(c: RawContainer, path: Path, problems: Problems): { cpu?: number; memory?: number; memoryLimit?: number } {
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
  return { ...(cpu === undefined ? {} : { cpu }), ...(memory === undefined ? {} : { memory }), ...(memoryLimit === undefined ? {} : { memoryLimit }) };
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
