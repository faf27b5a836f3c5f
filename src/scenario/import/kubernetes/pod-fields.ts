/**
 * Every field of a Kubernetes pod template (core/v1 PodTemplateSpec, PodSpec, Container,
 * ResourceRequirements, Probe, Affinity, Toleration, TopologySpreadConstraint; the field set of
 * the Kubernetes 1.30 API as the kubernetes-types package ships it, and PodSpec.resources of
 * 1.32), with what fleetsim does with each (field-rules.ts).
 */
import { isObject } from '../account-fields.js';
import { depends, ignored, listOf, MODELLED, nested, READ_ONLY, unmodelled, warnUnless, type Fields } from '../field-rules.js';
import { EXTENDED_RESOURCE_NAMES } from '../../../model/devices.js';

const nonEmpty = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : isObject(v) ? Object.keys(v).length > 0 : v !== undefined && v !== null && v !== false);
const APP_CONFIG = ignored('configures the process inside the container, not where or how fast it starts; fleetsim models the app with readyAfter and its app model');
/** Environment variables configure the app; those read from a Secret are a start-up dependency (kubelet needs the Secret to create the container). */
const ENV_CONFIG = ignored('environment variables configure the app, not its scheduling or start-up');
const SECURITY = ignored('security settings change neither scheduling nor start-up');
const DNS = ignored('name resolution inside the pod: CoreDNS load is set by the workload load model (dnsLookupsPerRequest)');
const PROBE_HANDLER = ignored('what the probe calls: fleetsim decides its outcome with the app model (readyAfter, healthEndpoint)');

/** The object metadata every kind has (meta/v1 ObjectMeta). */
export const OBJECT_META_FIELDS: Fields = {
  name: MODELLED,
  namespace: MODELLED,
  labels: ignored("the object's own labels: pods are matched by the pod template's labels"),
  annotations: ignored('annotations configure tools, not the scheduler or the kubelet'),
  generateName: ignored('a name prefix for generated objects'),
  uid: READ_ONLY,
  resourceVersion: READ_ONLY,
  generation: READ_ONLY,
  creationTimestamp: READ_ONLY,
  deletionTimestamp: READ_ONLY,
  deletionGracePeriodSeconds: READ_ONLY,
  selfLink: READ_ONLY,
  managedFields: READ_ONLY,
  ownerReferences: ignored('ownership for garbage collection'),
  finalizers: ignored('finalizers delay deletion, not scheduling or start-up'),
};

const PROBE_TIMING = {
  initialDelaySeconds: MODELLED,
  periodSeconds: MODELLED,
  timeoutSeconds: MODELLED,
  failureThreshold: MODELLED,
  exec: PROBE_HANDLER,
  httpGet: PROBE_HANDLER,
  tcpSocket: PROBE_HANDLER,
  grpc: PROBE_HANDLER,
  terminationGracePeriodSeconds: unmodelled("a liveness failure's own grace period: fleetsim uses the pod's terminationGracePeriodSeconds"),
};

export const READINESS_PROBE_FIELDS: Fields = { ...PROBE_TIMING, successThreshold: MODELLED };
export const LIVENESS_PROBE_FIELDS: Fields = { ...PROBE_TIMING, successThreshold: ignored('must be 1 for a liveness probe') };

/** The resources fleetsim models in requests and limits: cpu, memory and the device plugins' extended resources. */
const MODELLED_RESOURCES: ReadonlySet<string> = new Set(['cpu', 'memory', ...Object.values(EXTENDED_RESOURCE_NAMES)]);

/** requests and limits: cpu, memory, GPUs and Neuron devices are modelled; any other resource constrains scheduling in ways fleetsim does not model. */
const RESOURCE_LIST = depends((value) =>
  isObject(value) && Object.keys(value).some((k) => !MODELLED_RESOURCES.has(k))
    ? nested(
        Object.fromEntries(
          Object.keys(value).map((k) => [
            k,
            MODELLED_RESOURCES.has(k)
              ? MODELLED
              : unmodelled(`'${k}' (other extended resources, ephemeral storage, huge pages) constrains scheduling; fleetsim models cpu, memory, nvidia.com/gpu and aws.amazon.com/neuron[core]`),
          ]),
        ),
      )
    : MODELLED,
);

export const CONTAINER_FIELDS: Fields = {
  name: MODELLED,
  image: MODELLED,
  imagePullPolicy: MODELLED,
  command: APP_CONFIG,
  args: APP_CONFIG,
  workingDir: APP_CONFIG,
  env: depends((v) => (Array.isArray(v) && v.some((e) => isObject(e) && isObject(e.valueFrom) && isObject(e.valueFrom.secretKeyRef)) ? MODELLED : ENV_CONFIG)),
  envFrom: depends((v) => (Array.isArray(v) && v.some((e) => isObject(e) && isObject(e.secretRef)) ? MODELLED : ENV_CONFIG)),
  ports: listOf(
    nested({
      containerPort: ignored('pods take VPC addresses of their own: a container port binds nothing on the node'),
      name: ignored('names the port for Services'),
      protocol: ignored('the port protocol, for Services'),
      hostPort: unmodelled('a host port allows one such pod per node'),
      hostIP: ignored('the node address a host port binds'),
    }),
  ),
  resources: nested({ requests: RESOURCE_LIST, limits: RESOURCE_LIST, claims: unmodelled('dynamic resource claims (devices) constrain scheduling') }),
  resizePolicy: ignored('in-place resizing of requests; fleetsim keeps requests fixed'),
  restartPolicy: ignored("a container restart policy applies to init containers (sidecars); the app's follows the pod's Always"),
  readinessProbe: nested(READINESS_PROBE_FIELDS),
  livenessProbe: nested(LIVENESS_PROBE_FIELDS),
  startupProbe: unmodelled('liveness and readiness probes wait until the startup probe passes'),
  lifecycle: depends((value) =>
    isObject(value) && (value.preStop !== undefined || value.postStart !== undefined)
      ? unmodelled('a preStop hook runs before SIGTERM and delays the stop; a postStart hook delays Running')
      : ignored('no lifecycle hooks'),
  ),
  volumeMounts: ignored('mounts of the pod volumes: see volumes'),
  volumeDevices: ignored('raw block devices of the pod volumes: see volumes'),
  securityContext: SECURITY,
  stdin: APP_CONFIG,
  stdinOnce: APP_CONFIG,
  tty: APP_CONFIG,
  terminationMessagePath: ignored('where the container writes why it ended'),
  terminationMessagePolicy: ignored('where the container writes why it ended'),
};

const LABEL_SELECTOR_FIELDS: Fields = {
  matchLabels: MODELLED,
  matchExpressions: listOf(nested({ key: MODELLED, operator: MODELLED, values: MODELLED })),
};

const NODE_SELECTOR_TERM = nested({
  matchExpressions: listOf(nested({ key: MODELLED, operator: MODELLED, values: MODELLED })),
  matchFields: unmodelled('node field selectors (metadata.name) are not modelled'),
});

export const AFFINITY_FIELDS: Fields = {
  nodeAffinity: nested({
    requiredDuringSchedulingIgnoredDuringExecution: nested({ nodeSelectorTerms: listOf(NODE_SELECTOR_TERM) }),
    preferredDuringSchedulingIgnoredDuringExecution: listOf(nested({ weight: MODELLED, preference: NODE_SELECTOR_TERM })),
  }),
  podAffinity: unmodelled('pod affinity (co-location with other pods) is not modelled'),
  podAntiAffinity: nested({
    requiredDuringSchedulingIgnoredDuringExecution: listOf(
      nested({
        labelSelector: nested(LABEL_SELECTOR_FIELDS),
        topologyKey: MODELLED,
        namespaces: ignored("fleetsim counts the workload's own pods"),
        namespaceSelector: ignored("fleetsim counts the workload's own pods"),
        matchLabelKeys: unmodelled('matchLabelKeys narrows the pods counted by their labels (e.g. per rollout)'),
        mismatchLabelKeys: unmodelled('mismatchLabelKeys narrows the pods counted by their labels'),
      }),
    ),
    preferredDuringSchedulingIgnoredDuringExecution: unmodelled('preferred pod anti-affinity only scores nodes; fleetsim models the required one'),
  }),
};

export const TOLERATION_FIELDS: Fields = { key: MODELLED, operator: MODELLED, value: MODELLED, effect: MODELLED, tolerationSeconds: MODELLED };

export const TOPOLOGY_SPREAD_FIELDS: Fields = {
  maxSkew: MODELLED,
  topologyKey: MODELLED,
  whenUnsatisfiable: MODELLED,
  labelSelector: nested(LABEL_SELECTOR_FIELDS),
  minDomains: MODELLED,
  matchLabelKeys: unmodelled('matchLabelKeys narrows the pods counted by their labels (e.g. per rollout)'),
  nodeAffinityPolicy: warnUnless((v) => v === undefined || v === 'Honor', "only nodes the pod's node affinity allows count as domains (Honor)"),
  nodeTaintsPolicy: warnUnless((v) => v === undefined || v === 'Ignore', 'tainted nodes count as domains (Ignore)'),
};

export const POD_SPEC_FIELDS: Fields = {
  containers: listOf(nested(CONTAINER_FIELDS)),
  initContainers: MODELLED,
  ephemeralContainers: ignored('debugging containers added to running pods'),
  terminationGracePeriodSeconds: MODELLED,
  activeDeadlineSeconds: unmodelled('pods are killed after this long'),
  restartPolicy: warnUnless((v) => v === undefined || v === 'Always', 'a Deployment restarts its containers Always'),
  nodeSelector: MODELLED,
  nodeName: unmodelled('a pod bound to a named node bypasses the scheduler'),
  affinity: nested(AFFINITY_FIELDS),
  tolerations: listOf(nested(TOLERATION_FIELDS)),
  topologySpreadConstraints: listOf(nested(TOPOLOGY_SPREAD_FIELDS)),
  schedulerName: warnUnless((v) => v === undefined || v === 'default-scheduler', 'another scheduler than kube-scheduler places these pods'),
  priorityClassName: MODELLED,
  priority: MODELLED,
  preemptionPolicy: ignored('preemption is not modelled: higher-priority pods are only scheduled first'),
  overhead: unmodelled("a RuntimeClass's overhead adds to the pod's requests"),
  runtimeClassName: ignored('the container runtime handler; its overhead is set by overhead'),
  readinessGates: warnUnless((v) => !nonEmpty(v), 'the pod is Ready only when its readiness gates are true (e.g. the AWS Load Balancer Controller sets one once the target is healthy)'),
  schedulingGates: warnUnless((v) => !nonEmpty(v), 'a gated pod is not scheduled until its gates are removed'),
  resourceClaims: unmodelled('dynamic resource claims (devices) constrain scheduling'),
  resources: unmodelled('pod-level resources are not modelled; fleetsim sums the containers\' requests'),
  hostNetwork: warnUnless((v) => v !== true, "the pod takes the node's address, not a VPC CNI address, and its ports on the node"),
  hostPID: SECURITY,
  hostIPC: SECURITY,
  hostUsers: SECURITY,
  shareProcessNamespace: SECURITY,
  securityContext: SECURITY,
  serviceAccount: ignored("the pod's API identity: its permissions change neither scheduling nor start-up"),
  serviceAccountName: ignored("the pod's API identity: its permissions change neither scheduling nor start-up"),
  automountServiceAccountToken: SECURITY,
  imagePullSecrets: MODELLED,
  volumes: ignored('volumes (ConfigMaps, Secrets, emptyDir, projected) are mounted at start without delay in fleetsim; persistent volumes are not modelled'),
  dnsPolicy: DNS,
  dnsConfig: DNS,
  hostAliases: DNS,
  hostname: DNS,
  subdomain: DNS,
  setHostnameAsFQDN: DNS,
  enableServiceLinks: ignored('Service environment variables configure the app'),
  os: ignored('Linux, which fleetsim models'),
};

export const POD_TEMPLATE_FIELDS: Fields = {
  metadata: nested({ ...OBJECT_META_FIELDS, labels: MODELLED }),
  spec: nested(POD_SPEC_FIELDS),
};

export { LABEL_SELECTOR_FIELDS };
