/**
 * The cluster's object graph: hosts, the tasks (pods) placed on them and the services
 * (Deployments) that own the tasks. They point at each other (a host lists its tasks, a task
 * knows its host and its service, a service lists its tasks), so they are declared together
 * here and the module graph stays acyclic. host.ts, task.ts and service.ts re-export them
 * beside the functions over them: import from those.
 */
import type { CapacityProviderStrategyItem } from './capacity-provider.js';
import type { InstanceType } from './catalog/instance-type.js';
import type { AllocatedDevices, DeviceCounts } from './devices.js';
import type { HostPortAllocation, HostPortTable } from './network/host-ports.js';
import type { NodeIpam } from './network/node-ipam.js';
import type { VpcSubnet } from './network/vpc.js';
import type { PodSchedulingSpec } from './pod-scheduling-spec.js';
import type { StopReason } from './reasons/stop.js';
import type { Deployment, DeploymentConfiguration, PodDisruptionBudget, RollingUpdateStrategy } from './rollout.js';
import type { SlowStartLedger } from './slow-start.js';
import type { Taint } from './taint.js';
import type { StatefulSetSpec } from './stateful-set-spec.js';
import type { ManagedEbsVolumeSpec } from './managed-ebs-volume-spec.js';
import type { TargetGroupSpec, TaskDefinition } from './task-definition.js';

// -----------------------------------------------------------------------------------------------
// Hosts

/**
 * An EC2 instance in the cluster (an ECS container instance or a Kubernetes node).
 * Status names follow ECS container instances: REGISTERING while it boots and the agent
 * registers, ACTIVE when it accepts tasks, DRAINING when it must not get new ones, and
 * DEREGISTERED once terminated. UNREACHABLE: the instance failed, or its ECS agent or kubelet
 * lost contact with the control plane (a partition: its tasks run on). ECS places nothing there;
 * kube-scheduler notices only when the node lifecycle controller marks the node NotReady and
 * taints it (src/model/node-heartbeat.ts, `nodeSchedulingCondition`).
 */
export type HostStatus = 'REGISTERING' | 'ACTIVE' | 'DRAINING' | 'UNREACHABLE' | 'DEREGISTERED';

export interface Host {
  /** `i-000001`: sequential for stable outputs. */
  readonly id: string;
  /** Dense index, for arrays and bitsets over hosts. */
  readonly index: number;
  readonly instanceType: InstanceType;
  readonly az: string;
  /** The Auto Scaling group (or node group) that launched it. */
  readonly group: string;
  status: HostStatus;
  /** Resources registered for tasks (ECS registers less memory than installed). */
  readonly cpu: number;
  readonly memoryMiB: number;
  allocatedCpu: number;
  allocatedMemoryMiB: number;
  /**
   * The sum of its tasks' non-zero requests (kube-scheduler's NodeInfo.NonZeroRequested, what
   * its scores count as requested: src/model/pod-requests.ts); equal to the allocation unless a
   * pod without requests runs here.
   */
  nonZeroRequestedCpu: number;
  nonZeroRequestedMemoryMiB: number;
  /**
   * GPUs and Neuron devices for tasks: what an ECS container instance registers, or what the
   * device plugins advertise as a node's allocatable (src/model/devices.ts).
   */
  readonly devices: DeviceCounts;
  /** Of those, what its tasks hold. */
  readonly allocatedDevices: AllocatedDevices;
  /** The GPU ids pinned to its tasks: bit i set when GPU i is taken. */
  gpusInUse: number;
  /** Tasks placed here and not yet stopped, in placement order. */
  readonly tasks: Set<Task>;
  /** Images present on the host (pulled before), for the image cache. */
  readonly images: Set<string>;
  /** Pulls under way on the host: image -> time the pull completes (a second task waits for it). */
  readonly imagePullsInFlight: Map<string, number>;
  /** Network attachment: subnet and primary address; ipamd state on EKS nodes. Null when the scenario models no VPC. */
  readonly network: HostNetwork | null;
  /** Pods (EKS) or tasks the host may run at most; Infinity when only resources limit it. */
  readonly maxTasks: number;
  /**
   * ECS awsvpc: task ENIs the instance can attach (ENIs - 1, or the ENI trunking limit) and how
   * many its placed tasks hold (what placement counts, from placement to the task's stop).
   */
  readonly taskEniLimit: number;
  taskEnisInUse: number;
  /**
   * ECS awsvpc on EC2: task ENIs (or branch ENIs, with trunking) actually attached to the
   * instance, from `task.eni-attached` to the task's stop; fewer than `taskEnisInUse` while
   * placed tasks wait for an address. What EC2's attachment limit counts.
   */
  taskEnisAttached: number;
  /** Host ports bound by bridge/host-mode tasks; created on first use (64 KiB of bitsets). */
  ports: HostPortTable | null;
  /**
   * ECS container instance attributes: the built-in `ecs.*` ones (instance-type,
   * availability-zone, cpu-architecture, os-type, ami-id) and the group's custom attributes.
   */
  readonly attributes: ReadonlyMap<string, string>;
  /** Kubernetes node labels: the well-known ones (hostname, zone, instance type, arch, node group) and the group's. */
  readonly labels: ReadonlyMap<string, string>;
  /** Kubernetes node taints (the group's, plus not-ready/unschedulable ones the node lifecycle adds). */
  taints: readonly Taint[];
  /**
   * Kubernetes `spec.unschedulable` (cordoned): set when the host starts draining and kept when
   * it then fails (status UNREACHABLE), so kube-scheduler still sees the cordon. ECS: unused.
   */
  cordoned: boolean;
  /**
   * The instance runs but its kubelet or ECS container agent cannot reach the control plane (a
   * nodeNotReady fault; ECS agentConnected false); status UNREACHABLE meanwhile. Unlike a failed
   * instance, its tasks keep running and serving.
   */
  partitioned: boolean;
  /** EC2 purchase option. */
  readonly capacityType: 'on-demand' | 'spot';
  /** The Karpenter NodePool that launched it, or null (node groups, ECS). */
  readonly nodePool: string | null;
  readonly launchedAt: number;
  activeAt: number | null;
  terminatedAt: number | null;
}

export interface HostNetwork {
  readonly subnet: VpcSubnet;
  readonly primaryIp: number;
  readonly ipam: NodeIpam | null;
}

// -----------------------------------------------------------------------------------------------
// Tasks

/**
 * Lifecycle of a task (ECS) or pod (EKS). Names follow ECS `lastStatus`; UNPLACED is fleetsim's
 * name for a task the scheduler wants but has not placed yet (ECS keeps no task object for it;
 * Kubernetes shows it as a Pending pod). Legal transitions are in task.ts (TASK_TRANSITIONS).
 */
export type TaskStatus = 'UNPLACED' | 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'STOPPING' | 'STOPPED';

/** ECS stopCode values (DescribeTasks) that fleetsim produces. */
export type StopCode =
  | 'TaskFailedToStart'
  | 'EssentialContainerExited'
  | 'UserInitiated'
  | 'ServiceSchedulerInitiated'
  | 'SpotInterruption'
  | 'TerminationNotice';

export interface Task {
  /** `t-000001`: sequential, so ids are stable across runs with the same seed. */
  readonly id: string;
  readonly service: Service;
  /** The task definition revision the task was started from (the service's at creation). */
  readonly taskDefinition: TaskDefinition;
  readonly cpu: number;
  readonly memoryMiB: number;
  status: TaskStatus;
  host: Host | null;
  readonly createdAt: number;
  placedAt: number | null;
  pendingAt: number | null;
  runningAt: number | null;
  stoppingAt: number | null;
  stoppedAt: number | null;
  stopCode: StopCode | null;
  /** Why it stopped (a code; src/report/describe words it as ECS's stoppedReason). */
  stoppedReason: StopReason | null;
  /** The task's or pod's own VPC address (awsvpc, VPC CNI), once assigned. */
  ip: number | null;
  /** The capacity provider the task runs on (ECS strategies), or null for a launch type. */
  readonly capacityProvider: string | null;
  /** Time the task waited for its images (0 when cached), once known. */
  pullMs: number | null;
  /** Receiving traffic: in service behind its load balancer, or (no load balancer) healthy. */
  serving: boolean;
  /** The AZ its serving is counted in (Service.servingPerAz) while it serves; null otherwise. */
  servingAz: string | null;
  /** ECS healthStatus HEALTHY / Kubernetes Ready. */
  healthyAt: number | null;
  /** Healthy in its load balancer's target group (serving traffic). */
  inServiceAt: number | null;
  /** When the current container run started (health checks and probes count from here); null before. */
  containerStartedAt: number | null;
  /** The load balancer's first health check of this target (its checks run every interval from it); null: not registered. */
  targetFirstCheckAt: number | null;
  /** When the load balancer marked the target unhealthy (it failed its checks); null: healthy, initial or not registered. */
  targetUnhealthyAt: number | null;
  /** The subnet an awsvpc task's own ENI took `ip` from (pods' addresses belong to ipamd). */
  ipSubnet: VpcSubnet | null;
  /** Host ports bound in bridge/host mode (the handle for their release). */
  hostPorts: HostPortAllocation | null;
  /** Kubernetes restartCount: in-place container restarts after a crash or OOM kill. */
  restarts: number;
  /**
   * Kubernetes container state `waiting.reason` while kubelet backs off (CrashLoopBackOff,
   * ImagePullBackOff); null otherwise.
   */
  waiting: string | null;
  /** The GPU ids pinned to it on its host (ECS agent, NVIDIA device plugin), in container order; empty without GPUs. */
  gpuIds: readonly number[];
  /**
   * How long after the app container started its mesh proxy became ready (the start-up race of a
   * sidecar that is not ordered before the app); 0: ready first, or no proxy. Set when the
   * containers' start is planned (src/model/container-start.ts).
   */
  proxyLagMs: number;
}

// -----------------------------------------------------------------------------------------------
// Services

/** ECS launch type: EC2 container instances, or Fargate microVMs (one per task, no host to manage). */
export type LaunchType = 'EC2' | 'FARGATE';

/** Who runs the workload: an ECS service, or a Kubernetes Deployment on EKS. */
export type WorkloadKind = 'ecs-service' | 'deployment';

/**
 * A replicated workload: an ECS service or a Kubernetes Deployment. Keeps `desiredCount`
 * copies (ECS desiredCount, Deployment replicas) of its task definition (for a Deployment, the
 * pod template compiled to the same shape) running.
 */
export interface Service {
  readonly name: string;
  readonly kind: WorkloadKind;
  readonly launchType: LaunchType;
  /** The PRIMARY deployment's task definition: what new tasks start from. */
  taskDefinition: TaskDefinition;
  /** ECS `deploymentConfiguration` and `deploymentCircuitBreaker` (docs/models.md, "Deployments and the circuit breaker"). */
  readonly deploymentConfiguration: DeploymentConfiguration;
  /** Kubernetes Deployment `strategy.rollingUpdate` and `progressDeadlineSeconds` (defaults for ECS, unused). */
  readonly rollingUpdate: RollingUpdateStrategy;
  /** Kubernetes PodDisruptionBudget selecting the workload's pods, honoured by node drains; null: none. */
  readonly podDisruptionBudget: PodDisruptionBudget | null;
  /** The PRIMARY deployment (ECS `deployments[0]`); the initial one is COMPLETED at creation. */
  deployment: Deployment;
  /** The task definition of the last COMPLETED deployment (the circuit breaker's rollback target). */
  lastCompleted: TaskDefinition;
  /** Deployments the circuit breaker rolled back so far. */
  rollbacks: number;
  /** ECS capacity provider strategy; empty when the service uses a launch type. */
  readonly capacityProviderStrategy: readonly CapacityProviderStrategyItem[];
  /** Live (not STOPPED) tasks per capacity provider, kept by the actions module. */
  readonly tasksPerCapacityProvider: Map<string, number>;
  /** A Kubernetes StatefulSet (kind stays 'deployment', the Kubernetes workload): its ordinals' claims; absent for a Deployment or ECS service. */
  readonly statefulSet?: StatefulSetSpec;
  /** ECS: the managed EBS volume each task gets (service `volumeConfigurations`); absent without one. */
  readonly managedEbsVolume?: ManagedEbsVolumeSpec;
  /** Kubernetes pod template scheduling (labels, node selection, spreading); empty for ECS. */
  readonly podScheduling: PodSchedulingSpec;
  /** The ALB target group the tasks register with, if any. */
  readonly loadBalancer: TargetGroupSpec | null;
  /** ECS `healthCheckGracePeriodSeconds`, ms: failed health checks are ignored this long after a task starts (default 0). */
  readonly healthCheckGracePeriodMs: number;
  desiredCount: number;
  /** Tasks not yet STOPPED, in creation order (a Set iterates in insertion order). */
  readonly tasks: Set<Task>;
  /** Tasks receiving traffic (see Task.serving), kept by the actions module. */
  serving: number;
  /** Of those, tasks whose instance failed: the load balancer still sends them requests, which fail, until it marks them unhealthy. */
  deadServing: number;
  /**
   * Serving tasks per AZ (their instance's, or their ENI's on Fargate), and of those the dead
   * ones, kept by the actions module: with cross-zone load balancing off each load balancer node
   * routes only to its own zone's targets. An AZ with none has no entry.
   */
  readonly servingPerAz: Map<string, number>;
  readonly deadServingPerAz: Map<string, number>;
  /** ALB slow start's bookkeeping for the target group (kept by the actions module); null: slow start off or no load balancer. */
  readonly slowStart: SlowStartLedger<Task> | null;
  /**
   * The sum over serving tasks of their vCPU's relative performance (src/model/params/cpu-performance.ts),
   * kept by the actions module: `servingPerformance / serving` is the mean a load with
   * `measuredOn` scales its CPU per request by.
   */
  servingPerformance: number;
  /**
   * Requests and failed requests (target and ELB 5XX) so far, from the closed minutes; and
   * requests dropped because their task was killed (SIGKILL) while they were in flight.
   */
  readonly traffic: { requests: number; errors: number; dropped: number };
  /** Desired-count changes: how often it went up, down, and reversed direction (flapping). */
  readonly desiredChanges: { ups: number; downs: number; reversals: number; last: 'up' | 'down' | null };
  /** App failures so far: containers that exited on their own (crash, OOM kill) and pulls that failed. */
  readonly failures: { exits: number; restarts: number; pullFailures: number };
  /** Counts by status, kept incrementally by the actions module (includes STOPPED). */
  readonly counts: Record<TaskStatus, number>;
}
