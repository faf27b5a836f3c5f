/**
 * A Deployment, ReplicaSet, StatefulSet or DaemonSet (accounted for) as the scenario's workload: replicas (none for a DaemonSet; its hostNetwork instead),
 * the pod template's containers (image, requests and limits, probes' timing), scheduling
 * (nodeSelector, affinity, tolerations, topology spread, priority) and the rollout settings.
 */
import { isObject, type Json } from '../account-fields.js';
import { imageSizeFor } from '../image-sizes.js';
import { given, type Data, type ImportContext } from '../import-context.js';
import type { SourcePath } from '../source-document.js';
import type { KubernetesObject } from './kubernetes-object.js';
import { EXTENDED_RESOURCE_NAMES } from '../../../model/devices.js';

/** The replicas of a workload whose spec gives none: the API server's default. */
export const DEFAULT_REPLICAS = 1;

const PROBE_TIMING = ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold'] as const;

/** `priorities`: PriorityClass values by name, for priorityClassName. */
export function importWorkload(object: KubernetesObject, priorities: ReadonlyMap<string, number>, ctx: ImportContext): Data {
  const { doc, path, fields } = object;
  const spec = isObject(fields.spec) ? fields.spec : {};
  const template = isObject(spec.template) ? spec.template : {};
  const pod = isObject(template.spec) ? template.spec : {};
  const podPath = [...path, 'spec', 'template', 'spec'];
  const labels = isObject(template.metadata) ? template.metadata.labels : undefined;
  const containers = Array.isArray(pod.containers) ? pod.containers : [];
  const inits = Array.isArray(pod.initContainers) ? pod.initContainers : [];
  const strategy = object.kind === 'Deployment' && isObject(spec.strategy) ? spec.strategy : undefined;
  const stateful = object.kind === 'StatefulSet';
  const daemon = object.kind === 'DaemonSet';
  return ctx.origins.mark(
    {
      kind: stateful ? 'StatefulSet' : daemon ? 'DaemonSet' : 'Deployment',
      name: object.name,
      ...(object.namespace === 'default' ? {} : { namespace: object.namespace }),
      // A DaemonSet has no replicas: one pod on every node it selects.
      ...(daemon ? given('hostNetwork', pod.hostNetwork) : { replicas: spec.replicas ?? DEFAULT_REPLICAS }),
      containers: containers.map((c, j) => container(c, [...podPath, 'containers', j], object, ctx)),
      ...given('initContainers', inits.length === 0 ? undefined : inits.map((c, j) => initContainer(c, [...podPath, 'initContainers', j], object, ctx))),
      ...given('terminationGracePeriodSeconds', pod.terminationGracePeriodSeconds),
      ...given('imagePullSecrets', Array.isArray(pod.imagePullSecrets) && pod.imagePullSecrets.length > 0 ? pod.imagePullSecrets.filter(isObject).map((ref) => ({ ...given('name', ref.name) })) : undefined),
      ...given('strategy', strategy),
      ...(daemon ? {} : given('minReadySeconds', spec.minReadySeconds)),
      ...given('progressDeadlineSeconds', spec.progressDeadlineSeconds),
      ...given('labels', labels),
      ...given('nodeSelector', pod.nodeSelector),
      ...given('affinity', pod.affinity),
      ...given('tolerations', pod.tolerations),
      ...given('topologySpreadConstraints', Array.isArray(pod.topologySpreadConstraints) ? pod.topologySpreadConstraints.filter(isObject).map(spread) : undefined),
      ...given('priority', priority(pod, podPath, priorities, object, ctx)),
      ...(stateful ? given('podManagementPolicy', spec.podManagementPolicy) : {}),
      ...(stateful ? given('volumeClaimTemplates', claimTemplates(spec.volumeClaimTemplates)) : {}),
      ...(stateful && isObject(spec.persistentVolumeClaimRetentionPolicy) ? { persistentVolumeClaimRetentionPolicy: retentionPolicy(spec.persistentVolumeClaimRetentionPolicy) } : {}),
      ...(stateful && isObject(spec.updateStrategy) ? { updateStrategy: updateStrategy(spec.updateStrategy) } : {}),
    },
    doc,
    path,
    {
      name: [...path, 'metadata', 'name'],
      namespace: [...path, 'metadata', 'namespace'],
      replicas: [...path, 'spec', 'replicas'],
      hostNetwork: [...podPath, 'hostNetwork'],
      containers: [...podPath, 'containers'],
      terminationGracePeriodSeconds: [...podPath, 'terminationGracePeriodSeconds'],
      imagePullSecrets: [...podPath, 'imagePullSecrets'],
      strategy: [...path, 'spec', 'strategy'],
      minReadySeconds: [...path, 'spec', 'minReadySeconds'],
      progressDeadlineSeconds: [...path, 'spec', 'progressDeadlineSeconds'],
      labels: [...path, 'spec', 'template', 'metadata', 'labels'],
      nodeSelector: [...podPath, 'nodeSelector'],
      affinity: [...podPath, 'affinity'],
      tolerations: [...podPath, 'tolerations'],
      topologySpreadConstraints: [...podPath, 'topologySpreadConstraints'],
      priority: [...podPath, 'priorityClassName'],
      podManagementPolicy: [...path, 'spec', 'podManagementPolicy'],
      volumeClaimTemplates: [...path, 'spec', 'volumeClaimTemplates'],
      persistentVolumeClaimRetentionPolicy: [...path, 'spec', 'persistentVolumeClaimRetentionPolicy'],
      updateStrategy: [...path, 'spec', 'updateStrategy'],
    },
  );
}

/** A StatefulSet's volumeClaimTemplates: each one's name, StorageClass and requested storage. */
function claimTemplates(raw: unknown): Data[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  return raw.filter(isObject).map((t) => {
    const metadata = isObject(t.metadata) ? t.metadata : {};
    const spec = isObject(t.spec) ? t.spec : {};
    const requests = isObject(spec.resources) && isObject(spec.resources.requests) ? spec.resources.requests : {};
    return { ...given('name', metadata.name), ...given('storageClassName', spec.storageClassName), ...given('storage', requests.storage) };
  });
}

/** A StatefulSet's persistentVolumeClaimRetentionPolicy: its whenScaled and whenDeleted as given. */
function retentionPolicy(raw: Json): Data {
  return { ...given('whenScaled', raw.whenScaled), ...given('whenDeleted', raw.whenDeleted) };
}

/** A StatefulSet's updateStrategy: its type and rollingUpdate's partition and maxUnavailable as given (the field rules warned about maxUnavailable). */
function updateStrategy(raw: Json): Data {
  const rollingUpdate = isObject(raw.rollingUpdate) ? raw.rollingUpdate : undefined;
  return {
    ...given('type', raw.type),
    ...(rollingUpdate === undefined ? {} : { rollingUpdate: { ...given('partition', rollingUpdate.partition), ...given('maxUnavailable', rollingUpdate.maxUnavailable) } }),
  };
}

/** A StorageClass of the EBS CSI driver as the scenario's cluster.storageClasses entry. */
export function importStorageClass(object: KubernetesObject, ctx: ImportContext): Data {
  const f = object.fields;
  const metadata = isObject(f.metadata) ? f.metadata : {};
  const annotations = isObject(metadata.annotations) ? metadata.annotations : {};
  const parameters = isObject(f.parameters) ? f.parameters : {};
  const zones = Array.isArray(f.allowedTopologies)
    ? f.allowedTopologies.filter(isObject).flatMap((t) => (Array.isArray(t.matchLabelExpressions) ? t.matchLabelExpressions.filter(isObject).flatMap((e) => (typeof e.key === 'string' && e.key.endsWith('/zone') && Array.isArray(e.values) ? e.values : [])) : []))
    : [];
  return ctx.origins.mark(
    {
      name: object.name,
      ...given('volumeBindingMode', f.volumeBindingMode),
      ...given('type', parameters.type),
      ...given('reclaimPolicy', f.reclaimPolicy),
      ...(zones.length === 0 ? {} : { allowedZones: zones }),
      ...(annotations['storageclass.kubernetes.io/is-default-class'] === 'true' ? { default: true } : {}),
    },
    object.doc,
    object.path,
    { name: [...object.path, 'metadata', 'name'] },
  );
}

function container(raw: unknown, path: SourcePath, object: KubernetesObject, ctx: ImportContext, extra: Data = {}): Data {
  const c = isObject(raw) ? raw : {};
  const image = typeof c.image === 'string' ? c.image : undefined;
  const resources = isObject(c.resources) ? c.resources : undefined;
  const own = ['workloads', { name: object.name }, 'containers', { name: String(c.name) }, 'imageSize'];
  return ctx.origins.mark(
    {
      ...given('name', c.name),
      ...given('image', image),
      ...given('imagePullPolicy', c.imagePullPolicy),
      ...(image === undefined ? {} : { imageSize: imageSizeFor(image, ctx.imageSizes, ctx.log, object.doc, [...path, 'image'], own) }),
      ...given('resources', resources === undefined ? undefined : { ...given('requests', cpuAndMemory(resources.requests)), ...given('limits', cpuAndMemory(resources.limits)) }),
      ...given('readinessProbe', probe(c.readinessProbe, ['successThreshold'])),
      ...given('livenessProbe', probe(c.livenessProbe, [])),
      ...given('env', secretEnv(c.env)),
      ...given('envFrom', secretEnvFrom(c.envFrom)),
      ...extra,
    },
    object.doc,
    path,
    { imageSize: [...path, 'image'] },
  );
}

/** The container's environment variables read from a Secret (secretKeyRef): what kubelet needs before it creates the container. */
function secretEnv(env: unknown): Data[] | undefined {
  if (!Array.isArray(env)) return undefined;
  const out = env.flatMap((e): Data[] => {
    const ref = isObject(e) && isObject(e.valueFrom) && isObject(e.valueFrom.secretKeyRef) ? e.valueFrom.secretKeyRef : undefined;
    if (ref === undefined || !isObject(e)) return [];
    return [{ name: e.name, valueFrom: { secretKeyRef: { ...given('name', ref.name), ...given('key', ref.key), ...given('optional', ref.optional) } } }];
  });
  return out.length === 0 ? undefined : out;
}

/** The container's envFrom Secrets (configMapRef entries are app configuration). */
function secretEnvFrom(envFrom: unknown): Data[] | undefined {
  if (!Array.isArray(envFrom)) return undefined;
  const out = envFrom.flatMap((e): Data[] => (isObject(e) && isObject(e.secretRef) ? [{ secretRef: { ...given('name', e.secretRef.name), ...given('optional', e.secretRef.optional) } }] : []));
  return out.length === 0 ? undefined : out;
}

/** An init container: a container, and a native sidecar when its restartPolicy is Always. */
function initContainer(raw: unknown, path: SourcePath, object: KubernetesObject, ctx: ImportContext): Data {
  const c = isObject(raw) ? raw : {};
  return container(raw, path, object, ctx, c.restartPolicy === 'Always' ? { restartPolicy: 'Always' } : {});
}

function cpuAndMemory(list: unknown): Data | undefined {
  if (!isObject(list)) return undefined;
  const out: Record<string, unknown> = { ...given('cpu', list.cpu), ...given('memory', list.memory) };
  // The device plugins' extended resources (GPUs, Neuron) are modelled too.
  for (const name of Object.values(EXTENDED_RESOURCE_NAMES)) Object.assign(out, given(name, list[name]));
  return Object.keys(out).length === 0 ? undefined : out;
}

/** A probe's timing (its handler is the app model's business). */
function probe(raw: unknown, extra: readonly string[]): Data | undefined {
  if (!isObject(raw)) return undefined;
  return Object.fromEntries([...PROBE_TIMING, ...extra].filter((k) => raw[k] !== undefined).map((k) => [k, raw[k]]));
}

function spread(c: Json): Data {
  return { ...given('maxSkew', c.maxSkew), ...given('topologyKey', c.topologyKey), ...given('whenUnsatisfiable', c.whenUnsatisfiable), ...given('labelSelector', c.labelSelector), ...given('minDomains', c.minDomains) };
}

/** spec.priority, else the value of the PriorityClass spec.priorityClassName names (among the imports). */
function priority(pod: Json, podPath: SourcePath, priorities: ReadonlyMap<string, number>, object: KubernetesObject, ctx: ImportContext): number | undefined {
  if (typeof pod.priority === 'number') return pod.priority;
  if (typeof pod.priorityClassName !== 'string') return undefined;
  const value = priorities.get(pod.priorityClassName);
  if (value === undefined) {
    if (pod.priorityClassName === 'system-cluster-critical' || pod.priorityClassName === 'system-node-critical') return pod.priorityClassName === 'system-node-critical' ? 2_000_001_000 : 2_000_000_000;
    ctx.log.problem(object.doc, [...podPath, 'priorityClassName'], `no PriorityClass '${pod.priorityClassName}' among the imports: import it, or set the workload's priority in the scenario`);
  }
  return value;
}
