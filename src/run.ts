import { RandomStream } from './engine/rng.js';
import { Simulation } from './engine/simulation.js';
import { controllersOf, register, Wiring, type Registration } from './controllers/controller.js';
import { InitialServices } from './controllers/initial-services.js';
import { NodeAgents } from './controllers/node-agents.js';
import { Trace, type TraceListener } from './engine/trace.js';
import { Actions } from './controllers/actions/index.js';
import { ContainerRuntime } from './controllers/container-runtime.js';
import { pullsFrom, readsSecrets, StartupDependencies } from './controllers/startup-dependencies.js';
import { mountsVolumes, TaskVolumes } from './controllers/task-volumes.js';
import { EFS_MOUNT } from './model/params/efs.js';
import { STARTUP_DEPENDENCIES } from './model/params/startup-dependencies.js';
import { DOCKER_HUB_PULL_LIMITS } from './model/params/registry-pull-limits.js';
import { RegistryPullQuota } from './model/registry-pull-limits.js';
import type { EcsImagePullBehavior } from './model/image-pull-policy.js';
import { HealthMonitor } from './controllers/health-monitor.js';
import { HEALTH_TIMING } from './model/params/health.js';
import { EC2_LAUNCH } from './model/params/ec2-launch.js';
import { LoadBalancerNodes } from './controllers/infra/load-balancer-nodes.js';
import { LoadDriver } from './controllers/infra/load-driver.js';
import { ServiceAutoScaling } from './controllers/ecs/service-auto-scaling.js';
import { HorizontalPodAutoscaler } from './controllers/eks/horizontal-pod-autoscaler.js';
import { METRICS_PIPELINES } from './model/params/metrics-pipelines.js';
import type { LoadSpec } from './model/load.js';
import { InstanceLauncher } from './controllers/instance-launcher.js';
import { KarpenterDisruption } from './controllers/karpenter/disruption.js';
import { KarpenterProvisioner } from './controllers/karpenter/provisioner.js';
import { NODE_HEALTH } from './model/params/node-health.js';
import { SCALE_IN_DRAIN } from './model/params/scale-in-drain.js';
import { instanceRemoval, type InstanceRemoval } from './model/instance-removal.js';
import { NodeLifecycle } from './controllers/eks/node-lifecycle.js';
import { ContainerAgent } from './controllers/ecs/container-agent.js';
import { EcsTaskVolumeDetach } from './controllers/ecs/task-volume-detach.js';
import { EcsAzRebalancing } from './controllers/ecs/az-rebalancing.js';
import { EcsServiceScheduler } from './controllers/ecs/service-scheduler.js';
import { ManagedScaling } from './controllers/ecs/managed-scaling.js';
import { AutoScalingGroups } from './controllers/infra/auto-scaling-group.js';
import { SpotNotices, type SpotCapacity } from './controllers/infra/spot-notice.js';
import { spotResponse, type SpotResponse } from './model/spot-interruption-response.js';
import { ClusterAutoscaler } from './controllers/infra/cluster-autoscaler.js';
import { ExpectationChecker } from './controllers/observe/expectation-checker.js';
import { TimelineSampler } from './controllers/observe/timeline-sampler.js';
import { ScenarioEvents } from './controllers/scenario-events.js';
import { ClusterState } from './model/cluster-state.js';
import { EC2_TASK_STARTUP } from './model/params/ec2-task-startup.js';
import type { SimulationSpec } from './model/simulation-spec.js';
import { pricingOf } from './model/spec-pricing.js';
import type { FleetEvent } from './model/events/index.js';
import { PlacementRegistry } from './policy/placement-registry.js';
import type { PlacementPolicy } from './policy/placement-policy.js';
import { DEFAULT_SERVICE_PLACEMENT } from './model/ecs-placement-spec.js';
import { EMPTY_POD_SCHEDULING_SPEC } from './model/pod-scheduling-spec.js';
import { DeploymentController } from './controllers/eks/deployment-controller.js';
import { KubeScheduler } from './controllers/eks/kube-scheduler.js';
import { Kubelet } from './controllers/eks/kubelet.js';
import { AttachDetachController } from './controllers/eks/attach-detach.js';
import { StatefulSetController } from './controllers/eks/stateful-set-controller.js';
import { PersistentVolumeReclaimer } from './controllers/eks/persistent-volume-reclaimer.js';
import { VpcCni } from './controllers/eks/vpc-cni.js';
import { ApiServer } from './controllers/eks/api-server.js';
import { CoreDns } from './controllers/eks/core-dns.js';
import { API_SERVER } from './model/params/api-server.js';
import { COREDNS } from './model/params/coredns.js';
import { EKS_TIMING } from './model/params/eks-timing.js';
import { FargateLauncher } from './controllers/fargate/fargate-launcher.js';
import { SpotReclaimer } from './controllers/fargate/spot-reclaimer.js';
import { FARGATE_TIMING } from './model/params/fargate.js';
import { ecsHostProfile, eksDaemonSetRequests, eksHostProfile, karpenterHostProfile } from './model/params/host-profiles.js';
import type { DaemonPlacement } from './model/daemon-set.js';
import { daemonPlacement } from './policy/kube/daemon-set-nodes.js';
import { Ec2Account } from './model/ec2-account.js';
import { EC2_QUOTAS } from './model/params/ec2-quotas.js';
import type { NodeAgentParts } from './controllers/task-lifecycle.js';
// The one import of an edge layer: `reason:` expectations match the ECS/Kubernetes wording users
// copy from a console, and that wording is rendered in report/ (test/architecture.test.ts allows
// exactly this import).
import { describeEvent } from './report/describe/index.js';

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: string;
  /** Overrides the scenario's duration, ms. */
  readonly untilMs?: number;
  readonly maxEvents?: number;
  /** Trace listeners (report writers); called for every record in order. */
  readonly listeners?: readonly TraceListener<FleetEvent>[];
  /**
   * Called after every event, for tests that check invariants continuously. Also turns on the
   * checks too costly for every run: the kube-scheduler's normalized-score range check.
   */
  readonly afterEachEvent?: (state: ClusterState, now: number) => void;
  /**
   * The placement behaviour the run may use: ECS strategy types, kube-scheduler plugins and
   * placement policies (default: the built-ins). Pass `PlacementRegistry.builtIn().with(plugin)`
   * to add a plugin; scenarios name what they use and must have been compiled against it.
   */
  readonly registry?: PlacementRegistry;
  /** The placement policy by name (default: `ecs-placement` on ECS, `kube-scheduler` on EKS). */
  readonly placementPolicy?: string;
}

export interface RunResult {
  readonly seed: string;
  readonly durationMs: number;
  readonly events: number;
  readonly expectationsPassed: number;
  readonly expectationsFailed: number;
  /** Expectations with a stated probability, which one run does not judge (docs/risk.md). */
  readonly expectationsNotJudged: number;
  readonly state: ClusterState;
}

/**
 * A run built and started, which its caller advances in slices: how the CLI draws progress and
 * answers Ctrl-C during a long run (the kernel is synchronous; between slices the caller may
 * yield). A run in slices fires the same events in the same order as `runSimulation`.
 */
export interface SimulationRun {
  /**
   * Fires up to `events` more events (all that remain when omitted). Returns true once the run
   * has reached its end (`finish` may then be called). Throws what the kernel throws
   * (EventLimitExceeded for a runaway scenario).
   */
  advance(events?: number): boolean;
  /** Simulated time reached, ms. */
  readonly now: number;
  /** The time the run ends at, ms. */
  readonly durationMs: number;
  /** Events fired so far. */
  readonly events: number;
  /** Ends the run (last timeline row, last minute's traffic, end-of-run expectations); once, after `advance` returned true. */
  finish(): RunResult;
}

/**
 * The composition root: builds the world for a compiled scenario and runs it. No filesystem, no
 * process, no wall clock: outputs leave through the trace listeners the caller passes.
 */
export function runSimulation(spec: SimulationSpec, options: RunOptions = {}): RunResult {
  const run = startSimulation(spec, options);
  run.advance();
  return run.finish();
}

/**
 * Every part of a run, by its row's name (also the label of its random stream where it has one).
 * The parts of one platform only are absent from the other's runs.
 */
interface RunParts {
  'container-runtime': ContainerRuntime;
  'startup-dependencies': StartupDependencies;
  'task-volumes': TaskVolumes;
  health: HealthMonitor;
  fargate: FargateLauncher;
  'ecs-agent': ContainerAgent;
  'ecs-task-volume-detach': EcsTaskVolumeDetach;
  'attach-detach': AttachDetachController;
  kubelet: Kubelet;
  'statefulset-controller': StatefulSetController;
  'pv-reclaimer': PersistentVolumeReclaimer;
  'node-agents': NodeAgents;
  'ecs-placement': PlacementPolicy;
  'ecs-scheduler': EcsServiceScheduler;
  'kube-scheduler-policy': PlacementPolicy;
  'api-server': ApiServer;
  'kube-scheduler': KubeScheduler;
  'deployment-controller': DeploymentController;
  'node-lifecycle': NodeLifecycle;
  coredns: CoreDns;
  'instance-launcher': InstanceLauncher;
  'karpenter-provisioner': KarpenterProvisioner;
  'karpenter-disruption': KarpenterDisruption;
  'auto-scaling-groups': AutoScalingGroups;
  'cluster-autoscaler': ClusterAutoscaler;
  'managed-scaling': ManagedScaling[];
  'vpc-cni': VpcCni;
  services: InitialServices;
  'fargate-spot': SpotReclaimer;
  'spot-notices': SpotNotices;
  'ecs-az-rebalancing': EcsAzRebalancing;
  'scenario-events': ScenarioEvents;
  expectations: ExpectationChecker;
  'timeline-sampler': TimelineSampler;
  'load-driver': LoadDriver;
  autoscalers: (ServiceAutoScaling | HorizontalPodAutoscaler)[];
}

const ecs = (spec: SimulationSpec): boolean => spec.cluster.platform === 'ecs';
const eks = (spec: SimulationSpec): boolean => spec.cluster.platform === 'eks';
/** A scenario with a StatefulSet (EBS volumes): the StatefulSet and attach-detach controllers run; no other scenario's start order changes. */
const statefulSets = (spec: SimulationSpec): boolean => spec.services.some((s) => s.statefulSet !== undefined);
/** A StatefulSet that deletes claims on scale-in (whenScaled Delete): their volumes are reclaimed. */
const deletesClaims = (spec: SimulationSpec): boolean => spec.services.some((s) => s.statefulSet?.persistentVolumeClaimRetentionPolicy.whenScaled === 'Delete');
const row = register<RunParts, keyof RunParts & string>;

/** Whether the scenario pulls an image from Docker Hub (its services', or one a deploy event rolls out): its pull rate limit is then counted. */
function pullsFromDockerHub(spec: SimulationSpec): boolean {
  const deployed = spec.events.flatMap((e) => (e.kind === 'deploy' && e.image !== null ? [e.image] : []));
  return pullsFrom(DOCKER_HUB_PULL_LIMITS.registry, spec.services, deployed);
}

/** The services with a load model, by name (the load driver's and CoreDNS's input). */
function loadsOf(spec: SimulationSpec): ReadonlyMap<string, LoadSpec> {
  const loads = new Map<string, LoadSpec>();
  for (const s of spec.services) if (s.load !== null) loads.set(s.name, s.load);
  return loads;
}

/** Per Auto Scaling group, how Auto Scaling removes the instances it chooses (drained or not; src/model/instance-removal.ts). */
function groupRemovals(spec: SimulationSpec): ReadonlyMap<string, InstanceRemoval> {
  const cluster = spec.cluster;
  const draining = new Map(cluster.capacityProviders.map((cp) => [cp.autoScalingGroup, cp.managedDraining]));
  return new Map(
    cluster.autoScalingGroups.map((g) => [g.name, instanceRemoval({ platform: cluster.platform, managedNodeGroup: g.managedNodeGroup === true, managedDraining: draining.get(g.name) ?? null }, SCALE_IN_DRAIN)]),
  );
}

/** ECS_IMAGE_PULL_BEHAVIOR per Auto Scaling group that sets one (the others: default). */
function pullBehaviors(spec: SimulationSpec): ReadonlyMap<string, EcsImagePullBehavior> {
  return new Map(spec.cluster.autoScalingGroups.flatMap((g) => (g.imagePullBehavior === undefined ? [] : [[g.name, g.imagePullBehavior] as const])));
}

/** Per Auto Scaling group, how it answers a Spot interruption notice (src/model/spot-interruption-response.ts). */
function groupSpotResponses(spec: SimulationSpec): ReadonlyMap<string, SpotResponse> {
  const platform = spec.cluster.platform;
  return new Map(
    spec.cluster.autoScalingGroups.map((g) => [
      g.name,
      spotResponse({ platform, managedNodeGroup: g.managedNodeGroup === true, spotInstanceDraining: g.spotInstanceDraining === true, nodeTerminationHandler: g.nodeTerminationHandler === true }),
    ]),
  );
}

/** The ECS host profile (registered resources, ENI limits) of the scenario's cluster. */
function ecsProfile(spec: SimulationSpec): ReturnType<typeof ecsHostProfile> {
  return ecsHostProfile(spec.cluster.ecsReservedMemoryMiB, spec.cluster.awsvpcTrunking, daemonsOf(spec));
}

/**
 * Where the scenario's user daemons (DaemonSets, DAEMON services) run and what they take on each
 * node (also for compare's sizing). One placement per spec, whose per-(group, type) sums every
 * node model of the run shares: Cluster Autoscaler asks for a group's overhead at every template
 * node, and a fresh placement each time would work the sums out again.
 */
export function daemonsOf(spec: SimulationSpec): DaemonPlacement {
  let placement = DAEMON_PLACEMENTS.get(spec);
  if (placement === undefined) DAEMON_PLACEMENTS.set(spec, (placement = daemonPlacement(spec.cluster.daemons ?? [])));
  return placement;
}

/** daemonsOf's placements: a spec is read-only, and a placement is a pure function of its daemons. */
const DAEMON_PLACEMENTS = new WeakMap<SimulationSpec, DaemonPlacement>();

/**
 * The run's table. Rows are made in this order (so trace listeners are called in it) and then
 * started in it, which decides which of two events scheduled for the same instant and priority
 * band runs first: control plane, then capacity (Karpenter, Auto Scaling groups, managed
 * scaling, node networking), then the services, the scenario's faults, the observers and the
 * traffic with its autoscalers. A row reads the parts above it (`get`); the two cycles (node
 * agents read the load driver's traffic; the health monitor acts through the agents and the ECS
 * scheduler) are closed with `later`, named where they occur.
 */
function runTable(options: RunOptions): readonly Registration<RunParts>[] {
  return [
    row('container-runtime', (w) => new ContainerRuntime(w.sim, w.actions, EC2_TASK_STARTUP, w.stream('container-runtime'))),
    row(
      'startup-dependencies',
      (w) =>
        new StartupDependencies(
          w.actions,
          STARTUP_DEPENDENCIES,
          w.stream('startup-dependencies'),
          w.spec.cluster.egress,
          w.spec.cluster.region,
          pullsFromDockerHub(w.spec) ? new RegistryPullQuota(DOCKER_HUB_PULL_LIMITS) : null,
        ),
      (spec) => spec.cluster.egress !== null || readsSecrets(spec.services) || pullsFromDockerHub(spec),
    ),
    row('task-volumes', (w) => new TaskVolumes(EFS_MOUNT, w.stream('task-volumes'), w.spec.cluster.fileSystems ?? [], w.spec.cluster.region), (spec) => mountsVolumes(spec.services)),
    row('health', (w) => {
      const agents = w.later('node-agents');
      const ecsScheduler = w.later('ecs-scheduler');
      const health = new HealthMonitor(w.sim, w.actions, HEALTH_TIMING, w.stream('health'), {
        replaceUnhealthy: (task, check, cause) => ecsScheduler().replaceUnhealthy(task, check, cause),
        killContainer: (task) => agents().killContainer(task),
      });
      w.trace.subscribe(health.onRecord);
      return health;
    }),
    row('fargate', (w) => new FargateLauncher(w.sim, w.actions, agentParts(w, 'app-failures-fargate'), FARGATE_TIMING, w.stream('fargate'), subnetsByService(w.spec), w.spec.quotas?.fargate)),
    row('ecs-agent', (w) => new ContainerAgent(w.sim, w.actions, agentParts(w, 'app-failures'), w.get('container-runtime'), subnetsByService(w.spec), w.spec.cluster.awsvpcTrunking, pullBehaviors(w.spec), w.trace), ecs),
    // ECS task volumes (volumeConfigurations): DetachVolume after their task stops.
    row('ecs-task-volume-detach', (w) => new EcsTaskVolumeDetach(w.sim, w.actions, w.trace), (spec) => ecs(spec) && spec.services.some((s) => s.managedEbsVolume !== undefined)),
    // EBS volumes of StatefulSets: provisioning for WaitForFirstConsumer, attach and detach (kubelet waits for it).
    row('attach-detach', (w) => new AttachDetachController(w.sim, w.actions, w.trace), statefulSets),
    row('kubelet', (w) => new Kubelet(w.sim, w.actions, agentParts(w, 'app-failures'), w.get('container-runtime'), EKS_TIMING, w.stream('kubelet'), w.trace, w.maybe('attach-detach')), eks),
    row('node-agents', (w) => new NodeAgents(w.get('fargate'), w.maybe('ecs-agent') ?? w.get('kubelet'))),
    row('ecs-placement', (w) => createPlacementPolicy(w, options, 'ecs-placement'), ecs),
    row(
      'ecs-scheduler',
      (w) => {
        const cpGroups = new Map(w.spec.cluster.capacityProviders.map((cp) => [cp.name, cp.autoScalingGroup]));
        return new EcsServiceScheduler(w.sim, w.actions, w.get('ecs-placement'), w.get('ecs-agent'), w.trace, w.get('fargate'), cpGroups);
      },
      ecs,
    ),
    row('kube-scheduler-policy', (w) => createPlacementPolicy(w, options, 'kube-scheduler'), eks),
    // API server throttling (api-load events): pod creations and bindings go through its flow control.
    row('api-server', (w) => new ApiServer(w.sim, w.actions, API_SERVER, w.spec.events, w.stream('api-server')), (spec) => eks(spec) && ApiServer.needed(spec.events)),
    row('kube-scheduler', (w) => new KubeScheduler(w.sim, w.actions, w.get('kube-scheduler-policy'), w.get('kubelet'), EKS_TIMING, w.trace, w.maybe('api-server')), eks),
    row('deployment-controller', (w) => new DeploymentController(w.sim, w.actions, w.get('kube-scheduler'), w.get('kubelet'), EKS_TIMING, w.trace, w.get('fargate')), eks),
    row(
      'statefulset-controller',
      (w) => new StatefulSetController(w.sim, w.actions, w.get('kube-scheduler'), w.get('kubelet'), w.spec.cluster.storageClasses ?? new Map(), EKS_TIMING, w.stream('ebs-csi-provisioner'), w.trace),
      statefulSets,
    ),
    // The StorageClass's reclaimPolicy for the volumes of deleted claims.
    row('pv-reclaimer', (w) => new PersistentVolumeReclaimer(w.actions, w.trace), deletesClaims),
    row('node-lifecycle', (w) => new NodeLifecycle(w.sim, w.actions, NODE_HEALTH, w.trace, w.get('health')), eks),
    // Cluster DNS (workloads whose requests make DNS queries, coredns-failure events).
    row('coredns', (w) => new CoreDns(w.sim, w.actions, COREDNS, loadsOf(w.spec), w.spec.events, w.get('node-agents'), w.stream('coredns')), (spec) => eks(spec) && CoreDns.needed(loadsOf(spec), spec.events)),
    row('instance-launcher', (w) => new InstanceLauncher(w.sim, w.actions, EC2_LAUNCH, w.stream('instance-launch'), w.trace, new Ec2Account(w.spec.quotas?.ec2 ?? EC2_QUOTAS))),
    row(
      'karpenter-provisioner',
      (w) => new KarpenterProvisioner(w.sim, w.actions, w.spec.cluster.karpenter!, w.get('instance-launcher'), karpenterHostProfile(w.spec.cluster.cni, daemonsOf(w.spec)), karpenterZones(w.spec), w.spec.cluster.cni, w.trace),
      (spec) => spec.cluster.karpenter !== null,
    ),
    row(
      'karpenter-disruption',
      (w) => new KarpenterDisruption(w.sim, w.actions, w.get('karpenter-provisioner'), karpenterHostProfile(w.spec.cluster.cni, daemonsOf(w.spec)), karpenterZones(w.spec), w.spec.cluster.karpenter!.disruptionPollMs, w.trace),
      (spec) => spec.cluster.karpenter !== null,
    ),
    row('auto-scaling-groups', (w) => {
      const cluster = w.spec.cluster;
      const profile = cluster.platform === 'ecs' ? ecsProfile(w.spec) : eksHostProfile(cluster.cni, daemonsOf(w.spec));
      const protectedGroups = new Set(cluster.capacityProviders.filter((cp) => cp.managedTerminationProtection).map((cp) => cp.autoScalingGroup));
      const loadDriver = w.later('load-driver');
      const traffic = { servedRps: (service: string) => loadDriver().servedRps(service) };
      return new AutoScalingGroups(w.sim, w.actions, cluster.autoScalingGroups, profile, w.get('instance-launcher'), w.trace, NODE_HEALTH, protectedGroups, groupRemovals(w.spec), traffic, groupSpotResponses(w.spec));
    }),
    // Cluster Autoscaler grows and shrinks the node groups through the Auto Scaling groups above.
    row(
      'cluster-autoscaler',
      (w) =>
        new ClusterAutoscaler(
          w.sim,
          w.actions,
          w.spec.cluster.clusterAutoscaler!,
          w.get('auto-scaling-groups'),
          w.spec.cluster.autoScalingGroups,
          eksHostProfile(w.spec.cluster.cni, daemonsOf(w.spec)),
          w.spec.cluster.region,
          (group) => eksDaemonSetRequests(group, daemonsOf(w.spec)),
          w.stream('cluster-autoscaler'),
          w.trace,
        ),
      (spec) => eks(spec) && spec.cluster.clusterAutoscaler !== undefined,
    ),
    // One managed-scaling loop per capacity provider that has managed scaling turned on.
    row(
      'managed-scaling',
      (w) =>
        w.spec.cluster.capacityProviders
          .filter((cp) => cp.managedScaling !== null)
          .map((cp) => {
            const group = w.spec.cluster.autoScalingGroups.find((g) => g.name === cp.autoScalingGroup)!;
            const profile = ecsProfile(w.spec);
            const instance = { ...profile.registered(group.instanceType), taskEniLimit: profile.taskEniLimit(group.instanceType) };
            return new ManagedScaling(w.sim, w.actions, cp, group, w.get('auto-scaling-groups'), instance);
          }),
      ecs,
    ),
    // Warms the initial nodes' IP pools, so it starts after the groups that launch them.
    row('vpc-cni', (w) => new VpcCni(w.sim, w.actions, EKS_TIMING, w.stream('vpc-cni'), w.trace), eks),
    row('services', (w) => new InitialServices(w.actions, w.spec.services)),
    row('fargate-spot', (w) => new SpotReclaimer(w.sim, w.actions, w.get('fargate'), w.stream('fargate-spot-rate'), w.spec.cluster.fargateSpotInterruptionsPerTaskHour)),
    // The spotInterruption fault's victims: ECS, Fargate Spot tasks and Spot instances; EKS, Karpenter's spot nodes and node groups' Spot nodes.
    row('spot-notices', (w) => {
      const holders: SpotCapacity<unknown>[] = ecs(w.spec) ? [w.get('fargate-spot')] : [];
      const karpenter = w.maybe('karpenter-disruption');
      if (karpenter !== undefined) holders.push(karpenter);
      holders.push(w.get('auto-scaling-groups'));
      // The labels the Fargate Spot reclaimer and Karpenter drew their victims from before groups' Spot instances could be interrupted: a run of then draws the same victims now.
      return new SpotNotices(holders, w.stream(ecs(w.spec) ? 'fargate-spot' : 'karpenter'));
    }),
    row(
      'ecs-az-rebalancing',
      (w) => new EcsAzRebalancing(w.sim, w.actions, w.trace, { ec2: w.maybe('ecs-agent'), fargate: w.get('fargate') }, w.spec.services, subnetsByService(w.spec)),
      (spec) => ecs(spec) && spec.events.some((e) => e.kind === 'az-impairment'),
    ),
    row(
      'scenario-events',
      (w) => new ScenarioEvents(w.sim, w.actions, w.spec.events, w.get('auto-scaling-groups'), w.get('spot-notices'), w.stream('faults'), w.get('node-agents'), w.maybe('coredns'), w.get('fargate'), w.maybe('statefulset-controller')),
    ),
    row('expectations', (w) => new ExpectationChecker(w.sim, w.actions, w.spec.expectations, w.trace, describeEvent, pricingOf(w.spec))),
    row('timeline-sampler', (w) => new TimelineSampler(w.sim, w.actions, w.spec.sampleIntervalMs)),
    row('load-driver', (w) => new LoadDriver(w.sim, w.actions, loadsOf(w.spec), w.spec.loadTickMs, w.get('health'), w.maybe('coredns') ?? null, new LoadBalancerNodes(loadBalancerAzs(w.spec), w.state.azImpairments))),
    row('autoscalers', (w) =>
      w.spec.services.flatMap((s) => {
        const scalers: (ServiceAutoScaling | HorizontalPodAutoscaler)[] = [];
        if (s.autoScaling !== undefined) scalers.push(new ServiceAutoScaling(w.sim, w.actions, s.name, s.autoScaling, w.get('load-driver'), METRICS_PIPELINES.cloudWatchPublicationDelayMs));
        if (s.hpa !== undefined) scalers.push(new HorizontalPodAutoscaler(w.sim, w.actions, s.name, s.hpa, w.get('load-driver'), METRICS_PIPELINES.metricsServerResolutionMs));
        return scalers;
      }),
    ),
  ];
}

/** What a node agent is made with: the health monitor, the load driver's traffic (a row below), its crash draws' stream. */
function agentParts(w: Wiring<RunParts>, failureStream: string): NodeAgentParts {
  const loadDriver = w.later('load-driver');
  return {
    health: w.get('health'),
    traffic: { servedRps: (service) => loadDriver().servedRps(service) },
    failureRng: w.stream(failureStream),
    dependencies: w.maybe('startup-dependencies') ?? null,
    volumes: w.maybe('task-volumes') ?? null,
  };
}

/**
 * The run's placement policy from its registry (RunOptions; default the built-ins), over the
 * run's state, with its own random stream; its trace listener, if it keeps indexes, is
 * subscribed here, before the controllers that act on its decisions.
 */
function createPlacementPolicy(w: Wiring<RunParts>, options: RunOptions, stream: string): PlacementPolicy {
  const placementBy = new Map(w.spec.services.map((s) => [s.name, s.placement]));
  const podSpecs = new Map(w.spec.services.map((s) => [s.name, s.podScheduling]));
  const policy = (options.registry ?? PlacementRegistry.builtIn()).createPolicy(options.placementPolicy, {
    view: w.state,
    rng: w.stream(stream),
    platform: w.spec.cluster.platform,
    ecsPlacement: (service) => placementBy.get(service) ?? DEFAULT_SERVICE_PLACEMENT,
    podScheduling: (service) => podSpecs.get(service) ?? EMPTY_POD_SCHEDULING_SPEC,
    schedulerProfile: w.spec.cluster.schedulerProfile,
    checkScores: options.afterEachEvent !== undefined,
  });
  if (policy.onRecord !== undefined) w.trace.subscribe(policy.onRecord);
  return policy;
}

/** awsvpcConfiguration.subnets per service (empty: any subnet). */
function subnetsByService(spec: SimulationSpec): ReadonlyMap<string, readonly string[]> {
  return new Map(spec.services.map((s) => [s.name, s.subnetIds]));
}

/** The zones Karpenter may launch in: the cluster's AZs that have a subnet. */
function karpenterZones(spec: SimulationSpec): string[] {
  return spec.cluster.availabilityZones.filter((az) => spec.cluster.subnets.some((s) => s.az === az));
}

/** The load balancer's AZs, a node in each: those of the cluster's subnets, else (no VPC modelled) the cluster's. */
function loadBalancerAzs(spec: SimulationSpec): readonly string[] {
  return spec.cluster.subnets.length > 0 ? karpenterZones(spec) : spec.cluster.availabilityZones;
}

/** Builds the world for a compiled scenario and starts it, for its caller to advance (SimulationRun). */
export function startSimulation(spec: SimulationSpec, options: RunOptions = {}): SimulationRun {
  const seed = options.seed ?? spec.seed;
  const durationMs = options.untilMs ?? spec.durationMs;
  const sim = new Simulation({ maxEvents: options.maxEvents ?? spec.maxEvents, seed });
  const trace = new Trace<FleetEvent>();
  for (const listener of options.listeners ?? []) trace.subscribe(listener);
  const rng = RandomStream.root(seed);
  const state = new ClusterState();
  const actions = new Actions(state, sim, trace, { maxHosts: spec.maxHosts, daemons: daemonsOf(spec) });
  for (const subnet of spec.cluster.subnets) state.vpc.addSubnet(subnet.id, subnet.az, subnet.cidr);

  const wiring = new Wiring<RunParts>({ sim, actions, trace, state, spec, stream: (label) => rng.fork(label) });
  const parts = wiring.build(runTable(options)).flatMap(controllersOf);
  for (const part of parts) part.start?.();
  const checker = wiring.get('expectations');

  // Stepping mode for invariant tests: same events, same order, a hook after each.
  const afterEachEvent = options.afterEachEvent;
  const afterEach = afterEachEvent === undefined ? undefined : (now: number): void => afterEachEvent(state, now);
  let ended = false;
  return {
    advance(events?: number): boolean {
      if (!ended) ended = sim.run({ until: durationMs, afterEach, pauseAfter: events }).stoppedBy !== 'paused';
      return ended;
    },
    get now() {
      return sim.now;
    },
    durationMs,
    get events() {
      return sim.eventsFired;
    },
    finish(): RunResult {
      // The final instant (events at `duration` do not run): every part closes what is open (a
      // last timeline row, the traffic of the last, possibly partial, minute), then the
      // end-of-run expectations are judged.
      for (const part of parts) part.finish?.();
      checker.judgeAtEnd();
      return {
        seed,
        durationMs,
        events: sim.eventsFired,
        expectationsPassed: checker.passed,
        expectationsFailed: checker.failed,
        expectationsNotJudged: checker.notJudged,
        state,
      };
    },
  };
}
