import type { DaemonSpec } from './daemon-set.js';
import type { LaunchTypeShort } from './capacity-shortage.js';
import type { FargateQuotas } from './params/fargate-quotas.js';
import type { Ec2Quotas } from './params/ec2-quotas.js';
import type { ClusterAutoscalerParams } from './params/cluster-autoscaler.js';
import type { InstanceType } from './catalog/instance-type.js';
import type { MixedInstancesPolicy } from './mixed-instances-policy.js';
import type { CapacityProviderSpec, CapacityProviderStrategyItem } from './capacity-provider.js';
import type { NodePoolSpec } from './karpenter-spec.js';
import { DEFAULT_SERVICE_PLACEMENT, type EcsPlacementSpec } from './ecs-placement-spec.js';
import { EMPTY_POD_SCHEDULING_SPEC, type PodSchedulingSpec, type SchedulerProfileSpec } from './pod-scheduling-spec.js';
import type { NodeAgent, Taint } from './host.js';
import type { EcsImagePullBehavior } from './image-pull-policy.js';
import type { LoadSpec } from './load.js';
import type { ScalableTargetSpec } from './service-autoscaling-spec.js';
import type { HpaSpec } from './hpa-spec.js';
import type { Cidr } from './network/cidr.js';
import type { CniSettings } from './network/cni-settings.js';
import type { AwsServiceEndpoint, EgressSpec } from './network/egress.js';
import type { EfsFileSystemSpec } from './efs.js';
import type { SecretFailure } from './secrets.js';
import type { DeploymentConfiguration, LaunchType, PodDisruptionBudget, RollingUpdateStrategy, WorkloadKind } from './service.js';
import type { AppFailureSpec } from './app-failure.js';
import type { TargetGroupSpec, TaskDefinition } from './task-definition.js';
import type { PricingSpec } from './pricing.js';
import type { StatefulSetSpec, StorageClassSpec } from './stateful-set-spec.js';
import type { ManagedEbsVolumeSpec } from './managed-ebs-volume-spec.js';

/**
 * A validated, compiled scenario: everything a run needs, in internal units (ms, cpu shares,
 * MiB). Produced by src/scenario from a file; consumed by run.ts. Plain data, no behaviour.
 */
export interface SimulationSpec {
  readonly name: string;
  readonly description: string;
  readonly seed: string;
  /** Simulated time to run, ms. */
  readonly durationMs: number;
  /** How often traffic is evaluated, ms (default 5 s). */
  readonly loadTickMs: number;
  /** timeline.csv sampling interval, ms. */
  readonly sampleIntervalMs: number;
  /** Hard limit on events; a run that reaches it stops with an error instead of hanging. */
  readonly maxEvents: number;
  /**
   * The most hosts the run may have at once (launched and not terminated); a launch past it
   * fails (HOST_LIMIT) and the group reports the capacity it could not launch. Absent: no limit
   * (specs built without a scenario file).
   */
  readonly maxHosts?: number;
  readonly cluster: ClusterSpec;
  readonly services: readonly ServiceSpec[];
  readonly events: readonly TimedEventSpec[];
  readonly expectations: readonly ExpectationSpec[];
  /**
   * Prices for the cost report (src/model/pricing.ts): DEFAULT_PRICING with the scenario's
   * `pricing:` overrides. Absent in specs built without a scenario file: the defaults apply.
   */
  readonly pricing?: PricingSpec;
  /** The account's quotas and rate limits (src/model/params/fargate-quotas.ts with `quotas:`); absent: AWS's defaults. */
  readonly quotas?: QuotasSpec;
}

/** Service quotas and rate limits a run enforces. */
export interface QuotasSpec {
  readonly fargate: FargateQuotas;
  readonly ec2: Ec2Quotas;
}

export type Platform = 'ecs' | 'eks';

export interface ClusterSpec {
  readonly platform: Platform;
  readonly name: string;
  readonly region: string;
  readonly availabilityZones: readonly string[];
  /** ECS: Auto Scaling groups of container instances. EKS: managed node groups. */
  readonly autoScalingGroups: readonly AutoScalingGroupSpec[];
  /** ECS_RESERVED_MEMORY on every container instance, MiB. */
  readonly ecsReservedMemoryMiB: number;
  /** The VPC's subnets; empty when the scenario does not model addresses (ECS bridge mode). */
  readonly subnets: readonly SubnetSpec[];
  /**
   * The private subnets' path to AWS services (NAT gateways, VPC endpoints); null: not modelled
   * (every call reaches its service at no charge, as before egress existed).
   */
  readonly egress: EgressSpec | null;
  /** EFS file systems with their mount targets (`cluster.fileSystems`); absent: none. */
  readonly fileSystems?: readonly EfsFileSystemSpec[];
  /** VPC CNI settings (EKS). */
  readonly cni: CniSettings;
  /** EKS: add CoreDNS (2 replicas) as EKS does. */
  readonly coreDns: boolean;
  /** kube-scheduler profile (EKS). */
  readonly schedulerProfile: SchedulerProfileSpec;
  /** Karpenter on EKS; null when the cluster does not run it. */
  readonly karpenter: KarpenterSpec | null;
  /** Cluster Autoscaler on EKS (its flags); absent when the cluster does not run it. */
  readonly clusterAutoscaler?: ClusterAutoscalerParams;
  /** Fargate Spot interruptions per task-hour, drawn at random (0: only scenario events). */
  readonly fargateSpotInterruptionsPerTaskHour: number;
  /** ECS capacity providers backed by Auto Scaling groups. */
  readonly capacityProviders: readonly CapacityProviderSpec[];
  /** ECS account setting `awsvpcTrunking`: container instances get a trunk ENI. */
  readonly awsvpcTrunking: boolean;
  /** EKS StorageClasses (EBS CSI driver) by name; absent when no workload claims volumes. */
  readonly storageClasses?: ReadonlyMap<string, StorageClassSpec>;
  /**
   * User daemons: EKS DaemonSets (`workloads` of kind DaemonSet), ECS services with
   * `schedulingStrategy: DAEMON`. Each takes its requests on every node it selects
   * (src/model/daemon-set.ts); absent: none.
   */
  readonly daemons?: readonly DaemonSpec[];
}

export interface KarpenterSpec {
  readonly nodePools: readonly NodePoolSpec[];
  /** Karpenter batches pending pods until none arrives for this long (default 1 s)... */
  readonly batchIdleMs: number;
  /** ...or this long after the first (default 10 s). */
  readonly batchMaxMs: number;
  /** Spot price as a fraction below on-demand (default 0.65: 65 % cheaper). */
  readonly spotDiscount: number;
  /** How often the disruption controller looks for consolidation (default 10 s). */
  readonly disruptionPollMs: number;
}

export interface SubnetSpec {
  readonly id: string;
  readonly az: string;
  readonly cidr: Cidr;
}

export interface AutoScalingGroupSpec {
  readonly name: string;
  readonly instanceType: InstanceType;
  readonly desiredCapacity: number;
  readonly minSize: number;
  readonly maxSize: number;
  /** AZs the group balances its instances across, in order. */
  readonly availabilityZones: readonly string[];
  /** EKS: kubelet --max-pods (default: the VPC CNI's figure for the type and CNI mode). */
  readonly maxPods?: number;
  /**
   * EKS: an EKS managed node group (true), whose maxPods EKS caps (src/model/network/max-pods.ts,
   * managedNodeGroupMaxPodsCeiling); false or absent: a self-managed group (and every ECS group).
   */
  readonly managedNodeGroup?: boolean;
  /** Kubernetes node labels and taints of the group's nodes. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  /** ECS custom attributes of the group's container instances. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Images already on the instances when they start (baked into the AMI, or pre-pulled). */
  readonly cachedImages?: readonly string[];
  /** ECS: the container agent's ECS_IMAGE_PULL_BEHAVIOR on the group's instances; absent: default. */
  readonly imagePullBehavior?: EcsImagePullBehavior;
  /**
   * Several instance types (and On-Demand/Spot) for the group; absent: `instanceType` only,
   * On-Demand. With it, `instanceType` is its first override (docs/models.md, "EC2 capacity errors").
   */
  readonly mixedInstancesPolicy?: MixedInstancesPolicy;
  /** ECS: the agent's ECS_ENABLE_SPOT_INSTANCE_DRAINING on the group's instances (absent: false, the agent's default). */
  readonly spotInstanceDraining?: boolean;
  /** EKS self-managed node group: the AWS Node Termination Handler drains its nodes on a Spot interruption notice (absent: false). */
  readonly nodeTerminationHandler?: boolean;
}

/**
 * A service spec with everything optional left off: EC2 launch type, no tasks wanted yet, no
 * load balancer, subnets, capacity providers or traffic, default placement and pod scheduling.
 * Built-in workloads (CoreDNS), benchmarks and tests start from it and set what they need.
 */
export function serviceSpec(spec: Pick<ServiceSpec, 'name' | 'kind' | 'taskDefinition'> & Partial<ServiceSpec>): ServiceSpec {
  return {
    launchType: 'EC2',
    desiredCount: 0,
    subnetIds: [],
    loadBalancer: null,
    capacityProviderStrategy: [],
    placement: DEFAULT_SERVICE_PLACEMENT,
    podScheduling: EMPTY_POD_SCHEDULING_SPEC,
    load: null,
    ...spec,
  };
}

export interface ServiceSpec {
  readonly name: string;
  readonly kind: WorkloadKind;
  readonly launchType: LaunchType;
  readonly desiredCount: number;
  readonly taskDefinition: TaskDefinition;
  /** ECS deployment configuration; absent: DEFAULT_DEPLOYMENT_CONFIGURATION. */
  readonly deploymentConfiguration?: DeploymentConfiguration;
  /** Kubernetes Deployment rolling update strategy; absent: DEFAULT_ROLLING_UPDATE. */
  readonly rollingUpdate?: RollingUpdateStrategy;
  /** Kubernetes PodDisruptionBudget for the workload's pods (honoured by node drains). */
  readonly podDisruptionBudget?: PodDisruptionBudget;
  /** awsvpc: the subnets task ENIs may use (`awsvpcConfiguration.subnets`); empty = all. */
  readonly subnetIds: readonly string[];
  readonly loadBalancer: TargetGroupSpec | null;
  /** ECS `healthCheckGracePeriodSeconds`, ms; absent: 0. */
  readonly healthCheckGracePeriodMs?: number;
  /** ECS capacity provider strategy (empty: the launch type decides). */
  readonly capacityProviderStrategy: readonly CapacityProviderStrategyItem[];
  /** ECS placement strategies and constraints (EC2 launch type). */
  readonly placement: EcsPlacementSpec;
  /** Kubernetes: the pod template's labels, node selection, tolerations and spreading. */
  readonly podScheduling: PodSchedulingSpec;
  /** Traffic to the service, if any. */
  readonly load: LoadSpec | null;
  /** ECS Service Auto Scaling, if configured. */
  readonly autoScaling?: ScalableTargetSpec;
  /** Kubernetes HorizontalPodAutoscaler, if configured. */
  readonly hpa?: HpaSpec;
  /** A Kubernetes StatefulSet: ordinals with stable names and a PersistentVolumeClaim per template. */
  readonly statefulSet?: StatefulSetSpec;
  /** ECS: the managed EBS volume each task gets (service `volumeConfigurations`), if any. */
  readonly managedEbsVolume?: ManagedEbsVolumeSpec;
}

/**
 * A fault's repeated arrivals (docs/models.md, "Injected faults"): from the event's `at` until
 * `until` (exclusive), every `everyMs`, or as a Poisson process of `perHour` arrivals an hour
 * whose exponential gaps come from the stream `faults/<index>` (`index`: the event's position in
 * the scenario's `events`, from 0). The next arrival is scheduled when one fires.
 */
export type ArrivalRate = { readonly until: number; readonly everyMs: number } | { readonly until: number; readonly perHour: number; readonly index: number };

/** A timed event: its action, and for a fault optionally a rate of arrivals instead of one time. */
export type TimedEventSpec = TimedEventAction & { readonly rate?: ArrivalRate };

export type TimedEventAction =
  | { readonly at: number; readonly kind: 'scale'; readonly service: string; readonly desiredCount: number }
  /** An Auto Scaling group's or managed node group's desired capacity changes. */
  | { readonly at: number; readonly kind: 'scale-group'; readonly group: string; readonly desiredCapacity: number }
  /** ECS: AWS reclaims Spot capacity: a number or a fraction of the Fargate Spot tasks and Spot instances get the two-minute warning. */
  | { readonly at: number; readonly kind: 'spot-interruption'; readonly count: number | { readonly fraction: number } }
  /** EKS: EC2 Spot interruption warnings for spot nodes (Karpenter's and node groups'). */
  | { readonly at: number; readonly kind: 'node-spot-interruption'; readonly count: number | { readonly fraction: number } }
  /** Instances fail (agent/kubelet stop reporting): `count` chosen at random, or every one in an AZ. */
  | { readonly at: number; readonly kind: 'node-failure'; readonly count: number; readonly az: string | null }
  /** An AZ is impaired for `durationMs` (null: to the end): a fraction of its instances fail, launches there fail (docs/models.md, "AZ impairment"). */
  | {
      readonly at: number;
      readonly kind: 'az-impairment';
      readonly az: string;
      readonly durationMs: number | null;
      readonly instanceFraction: number;
      readonly launchFailureRate: number;
    }
  /**
   * EC2 has no capacity for `instanceTypes` (null: any) in `azs` (null: any) for `durationMs`
   * (null: to the end): a matching launch fails with InsufficientInstanceCapacity with probability
   * `launchFailureRate` (docs/models.md, "EC2 capacity errors").
   */
  | {
      readonly at: number;
      readonly kind: 'insufficient-capacity';
      /** EC2 instances, or Fargate tasks (capacityType spot: Fargate Spot). */
      readonly launchType: LaunchTypeShort;
      readonly instanceTypes: readonly string[] | null;
      readonly azs: readonly string[] | null;
      readonly capacityType: 'on-demand' | 'spot' | null;
      readonly durationMs: number | null;
      readonly launchFailureRate: number;
    }
  /** ECS: register revision N+1 of the service's task definition (with these container changes) and deploy it. */
  | { readonly at: number; readonly kind: 'deploy'; readonly service: string; readonly image: string | null; readonly failure: AppFailureSpec | null }
  /** EKS: `kubectl rollout undo`: a rollout back to the workload's last completed pod template. */
  | { readonly at: number; readonly kind: 'rollout-undo'; readonly service: string }
  /** EKS: `kubectl delete pod <service>-<ordinal>`: a StatefulSet's pod is deleted gracefully (its controller creates it again). */
  | { readonly at: number; readonly kind: 'delete-pod'; readonly service: string; readonly ordinal: number }
  /** Image pulls from `registry` (null: every registry) that start in the next `durationMs` fail as registry-unreachable. */
  | { readonly at: number; readonly kind: 'registry-outage'; readonly durationMs: number; readonly registry: string | null }
  /** The VPC endpoint of `endpoint` is deleted for `durationMs` (null: for good): calls fall back to a NAT gateway, else time out. */
  | { readonly at: number; readonly kind: 'endpoint-outage'; readonly endpoint: AwsServiceEndpoint; readonly durationMs: number | null }
  /** The NAT gateway in `az` (null: every one) is down for `durationMs` (null: for good). */
  | { readonly at: number; readonly kind: 'nat-gateway-failure'; readonly az: string | null; readonly durationMs: number | null }
  /** Fetches of `secret` fail (`fails`) for `durationMs` (null: for good). */
  | { readonly at: number; readonly kind: 'secret-failure'; readonly secret: string; readonly fails: SecretFailure; readonly durationMs: number | null }
  /** The essential container of `count` (or a fraction) of the service's RUNNING tasks is killed (SIGKILL, exit code 137). */
  | { readonly at: number; readonly kind: 'task-kill'; readonly service: string; readonly count: number | { readonly fraction: number } }
  /** EKS: the kubelets of `count` random nodes lose contact with the control plane, for `durationMs` (null: for good). */
  | { readonly at: number; readonly kind: 'node-not-ready'; readonly agent: NodeAgent; readonly count: number; readonly durationMs: number | null }
  /** Karpenter NodeClaims launched for `nodePool` in the next `durationMs` (null: to the end) never register. */
  | { readonly at: number; readonly kind: 'node-registration-failure'; readonly nodePool: string; readonly durationMs: number | null }
  /** EKS: `replicas` CoreDNS pods crash (container killed, exit 137); kubelet restarts them after its back-off (src/controllers/eks/core-dns.ts). */
  | { readonly at: number; readonly kind: 'coredns-failure'; readonly replicas: number }
  /** EKS: an API client starts calling the API server at `qps` for `durationMs` (null: to the end) (src/controllers/eks/api-server.ts). */
  | { readonly at: number; readonly kind: 'api-load'; readonly load: ApiLoadSpec };

/** A client of the Kubernetes API server and what it calls (docs/models.md, "API server throttling"). */
export interface ApiLoadSpec {
  /** The client's name (its service account's name), e.g. `pod-watcher`. */
  readonly client: string;
  /** Its service account's namespace: `kube-system` shares the control plane controllers' priority level. */
  readonly namespace: string;
  /** Requests per second it sends. */
  readonly qps: number;
  readonly verb: 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete';
  /** The resource, for messages (default pods). */
  readonly resource: string;
  /** The namespace of the objects it asks for ('' = cluster-wide). */
  readonly targetNamespace: string;
  /** Objects a LIST returns (sets its APF seats and duration). */
  readonly objects: number;
  /** client-go's client-side rate limiter (rest.Config QPS/Burst); null: none. */
  readonly rateLimit: { readonly qps: number; readonly burst: number } | null;
  readonly durationMs: number | null;
}

/**
 * A metric of a workload that an expectation can bound. `pending` is the platform's own notion:
 * ECS pendingCount (PROVISIONING + PENDING); for a Deployment, pods in phase Pending (not yet
 * scheduled, or ContainerCreating). `unplaced`: wanted but on no host (ECS could not place it;
 * Kubernetes: unschedulable).
 */
export type ServiceMetric =
  | 'desired'
  | 'running'
  | 'pending'
  | 'unplaced'
  | 'stopped'
  | 'azSkew'
  | 'http5xx'
  | 'dropped'
  | 'restarts'
  | 'exits'
  | 'scaleReversals'
  | 'hosts'
  | 'revision'
  | 'primaryRunning'
  | 'rollbacks'
  | 'dnsFailures'
  | 'volumes'
  | 'ec2CostUsd';

export interface Bound {
  readonly min?: number;
  readonly max?: number;
  readonly equals?: number;
}

/**
 * How often an expectation must hold over many seeds (`probability:` on an expectation): at
 * least `min`, at most `max`, as fractions of the seeds run. Judged by `fleetsim run --seeds`;
 * a single run cannot judge it (docs/risk.md).
 */
export interface ProbabilityBound {
  readonly min?: number;
  readonly max?: number;
}

export interface ExpectationSpec {
  /** Position in the scenario's `expect` list, from 1. */
  readonly index: number;
  /** Human label such as `at 10m: api running >= 20`, shown in summaries. */
  readonly label: string;
  /** When to check, ms; null means at the end of the run. */
  readonly at: number | null;
  /** The service or workload checked; null for a cluster-wide expectation (hosts, any event). */
  readonly service: string | null;
  readonly bounds: readonly { readonly metric: ServiceMetric; readonly bound: Bound }[];
  /** Text that must appear in a trace record about the service by then (e.g. a failure reason). */
  readonly reason?: string;
  /** Only records at or after this time (ms) count for `reason`. */
  readonly reasonSince: number;
  /**
   * Present when the expectation states how often it holds rather than that it always does:
   * each run then records whether it held, and only a run over seeds judges it.
   */
  readonly probability?: ProbabilityBound;
  /** With `hosts` or `running`: only those in this AZ. */
  readonly az?: string;
  /** With `hosts` or `running`: only those on instances of this type (a trailing `*` matches a prefix). */
  readonly instanceType?: string;
}
