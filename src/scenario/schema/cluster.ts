/** The cluster: orchestrator, region and zones, hosts, network, and the platform's controllers. */
import { DEFAULT_PROFILE } from '../../model/pod-scheduling-spec.js';
import { EBS_VOLUME_TYPES } from '../../model/params/ebs.js';
import { RECLAIM_POLICIES } from '../../model/stateful-set-spec.js';
import { AutoScalingGroup, CapacityProvider, CapacityProviderStrategy, NodeGroup } from './capacity.js';
import { AUTO_SCALING_GROUPS_PER_REGION, ECS_CAPACITY_PROVIDERS_PER_CLUSTER, EKS_NODE_GROUPS_PER_CLUSTER } from '../limits.js';
import { Closed, ItemLimit, Optional, StringEnum, Strings, Type } from './fields.js';
import { Karpenter } from './karpenter.js';
import { ClusterAutoscaler } from './cluster-autoscaler.js';
import { Cni, SecurityGroupPolicy, Vpc } from './network.js';

/** The region of a cluster that names none. */
export const DEFAULT_REGION = 'us-east-1';

export const SchedulerProfile = Closed(
  {
    schedulerName: Optional(Type.String({ description: 'The profile name, for messages.', default: DEFAULT_PROFILE.schedulerName })),
    plugins: Optional(
      Type.Array(
        Closed({ name: Type.String({ description: 'A plugin: NodeResourcesFit, TaintToleration, NodeAffinity, PodTopologySpread, InterPodAffinity, ...' }), weight: Optional(Type.Integer({ minimum: 0, description: 'Its score weight.', default: 1 })) }),
        { description: 'The enabled plugins and their score weights (default: the default profile).' },
      ),
    ),
    pluginConfig: Optional(
      Type.Array(Closed({ name: Type.String({ description: 'The plugin.' }), args: Type.Unsafe<Record<string, unknown>>({ type: 'object', description: "The plugin's args (e.g. NodeResourcesFitArgs), checked by the plugin." }) }), {
        description: 'Plugin arguments.',
      }),
    ),
    percentageOfNodesToScore: Optional(Type.Integer({ minimum: 0, maximum: 100, description: "Percent of feasible nodes to score (0: kube-scheduler's adaptive default)." })),
  },
  { description: 'kube-scheduler profile (KubeSchedulerProfile): plugins with weights, plugin args, percentageOfNodesToScore.' },
);

/** An EFS file system (`cluster.fileSystems[]`). */
export const EfsFileSystem = Closed(
  {
    fileSystemId: Type.String({ pattern: '^fs-[0-9a-f]{8,40}$', description: 'The file system id (fs- and hex digits), as task definitions and persistent volumes name it.' }),
    throughputMode: Optional(
      StringEnum(['elastic', 'bursting', 'provisioned'], {
        description: "EFS throughput mode. Mounting is the same in each; elastic's per-GB read and write charges need the app's I/O, which fleetsim does not model (docs/costs.md).",
        default: 'elastic',
      }),
    ),
    mountTargets: Optional(Strings({
      uniqueItems: true,
      description:
        "The Availability Zones with a mount target (one per AZ at most; default: every AZ of the cluster). A task or pod in an AZ without one cannot resolve the file system's DNS name: ECS stops the task (ResourceInitializationError on Fargate), kubelet keeps the pod ContainerCreating (FailedMount).",
    })),
    storedData: Optional(Type.Unsafe<string | number>({ type: ['string', 'number'], title: "GiB or '<n> GB'", description: 'The data it stores (Standard storage), billed per GB-month in the storage cost: GiB or a size (\'50 GB\').', default: 0 })),
  },
  { description: 'An Amazon EFS file system and the AZs of its mount targets.' },
);

/** A Kubernetes PersistentVolume of the EFS CSI driver, pre-bound to its claim (`cluster.persistentVolumes[]`). */
export const EfsPersistentVolume = Closed(
  {
    name: Type.String({ pattern: '^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$', description: "The PersistentVolume's name (kubelet's FailedMount event names it)." }),
    claimRef: Closed({ name: Type.String({ minLength: 1, description: "The PersistentVolumeClaim pods name in volumes[].persistentVolumeClaim.claimName." }) }, { description: 'The claim the volume is bound to (static provisioning).' }),
    accessModes: Optional(Type.Array(StringEnum(['ReadWriteMany', 'ReadWriteOnce', 'ReadOnlyMany']), { description: 'EFS volumes are ReadWriteMany: pods on any node, in any AZ with a mount target, mount the same file system.', default: ['ReadWriteMany'] })),
    csi: Closed(
      {
        driver: StringEnum(['efs.csi.aws.com'], { description: 'The Amazon EFS CSI driver.' }),
        volumeHandle: Type.String({
          pattern: '^fs-[0-9a-f]{8,40}(:[^:]*(:fsap-[0-9a-f]+)?)?$',
          description: "[FileSystemId]:[Subpath]:[AccessPointId], as the EFS CSI driver takes it: 'fs-0123abcd', 'fs-0123abcd:/data', 'fs-0123abcd::fsap-0456ef'. The file system is one of cluster.fileSystems.",
        }),
        volumeAttributes: Optional(
          Closed({ encryptInTransit: Optional(StringEnum(['true', 'false'], { description: 'Mount over TLS (stunnel), the driver\'s default.', default: 'true' })) }, { description: 'EFS CSI volume attributes.' }),
        ),
      },
      { description: 'The CSI volume source: no node or zone affinity, the mount goes through the mount target in the node\'s AZ.' },
    ),
  },
  { description: 'EKS: a PersistentVolume of the EFS CSI driver (static provisioning), bound to a claim pods mount.' },
);

export const Cluster = Closed({
  platform: StringEnum(['ecs', 'eks'], { description: 'Orchestrator.' }),
  name: Optional(Type.String({ description: 'Cluster name (default: the scenario name).' })),
  region: Optional(Type.String({ description: 'AWS region.', default: DEFAULT_REGION })),
  availabilityZones: Optional(Strings({ minItems: 1, description: 'AZs in use (default <region>a, b and c); each must be in the region.' })),
  ecsReservedMemory: Optional(Type.Integer({ minimum: 0, description: 'ECS_RESERVED_MEMORY in MiB on every container instance.', default: 0 })),
  autoScalingGroups: Optional(Type.Array(AutoScalingGroup, { ...ItemLimit(AUTO_SCALING_GROUPS_PER_REGION, 'EC2 Auto Scaling quota: groups per Region'), description: 'ECS container instances.' })),
  nodeGroups: Optional(Type.Array(NodeGroup, { ...ItemLimit(EKS_NODE_GROUPS_PER_CLUSTER, 'EKS quota: managed node groups per cluster'), description: 'EKS managed node groups.' })),
  vpc: Optional(Vpc),
  persistentVolumes: Optional(Type.Array(EfsPersistentVolume, { description: 'EKS: EFS CSI PersistentVolumes with their claims, which workloads mount (volumes[].persistentVolumeClaim).' })),
  fileSystems: Optional(Type.Array(EfsFileSystem, { description: 'Amazon EFS file systems that ECS task definitions (volumes[].efsVolumeConfiguration) and pods (EFS CSI volumes) mount.' })),
  cni: Optional(Cni),
  securityGroupPolicies: Optional(Type.Array(SecurityGroupPolicy, { description: 'EKS SecurityGroupPolicy objects (security groups for pods).' })),
  capacityProviders: Optional(Type.Array(CapacityProvider, { ...ItemLimit(ECS_CAPACITY_PROVIDERS_PER_CLUSTER, 'ECS quota: capacity providers per cluster'), description: 'ECS Auto Scaling group capacity providers.' })),
  defaultCapacityProviderStrategy: Optional(CapacityProviderStrategy('ECS: the strategy of services that set neither launchType nor capacityProviderStrategy.')),
  scheduler: Optional(SchedulerProfile),
  karpenter: Optional(Karpenter),
  clusterAutoscaler: Optional(ClusterAutoscaler),
  fargateSpot: Optional(
    Closed(
      { interruptionsPerTaskHour: Optional(Type.Number({ minimum: 0, description: 'Random Spot interruptions per task-hour.', default: 0 })) },
      { description: 'ECS Fargate Spot: random interruptions (besides spotInterruption events).' },
    ),
  ),
  storageClasses: Optional(
    Type.Array(
      Closed({
        name: Type.String({ description: 'StorageClass name.' }),
        volumeBindingMode: Optional(StringEnum(['WaitForFirstConsumer', 'Immediate'], { description: 'WaitForFirstConsumer (the EBS CSI driver\'s recommended mode): the volume is created in the zone of the node the first pod is scheduled to; Immediate: when the claim is created, in a zone of the nodes.', default: 'WaitForFirstConsumer' })),
        type: Optional(StringEnum(EBS_VOLUME_TYPES, { description: 'parameters.type: the EBS volume type (its price per GB-month).', default: 'gp3' })),
        allowedZones: Optional(Strings({ minItems: 1, description: 'allowedTopologies: the zones volumes may be created in (default: any).' })),
        reclaimPolicy: Optional(StringEnum(RECLAIM_POLICIES, { description: "What happens to a volume when its claim is deleted (a StatefulSet's persistentVolumeClaimRetentionPolicy whenScaled Delete): Delete (the default for dynamically provisioned volumes) deletes the EBS volume once it is detached, which ends its bill; Retain leaves the PersistentVolume Released and the volume billed to the end of the run.", default: RECLAIM_POLICIES[0] })),
        default: Optional(Type.Boolean({ description: 'storageclass.kubernetes.io/is-default-class: templates without storageClassName use it.', default: false })),
      }),
      { description: 'EKS StorageClasses of the EBS CSI driver (provisioner ebs.csi.aws.com) for StatefulSet volumeClaimTemplates. Without any, the built-in ebs-sc (gp3, WaitForFirstConsumer) is the default.' },
    ),
  ),
  awsvpcTrunking: Optional(Type.Boolean({ description: 'ECS account setting awsvpcTrunking: more awsvpc tasks per instance.', default: false })),
  fargateProfiles: Optional(
    Type.Array(
      Closed({
        name: Type.String({ description: 'Profile name.' }),
        selectors: Type.Array(Closed({ namespace: Type.String({ description: 'A namespace whose pods run on Fargate.' }) }), { minItems: 1, description: 'The namespaces it selects.' }),
      }),
      { description: 'EKS Fargate profiles: pods in a selected namespace run on Fargate.' },
    ),
  ),
  istio: Optional(
    Closed(
      {
        injectNamespaces: Strings({ minItems: 1, description: 'Namespaces labelled istio-injection=enabled: their pods get the istio-proxy sidecar (100m CPU, 128Mi requests) and the istio-init init container.' }),
        nativeSidecars: Optional(
          Type.Boolean({
            description: "Istio's ENABLE_NATIVE_SIDECARS: inject istio-proxy as a native sidecar (an init container with restartPolicy Always, Kubernetes 1.29+), ready before the app starts. false: a regular container started beside the app.",
            default: false,
          }),
        ),
        holdApplicationUntilProxyStarts: Optional(
          Type.Boolean({ description: "Istio's holdApplicationUntilProxyStarts (legacy sidecars): the app container starts only once istio-proxy is ready.", default: false }),
        ),
        istiodReplicas: Optional(Type.Integer({ minimum: 0, description: 'istiod pods (500m CPU, 2Gi requests each) in istio-system, which need node capacity.', default: 1 })),
      },
      { description: 'EKS: an Istio service mesh (sidecar mode) with its control plane.' },
    ),
  ),
  coreDns: Optional(
    Type.Union([Type.Boolean(), Closed({ replicas: Type.Integer({ minimum: 1, description: 'CoreDNS replicas.' }) })], {
      description: 'EKS: run CoreDNS (2 replicas, pod IPs) as EKS does (default true); or {replicas} to run more (or fewer).',
      default: true,
    }),
  ),
}, { description: 'The cluster: orchestrator, region and zones, hosts, network, and the controllers it runs.' });
