/**
 * Every field of the Kubernetes kinds fleetsim imports besides the pod template (apps/v1
 * DeploymentSpec, ReplicaSetSpec, StatefulSetSpec; autoscaling/v2 HorizontalPodAutoscalerSpec;
 * policy/v1 PodDisruptionBudgetSpec; scheduling.k8s.io/v1 PriorityClass; core/v1 ServiceSpec;
 * networking.k8s.io/v1 IngressSpec; Kubernetes 1.30 as kubernetes-types ships it) and of
 * Karpenter's karpenter.sh/v1 NodePool and karpenter.k8s.aws/v1 EC2NodeClass (karpenter.sh
 * docs, "NodePools" and "NodeClasses"), with what fleetsim does with each.
 */
import { EBS_CSI_DRIVER } from '../../../model/params/ebs.js';
import { isObject } from '../account-fields.js';
import { ignored, listOf, MODELLED, nested, READ_ONLY, unmodelled, warnUnless, type Fields } from '../field-rules.js';
import { LABEL_SELECTOR_FIELDS, OBJECT_META_FIELDS, POD_SPEC_FIELDS, POD_TEMPLATE_FIELDS } from './pod-fields.js';

/** apiVersion, kind, metadata and status, which every object has; `spec` is the kind's. */
export function objectFields(spec: Fields | undefined, extra: Fields = {}): Fields {
  return {
    apiVersion: MODELLED,
    kind: MODELLED,
    metadata: nested(OBJECT_META_FIELDS),
    status: READ_ONLY,
    ...(spec === undefined ? {} : { spec: nested(spec) }),
    ...extra,
  };
}

const SELECTOR = ignored("which pods the controller owns: fleetsim's pods are the template's");
const HISTORY = ignored("how many old revisions are kept: rolloutUndo uses the last completed one");

export const DEPLOYMENT_SPEC_FIELDS: Fields = {
  replicas: MODELLED,
  selector: SELECTOR,
  template: nested(POD_TEMPLATE_FIELDS),
  strategy: nested({ type: MODELLED, rollingUpdate: nested({ maxSurge: MODELLED, maxUnavailable: MODELLED }) }),
  minReadySeconds: MODELLED,
  revisionHistoryLimit: HISTORY,
  paused: warnUnless((v) => v !== true, 'a paused Deployment does not roll out template changes'),
  progressDeadlineSeconds: MODELLED,
};

export const REPLICA_SET_SPEC_FIELDS: Fields = {
  replicas: MODELLED,
  selector: SELECTOR,
  template: nested(POD_TEMPLATE_FIELDS),
  minReadySeconds: MODELLED,
};

export const STATEFUL_SET_SPEC_FIELDS: Fields = {
  replicas: MODELLED,
  selector: SELECTOR,
  template: nested(POD_TEMPLATE_FIELDS),
  minReadySeconds: MODELLED,
  serviceName: ignored('the headless Service that names the pods in DNS'),
  podManagementPolicy: MODELLED,
  // Read by the workload importer: type and partition act; maxUnavailable is carried but, its feature gate off before 1.35, does not.
  updateStrategy: nested({
    type: MODELLED,
    rollingUpdate: nested({
      partition: MODELLED,
      maxUnavailable: warnUnless(
        (v) => v === 1,
        'maxUnavailable (feature gate MaxUnavailableStatefulSet: alpha and off by default up to Kubernetes 1.34, beta from 1.35) is not modelled: fleetsim replaces one pod at a time',
      ),
    }),
  }),
  revisionHistoryLimit: HISTORY,
  // Read by the workload importer: each template's name, storageClassName and requests.storage (EBS volumes per ordinal).
  volumeClaimTemplates: MODELLED,
  // Read by the workload importer: whenScaled acts on scale-in; whenDeleted is carried but never acts.
  persistentVolumeClaimRetentionPolicy: nested({
    whenScaled: MODELLED,
    whenDeleted: warnUnless((v) => v !== 'Delete', 'fleetsim never deletes a StatefulSet (no scenario event does), so whenDeleted Delete never deletes its claims'),
  }),
  ordinals: ignored('the first ordinal of the pod names'),
};

/** A DaemonSet's pods take node capacity (docs/models.md, "DaemonSets and DAEMON services"); hostNetwork is modelled for them (no pod address). */
export const DAEMON_SET_SPEC_FIELDS: Fields = {
  selector: SELECTOR,
  template: nested({ ...POD_TEMPLATE_FIELDS, spec: nested({ ...POD_SPEC_FIELDS, hostNetwork: MODELLED }) }),
  updateStrategy: ignored('fleetsim does not roll DaemonSets out'),
  minReadySeconds: ignored('fleetsim does not roll DaemonSets out'),
  revisionHistoryLimit: ignored('fleetsim does not roll DaemonSets out'),
};

const METRIC_TARGET = nested({ type: MODELLED, averageUtilization: MODELLED, averageValue: MODELLED, value: MODELLED });
/** The one Object metric fleetsim publishes: requests per second of the workload's Ingress or Service. */
const OBJECT_METRIC = nested({
  describedObject: nested({
    apiVersion: MODELLED,
    kind: warnUnless((v) => v === 'Ingress' || v === 'Service', "fleetsim's Object metrics describe the workload's Ingress or Service"),
    name: MODELLED,
  }),
  metric: nested({
    name: warnUnless((v) => v === 'requests-per-second', 'fleetsim publishes one Object metric, requests-per-second (from the workload\'s load)'),
    selector: unmodelled('a metric selector: fleetsim publishes one series per workload'),
  }),
  target: METRIC_TARGET,
});
const SCALING_RULES = nested({
  stabilizationWindowSeconds: MODELLED,
  selectPolicy: MODELLED,
  policies: listOf(nested({ type: MODELLED, value: MODELLED, periodSeconds: MODELLED })),
  tolerance: unmodelled("a per-direction tolerance (Kubernetes 1.33): fleetsim uses the controller's 10 %"),
});

export const HPA_SPEC_FIELDS: Fields = {
  scaleTargetRef: nested({ apiVersion: MODELLED, kind: MODELLED, name: MODELLED }),
  minReplicas: MODELLED,
  maxReplicas: MODELLED,
  metrics: listOf(
    nested({
      type: MODELLED,
      resource: nested({ name: MODELLED, target: METRIC_TARGET }),
      containerResource: unmodelled("a container's resource metric: fleetsim's metrics are per pod"),
      pods: unmodelled('custom per-pod metrics are not modelled'),
      object: OBJECT_METRIC,
      external: unmodelled('external metrics (e.g. a queue length) are not modelled'),
    }),
  ),
  behavior: nested({ scaleUp: SCALING_RULES, scaleDown: SCALING_RULES }),
};

/** storage.k8s.io/v1 StorageClass (no spec: its fields are top-level). */
export const STORAGE_CLASS_EXTRA_FIELDS: Fields = {
  provisioner: warnUnless((v) => v === EBS_CSI_DRIVER || v === 'kubernetes.io/aws-ebs', `fleetsim models EBS volumes (${EBS_CSI_DRIVER}); another provisioner behaves otherwise`),
  parameters: nested({
    type: MODELLED,
    iops: ignored('provisioned IOPS: fleetsim models no I/O (nor its price)'),
    throughput: ignored('provisioned throughput: fleetsim models no I/O (nor its price)'),
    encrypted: ignored('encryption changes neither placement nor start-up'),
    kmsKeyId: ignored('encryption changes neither placement nor start-up'),
    fsType: ignored('the filesystem changes neither placement nor start-up'),
    'csi.storage.k8s.io/fstype': ignored('the filesystem changes neither placement nor start-up'),
  }),
  volumeBindingMode: MODELLED,
  allowedTopologies: MODELLED,
  // Read by the StorageClass importer: what happens to a volume when its claim is deleted.
  reclaimPolicy: MODELLED,
  allowVolumeExpansion: ignored('volume expansion is not modelled'),
  mountOptions: ignored('mount options change neither placement nor start-up'),
};

export const PDB_SPEC_FIELDS: Fields = {
  minAvailable: MODELLED,
  maxUnavailable: MODELLED,
  selector: nested(LABEL_SELECTOR_FIELDS),
  unhealthyPodEvictionPolicy: warnUnless((v) => v === undefined || v === 'IfHealthyBudget', 'AlwaysAllow lets not-Ready pods be evicted whatever the budget'),
};

export const PRIORITY_CLASS_EXTRA_FIELDS: Fields = {
  value: MODELLED,
  globalDefault: warnUnless((v) => v !== true, "the class of every pod that names none; fleetsim gives those priority 0"),
  description: ignored('free text'),
  preemptionPolicy: ignored('preemption is not modelled: higher-priority pods are only scheduled first'),
};

const SERVICE_ROUTING = ignored("Services route traffic inside the cluster; fleetsim sends a workload's load to its Ready pods");

export const SERVICE_SPEC_FIELDS: Fields = {
  selector: MODELLED,
  ports: SERVICE_ROUTING,
  type: SERVICE_ROUTING,
  clusterIP: SERVICE_ROUTING,
  clusterIPs: SERVICE_ROUTING,
  externalIPs: SERVICE_ROUTING,
  externalName: SERVICE_ROUTING,
  externalTrafficPolicy: SERVICE_ROUTING,
  internalTrafficPolicy: SERVICE_ROUTING,
  healthCheckNodePort: SERVICE_ROUTING,
  ipFamilies: SERVICE_ROUTING,
  ipFamilyPolicy: SERVICE_ROUTING,
  loadBalancerClass: SERVICE_ROUTING,
  loadBalancerIP: SERVICE_ROUTING,
  loadBalancerSourceRanges: SERVICE_ROUTING,
  allocateLoadBalancerNodePorts: SERVICE_ROUTING,
  publishNotReadyAddresses: warnUnless((v) => v !== true, 'not-Ready pods receive traffic'),
  sessionAffinity: SERVICE_ROUTING,
  sessionAffinityConfig: SERVICE_ROUTING,
  trafficDistribution: SERVICE_ROUTING,
};

const BACKEND = nested({
  service: nested({ name: MODELLED, port: ignored('the Service port the ALB forwards to') }),
  resource: ignored('a backend that is not a Service'),
});

export const INGRESS_SPEC_FIELDS: Fields = {
  ingressClassName: MODELLED,
  defaultBackend: BACKEND,
  rules: listOf(nested({ host: ignored('host-based routing: the load goes to the workload'), http: nested({ paths: listOf(nested({ path: ignored('path-based routing: the load goes to the workload'), pathType: ignored('path-based routing'), backend: BACKEND })) }) })),
  tls: ignored('TLS termination at the ALB does not change the simulation'),
};

/** The AWS Load Balancer Controller's Ingress annotations that set the target group fleetsim models. */
export const ALB_ANNOTATIONS = {
  'alb.ingress.kubernetes.io/healthcheck-interval-seconds': 'healthCheckIntervalSeconds',
  'alb.ingress.kubernetes.io/healthcheck-timeout-seconds': 'healthCheckTimeoutSeconds',
  'alb.ingress.kubernetes.io/healthy-threshold-count': 'healthyThresholdCount',
  'alb.ingress.kubernetes.io/unhealthy-threshold-count': 'unhealthyThresholdCount',
  'alb.ingress.kubernetes.io/target-group-attributes': 'deregistrationDelaySeconds',
} as const;

const DURATION_OR_NEVER = MODELLED;

export const NODE_POOL_SPEC_FIELDS: Fields = {
  template: nested({
    metadata: nested({
      labels: unmodelled('labels on the nodes: pods that select them stay pending in fleetsim (use requirements with In)'),
      annotations: ignored('annotations on the nodes configure tools'),
    }),
    spec: nested({
      nodeClassRef: nested({ group: MODELLED, kind: MODELLED, name: MODELLED }),
      requirements: listOf(nested({ key: MODELLED, operator: MODELLED, values: MODELLED, minValues: unmodelled('minimum instance-type flexibility is not enforced') })),
      taints: warnUnless((v) => !Array.isArray(v) || v.length === 0, "taints on the pool's nodes: pods that do not tolerate them would not use the pool"),
      startupTaints: ignored('removed once the node is initialized; pods need not tolerate them'),
      expireAfter: DURATION_OR_NEVER,
      terminationGracePeriod: unmodelled('how long a node drain may take before Karpenter forces it'),
    }),
  }),
  disruption: nested({
    consolidationPolicy: MODELLED,
    consolidateAfter: MODELLED,
    budgets: listOf(
      nested({
        nodes: MODELLED,
        reasons: unmodelled('budgets for some disruption reasons only: fleetsim applies every budget to every reason'),
        schedule: unmodelled('scheduled budgets: fleetsim applies every budget at all times'),
        duration: unmodelled('scheduled budgets: fleetsim applies every budget at all times'),
      }),
    ),
  }),
  limits: nested({ cpu: MODELLED, memory: MODELLED }),
  weight: MODELLED,
  replicas: unmodelled('static capacity (a fixed number of nodes) is not modelled'),
};

const NODE_CLASS_AWS = ignored("how the nodes are launched (AMI, network, IAM, tags, disks, metadata): fleetsim launches them in the cluster's subnets with its node start-up model");

export const EC2_NODE_CLASS_SPEC_FIELDS: Fields = {
  kubelet: nested({
    maxPods: MODELLED,
    podsPerCore: unmodelled("fleetsim sets max pods from kubelet.maxPods or Karpenter's ENI-limited figure, without the per-core cap"),
    systemReserved: unmodelled("reserved resources lower the node's allocatable; fleetsim uses the EKS AMI's defaults"),
    kubeReserved: unmodelled("reserved resources lower the node's allocatable; fleetsim uses the EKS AMI's defaults"),
    evictionHard: ignored('node-pressure eviction is not modelled'),
    evictionSoft: ignored('node-pressure eviction is not modelled'),
    evictionSoftGracePeriod: ignored('node-pressure eviction is not modelled'),
    evictionMaxPodGracePeriod: ignored('node-pressure eviction is not modelled'),
    imageGCHighThresholdPercent: ignored('image garbage collection is not modelled: cached images stay'),
    imageGCLowThresholdPercent: ignored('image garbage collection is not modelled: cached images stay'),
    cpuCFSQuota: ignored('CPU throttling is not modelled'),
    clusterDNS: ignored("the pods' DNS server address"),
  }),
  amiFamily: NODE_CLASS_AWS,
  amiSelectorTerms: NODE_CLASS_AWS,
  subnetSelectorTerms: NODE_CLASS_AWS,
  securityGroupSelectorTerms: NODE_CLASS_AWS,
  capacityReservationSelectorTerms: unmodelled('capacity reservations are not modelled'),
  associatePublicIPAddress: NODE_CLASS_AWS,
  role: NODE_CLASS_AWS,
  instanceProfile: NODE_CLASS_AWS,
  tags: NODE_CLASS_AWS,
  metadataOptions: NODE_CLASS_AWS,
  blockDeviceMappings: NODE_CLASS_AWS,
  instanceStorePolicy: NODE_CLASS_AWS,
  userData: NODE_CLASS_AWS,
  detailedMonitoring: NODE_CLASS_AWS,
  context: NODE_CLASS_AWS,
};

/** Whether an Ingress is served by the AWS Load Balancer Controller (an ALB). */
export function isAlbIngress(spec: unknown, annotations: unknown): boolean {
  const className = isObject(spec) ? spec.ingressClassName : undefined;
  const legacy = isObject(annotations) ? annotations['kubernetes.io/ingress.class'] : undefined;
  return className === 'alb' || legacy === 'alb';
}
