/**
 * The way back (§13 read in reverse): a scenario's Kubernetes Deployments as the AWS CLI inputs
 * that create the ECS equivalent: per workload a register-task-definition input (containers with
 * cpu and memory from requests and limits, stopTimeout from the grace period), a create-service
 * input (replicas, the rolling bounds as percentages, zone spread and hostname anti-affinity as
 * placement), and a register-scalable-target and put-scaling-policy input per HPA resource
 * metric. What has no ECS equivalent is listed, with why.
 */
import { CPU_SHARES_PER_ECS_UNIT } from '../../model/resources.js';
import type { ServiceSpec, SimulationSpec } from '../../model/simulation-spec.js';
import type { Scenario } from '../schema.js';
import { parseByteQuantity, parseKubernetesCpu } from '../units.js';
import { DEFAULT_REGION } from '../schema/cluster.js';
import { Export, set } from './exported.js';
import { secretsManagerReference } from './exported-secrets.js';
import { ecsDependsOnForInit } from './start-order.js';

type Workload = NonNullable<Scenario['workloads']>[number];
type PodContainer = Workload['containers'][number];
type InitContainer = NonNullable<Workload['initContainers']>[number];

/** ECS's ceiling on a container's stopTimeout, seconds. */
const MAX_STOP_TIMEOUT_S = 120;

export function exportToEcs(scenario: Scenario, spec: SimulationSpec): Export {
  const out = new Export();
  const workloads = scenario.workloads ?? [];
  if (workloads.length === 0) out.lost('workloads', 'the scenario has no Kubernetes workloads to migrate');
  const first = (scenario.services ?? []).length;
  const fargate = new Set((scenario.cluster.fargateProfiles ?? []).flatMap((p) => p.selectors.map((s) => s.namespace)));
  const subnets = spec.cluster.subnets.map((s) => s.id);
  const region = scenario.cluster.region ?? DEFAULT_REGION;
  // DaemonSets are daemons, not services, in the compiled spec: the k-th other workload is services[first + k].
  let k = 0;
  workloads.forEach((w, i) => {
    if (w.kind === 'DaemonSet') {
      out.lost(`workloads[${i}]`, 'a DaemonSet: on ECS, a service with schedulingStrategy DAEMON and launchType EC2 runs one task on every container instance (no desiredCount, placement strategy or Service Auto Scaling); register its task definition and create it by hand');
      return;
    }
    workload(w, spec.services[first + k++]!, fargate.has(w.namespace ?? 'default'), subnets, region, `workloads[${i}]`, out);
  });
  if (scenario.cluster.istio !== undefined) out.lost('cluster.istio', "Istio's sidecars: ECS Service Connect (the service's serviceConnectConfiguration) adds an Envoy proxy to each task");
  if (scenario.cluster.karpenter !== undefined) out.lost('cluster.karpenter', 'Karpenter NodePools: ECS runs tasks on Auto Scaling groups behind capacity providers (one instance type each) or on Fargate');
  if (scenario.cluster.nodeGroups !== undefined) out.lost('cluster.nodeGroups', 'managed node groups: create Auto Scaling groups of the same instance types with the ECS-optimized AMI, behind capacity providers');
  return out;
}

function workload(w: Workload, compiled: ServiceSpec, onFargate: boolean, subnets: readonly string[], region: string, at: string, out: Export): void {
  const stop = w.terminationGracePeriodSeconds ?? 30;
  if (stop > MAX_STOP_TIMEOUT_S) out.lost(`${at}.terminationGracePeriodSeconds`, `ECS stops a container at most ${MAX_STOP_TIMEOUT_S} s after SIGTERM`);
  const init = w.initContainers ?? [];
  const order = ecsDependsOnForInit(init);
  const initContainers = init.map((c, j) => ({ ...ecsContainer(c, stop, `${at}.initContainers[${j}]`, out), essential: c.restartPolicy === 'Always', ...set('dependsOn', order.init[j]) }));
  if (init.some((c) => c.restartPolicy !== 'Always' && c.resources !== undefined)) {
    out.lost(`${at}.initContainers`, "ECS reserves every container's cpu and memory for the task's whole life; Kubernetes reserves a finished init container's only while it runs");
  }
  const appContainers = w.containers.map((c, j) => {
    if (c.readinessProbe !== undefined || c.livenessProbe !== undefined) {
      out.lost(`${at}.containers[${j}]`, "probes: ECS checks a container with a command (healthCheck), the ALB checks targets over HTTP; write the container's healthCheck command (the liveness probe's role: an UNHEALTHY essential container stops its task)");
    }
    const secrets = ecsSecrets(c, region, `${at}.containers[${j}]`, out);
    const environment = (c.env ?? []).filter((e) => e.valueFrom === undefined && e.value !== undefined).map((e) => ({ name: e.name, value: e.value }));
    return {
      ...ecsContainer(c, stop, `${at}.containers[${j}]`, out),
      essential: true,
      ...(environment.length === 0 ? {} : { environment }),
      ...(secrets.length === 0 ? {} : { secrets }),
      ...set('dependsOn', order.app),
    };
  });
  const containers: Record<string, unknown>[] = [...initContainers, ...appContainers];
  const readsSecrets = appContainers.some((c) => 'secrets' in c);
  // RegisterTaskDefinition: without a task-level memory every container needs memory or
  // memoryReservation; a container without a memory request gets the pod's total as the task's.
  const taskMemoryNeeded = !onFargate && containers.some((c) => !('memory' in c) && !('memoryReservation' in c));
  // The pod's request, or more: ECS reserves every container's share for the task's life,
  // init containers included, where Kubernetes takes the larger of the init and app requests.
  const td = compiled.taskDefinition;
  const sum = (field: 'cpu' | 'memoryReservation') => containers.reduce((n, c) => n + (typeof c[field] === 'number' ? c[field] : 0), 0);
  const taskCpu = Math.max(Math.round(td.cpu / CPU_SHARES_PER_ECS_UNIT), sum('cpu'));
  const taskMemory = Math.max(td.memoryMiB, sum('memoryReservation'));
  if (taskMemoryNeeded) out.lost(`${at}.containers`, `a container without a memory request: ECS needs memory per container or for the task; the task reserves ${taskMemory} MiB and ${taskCpu} CPU units`);
  const arm = w.nodeSelector?.['kubernetes.io/arch'] === 'arm64';
  out.add(`aws ecs register-task-definition --cli-input-yaml file://<this document>   (Deployment ${w.name})`, {
    family: w.name,
    networkMode: 'awsvpc',
    requiresCompatibilities: [onFargate ? 'FARGATE' : 'EC2'],
    ...(onFargate || taskMemoryNeeded ? { cpu: String(taskCpu), memory: String(taskMemory) } : {}),
    ...(arm ? { runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' } } : {}),
    // The agent (or Fargate) fetches secrets with the task execution role (ECS developer guide,
    // "Amazon ECS task execution IAM role"): it needs secretsmanager:GetSecretValue on them.
    ...(readsSecrets ? { executionRoleArn: 'arn:aws:iam::<account-id>:role/ecsTaskExecutionRole' } : {}),
    containerDefinitions: containers,
  });
  const { strategies, constraints } = placement(w, at, out);
  out.add(`aws ecs create-service --cli-input-yaml file://<this document>   (Deployment ${w.name}; set cluster)`, {
    serviceName: w.name,
    taskDefinition: w.name,
    desiredCount: w.replicas,
    launchType: onFargate ? 'FARGATE' : 'EC2',
    deploymentConfiguration: deploymentConfiguration(w, at, out),
    ...(strategies.length === 0 ? {} : { placementStrategy: strategies }),
    ...(constraints.length === 0 ? {} : { placementConstraints: constraints }),
    ...(subnets.length === 0 ? {} : { networkConfiguration: { awsvpcConfiguration: { subnets: [...subnets] } } }),
  });
  scaling(w, at, out);
  if (w.imagePullSecrets !== undefined && w.imagePullSecrets.length > 0) {
    out.lost(`${at}.imagePullSecrets`, "ECS pulls with a container's repositoryCredentials: store the registry login in a Secrets Manager secret and name it in each container's repositoryCredentials.credentialsParameter");
  }
  if (w.podDisruptionBudget !== undefined) out.lost(`${at}.podDisruptionBudget`, 'ECS has no disruption budget for draining instances; minimumHealthyPercent bounds deployments only');
  if (w.loadBalancer !== undefined) out.lost(`${at}.loadBalancer`, `create an ALB target group (health check every ${compiled.loadBalancer!.healthCheckIntervalMs / 1000} s, healthy after ${compiled.loadBalancer!.healthyThreshold}) and add it to the service's loadBalancers`);
  if (w.priority !== undefined) out.lost(`${at}.priority`, 'ECS has no task priority');
  if (w.tolerations !== undefined) out.lost(`${at}.tolerations`, 'ECS has no taints: keep the instances apart with memberOf constraints on custom attributes');
  if (w.affinity?.nodeAffinity !== undefined || (w.nodeSelector !== undefined && Object.keys(w.nodeSelector).some((k) => k !== 'kubernetes.io/arch'))) {
    out.lost(`${at}.nodeSelector`, 'node labels become ECS custom attributes on the container instances and memberOf expressions on the service');
  }
}

/** A pod container's image, cpu and memory (from requests and limits), GPUs and stop timeout as an ECS container definition. */
function ecsContainer(c: PodContainer | InitContainer, stop: number, at: string, out: Export): Record<string, unknown> {
  const requests = c.resources?.requests;
  const limits = c.resources?.limits;
  const cpu = requests?.cpu ?? limits?.cpu;
  const shares = cpu === undefined ? undefined : parseKubernetesCpu(cpu);
  const reserve = requests?.memory ?? limits?.memory;
  const reservation = reserve === undefined ? undefined : parseByteQuantity(reserve);
  const hard = limits?.memory === undefined ? undefined : parseByteQuantity(limits.memory);
  const gpus = limits?.['nvidia.com/gpu'] ?? requests?.['nvidia.com/gpu'];
  if (c.imagePullPolicy !== undefined) {
    out.lost(
      `${at}.imagePullPolicy`,
      "ECS sets when to pull per container instance, not per container: ECS_IMAGE_PULL_BEHAVIOR in /etc/ecs/ecs.config (an Auto Scaling group's imagePullBehavior): IfNotPresent is prefer-cached, Always is always; Never has no equivalent",
    );
  }
  if (limits?.['aws.amazon.com/neuron'] !== undefined || limits?.['aws.amazon.com/neuroncore'] !== undefined) {
    out.lost(`${at}.resources.limits`, 'Neuron devices: ECS has no resourceRequirements type for them; pass the /dev/neuron* devices with linuxParameters.devices on an Inferentia or Trainium instance');
  }
  return {
    name: c.name,
    image: c.image,
    ...set('cpu', shares?.ok === true ? Math.round(shares.value / CPU_SHARES_PER_ECS_UNIT) : undefined),
    ...set('memoryReservation', reservation?.ok === true ? reservation.value : undefined),
    ...set('memory', hard?.ok === true ? hard.value : undefined),
    ...(gpus === undefined ? {} : { resourceRequirements: [{ type: 'GPU', value: String(gpus) }] }),
    stopTimeout: Math.min(stop, MAX_STOP_TIMEOUT_S),
  };
}

/**
 * A container's Secret keys as ECS `secrets`: one Secrets Manager secret per Kubernetes Secret,
 * its keys as JSON keys. ECS has no form for "every key of a secret" (envFrom) nor for an
 * optional secret (a missing one stops the task).
 */
function ecsSecrets(c: PodContainer, region: string, at: string, out: Export): { name: string; valueFrom: string }[] {
  const refs = (c.env ?? []).flatMap((e) => (e.valueFrom === undefined ? [] : [{ variable: e.name, ...e.valueFrom.secretKeyRef }]));
  (c.envFrom ?? []).forEach((e, k) => out.lost(`${at}.envFrom[${k}]`, `ECS sets secrets one variable at a time: list each key of the Secret '${e.secretRef.name}' as a secrets entry (valueFrom its Secrets Manager ARN with the key as JSON key)`));
  if (refs.some((r) => r.optional === true)) out.lost(`${at}.env`, 'an optional Secret: ECS stops the task when a secret cannot be fetched');
  if (refs.length > 0) {
    const names = [...new Set(refs.map((r) => r.name))];
    out.lost(`${at}.env`, `Kubernetes Secrets do not reach ECS: create the Secrets Manager secrets ${names.map((n) => `'${n}'`).join(', ')} (JSON, the Secret's keys as keys), fill in <account-id> in their ARNs and in executionRoleArn, and let that role read them`);
  }
  return refs.map((r) => ({ name: r.variable, valueFrom: secretsManagerReference(region, r.name, r.key) }));
}

/** maxSurge and maxUnavailable (counts or percents of replicas) as ECS's maximumPercent and minimumHealthyPercent. */
function deploymentConfiguration(w: Workload, at: string, out: Export): Record<string, number> {
  if (w.strategy?.type === 'Recreate') return { maximumPercent: 100, minimumHealthyPercent: 0 };
  const percent = (bound: number | string | undefined, fallback: number, round: (x: number) => number): number => {
    if (bound === undefined) return fallback;
    if (typeof bound === 'string') return Number(bound.replace('%', ''));
    return (w.replicas ?? 0) === 0 ? 0 : round((bound * 100) / w.replicas!);
  };
  const surge = percent(w.strategy?.rollingUpdate?.maxSurge, 25, Math.ceil);
  const unavailable = percent(w.strategy?.rollingUpdate?.maxUnavailable, 25, Math.floor);
  if (w.progressDeadlineSeconds !== undefined || w.minReadySeconds !== undefined) out.lost(`${at}.progressDeadlineSeconds`, 'ECS has no progress deadline or minimum ready time; its deployment circuit breaker fails a deployment on failed tasks instead');
  return { maximumPercent: 100 + surge, minimumHealthyPercent: Math.max(0, 100 - unavailable) };
}

function placement(w: Workload, at: string, out: Export): { strategies: Record<string, string>[]; constraints: Record<string, string>[] } {
  const strategies: Record<string, string>[] = [];
  const constraints: Record<string, string>[] = [];
  (w.topologySpreadConstraints ?? []).forEach((t, k) => {
    if (t.topologyKey === 'topology.kubernetes.io/zone') strategies.push({ type: 'spread', field: 'attribute:ecs.availability-zone' });
    else if (t.topologyKey === 'kubernetes.io/hostname') strategies.push({ type: 'spread', field: 'instanceId' });
    else out.lost(`${at}.topologySpreadConstraints[${k}]`, `no ECS attribute for '${t.topologyKey}'`);
    if (t.whenUnsatisfiable === 'DoNotSchedule') out.lost(`${at}.topologySpreadConstraints[${k}]`, 'ECS spread is a preference: it never leaves a task unplaced for skew');
  });
  (w.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, k) => {
    if (term.topologyKey === 'kubernetes.io/hostname') constraints.push({ type: 'distinctInstance' });
    else out.lost(`${at}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[${k}]`, `ECS keeps tasks apart per instance only (distinctInstance), not per '${term.topologyKey}'`);
  });
  return { strategies, constraints };
}

function scaling(w: Workload, at: string, out: Export): void {
  const hpa = w.horizontalPodAutoscaler;
  if (hpa === undefined) return;
  const resourceId = `service/<cluster>/${w.name}`;
  out.add(`aws application-autoscaling register-scalable-target --cli-input-yaml file://<this document>   (HPA of ${w.name}; set the cluster in ResourceId)`, {
    ServiceNamespace: 'ecs',
    ResourceId: resourceId,
    ScalableDimension: 'ecs:service:DesiredCount',
    MinCapacity: hpa.minReplicas ?? 1,
    MaxCapacity: hpa.maxReplicas,
  });
  const metrics = hpa.metrics ?? [{ type: 'Resource' as const, resource: { name: 'cpu' as const, target: { type: 'Utilization' as const, averageUtilization: 80 } } }];
  metrics.forEach((m, k) => {
    if (m.resource === undefined) {
      out.lost(`${at}.horizontalPodAutoscaler.metrics[${k}]`, "an Object metric (requests per second of the workload's Ingress or Service) has no ECS predefined metric; ALBRequestCountPerTarget counts per target per minute");
      return;
    }
    const resource = m.resource;
    const target = resource.target;
    if (target.type !== 'Utilization' || target.averageUtilization === undefined) {
      out.lost(`${at}.horizontalPodAutoscaler.metrics[${k}]`, 'an AverageValue target has no ECS predefined metric: ECS tracks utilization in percent');
      return;
    }
    out.add(`aws application-autoscaling put-scaling-policy --cli-input-yaml file://<this document>   (HPA metric ${resource.name} of ${w.name})`, {
      PolicyName: `${w.name}-${resource.name}`,
      ServiceNamespace: 'ecs',
      ResourceId: resourceId,
      ScalableDimension: 'ecs:service:DesiredCount',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: target.averageUtilization,
        PredefinedMetricSpecification: { PredefinedMetricType: resource.name === 'cpu' ? 'ECSServiceAverageCPUUtilization' : 'ECSServiceAverageMemoryUtilization' },
        ...set('ScaleInCooldown', hpa.behavior?.scaleDown?.stabilizationWindowSeconds),
      },
    });
  });
  if (hpa.behavior?.scaleUp?.policies !== undefined || hpa.behavior?.scaleDown?.policies !== undefined) out.lost(`${at}.horizontalPodAutoscaler.behavior`, 'rate limits on scaling (pods or percent per period) have no target tracking equivalent');
}
