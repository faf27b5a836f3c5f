import { Priority, type Simulation } from '../engine/simulation.js';
import type { RandomStream } from '../engine/rng.js';
import type { TimedEventSpec } from '../model/simulation-spec.js';
import type { Actions } from './actions.js';

/** Plays the scenario's timed `events` (desired-count changes, later faults) at their times. */
export class ScenarioEvents {
  /** The last task definition revision registered per service (a rollback does not register one). */
  private readonly revisions = new Map<string, number>();
  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly events: readonly TimedEventSpec[],
    private readonly groups: { setDesired(group: string, desired: number, cause: string): void },
    private readonly spot?: { interrupt(count: number | { fraction: number }): void },
    private readonly rng?: RandomStream,
    private readonly nodeSpot?: { interruptSpot(count: number | { fraction: number }): void },
  ) {}

  /** `n` of the items, chosen uniformly (a partial Fisher-Yates shuffle of a copy). */
  private pickRandom<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    for (let i = 0; i < Math.min(n, copy.length); i++) {
      const j = i + Math.floor(this.rng!.random() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      out.push(copy[i]!);
    }
    return out;
  }

  start(): void {
    for (const event of this.events) this.sim.at(event.at, this.apply, event, Priority.StateChange);
  }

  private readonly apply = (event: TimedEventSpec): void => {
    switch (event.kind) {
      case 'node-failure': {
        const candidates = this.actions.state.hosts.filter((h) => (h.status === 'ACTIVE' || h.status === 'DRAINING') && (event.az === null || h.az === event.az));
        const victims = event.az !== null ? candidates : this.pickRandom(candidates, event.count);
        const why = event.az !== null ? `Availability Zone ${event.az} outage` : 'instance failure (scenario fault)';
        for (const host of victims) this.actions.failHost(host, why);
        break;
      }
      case 'node-spot-interruption':
        if (this.nodeSpot === undefined) throw new Error('node spot interruption without Karpenter');
        this.nodeSpot.interruptSpot(event.count);
        break;
      case 'spot-interruption':
        if (this.spot === undefined) throw new Error('spot interruption without a Fargate Spot reclaimer');
        this.spot.interrupt(event.count);
        break;
      case 'scale-group':
        this.groups.setDesired(event.group, event.desiredCapacity, 'scenario event');
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
        this.actions.startDeployment(service, next, false);
        break;
      }
      case 'scale': {
        const service = this.actions.state.services.get(event.service);
        // The scenario compiler checked the name; a miss here is a bug.
        if (service === undefined) throw new Error(`scale event names unknown service ${event.service}`);
        this.actions.setDesiredCount(service, event.desiredCount, 'scenario event');
        break;
      }
    }
  };
}
