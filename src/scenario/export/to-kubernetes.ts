/**
 * The seed's ECS-to-EKS migration path (§13) for a scenario's ECS services: per service a
 * Deployment (containers with requests and limits from the task definition, the container
 * health check as a readiness probe, the rolling bounds from the deployment configuration,
 * spread and distinctInstance as topology spread and anti-affinity), a HorizontalPodAutoscaler
 * from its CPU and memory target tracking, a PodDisruptionBudget keeping the healthy share the
 * deployment keeps, a Service and an ALB Ingress with the target group's health check; and a
 * Karpenter NodePool and EC2NodeClass for the cluster's instance types. What has no Kubernetes
 * equivalent is listed, with why.
 */
import { CPU_SHARES_PER_MILLICORE } from '../../model/resources.js';
import type { ServiceSpec, SimulationSpec } from '../../model/simulation-spec.js';
import type { Scenario } from '../schema.js';
import { Export, set } from './exported.js';
import { kubernetesSecretKeyOf } from './exported-secrets.js';
import { podContainerRoles, type PodContainerRole } from './start-order.js';

type EcsService = NonNullable<Scenario['services']>[number];
type EcsContainer = EcsService['taskDefinition']['containerDefinitions'][number];

export function exportToKubernetes(scenario: Scenario, spec: SimulationSpec): Export {
  const out = new Export();
  const services = scenario.services ?? [];
  if (services.length === 0) out.lost('services', 'the scenario has no ECS services to migrate');
  // DAEMON services are daemons, not services, in the compiled spec: the k-th other service is services[k].
  let k = 0;
  services.forEach((s, i) => {
    if (s.schedulingStrategy === 'DAEMON') {
      out.lost(`services[${i}]`, 'a DAEMON service: on EKS, a DaemonSet runs one pod on every node it selects; write its pod template by hand');
      return;
    }
    service(s, spec.services[k++]!, `services[${i}]`, out);
  });
  nodePool(scenario, spec, out);
  (scenario.cluster.autoScalingGroups ?? []).forEach((g, i) => {
    if (g.imagePullBehavior === undefined) return;
    out.lost(
      `cluster.autoScalingGroups[${i}].imagePullBehavior`,
      `ECS_IMAGE_PULL_BEHAVIOR ${g.imagePullBehavior} is the ECS agent's; kubelet's policy is each container's imagePullPolicy: IfNotPresent (the default for a pinned tag) is prefer-cached, Always (the default for :latest) resolves every time like always, and nothing falls back on the cached image when the registry cannot be reached as default does`,
    );
  });
  return out;
}

/** A DNS-1123 name for Kubernetes objects (ECS names may have capitals and underscores). */
function dnsName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'app';
}

function service(s: EcsService, compiled: ServiceSpec, at: string, out: Export): void {
  const name = dnsName(s.serviceName);
  const labels = { app: name };
  const td = compiled.taskDefinition;
  const single = td.containers.length === 1;
  const defs = s.taskDefinition.containerDefinitions;
  const { roles, initOrder } = podContainerRoles(defs);
  const written = defs.map((c, j) => container(c, compiled, j, single, roles[j]!, `${at}.taskDefinition.containerDefinitions[${j}]`, out));
  const containers = written.filter((_, j) => roles[j] === 'app');
  const initContainers = initOrder.map((j) => written[j]!);
  startOrderLosses(defs, roles, `${at}.taskDefinition.containerDefinitions`, out);
  const pullSecrets = defs.flatMap((c, j) => (c.repositoryCredentials === undefined ? [] : [{ name: registrySecretName(c.repositoryCredentials.credentialsParameter, j, at, out) }]));
  const dc = s.deploymentConfiguration;
  const stop = Math.max(0, ...s.taskDefinition.containerDefinitions.map((c) => c.stopTimeout ?? 30));
  const spread = (s.placementStrategy ?? []).flatMap((p, k) => placement(p, k, labels, at, out));
  const distinct = (s.placementConstraints ?? []).some((c) => c.type === 'distinctInstance');
  (s.placementConstraints ?? []).forEach((c, k) => {
    if (c.type === 'memberOf') out.lost(`${at}.placementConstraints[${k}]`, `memberOf '${c.expression ?? ''}' selects ECS container instances by attributes; write a nodeSelector or node affinity on the nodes' labels`);
  });
  if (s.capacityProviderStrategy !== undefined) out.lost(`${at}.capacityProviderStrategy`, 'capacity provider weights have no Kubernetes equivalent; Karpenter picks spot or on-demand per pod by price (the NodePool allows both)');
  if (s.networkConfiguration?.awsvpcConfiguration !== undefined) out.lost(`${at}.networkConfiguration`, "pods take their addresses from the VPC CNI's subnets (those of the nodes, or ENIConfigs with custom networking)");
  if (s.healthCheckGracePeriodSeconds !== undefined) out.lost(`${at}.healthCheckGracePeriodSeconds`, 'no grace period for failed checks after start: give the readiness probe an initialDelaySeconds, or add a startupProbe');
  if (dc?.deploymentCircuitBreaker?.rollback === true) out.lost(`${at}.deploymentConfiguration.deploymentCircuitBreaker`, 'Kubernetes does not roll back a failed rollout: it stops with ProgressDeadlineExceeded after progressDeadlineSeconds; `kubectl rollout undo` rolls back');
  if (s.serviceConnectConfiguration !== undefined) out.lost(`${at}.serviceConnectConfiguration`, "Service Connect's Envoy proxy in each task: on EKS a mesh injects one (Istio: label the namespace istio-injection=enabled), or the pods call each other through Kubernetes Services without a proxy");
  if (s.launchType === 'FARGATE') out.lost(`${at}.launchType`, 'FARGATE: run the Deployment in a namespace an EKS Fargate profile selects, or on the NodePool below');
  const maxSurge = dc?.maximumPercent === undefined ? undefined : `${Math.max(0, dc.maximumPercent - 100)}%`;
  const maxUnavailable = dc?.minimumHealthyPercent === undefined ? undefined : `${100 - dc.minimumHealthyPercent}%`;
  out.add(`Deployment for ECS service ${s.serviceName} (kubectl apply -f)`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: s.desiredCount,
      selector: { matchLabels: labels },
      ...(maxSurge === undefined && maxUnavailable === undefined ? {} : { strategy: { type: 'RollingUpdate', rollingUpdate: { ...set('maxSurge', maxSurge), ...set('maxUnavailable', maxUnavailable) } } }),
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: stop,
          ...(initContainers.length === 0 ? {} : { initContainers }),
          containers,
          ...(pullSecrets.length === 0 ? {} : { imagePullSecrets: pullSecrets }),
          ...(spread.length === 0 ? {} : { topologySpreadConstraints: spread }),
          ...(distinct ? { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' }] } } } : {}),
          ...(s.taskDefinition.runtimePlatform?.cpuArchitecture === 'ARM64' ? { nodeSelector: { 'kubernetes.io/arch': 'arm64' } } : {}),
        },
      },
    },
  });
  hpa(s, name, at, out);
  if (dc?.minimumHealthyPercent !== undefined && dc.minimumHealthyPercent > 0) {
    // 100 % would block every node drain for good; one pod at a time is the closest that lets drains finish.
    const budget = dc.minimumHealthyPercent >= 100 ? { maxUnavailable: 1 } : { minAvailable: `${dc.minimumHealthyPercent}%` };
    out.add(`PodDisruptionBudget: node drains keep the healthy share ECS keeps during deployments (minimumHealthyPercent ${dc.minimumHealthyPercent}${dc.minimumHealthyPercent >= 100 ? ': one pod at a time, since 100 % would block every drain' : ''})`, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name },
      spec: { ...budget, selector: { matchLabels: labels } },
    });
  }
  if (s.loadBalancer !== undefined) ingress(s, compiled, name, labels, out);
}

function container(c: EcsContainer, compiled: ServiceSpec, j: number, single: boolean, role: PodContainerRole, at: string, out: Export): Record<string, unknown> {
  const td = compiled.taskDefinition;
  const def = td.containers[j]!;
  const cpuShares = def.cpu !== undefined && def.cpu > 0 ? def.cpu : single ? td.cpu : undefined;
  const memory = def.memoryReservationMiB ?? def.memoryMiB ?? (single ? td.memoryMiB : undefined);
  const limit = def.memoryMiB ?? (single && td.memoryMiB > 0 ? td.memoryMiB : undefined);
  const check = c.healthCheck;
  if (check !== undefined && check.command === undefined) out.lost(`${at}.healthCheck`, 'a health check without its command cannot become a probe: write the readinessProbe');
  const command = check?.command;
  const exec = command === undefined ? undefined : command[0] === 'CMD-SHELL' ? ['sh', '-c', command.slice(1).join(' ')] : command[0] === 'CMD' ? command.slice(1) : command;
  if (c.essential === false && role === 'app') out.lost(`${at}.essential`, 'a non-essential container: a pod keeps running when any container exits and kubelet restarts it (Kubernetes sidecars are init containers with restartPolicy Always)');
  if (c.essential !== false && role === 'sidecar') out.lost(`${at}.essential`, 'an essential container others start after becomes a native sidecar: ECS stops the task when it exits, kubelet restarts it');
  const gpus = (c.resourceRequirements ?? []).reduce((n, r) => n + Number(r.value), 0);
  const env = secretEnv(c, at, out);
  // A probe on a sidecar is a startupProbe: kubelet starts the next container once it passes (HEALTHY).
  const probe = exec === undefined || check === undefined ? undefined : { exec: { command: exec }, periodSeconds: check.interval ?? 30, timeoutSeconds: check.timeout ?? 5, failureThreshold: check.retries ?? 3, initialDelaySeconds: check.startPeriod ?? 0 };
  return {
    name: c.name,
    image: c.image,
    ...(role === 'sidecar' ? { restartPolicy: 'Always' } : {}),
    ...(c.portMappings === undefined ? {} : { ports: c.portMappings.map((p) => ({ containerPort: p.containerPort, protocol: (p.protocol ?? 'tcp').toUpperCase() })) }),
    ...(env.length === 0 ? {} : { env }),
    resources: {
      requests: { ...set('cpu', cpuShares === undefined ? undefined : `${Math.round(cpuShares / CPU_SHARES_PER_MILLICORE)}m`), ...set('memory', memory === undefined || memory === 0 ? undefined : `${memory}Mi`) },
      ...(limit === undefined && gpus === 0 ? {} : { limits: { ...set('memory', limit === undefined ? undefined : `${limit}Mi`), ...(gpus === 0 ? {} : { 'nvidia.com/gpu': gpus }) } }),
    },
    ...(probe === undefined || role === 'init' ? {} : role === 'sidecar' ? { startupProbe: probe } : { readinessProbe: probe }),
  };
}

/**
 * ECS `secrets` as environment variables from Secret keys, and what the user has to create:
 * the Secrets (kubelet reads them from the API server, not from Secrets Manager or SSM).
 */
function secretEnv(c: EcsContainer, at: string, out: Export): Record<string, unknown>[] {
  const refs = (c.secrets ?? []).map((secret) => ({ variable: secret.name, ...kubernetesSecretKeyOf(secret.valueFrom, secret.name) }));
  if (refs.length === 0) return [];
  const names = [...new Set(refs.map((r) => r.name))];
  out.lost(
    `${at}.secrets`,
    `Kubernetes reads secrets from Secret objects, not from Secrets Manager or SSM: create ${names.map((n) => `'${n}'`).join(', ')} in the pod's namespace (synced by the External Secrets Operator, or mounted by the Secrets Store CSI driver's AWS provider); until they exist the pods wait in CreateContainerConfigError`,
  );
  return refs.map((r) => ({ name: r.variable, valueFrom: { secretKeyRef: { name: r.name, key: r.key } } }));
}

/** The imagePullSecret standing for a container's `repositoryCredentials`, and what to create. */
function registrySecretName(credentialsParameter: string, j: number, at: string, out: Export): string {
  const name = kubernetesSecretKeyOf(credentialsParameter, '.dockerconfigjson').name;
  out.lost(`${at}.taskDefinition.containerDefinitions[${j}].repositoryCredentials`, `the private registry's login becomes the imagePullSecret '${name}': create it as a kubernetes.io/dockerconfigjson Secret (the task execution role's access to the Secrets Manager secret does not carry over)`);
  return name;
}

/**
 * Start orders Kubernetes cannot keep: init containers run before every app container, not only
 * before those that waited on them in ECS; a container that others wait on but that itself waits
 * on an app container.
 */
function startOrderLosses(defs: readonly EcsContainer[], roles: readonly PodContainerRole[], at: string, out: Export): void {
  if (!roles.some((r) => r !== 'app')) return;
  const names = new Map(defs.map((c, j) => [c.name, j]));
  defs.forEach((c, j) => {
    const waits = (c.dependsOn ?? []).map((d) => names.get(d.containerName)).filter((k): k is number => k !== undefined);
    if (roles[j] !== 'app' && waits.some((k) => roles[k] === 'app')) out.lost(`${at}[${j}].dependsOn`, `'${c.name}' becomes an init container but waits on an app container: init containers run before every app container`);
    if (roles[j] === 'app' && waits.length === 0) out.lost(`${at}[${j}].dependsOn`, `'${c.name}' waited on no container in ECS; in the pod it starts after the init containers`);
  });
}

function placement(p: NonNullable<EcsService['placementStrategy']>[number], k: number, labels: Record<string, string>, at: string, out: Export): Record<string, unknown>[] {
  const field = (p.field ?? '').toLowerCase();
  const key = field === 'attribute:ecs.availability-zone' ? 'topology.kubernetes.io/zone' : field === 'instanceid' || field === 'host' ? 'kubernetes.io/hostname' : undefined;
  if (p.type === 'spread' && key !== undefined) return [{ maxSkew: 1, topologyKey: key, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: labels } }];
  const why =
    p.type === 'binpack'
      ? "binpack is cluster-wide in Kubernetes: kube-scheduler's NodeResourcesFit MostAllocated scoring, or Karpenter consolidation"
      : p.type === 'random'
        ? 'kube-scheduler has no random placement'
        : `spread over '${p.field ?? ''}' has no node label to spread over`;
  out.lost(`${at}.placementStrategy[${k}]`, why);
  return [];
}

function hpa(s: EcsService, name: string, at: string, out: Export): void {
  const scaling = s.autoScaling;
  if (scaling === undefined) return;
  const metrics: Record<string, unknown>[] = [];
  (scaling.targetTracking ?? []).forEach((p, k) => {
    const resource = p.metric === 'ECSServiceAverageCPUUtilization' ? 'cpu' : p.metric === 'ECSServiceAverageMemoryUtilization' ? 'memory' : undefined;
    if (resource === undefined) out.lost(`${at}.autoScaling.targetTracking[${k}]`, `${p.metric} needs a metric adapter (the AWS Load Balancer Controller does not publish it; KEDA or a Prometheus adapter can)`);
    else metrics.push({ type: 'Resource', resource: { name: resource, target: { type: 'Utilization', averageUtilization: Math.round(p.targetValue) } } });
  });
  if (scaling.stepScaling !== undefined) out.lost(`${at}.autoScaling.stepScaling`, 'step scaling on CloudWatch alarms has no HorizontalPodAutoscaler equivalent');
  const scaleIn = (scaling.targetTracking ?? []).map((p) => p.scaleInCooldown).find((c) => c !== undefined);
  out.add(`HorizontalPodAutoscaler for ECS Service Auto Scaling (${s.serviceName}); scale-in cooldown as the scale-down stabilization window`, {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: Math.max(1, scaling.minCapacity),
      maxReplicas: scaling.maxCapacity,
      ...(metrics.length === 0 ? {} : { metrics }),
      ...(scaleIn === undefined ? {} : { behavior: { scaleDown: { stabilizationWindowSeconds: Math.min(3600, scaleIn) } } }),
    },
  });
}

function ingress(s: EcsService, compiled: ServiceSpec, name: string, labels: Record<string, string>, out: Export): void {
  const port = s.taskDefinition.containerDefinitions.flatMap((c) => c.portMappings ?? [])[0]?.containerPort ?? 80;
  const tg = compiled.loadBalancer!;
  out.add(`Service and ALB Ingress (AWS Load Balancer Controller) for the target group of ${s.serviceName}`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: labels, ports: [{ port: 80, targetPort: port }] },
  });
  out.add('ALB Ingress: the target group health check as annotations', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      annotations: {
        'alb.ingress.kubernetes.io/target-type': 'ip',
        'alb.ingress.kubernetes.io/healthcheck-interval-seconds': String(tg.healthCheckIntervalMs / 1000),
        'alb.ingress.kubernetes.io/healthcheck-timeout-seconds': String(tg.healthCheckTimeoutMs / 1000),
        'alb.ingress.kubernetes.io/healthy-threshold-count': String(tg.healthyThreshold),
        'alb.ingress.kubernetes.io/unhealthy-threshold-count': String(tg.unhealthyThreshold),
        'alb.ingress.kubernetes.io/target-group-attributes': `deregistration_delay.timeout_seconds=${tg.deregistrationDelayMs / 1000}`,
      },
    },
    spec: { ingressClassName: 'alb', defaultBackend: { service: { name, port: { number: 80 } } } },
  });
}

/** One NodePool for the cluster's EC2 instance types (or any c, m, r type of the services' architecture) and its EC2NodeClass. */
function nodePool(scenario: Scenario, spec: SimulationSpec, out: Export): void {
  const types = [...new Set(spec.cluster.autoScalingGroups.map((g) => g.instanceType.name))];
  const arm = (scenario.services ?? []).some((s) => s.taskDefinition.runtimePlatform?.cpuArchitecture === 'ARM64');
  const requirements = [
    ...(types.length > 0 ? [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: types }] : [{ key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] }]),
    { key: 'kubernetes.io/arch', operator: 'In', values: arm ? ['arm64'] : ['amd64'] },
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand', 'spot'] },
  ];
  const cluster = dnsName(spec.cluster.name);
  out.add('Karpenter NodePool for the instance types the ECS cluster runs on (ECS capacity providers and Auto Scaling groups)', {
    apiVersion: 'karpenter.sh/v1',
    kind: 'NodePool',
    metadata: { name: 'default' },
    spec: {
      template: { spec: { nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' }, requirements } },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m' },
    },
  });
  out.add('EC2NodeClass: set the node role and the discovery tags of your subnets and security groups', {
    apiVersion: 'karpenter.k8s.aws/v1',
    kind: 'EC2NodeClass',
    metadata: { name: 'default' },
    spec: {
      amiSelectorTerms: [{ alias: 'al2023@latest' }],
      role: `KarpenterNodeRole-${cluster}`,
      subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': cluster } }],
      securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': cluster } }],
    },
  });
  if (spec.cluster.capacityProviders.some((p) => p.managedScaling !== null && p.managedScaling !== undefined)) out.lost('cluster.capacityProviders', "managed scaling's target capacity has no Karpenter equivalent: Karpenter launches what pending pods need and consolidates");
}
