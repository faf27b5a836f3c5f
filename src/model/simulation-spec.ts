import type { InstanceType } from './catalog/instance-type.js';
import type { CapacityProviderSpec, CapacityProviderStrategyItem } from './capacity-provider.js';
import type { NodePoolSpec } from './karpenter-spec.js';
import type { EcsPlacementSpec } from './ecs-placement-spec.js';
import type { PodSchedulingSpec, SchedulerProfileSpec } from './pod-scheduling-spec.js';
import type { Taint } from './host.js';
import type { LoadSpec } from './load.js';
import type { ScalableTargetSpec } from './service-autoscaling-spec.js';
import type { HpaSpec } from './hpa-spec.js';
import type { Cidr } from './network/cidr.js';
import type { CniSettings } from './network/cni-settings.js';
import type { DeploymentConfiguration, LaunchType, PodDisruptionBudget, RollingUpdateStrategy, WorkloadKind } from './service.js';
import type { AppFailureSpec } from './app-failure.js';
import type { TargetGroupSpec, TaskDefinition } from './task-definition.js';
import type { PricingSpec } from './pricing.js';

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
  readonly cluster: ClusterSpec;
  readonly services: readonly ServiceSpec[];
  readonly events: readonly TimedEventSpec[];
  readonly expectations: readonly ExpectationSpec[];
  /**
   * Prices for the cost report (src/model/pricing.ts): DEFAULT_PRICING with the scenario's
   * `pricing:` overrides. Absent in specs built without a scenario file: the defaults apply.
   */
  readonly pricing?: PricingSpec;
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
  /** VPC CNI settings (EKS). */
  readonly cni: CniSettings;
  /** EKS: add CoreDNS (2 replicas) as EKS does. */
  readonly coreDns: boolean;
  /** kube-scheduler profile (EKS). */
  readonly schedulerProfile: SchedulerProfileSpec;
  /** Karpenter on EKS; null when the cluster does not run it. */
  readonly karpenter: KarpenterSpec | null;
  /** Fargate Spot interruptions per task-hour, drawn at random (0: only scenario events). */
  readonly fargateSpotInterruptionsPerTaskHour: number;
  /** ECS capacity providers backed by Auto Scaling groups. */
  readonly capacityProviders: readonly CapacityProviderSpec[];
  /** ECS account setting `awsvpcTrunking`: container instances get a trunk ENI. */
  readonly awsvpcTrunking: boolean;
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
  /** Kubernetes node labels and taints of the group's nodes. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  /** ECS custom attributes of the group's container instances. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Images already on the instances when they start (baked into the AMI, or pre-pulled). */
  readonly cachedImages?: readonly string[];
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
}

export type TimedEventSpec =
  | { readonly at: number; readonly kind: 'scale'; readonly service: string; readonly desiredCount: number }
  /** An Auto Scaling group's or managed node group's desired capacity changes. */
  | { readonly at: number; readonly kind: 'scale-group'; readonly group: string; readonly desiredCapacity: number }
  /** AWS reclaims Fargate Spot capacity: a number or a fraction of the Spot tasks get the two-minute warning. */
  | { readonly at: number; readonly kind: 'spot-interruption'; readonly count: number | { readonly fraction: number } }
  /** EC2 Spot interruption warnings for Karpenter's spot nodes (EKS). */
  | { readonly at: number; readonly kind: 'node-spot-interruption'; readonly count: number | { readonly fraction: number } }
  /** Instances fail (agent/kubelet stop reporting): `count` chosen at random, or every one in an AZ. */
  | { readonly at: number; readonly kind: 'node-failure'; readonly count: number; readonly az: string | null }
  /** ECS: register revision N+1 of the service's task definition (with these container changes) and deploy it. */
  | { readonly at: number; readonly kind: 'deploy'; readonly service: string; readonly image: string | null; readonly failure: AppFailureSpec | null };

/**
 * A metric of a workload that an expectation can bound. `pending` is the platform's own notion:
 * ECS pendingCount (PROVISIONING + PENDING); for a Deployment, pods in phase Pending (not yet
 * scheduled, or ContainerCreating). `unplaced`: wanted but on no host (ECS could not place it;
 * Kubernetes: unschedulable).
 */
export type ServiceMetric = 'desired' | 'running' | 'pending' | 'unplaced' | 'stopped' | 'azSkew' | 'http5xx' | 'dropped' | 'restarts' | 'exits' | 'scaleReversals' | 'hosts' | 'revision' | 'primaryRunning' | 'rollbacks';

export interface Bound {
  readonly min?: number;
  readonly max?: number;
  readonly equals?: number;
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
}
