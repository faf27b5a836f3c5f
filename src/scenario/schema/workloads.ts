/** Kubernetes workloads (EKS): Deployments, their pod template and rollout settings. */
import { DEFAULT_NAMESPACE } from '../../model/pod-scheduling-spec.js';
import { DEFAULT_ROLLING_UPDATE } from '../../model/service.js';
import { IMAGE_PULL_POLICIES, SHUTDOWN_DEFAULTS } from '../../model/task-definition.js';
import { CLAIM_RETENTIONS, DEFAULT_STATEFUL_SET_UPDATE_STRATEGY, STATEFUL_SET_UPDATE_TYPES } from '../../model/stateful-set-spec.js';
import { containerCommon } from './app-model.js';
import { HorizontalPodAutoscaler } from './autoscaling.js';
import { TaintEffect } from './capacity.js';
import { Closed, Count, Duration, IntOrPercent, Optional, Quantity, RequiredUnless, Seconds, StringEnum, StringMap, StringOrNumber, Type } from './fields.js';
import { Load } from './load.js';
import { TargetGroup } from './load-balancer.js';

/** Kubernetes probe defaults (core/v1 Probe), seconds. */
export const PROBE_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } as const;
// The namespace of a workload that names none: the pod spec's (model) default.
export { DEFAULT_NAMESPACE } from '../../model/pod-scheduling-spec.js';

const probeFields = {
  initialDelaySeconds: Optional(Seconds('Seconds after the container starts before the first probe.', 0, { default: PROBE_DEFAULTS.initialDelaySeconds })),
  periodSeconds: Optional(Seconds('Seconds between probes.', 1, { default: PROBE_DEFAULTS.periodSeconds })),
  timeoutSeconds: Optional(Seconds('Seconds before a probe without an answer fails.', 1, { default: PROBE_DEFAULTS.timeoutSeconds })),
};

export const ReadinessProbe = Closed(
  {
    ...probeFields,
    successThreshold: Optional(Seconds('Consecutive passing probes to be Ready again after failing (and at start).', 1, { default: PROBE_DEFAULTS.successThreshold })),
    failureThreshold: Optional(Seconds('Consecutive failing probes before the pod is NotReady.', 1, { default: PROBE_DEFAULTS.failureThreshold })),
  },
  { description: 'Kubernetes readiness probe (seconds); the first container with one counts.' },
);

export const LivenessProbe = Closed(
  {
    ...probeFields,
    failureThreshold: Optional(Seconds('Consecutive failing probes before kubelet restarts the container.', 1, { default: PROBE_DEFAULTS.failureThreshold })),
  },
  { description: 'Kubernetes liveness probe (seconds): after failureThreshold consecutive failures kubelet kills the container and restarts it (with its back-off).' },
);

const SecretReference = {
  name: Type.String({ minLength: 1, description: "The Secret's name, in the pod's namespace." }),
  optional: Optional(Type.Boolean({ description: 'A missing Secret is no error.', default: false })),
};

export const EnvVar = Closed({
  name: Type.String({ minLength: 1, description: 'The environment variable.' }),
  value: Optional(Type.String({ description: 'A literal value (documentation only).' })),
  valueFrom: Optional(
    Closed(
      { secretKeyRef: Closed({ ...SecretReference, key: Type.String({ minLength: 1, description: 'The key in the Secret.' }) }, { description: 'A key of a Secret.' }) },
      { description: 'Where the value comes from: a Secret key (kubelet reads it from the API server when it creates the container).' },
    ),
  ),
});

/** The extended resources the device plugins advertise, as a requests or limits entry each. */
const extendedResources = (what: 'request' | 'limit') => ({
  'nvidia.com/gpu': Optional(StringOrNumber({ description: `NVIDIA GPUs (${what}), whole: 1 or '1'. Requests must equal limits; a limit alone sets the request.` })),
  'aws.amazon.com/neuron': Optional(StringOrNumber({ description: `AWS Neuron devices (Inferentia, Trainium; ${what}), whole.` })),
  'aws.amazon.com/neuroncore': Optional(StringOrNumber({ description: `NeuronCores (${what}), whole.` })),
});

/** Kubernetes `imagePullPolicy` of a container. */
const ImagePullPolicyField = Optional(
  StringEnum(IMAGE_PULL_POLICIES, {
    description:
      "When kubelet asks the registry (Kubernetes docs, \"Images\"). Always: at every container start, even with the image on the node (a tag resolve; during a registry outage the start fails: ErrImagePull, ImagePullBackOff); IfNotPresent: only when the image is not on the node; Never: never (ErrImageNeverPull when the image is not on the node). Default: Always when the image's tag is :latest or absent and it names no digest, else IfNotPresent.",
  }),
);

export const PodContainer = Closed({
  ...containerCommon,
  imagePullPolicy: ImagePullPolicyField,
  env: Optional(Type.Array(EnvVar, { description: 'Environment variables; those from a Secret must exist when the container is created, or the pod waits in CreateContainerConfigError.' })),
  envFrom: Optional(
    Type.Array(Closed({ secretRef: Closed(SecretReference, { description: 'Every key of a Secret.' }) }), {
      description: 'Environment variables from whole Secrets (CreateContainerConfigError while one is missing).',
    }),
  ),
  readinessProbe: Optional(ReadinessProbe),
  livenessProbe: Optional(LivenessProbe),
  resources: Optional(
    Closed(
      {
        requests: Optional(
          Closed(
            {
              cpu: Optional(Quantity('CPU quantity', 'CPU request: 250m, 0.5, 2')),
              memory: Optional(Quantity('quantity', 'Memory request, a Kubernetes quantity: 128Mi, 1Gi, 500M (not MB)')),
              ...extendedResources('request'),
            },
            { description: 'What the scheduler reserves for the container (none: BestEffort).' },
          ),
        ),
        limits: Optional(
          Closed(
            {
              cpu: Optional(Quantity('CPU quantity', 'CPU limit: 500m, 1')),
              memory: Optional(Quantity('quantity', 'Memory limit, a Kubernetes quantity: 256Mi, 1Gi (not MB)')),
              ...extendedResources('limit'),
            },
            {
              description:
                'A limit without a request sets the request to it. memory: where a memoryLeak is OOM-killed; cpu: checked against the request, throttling is not modelled. Extended resources (GPUs, Neuron) need a limit, and a request equal to it.',
            },
          ),
        ),
      },
      { description: "The container's resource requests and limits; a request above its limit is an error." },
    ),
  ),
});

export const InitContainer = Closed({
  name: containerCommon.name,
  image: containerCommon.image,
  imagePullPolicy: ImagePullPolicyField,
  imageSize: containerCommon.imageSize,
  layers: containerCommon.layers,
  platforms: containerCommon.platforms,
  readyAfter: containerCommon.readyAfter,
  resources: PodContainer.properties.resources,
  restartPolicy: Optional(
    StringEnum(['Always'], { description: 'Always: a native sidecar (Kubernetes 1.29+): it starts in order and keeps running; the next container waits for it to be ready (readyAfter).' }),
  ),
  runsFor: Optional(Duration({ description: 'fleetsim app model: a regular init container runs to completion, exiting 0 this long after it starts (default 1s).' })),
});

const StringList = Type.Array(Type.String(), { description: 'Values.' });
const matchExpressions = <const O extends readonly string[]>(operators: O) =>
  Type.Array(
    Closed({ key: Type.String({ description: 'Label key.' }), operator: StringEnum(operators, { description: 'Selector operator.' }), values: Optional(StringList) }),
    { description: 'Requirements that must all hold.' },
  );

export const LabelSelector = Closed(
  { matchLabels: Optional(StringMap({ description: 'Labels that must all match.' })), matchExpressions: Optional(matchExpressions(['In', 'NotIn', 'Exists', 'DoesNotExist'])) },
  { description: 'Pods counted (meta/v1 LabelSelector); absent: none.' },
);

const NodeSelectorTerm = Closed({ matchExpressions: Optional(matchExpressions(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'])) }, { description: 'Node label requirements (ANDed).' });

/** A pod (anti-)affinity term (core/v1 PodAffinityTerm) with its own description. */
const podAffinityTerm = (description: string) =>
  Closed(
    {
      labelSelector: Optional(LabelSelector),
      topologyKey: Type.String({ description: 'The domain, e.g. kubernetes.io/hostname.' }),
      namespaces: Optional(Type.Array(Type.String(), { description: "Namespaces whose pods the selector counts (default: the pod's own)." })),
      namespaceSelector: Optional(
        Closed(
          {
            matchLabels: Optional(StringMap({ description: 'Namespace labels that must all match (kubernetes.io/metadata.name: <name>).' })),
            matchExpressions: Optional(matchExpressions(['In', 'NotIn', 'Exists', 'DoesNotExist'])),
          },
          { description: 'Namespaces by label: each carries kubernetes.io/metadata.name: <its name>; {} selects every namespace. With namespaces, either may select.' },
        ),
      ),
    },
    { description },
  );

const WeightedPodAffinityTerms = (description: string) =>
  Type.Array(
    Closed({
      weight: Type.Integer({ minimum: 1, maximum: 100, description: 'Score per matching pod in the domain.' }),
      podAffinityTerm: podAffinityTerm('The pods it counts, and in which domain.'),
    }),
    { description },
  );

export const Affinity = Closed(
  {
    nodeAffinity: Optional(
      Closed(
        {
          requiredDuringSchedulingIgnoredDuringExecution: Optional(
            Closed({ nodeSelectorTerms: Type.Array(NodeSelectorTerm, { description: 'Terms, ORed.' }) }, { description: 'Nodes the pods may run on.' }),
          ),
          preferredDuringSchedulingIgnoredDuringExecution: Optional(
            Type.Array(
              Closed({ weight: Type.Integer({ minimum: 1, maximum: 100, description: 'Score added to matching nodes.' }), preference: NodeSelectorTerm }),
              { description: 'Nodes the pods prefer (NodeAffinity scoring).' },
            ),
          ),
        },
        { description: 'Node affinity.' },
      ),
    ),
    podAffinity: Optional(
      Closed(
        { preferredDuringSchedulingIgnoredDuringExecution: Optional(WeightedPodAffinityTerms('Domains with matching pods are preferred (InterPodAffinity scoring).')) },
        { description: 'Pod affinity (preferred terms; required pod affinity is not modelled).' },
      ),
    ),
    podAntiAffinity: Optional(
      Closed(
        {
          requiredDuringSchedulingIgnoredDuringExecution: Optional(Type.Array(podAffinityTerm('A domain that must hold no matching pod.'), { description: 'No two matching pods in one domain.' })),
          preferredDuringSchedulingIgnoredDuringExecution: Optional(WeightedPodAffinityTerms('Domains with matching pods are avoided (InterPodAffinity scoring).')),
        },
        { description: 'Pod anti-affinity.' },
      ),
    ),
  },
  { description: 'Node affinity, pod affinity and pod anti-affinity (core/v1 Affinity).' },
);

export const Toleration = Closed({
  key: Optional(Type.String({ description: 'Taint key (empty with Exists: every taint).' })),
  operator: Optional(StringEnum(['Equal', 'Exists'], { description: 'Equal compares the value.', default: 'Equal' })),
  value: Optional(Type.String({ description: 'Taint value (Equal).' })),
  effect: Optional(TaintEffect),
  tolerationSeconds: Optional(Type.Integer({ minimum: 0, description: 'NoExecute: how long the pod stays after the taint appears.' })),
});

export const TopologySpreadConstraint = Closed({
  maxSkew: Type.Integer({ minimum: 1, description: 'The largest allowed difference between domains.' }),
  topologyKey: Type.String({ description: 'The domain label, e.g. topology.kubernetes.io/zone.' }),
  whenUnsatisfiable: StringEnum(['DoNotSchedule', 'ScheduleAnyway'], { description: 'A filter or only a score.' }),
  labelSelector: Optional(LabelSelector),
  minDomains: Optional(Type.Integer({ minimum: 1, description: 'DoNotSchedule: with fewer eligible domains the global minimum is 0.' })),
});

export const RollingUpdate = Closed(
  {
    maxSurge: Optional(IntOrPercent({ description: 'Pods above replicas during a rollout: a count or a percent of replicas rounded up (default 25%).', default: DEFAULT_ROLLING_UPDATE.maxSurge })),
    maxUnavailable: Optional(
      IntOrPercent({ description: 'Pods below replicas that may be unavailable: a count or a percent of replicas rounded down (default 25%). Not 0 when maxSurge is 0.', default: DEFAULT_ROLLING_UPDATE.maxUnavailable }),
    ),
  },
  { description: 'RollingUpdate bounds.' },
);

export const PodVolume = Closed(
  {
    name: Type.String({ minLength: 1, description: "The volume's name in the pod (containers' volumeMounts refer to it)." }),
    persistentVolumeClaim: Optional(
      Closed({ claimName: Type.String({ minLength: 1, description: 'A claim bound to one of cluster.persistentVolumes.' }), readOnly: Optional(Type.Boolean({ description: 'Mount read-only (documentation only).' })) }, {
        description: 'A PersistentVolumeClaim: kubelet mounts its volume before it creates the pod sandbox.',
      }),
    ),
  },
  { description: 'A pod volume. With persistentVolumeClaim an EFS CSI volume mounted at start; without, emptyDir-like (changes nothing fleetsim models).' },
);

export const VolumeClaimTemplate = Closed({
  name: Type.String({ pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', description: 'Template name: the claim of ordinal i is <name>-<statefulset>-<i>.' }),
  storageClassName: Optional(Type.String({ description: 'Its StorageClass (cluster.storageClasses; default: the one marked default, else the built-in ebs-sc: gp3, WaitForFirstConsumer).' })),
  storage: Quantity('size', 'Requested size (resources.requests.storage), e.g. 10Gi; the EBS volume is rounded up to whole GiB.'),
});

export const Workload = Closed({
  kind: StringEnum(['Deployment', 'StatefulSet', 'DaemonSet'], {
    description:
      'The workload kind: a Deployment; a StatefulSet (stable ordinals, a PersistentVolumeClaim per volumeClaimTemplate and ordinal); or a DaemonSet (one pod on every EC2 node it selects, whose requests the node then does not offer other pods: docs/models.md, "DaemonSets and DAEMON services").',
  }),
  name: Type.String({ pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', description: 'Kubernetes object name (DNS-1123 label).' }),
  namespace: Optional(Type.String({ description: "Its namespace: a Fargate profile selecting it runs the pods on Fargate; affinity and spread selectors count pods of their namespaces (the pod's own by default).", default: DEFAULT_NAMESPACE })),
  replicas: Optional(Count({ description: 'Pods wanted at the start (Deployment and StatefulSet: required; a DaemonSet has none, it runs one pod per node it selects).' })),
  hostNetwork: Optional(
    Type.Boolean({
      description: "DaemonSet: its pods use the node's network namespace, so they take no pod address from the VPC CNI (they still count against max pods), and they tolerate node.kubernetes.io/network-unavailable.",
      default: false,
    }),
  ),
  containers: Type.Array(PodContainer, { minItems: 1, description: 'The containers of the pod template.' }),
  volumes: Optional(Type.Array(PodVolume, { description: 'Pod volumes: a persistentVolumeClaim bound to an EFS CSI PersistentVolume is mounted before the sandbox is created (docs/models.md, "EFS volumes").' })),
  initContainers: Optional(
    Type.Array(InitContainer, {
      description: 'Init containers, run in order before the app containers: regular ones to completion, native sidecars (restartPolicy: Always) until ready and then on beside the app.',
    }),
  ),
  terminationGracePeriodSeconds: Optional(Type.Integer({ minimum: 0, description: 'Seconds between SIGTERM and SIGKILL when a pod stops.', default: SHUTDOWN_DEFAULTS.stopTimeoutMs / 1000 })),
  imagePullSecrets: Optional(
    Type.Array(Closed({ name: Type.String({ minLength: 1, description: "The Secret's name (a kubernetes.io/dockerconfigjson Secret in the pod's namespace)." }) }), {
      description:
        "Registry logins kubelet pulls the pod's images with. A pull from Docker Hub with one counts against that account's pull rate limit (200 per 6 hours, the first Secret taken as the login) instead of its NAT gateway's address (100 per 6 hours; docs/models.md, \"Registry pull rate limits\").",
    }),
  ),
  strategy: Optional(
    Closed(
      {
        type: Optional(StringEnum(['RollingUpdate', 'Recreate'], { description: 'Recreate: every old pod is deleted before the new ReplicaSet creates any.', default: DEFAULT_ROLLING_UPDATE.type })),
        rollingUpdate: Optional(RollingUpdate),
      },
      { description: 'Deployment strategy for deploy events: RollingUpdate (default) or Recreate.' },
    ),
  ),
  podDisruptionBudget: Optional(
    Closed(
      {
        minAvailable: Optional(IntOrPercent({ description: 'Ready pods that must remain: a count or a percent of replicas rounded up.' })),
        maxUnavailable: Optional(IntOrPercent({ description: 'Pods that may be unavailable: a count or a percent of replicas rounded up.' })),
      },
      {
        description: 'PodDisruptionBudget for the pods: node drains evict a pod only if the budget allows it (else 429, retried every 5 s as kubectl drain does).',
        minProperties: 1,
        maxProperties: 1,
      },
    ),
  ),
  minReadySeconds: Optional(Type.Integer({ minimum: 0, description: 'A new pod counts as available for the rollout only after being Ready this long.', default: DEFAULT_ROLLING_UPDATE.minReadyMs / 1000 })),
  progressDeadlineSeconds: Optional(
    Type.Integer({ minimum: 1, description: 'A rollout without progress this long gets Progressing=False, ProgressDeadlineExceeded (no automatic rollback).', default: DEFAULT_ROLLING_UPDATE.progressDeadlineMs / 1000 }),
  ),
  volumeClaimTemplates: Optional(Type.Array(VolumeClaimTemplate, { description: 'StatefulSet: the EBS-backed PersistentVolumeClaims each pod gets (one per template and ordinal; they outlive the pods).' })),
  podManagementPolicy: Optional(StringEnum(['OrderedReady', 'Parallel'], { description: 'StatefulSet: OrderedReady creates pod i once 0..i-1 are Running and Ready; Parallel creates them all at once.', default: 'OrderedReady' })),
  persistentVolumeClaimRetentionPolicy: Optional(
    Closed(
      {
        whenScaled: Optional(
          StringEnum(CLAIM_RETENTIONS, {
            description:
              "On scale-in: Delete deletes the claims of the ordinals above the new replica count once their pods are gone (their volumes then follow the StorageClass's reclaimPolicy; a later scale-out gets fresh claims and volumes); Retain keeps them for the pods a scale-out creates again.",
            default: CLAIM_RETENTIONS[0],
          }),
        ),
        whenDeleted: Optional(
          StringEnum(CLAIM_RETENTIONS, {
            description: "When the StatefulSet is deleted. Accepted, not modelled: no scenario event deletes a StatefulSet (scaling to 0 is a scale-in, which whenScaled governs), so it never acts.",
            default: CLAIM_RETENTIONS[0],
          }),
        ),
      },
      { description: "StatefulSet: what happens to the claims of its volumeClaimTemplates (Kubernetes 1.27+, GA in 1.32). Only scale-in and deletion count: a pod replaced after a node failure keeps its claims either way." },
    ),
  ),
  updateStrategy: Optional(
    Closed(
      {
        type: Optional(
          StringEnum(STATEFUL_SET_UPDATE_TYPES, {
            description:
              'RollingUpdate: on a new pod template (deploy, rolloutUndo) the controller deletes and recreates the pods from the highest ordinal down, one at a time, each once the pods above it are Running and Ready. OnDelete: it replaces none; a pod deleted for another reason (deletePod, eviction, node loss) comes back at the new template.',
            default: DEFAULT_STATEFUL_SET_UPDATE_STRATEGY.type,
          }),
        ),
        rollingUpdate: Optional(
          Closed(
            {
              partition: Optional(
                Type.Integer({
                  minimum: 0,
                  description: 'Ordinals at or above it are updated; those below keep the current revision, even when their pod is deleted and created again (a canary or staged rollout).',
                  default: DEFAULT_STATEFUL_SET_UPDATE_STRATEGY.partition,
                }),
              ),
              maxUnavailable: Optional(
                IntOrPercent({
                  description:
                    'Accepted, not modelled: the MaxUnavailableStatefulSet feature gate is alpha and off by default up to Kubernetes 1.34 (beta and on from 1.35), so pods are replaced one at a time whatever it says. More than 0.',
                }),
              ),
            },
            { description: 'RollingUpdate parameters (type RollingUpdate only).' },
          ),
        ),
      },
      { description: 'StatefulSet: how a new pod template (a deploy or rolloutUndo event) reaches its pods (apps/v1 StatefulSetUpdateStrategy).' },
    ),
  ),
  loadBalancer: Optional(TargetGroup),
  load: Optional(Load),
  horizontalPodAutoscaler: Optional(HorizontalPodAutoscaler),
  labels: Optional(StringMap({ description: 'Pod template labels (default app: <name>).' })),
  annotations: Optional(StringMap({ description: 'Pod template annotations; Cluster Autoscaler reads cluster-autoscaler.kubernetes.io/safe-to-evict ("false" keeps the node).' })),
  nodeSelector: Optional(StringMap({ description: 'Node labels the pods require.' })),
  affinity: Optional(Affinity),
  tolerations: Optional(Type.Array(Toleration, { description: 'Taints the pods tolerate.' })),
  topologySpreadConstraints: Optional(Type.Array(TopologySpreadConstraint, { description: 'How the pods spread over domains (PodTopologySpread).' })),
  priority: Optional(
    Type.Integer({
      description: 'Resolved PriorityClass value (default 0): higher-priority pods are scheduled first, and a pod that fits nowhere preempts pods of lower priority (DefaultPreemption).',
    }),
  ),
  preemptionPolicy: Optional(StringEnum(['PreemptLowerPriority', 'Never'], { description: "The PriorityClass's preemptionPolicy: Never keeps the pods from preempting others.", default: 'PreemptLowerPriority' })),
}, RequiredUnless('kind', 'DaemonSet', ['replicas']));
