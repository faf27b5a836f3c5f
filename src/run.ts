import { RandomStream } from './engine/rng.js';
import { Simulation } from './engine/simulation.js';
import { Trace, type TraceListener } from './engine/trace.js';
import { Actions } from './controllers/actions/index.js';
import { ContainerRuntime } from './controllers/container-runtime.js';
import { HealthMonitor } from './controllers/health-monitor.js';
import { HEALTH_TIMING } from './model/params/health.js';
import { EC2_LAUNCH } from './model/params/ec2-launch.js';
import { LoadDriver } from './controllers/infra/load-driver.js';
import { ServiceAutoScaling } from './controllers/ecs/service-auto-scaling.js';
import { HorizontalPodAutoscaler } from './controllers/eks/horizontal-pod-autoscaler.js';
import { METRICS_PIPELINES } from './model/params/metrics-pipelines.js';
import type { LoadSpec } from './model/load.js';
import { InstanceLauncher } from './controllers/instance-launcher.js';
import { KarpenterDisruption } from './controllers/karpenter/disruption.js';
import { KarpenterProvisioner } from './controllers/karpenter/provisioner.js';
import { NODE_HEALTH } from './model/params/node-health.js';
import { NodeLifecycle } from './controllers/eks/node-lifecycle.js';
import { ContainerAgent } from './controllers/ecs/container-agent.js';
import { EcsServiceScheduler } from './controllers/ecs/service-scheduler.js';
import { ManagedScaling } from './controllers/ecs/managed-scaling.js';
import { AutoScalingGroups } from './controllers/infra/auto-scaling-group.js';
import { ExpectationChecker } from './controllers/observe/expectation-checker.js';
import { TimelineSampler } from './controllers/observe/timeline-sampler.js';
import { ScenarioEvents } from './controllers/scenario-events.js';
import type { Task } from './model/task.js';
import { ClusterState } from './model/cluster-state.js';
import { EC2_TASK_STARTUP } from './model/params/ec2-task-startup.js';
import type { SimulationSpec } from './model/simulation-spec.js';
import type { FleetEvent } from './model/events/index.js';
import { EcsPlacementEngine } from './policy/ecs/placement-engine.js';
import { DEFAULT_SERVICE_PLACEMENT } from './model/ecs-placement-spec.js';
import { KubeSchedulerPolicy } from './policy/kube/kube-scheduler-policy.js';
import { EMPTY_POD_SCHEDULING_SPEC } from './model/pod-scheduling-spec.js';
import { DeploymentController } from './controllers/eks/deployment-controller.js';
import { KubeScheduler } from './controllers/eks/kube-scheduler.js';
import { Kubelet } from './controllers/eks/kubelet.js';
import { VpcCni } from './controllers/eks/vpc-cni.js';
import { ApiServer } from './controllers/eks/api-server.js';
import { CoreDns } from './controllers/eks/core-dns.js';
import { API_SERVER } from './model/params/api-server.js';
import { COREDNS } from './model/params/coredns.js';
import { EKS_TIMING } from './model/params/eks-timing.js';
import { FargateLauncher } from './controllers/fargate/fargate-launcher.js';
import { SpotReclaimer } from './controllers/fargate/spot-reclaimer.js';
import { FARGATE_TIMING } from './model/params/fargate.js';
import { ecsHostProfile, eksHostProfile } from './model/params/host-profiles.js';
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

/** Builds the world for a compiled scenario and starts it, for its caller to advance (SimulationRun). */
export function startSimulation(spec: SimulationSpec, options: RunOptions = {}): SimulationRun {
  const seed = options.seed ?? spec.seed;
  const durationMs = options.untilMs ?? spec.durationMs;
  const sim = new Simulation({ maxEvents: options.maxEvents ?? spec.maxEvents, seed });
  const trace = new Trace<FleetEvent>();
  for (const listener of options.listeners ?? []) trace.subscribe(listener);
  const rng = RandomStream.root(seed);
  const state = new ClusterState();
  const actions = new Actions(state, sim, trace);

  for (const subnet of spec.cluster.subnets) state.vpc.addSubnet(subnet.id, subnet.az, subnet.cidr);
  let vpcCni: VpcCni | undefined;
  let karpenter: { provisioner: KarpenterProvisioner; disruption: KarpenterDisruption } | undefined;
  const runtime = new ContainerRuntime(sim, actions, EC2_TASK_STARTUP, rng.fork('container-runtime'));
  const health = new HealthMonitor(sim, actions, HEALTH_TIMING, rng.fork('health'));
  trace.subscribe(health.onRecord);
  const subnetsByService = new Map(spec.services.map((s) => [s.name, s.subnetIds]));
  const fargate = new FargateLauncher(sim, actions, health, FARGATE_TIMING, rng.fork('fargate'), subnetsByService);
  // Stops read the traffic a task served from the load driver (made below, used only while running).
  const servedRps = (service: string): number => loadDriver.current(service)?.servedRps ?? 0;
  fargate.readTrafficFrom(servedRps);
  // Crash-on-start draws: one stream per agent kind, drawn only when a scenario sets a probability.
  fargate.drawFailuresFrom(rng.fork('app-failures-fargate'));
  // The node agent that runs a task's containers on EC2 (taskKill faults reach containers through it).
  let ec2Agent: { killContainer(task: Task): boolean };
  if (spec.cluster.platform === 'ecs') {
    const agent = new ContainerAgent(sim, actions, health, runtime, subnetsByService);
    ec2Agent = agent;
    agent.readTrafficFrom(servedRps);
    agent.drawFailuresFrom(rng.fork('app-failures'));
    const cpGroups = new Map(spec.cluster.capacityProviders.map((cp) => [cp.name, cp.autoScalingGroup]));
    const placementBy = new Map(spec.services.map((s) => [s.name, s.placement]));
    const placement = new EcsPlacementEngine(state, (service) => placementBy.get(service) ?? DEFAULT_SERVICE_PLACEMENT, rng.fork('ecs-placement'));
    trace.subscribe(placement.onRecord);
    const scheduler = new EcsServiceScheduler(sim, actions, placement, agent, trace, fargate, cpGroups);
    // Tasks that fail their container or load balancer health checks are replaced.
    health.whenUnhealthy(scheduler.replaceUnhealthy);
  } else {
    const kubelet = new Kubelet(sim, actions, health, runtime, EKS_TIMING, rng.fork('kubelet'));
    ec2Agent = kubelet;
    kubelet.readTrafficFrom(servedRps);
    kubelet.drawFailuresFrom(rng.fork('app-failures'));
    const podSpecs = new Map(spec.services.map((s) => [s.name, s.podScheduling]));
    const policy = new KubeSchedulerPolicy(spec.cluster.schedulerProfile, rng.fork('kube-scheduler'), (service) => podSpecs.get(service) ?? EMPTY_POD_SCHEDULING_SPEC, {
      checkScores: options.afterEachEvent !== undefined,
    });
    trace.subscribe(policy.onRecord);
    // API server throttling (api-load events): pod creations and bindings go through its flow control.
    const api = ApiServer.needed(spec.events) ? new ApiServer(sim, actions, API_SERVER, spec.events, rng.fork('api-server')) : undefined;
    api?.start();
    const scheduler = new KubeScheduler(sim, actions, policy, kubelet, EKS_TIMING, trace, api);
    new DeploymentController(sim, actions, scheduler, kubelet, trace, fargate);
    vpcCni = new VpcCni(sim, actions, EKS_TIMING, rng.fork('vpc-cni'), trace);
    new NodeLifecycle(sim, actions, NODE_HEALTH, trace, health);
  }
  const loads = new Map<string, LoadSpec>();
  for (const s of spec.services) if (s.load !== null) loads.set(s.name, s.load);
  const loadDriver = new LoadDriver(sim, actions, loads, spec.loadTickMs);
  loadDriver.reportResponseTimesTo(health);
  // Cluster DNS (workloads whose requests make DNS queries, coredns-failure events).
  let coreDns: CoreDns | undefined;
  if (spec.cluster.platform === 'eks' && CoreDns.needed(loads, spec.events)) {
    coreDns = new CoreDns(sim, actions, COREDNS, loads, spec.events, ec2Agent!, rng.fork('coredns'));
    loadDriver.reportDnsFailuresFrom(coreDns);
    coreDns.start();
  }
  const checker = new ExpectationChecker(sim, actions, spec.expectations, trace, describeEvent);
  const sampler = new TimelineSampler(sim, actions, spec.sampleIntervalMs);

  const profile = spec.cluster.platform === 'ecs' ? ecsHostProfile(spec.cluster.ecsReservedMemoryMiB, spec.cluster.awsvpcTrunking) : eksHostProfile(spec.cluster.cni);
  const launcher = new InstanceLauncher(sim, actions, EC2_LAUNCH, rng.fork('instance-launch'));
  if (spec.cluster.karpenter !== null) {
    const nodeModel = eksHostProfile(spec.cluster.cni);
    const zones = spec.cluster.availabilityZones.filter((az) => spec.cluster.subnets.some((s) => s.az === az));
    const provisioner = new KarpenterProvisioner(sim, actions, spec.cluster.karpenter, launcher, nodeModel, zones, spec.cluster.cni, trace);
    const disruption = new KarpenterDisruption(sim, actions, provisioner, nodeModel, zones, spec.cluster.karpenter.disruptionPollMs, rng.fork('karpenter'), trace);
    provisioner.start();
    disruption.start();
    karpenter = { provisioner, disruption };
  }
  const groups = new AutoScalingGroups(sim, actions, spec.cluster.autoScalingGroups, profile, launcher, trace, NODE_HEALTH);
  groups.start();
  if (spec.cluster.platform === 'ecs') startManagedScaling(sim, actions, spec, groups, ecsHostProfile(spec.cluster.ecsReservedMemoryMiB, spec.cluster.awsvpcTrunking));
  vpcCni?.prewarm();
  for (const service of spec.services) actions.services.create(service);
  const spot = new SpotReclaimer(sim, actions, fargate, rng.fork('fargate-spot'));
  spot.startRate(spec.cluster.fargateSpotInterruptionsPerTaskHour);
  // A task with no host runs on Fargate (its microVM's agent); any other on its instance's agent.
  const containers = { killContainer: (task: Task): boolean => (task.host === null ? fargate : ec2Agent).killContainer(task) };
  // kubelet (or Fargate's agent) restarts a container whose liveness probe failed.
  health.whenLivenessFails((task) => void containers.killContainer(task));
  new ScenarioEvents(sim, actions, spec.events, groups, spot, rng.fork('faults'), karpenter?.disruption, containers, coreDns).start();
  checker.start();
  sampler.start();
  loadDriver.start();
  for (const s of spec.services) {
    const service = state.services.get(s.name)!;
    if (s.autoScaling !== undefined) new ServiceAutoScaling(sim, actions, service, s.autoScaling, loadDriver, METRICS_PIPELINES.cloudWatchPublicationDelayMs).start();
    if (s.hpa !== undefined) new HorizontalPodAutoscaler(sim, actions, service, s.hpa, loadDriver, METRICS_PIPELINES.metricsServerResolutionMs).start();
  }

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
      // The final instant (events at `duration` do not run): a last timeline row, the traffic of
      // the last (possibly partial) minute, then the end-of-run expectations.
      sampler.sample();
      loadDriver.finish();
      checker.finish();
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

/** One managed-scaling loop per capacity provider that has managed scaling turned on. */
function startManagedScaling(sim: Simulation, actions: Actions, spec: SimulationSpec, groups: AutoScalingGroups, profile: ReturnType<typeof ecsHostProfile>): void {
  for (const cp of spec.cluster.capacityProviders) {
    const group = spec.cluster.autoScalingGroups.find((g) => g.name === cp.autoScalingGroup)!;
    if (cp.managedTerminationProtection) groups.protectNonEmptyInstances(group.name);
    if (cp.managedScaling === null) continue;
    const registered = profile.registered(group.instanceType);
    new ManagedScaling(sim, actions, cp, group, groups, { ...registered, taskEniLimit: profile.taskEniLimit(group.instanceType) }).start();
  }
}
