import { Priority, type Simulation } from '../engine/simulation.js';
import type { RandomStream } from '../engine/rng.js';
import { HOUR, toMillis } from '../engine/time.js';
import type { RegistryOutage } from '../model/app-failure.js';
import type { GroupDesiredCause } from '../model/events/autoscaling.js';
import type { CapacityShortage } from '../model/capacity-shortage.js';
import type { FaultArrival } from '../model/events/fault.js';
import type { HostFailureReason } from '../model/events/host.js';
import type { Host } from '../model/host.js';
import { ALL_NAT_GATEWAYS, type AwsServiceEndpoint } from '../model/network/egress.js';
import type { SecretFault } from '../model/secrets.js';
import type { ArrivalRate, TimedEventSpec } from '../model/simulation-spec.js';
import type { StopReason } from '../model/reasons/stop.js';
import type { Service } from '../model/service.js';
import type { StopCode, Task } from '../model/task.js';
import type { Actions } from './actions/index.js';

/**
 * Plays the scenario's timed `events` (desired-count changes, deploys, faults) at their times,
 * and faults at a rate (`every`, `ratePerHour`) one arrival at a time (docs/models.md,
 * "Injected faults"). Victims are drawn from the `faults` stream; Poisson gaps from `faults/<index>`.
 */
export class ScenarioEvents {
  /** The last task definition revision registered per service (a rollback does not register one). */
  private readonly revisions = new Map<string, number>();
  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly events: readonly TimedEventSpec[],
    private readonly groups: { setDesired(group: string, desired: number, cause: GroupDesiredCause): void },
    /** The Spot capacity the spotInterruption fault reaches (src/controllers/infra/spot-notice.ts). */
    private readonly spot?: { interrupt(count: number | { fraction: number }): void },
    private readonly rng?: RandomStream,
    /** The node agents' container kill (taskKill faults), routed to a task's own agent (NodeAgents). */
    private readonly containers?: { killContainer(task: Task): boolean },
    /** Cluster DNS, when the scenario has one to crash (corednsFailure faults). */
    private readonly coreDns?: { crashReplicas(replicas: number, arrival: FaultArrival | null): void },
    /** Fargate, whose tasks an AZ impairment takes down with it. */
    private readonly fargate?: { lose(task: Task, stopCode: StopCode, reason: StopReason): void },
    /** The StatefulSet controller, which knows each ordinal's pod (deletePod events). */
    private readonly statefulSets?: { deletePod(service: Service, ordinal: number): unknown },
  ) {}

  /** `n` of the items, chosen uniformly from the `faults` stream. */
  private pickRandom<T>(items: readonly T[], n: number): T[] {
    return this.rng!.sample(items, n);
  }

  start(): void {
    for (const event of this.events) {
      const rate = event.rate;
      if (rate === undefined) this.sim.at(event.at, this.apply, event, Priority.StateChange);
      else {
        // A Poisson process's gaps come from its own stream, so other draws never shift them.
        const gaps = 'perHour' in rate ? this.rng!.fork(String(rate.index)) : null;
        this.arrive({ event, n: 0, gaps }, event.at + this.gap(rate, gaps, true));
      }
    }
  }

  /** Time to the next arrival: `every` (the first at `at` itself), or an exponential gap. */
  private gap(rate: ArrivalRate, gaps: RandomStream | null, first: boolean): number {
    if ('everyMs' in rate) return first ? 0 : rate.everyMs;
    return toMillis(gaps!.exponential(HOUR / rate.perHour));
  }

  /** Schedules arrival `n + 1` at `at` if it is before the rate's `until`. */
  private arrive(a: Arrival, at: number): void {
    if (at < a.event.rate!.until) this.sim.at(at, this.onArrival, { ...a, n: a.n + 1 }, Priority.StateChange);
  }

  /** One arrival of a fault at a rate: schedules the next (lazily, one at a time), then applies it. */
  private readonly onArrival = (a: Arrival): void => {
    const rate = a.event.rate!;
    this.arrive(a, this.sim.now + this.gap(rate, a.gaps, false));
    this.apply(a.event, a.n);
  };

  /** Which arrival of a fault at a rate this is, for the run summary; null for a one-off. */
  private static arrival(event: TimedEventSpec, n: number | null): FaultArrival | null {
    const rate = event.rate;
    if (rate === undefined || n === null) return null;
    return 'everyMs' in rate ? { n, everyMs: rate.everyMs, perHour: null, untilMs: rate.until } : { n, everyMs: null, perHour: rate.perHour, untilMs: rate.until };
  }

  private readonly apply = (event: TimedEventSpec, n: number | null = null): void => {
    const arrival = ScenarioEvents.arrival(event, n);
    // Faults at a rate record each arrival; the one-off kinds that predate rates record nothing of their own.
    switch (event.kind) {
      case 'registry-outage': {
        const outage = { registry: event.registry, until: this.sim.now + event.durationMs };
        this.actions.faults.injected({ kind: 'registry-outage', registry: event.registry, durationMs: event.durationMs, arrival });
        this.actions.faults.startRegistryOutage(outage);
        this.sim.at(outage.until, this.endOutage, outage, Priority.StateChange);
        break;
      }
      case 'endpoint-outage': {
        this.actions.faults.injected({ kind: 'endpoint-outage', endpoint: event.endpoint, durationMs: event.durationMs, arrival });
        this.actions.faults.endpointDown(event.endpoint, 1);
        if (event.durationMs !== null) this.sim.after(event.durationMs, this.endEndpointOutage, event.endpoint, Priority.StateChange);
        break;
      }
      case 'nat-gateway-failure': {
        this.actions.faults.injected({ kind: 'nat-gateway-failure', az: event.az, durationMs: event.durationMs, arrival });
        this.actions.faults.natGatewayDown(event.az ?? ALL_NAT_GATEWAYS, 1);
        if (event.durationMs !== null) this.sim.after(event.durationMs, this.endNatFailure, event.az, Priority.StateChange);
        break;
      }
      case 'secret-failure': {
        const fault = { secret: event.secret, fails: event.fails };
        this.actions.faults.injected({ kind: 'secret-failure', secret: event.secret, fails: event.fails, durationMs: event.durationMs, arrival });
        this.actions.faults.startSecretFault(fault);
        if (event.durationMs !== null) this.sim.after(event.durationMs, this.endSecretFault, fault, Priority.StateChange);
        break;
      }
      case 'rollout-undo': {
        const service = this.actions.state.services.get(event.service);
        if (service === undefined) throw new Error(`rolloutUndo names unknown workload ${event.service}`);
        const previous = service.lastCompleted;
        // The deployment controller's wording for a rollback (DeploymentRollback events).
        if (previous === service.taskDefinition) {
          this.actions.services.event(service, { code: 'ROLLBACK_REVISION_NOT_FOUND' });
          break;
        }
        this.actions.services.startDeployment(service, previous, true);
        this.actions.services.event(service, { code: service.statefulSet === undefined ? 'ROLLED_BACK' : 'STATEFULSET_ROLLED_BACK', revision: previous.revision });
        break;
      }
      case 'delete-pod': {
        const service = this.actions.state.services.get(event.service);
        if (service === undefined || this.statefulSets === undefined) throw new Error(`deletePod names ${event.service}, which is not a StatefulSet`);
        this.statefulSets.deletePod(service, event.ordinal);
        break;
      }
      case 'coredns-failure':
        if (this.coreDns === undefined) throw new Error('corednsFailure without a CoreDNS model');
        this.coreDns.crashReplicas(event.replicas, arrival);
        break;
      case 'task-kill': {
        const service = this.actions.state.services.get(event.service);
        if (service === undefined) throw new Error(`taskKill event names unknown service ${event.service}`);
        if (this.containers === undefined) throw new Error('taskKill without a container kill hook');
        const up = [...service.tasks].filter((t) => t.status === 'RUNNING' && t.waiting === null && t.host?.status !== 'UNREACHABLE');
        const want = typeof event.count === 'number' ? event.count : Math.round(up.length * event.count.fraction);
        const victims = this.pickRandom(up, want);
        this.actions.faults.injected({ kind: 'task-kill', workload: service.kind, killed: victims.map((t) => t.id), running: up.length, arrival }, service.name);
        for (const task of victims) this.containers.killContainer(task);
        break;
      }
      case 'node-not-ready': {
        const candidates = this.actions.state.hosts.filter((h) => h.status === 'ACTIVE');
        const victims = this.pickRandom(candidates, event.count);
        this.actions.faults.injected({ kind: 'node-not-ready', hosts: victims.map((h) => h.id), durationMs: event.durationMs, arrival });
        for (const host of victims) {
          this.actions.nodes.partition(host);
          if (event.durationMs !== null) this.sim.after(event.durationMs, this.endPartition, host, Priority.StateChange);
        }
        break;
      }
      case 'node-failure': {
        const candidates = this.actions.state.hosts.filter((h) => (h.status === 'ACTIVE' || h.status === 'DRAINING') && (event.az === null || h.az === event.az));
        const victims = event.az !== null ? candidates : this.pickRandom(candidates, event.count);
        if (arrival !== null) this.actions.faults.injected({ kind: 'node-failure', az: event.az, hosts: victims.map((h) => h.id), arrival });
        const why: HostFailureReason = event.az !== null ? { code: 'AZ_OUTAGE', az: event.az } : INSTANCE_FAILURE;
        for (const host of victims) this.actions.hosts.fail(host, why);
        break;
      }
      case 'az-impairment':
        this.impairAz(event, arrival);
        break;
      case 'insufficient-capacity':
        this.shortOfCapacity(event, arrival);
        break;
      case 'node-registration-failure': {
        const untilMs = event.durationMs === null ? null : this.sim.now + event.durationMs;
        this.actions.faults.startRegistrationFailure(event.nodePool, untilMs);
        this.actions.faults.injected({ kind: 'node-registration-failure', nodePool: event.nodePool, durationMs: event.durationMs, arrival });
        if (untilMs !== null) this.sim.at(untilMs, this.endRegistrationFailure, event.nodePool, Priority.StateChange);
        break;
      }
      case 'node-spot-interruption':
      case 'spot-interruption':
        if (this.spot === undefined) throw new Error('spot interruption without Spot notices');
        if (arrival !== null) this.actions.faults.injected({ kind: event.kind, count: event.count, arrival });
        this.spot.interrupt(event.count);
        break;
      case 'scale-group':
        this.groups.setDesired(event.group, event.desiredCapacity, SCENARIO);
        break;
      case 'deploy': {
        const service = this.actions.state.services.get(event.service);
        if (service === undefined) throw new Error(`deploy event names unknown service ${event.service}`);
        const td = service.taskDefinition;
        // Register revision N+1: the essential (first) container gets the new image, and the failure model is replaced.
        const containers = td.containers.map((c, i) => (i === 0 && event.image !== null ? { ...c, image: event.image } : c));
        const { failure: _old, ...rest } = td;
        void _old;
        const revision = Math.max(td.revision, this.revisions.get(service.name) ?? 0) + 1;
        this.revisions.set(service.name, revision);
        const next = { ...rest, revision, containers, ...(event.failure === null ? {} : { failure: event.failure }) };
        this.actions.services.startDeployment(service, next, false);
        break;
      }
      case 'scale': {
        const service = this.actions.state.services.get(event.service);
        // The scenario compiler checked the name; a miss here is a bug.
        if (service === undefined) throw new Error(`scale event names unknown service ${event.service}`);
        this.actions.services.setDesiredCount(service, event.desiredCount, SCENARIO);
        break;
      }
    }
  };

  /**
   * An AZ impairment begins (docs/models.md, "AZ impairment"): launchers see it at once; the
   * chosen fraction of the AZ's instances (booting ones too) fail their status checks, and as
   * many of its Fargate tasks are lost (their services replace them in the other AZs).
   */
  private impairAz(event: Extract<TimedEventSpec, { kind: 'az-impairment' }>, arrival: FaultArrival | null): void {
    const state = this.actions.state;
    // A fault at a rate may strike an AZ still impaired: the new window replaces the old one.
    const untilMs = event.durationMs === null ? null : this.sim.now + event.durationMs;
    const hostsThere = state.hosts.filter((h) => h.az === event.az && (h.status === 'ACTIVE' || h.status === 'DRAINING' || h.status === 'REGISTERING'));
    const tasksThere: Task[] = [];
    for (const service of state.services.values()) {
      if (service.launchType !== 'FARGATE') continue;
      for (const t of service.tasks) if (t.ipSubnet?.az === event.az && t.status !== 'STOPPING' && t.status !== 'STOPPED' && t.status !== 'UNPLACED') tasksThere.push(t);
    }
    const hosts = event.instanceFraction >= 1 ? hostsThere : this.pickRandom(hostsThere, Math.round(hostsThere.length * event.instanceFraction));
    const tasks = event.instanceFraction >= 1 ? tasksThere : this.pickRandom(tasksThere, Math.round(tasksThere.length * event.instanceFraction));
    this.actions.faults.startAzImpairment({ az: event.az, untilMs, instanceFraction: event.instanceFraction, launchFailureRate: event.launchFailureRate });
    this.actions.faults.injected({
      kind: 'az-impairment',
      az: event.az,
      durationMs: event.durationMs,
      instanceFraction: event.instanceFraction,
      launchFailureRate: event.launchFailureRate,
      hosts: hosts.map((h) => h.id),
      tasks: tasks.map((t) => t.id),
      arrival,
    });
    const why: HostFailureReason = { code: 'AZ_OUTAGE', az: event.az };
    for (const host of hosts) this.actions.hosts.fail(host, why);
    if (tasks.length > 0) {
      if (this.fargate === undefined) throw new Error('Fargate tasks without a Fargate launcher');
      const lost: StopReason = { code: 'AZ_IMPAIRED', az: event.az };
      for (const task of tasks) this.fargate.lose(task, 'TerminationNotice', lost);
    }
    if (untilMs !== null) this.sim.at(untilMs, this.endImpairment, event.az, Priority.StateChange);
  }

  /**
   * EC2 runs short of capacity (docs/models.md, "EC2 capacity errors"): launchers see it at once
   * and refuse matching launches with InsufficientInstanceCapacity until the window ends. Nothing
   * running fails: the shortage is of new capacity.
   */
  private shortOfCapacity(event: Extract<TimedEventSpec, { kind: 'insufficient-capacity' }>, arrival: FaultArrival | null): void {
    const untilMs = event.durationMs === null ? null : this.sim.now + event.durationMs;
    const shortage: CapacityShortage = {
      launchType: event.launchType,
      instanceTypes: event.instanceTypes === null ? null : new Set(event.instanceTypes),
      azs: event.azs === null ? null : new Set(event.azs),
      capacityType: event.capacityType,
      untilMs,
      launchFailureRate: event.launchFailureRate,
    };
    this.actions.faults.startCapacityShortage(shortage);
    const { launchType, instanceTypes, azs, capacityType, durationMs, launchFailureRate } = event;
    this.actions.faults.injected({ kind: 'insufficient-capacity', launchType, instanceTypes, azs, capacityType, durationMs, launchFailureRate, arrival });
    if (untilMs !== null) this.sim.at(untilMs, this.endShortage, { shortage, event }, Priority.StateChange);
  }

  private readonly endShortage = (ending: { shortage: CapacityShortage; event: Extract<TimedEventSpec, { kind: 'insufficient-capacity' }> }): void => {
    this.actions.faults.endCapacityShortage(ending.shortage);
    const { launchType, instanceTypes, azs, capacityType } = ending.event;
    this.actions.faults.ended({ kind: 'insufficient-capacity', launchType, instanceTypes, azs, capacityType });
  };

  /** The window ends, unless a later fault on the same NodePool extended it. */
  private readonly endRegistrationFailure = (nodePool: string): void => {
    if (this.actions.state.registrationFailures.get(nodePool) !== this.sim.now) return;
    this.actions.faults.endRegistrationFailure(nodePool);
    this.actions.faults.ended({ kind: 'node-registration-failure', nodePool });
  };

  /** The window ends, unless a later impairment of the same AZ extended it. */
  private readonly endImpairment = (az: string): void => {
    const impairment = this.actions.state.azImpairments.get(az);
    if (impairment === undefined || impairment.untilMs !== this.sim.now) return;
    this.actions.faults.endAzImpairment(az);
    this.actions.faults.ended({ kind: 'az-impairment', az });
  };

  private readonly endOutage = (outage: RegistryOutage): void => {
    this.actions.faults.endRegistryOutage(outage);
    this.actions.faults.ended({ kind: 'registry-outage', registry: outage.registry });
  };

  private readonly endEndpointOutage = (endpoint: AwsServiceEndpoint): void => {
    this.actions.faults.endpointDown(endpoint, -1);
    this.actions.faults.ended({ kind: 'endpoint-outage', endpoint });
  };

  private readonly endNatFailure = (az: string | null): void => {
    this.actions.faults.natGatewayDown(az ?? ALL_NAT_GATEWAYS, -1);
    this.actions.faults.ended({ kind: 'nat-gateway-failure', az });
  };

  private readonly endSecretFault = (fault: SecretFault): void => {
    this.actions.faults.endSecretFault(fault);
    this.actions.faults.ended({ kind: 'secret-failure', secret: fault.secret });
  };

  /** The partition heals: the kubelet reports again (NodeLifecycle removes the taint). A node already gone stays gone. */
  private readonly endPartition = (host: Host): void => {
    if (host.status !== 'UNREACHABLE') return;
    this.actions.nodes.reconnect(host);
    this.actions.faults.ended({ kind: 'node-not-ready', host: host.id, pods: host.tasks.size });
  };
}

/** One pending arrival of a fault at a rate; `gaps`: the Poisson stream (null for a fixed period). */
interface Arrival {
  readonly event: TimedEventSpec;
  readonly n: number;
  readonly gaps: RandomStream | null;
}

const SCENARIO = Object.freeze({ code: 'SCENARIO' } as const);
const INSTANCE_FAILURE: HostFailureReason = Object.freeze({ code: 'INSTANCE_FAILURE' });
