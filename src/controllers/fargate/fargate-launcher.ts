import type { RandomStream } from '../../engine/rng.js';
import type { Simulation } from '../../engine/simulation.js';
import { toMillis } from '../../engine/time.js';
import type { VpcSubnet } from '../../model/network/vpc.js';
import { launchRefused } from '../../model/az-impairment.js';
import { fargateCapacityShort } from '../../model/capacity-shortage.js';
import { FARGATE_SPOT } from '../../model/capacity-provider.js';
import { FARGATE_QUOTAS, type FargateQuotas } from '../../model/params/fargate-quotas.js';
import { FargateLaunchGate } from './launch-gate.js';
import type { FargateTimingParams } from '../../model/params/fargate.js';
import type { LogNormalParams } from '../../model/params/ec2-task-startup.js';
import type { Task } from '../../model/task.js';
import type { Actions } from '../actions/index.js';
import { TaskLifecycle, type NodeAgentParts } from '../task-lifecycle.js';

/**
 * Fargate: every task gets a microVM and an ENI of its own from one of the service's subnets.
 * The task stays in PROVISIONING until both exist; when no subnet has a free address it waits
 * there, retrying, which is the seed's "Task stuck in PROVISIONING" failure mode. Tasks are
 * spread over the subnets' AZs (the AZ with the fewest of the service's tasks first). No image
 * cache survives between tasks: every start pulls. Before any of that, Fargate's launch rate and
 * vCPU quotas let the task through (launch-gate.ts). An AZ where Fargate is short of capacity
 * (an `insufficientCapacity` fault with launchType FARGATE) is skipped like an impaired one; with
 * no other AZ the task waits in PROVISIONING and retries, and the service says ECS's "Capacity is
 * unavailable at this time" (Fargate Spot is never replaced by On-Demand capacity).
 */
export class FargateLauncher extends TaskLifecycle {
  private readonly perAz = new Map<string, Map<string, number>>();
  /** A partial impairment's draws: their own stream, so the launch latencies keep theirs. */
  private readonly impairmentRng: RandomStream;
  private readonly impairmentDraw = (): number => this.impairmentRng.random();
  /** A partial Fargate capacity shortage's draws, on their own stream for the same reason. */
  private readonly shortageRng: RandomStream;
  private readonly shortageDraw = (): number => this.shortageRng.random();
  private readonly reported = new Set<string>();
  /** Services told their task found no Fargate capacity (per capacity type: shortKey), until a task of theirs of that type gets an ENI again. */
  private readonly reportedShort = new Set<string>();

  constructor(
    sim: Simulation,
    actions: Actions,
    agent: NodeAgentParts,
    private readonly timing: FargateTimingParams,
    private readonly rng: RandomStream,
    /** awsvpcConfiguration.subnets per service (empty: every subnet). */
    private readonly serviceSubnets: ReadonlyMap<string, readonly string[]>,
    quotas: FargateQuotas = FARGATE_QUOTAS,
  ) {
    super(sim, actions, agent);
    this.impairmentRng = rng.fork('az-impairment');
    this.shortageRng = rng.fork('fargate-capacity');
    this.gate = new FargateLaunchGate(sim, actions, quotas, this.provision);
  }

  /** Fargate's launch rate and vCPU quotas: a task provisions once they let it through. */
  private readonly gate: FargateLaunchGate;

  startTask(task: Task): void {
    this.actions.tasks.startOnFargate(task);
    this.gate.enqueue(task);
  }

  protected exitDelay(): number {
    return this.draw(this.timing.gracefulExit);
  }

  protected override beforeStopped(task: Task): void {
    this.gate.release(task);
    if (task.ipSubnet !== null) this.count(task, -1);
  }

  private readonly provision = (task: Task): void => {
    if (!this.beginStep(task)) return;
    const service = task.service.name;
    const { subnets, shortOfCapacity } = this.subnetsByPreference(task);
    const spot = task.capacityProvider === FARGATE_SPOT;
    if (subnets.length === 0 && shortOfCapacity) {
      // Every AZ the service may use is short of Fargate capacity: the launch fails and holds
      // nothing (its vCPUs go back to the quota); ECS retries it later as a new launch, which
      // goes through the launch rate and vCPU quotas again.
      if (!this.reportedShort.has(shortKey(service, spot))) {
        this.reportedShort.add(shortKey(service, spot));
        this.actions.services.event(task.service, { code: 'FARGATE_CAPACITY_UNAVAILABLE', task: task.id, spot });
      }
      this.gate.release(task);
      this.schedule(task, this.timing.eniRetryMs, this.relaunch);
      return;
    }
    if (!this.actions.network.attachTaskEni(task, subnets)) {
      if (!this.reported.has(service)) {
        this.reported.add(service);
        this.actions.services.event(task.service, { code: 'FARGATE_TASK_WAITING_FOR_ADDRESS', task: task.id });
      }
      this.schedule(task, this.timing.eniRetryMs, this.provision);
      return;
    }
    this.reported.delete(service);
    this.reportedShort.delete(shortKey(service, spot));
    this.count(task, +1);
    // EKS pods on Fargate also wait for the microVM to register as a node.
    const registration = task.service.kind === 'deployment' ? this.draw(this.timing.eksNodeRegistration) : 0;
    this.schedule(task, this.draw(this.timing.provision) + registration, this.onProvisioned);
  };

  /** A launch Fargate refused for want of capacity, tried again: through the quotas, as a new launch. */
  private readonly relaunch = (task: Task): void => {
    if (!this.beginStep(task)) return;
    this.gate.enqueue(task);
  };

  private readonly onProvisioned = (task: Task): void => {
    if (!this.beginStep(task)) return;
    this.actions.tasks.setStatus(task, 'PENDING', 'MICROVM_READY');
    this.retrieveResources(task, this.pull);
  };

  /** A pull attempt (the first, or an EKS pod's retry after ImagePullBackOff). */
  private readonly pull = (task: Task): void => {
    if (this.pullFails(task, this.pull)) return;
    let pull = 0;
    for (const c of task.taskDefinition.containers) {
      // The Service Connect agent is part of the Fargate platform: nothing to pull.
      if (c.preloaded === true) continue;
      // With a SOCI index only the bytes needed to start are fetched before the container runs.
      const mib = c.soci === true ? c.imageSizeMiB * this.timing.sociStartupFraction : c.imageSizeMiB;
      const index = c.soci === true ? this.draw(this.timing.sociIndexFetch) : 0;
      pull = Math.max(pull, this.draw(this.timing.registryOverhead) + index + toMillis((mib / this.timing.pullThroughputMiBps) * 1000));
    }
    this.actions.tasks.imagesReady(task, pull);
    this.afterPull(task, pull, () => this.containersStartIn(task, this.containerStartDraw));
  };

  /**
   * The service's subnets, those in the AZ with the fewest of its tasks first; an impaired AZ's
   * subnets are left out while Fargate launches nothing there (docs/models.md, "AZ impairment"),
   * and so are those of an AZ short of Fargate capacity for the task (`shortOfCapacity`: one was).
   */
  private subnetsByPreference(task: Task): { subnets: VpcSubnet[]; shortOfCapacity: boolean } {
    const wanted = this.serviceSubnets.get(task.service.name) ?? [];
    const impaired = this.actions.state.azImpairments;
    const shortages = this.actions.state.capacityShortages;
    const capacityType = task.capacityProvider === FARGATE_SPOT ? 'spot' : 'on-demand';
    const refused = impaired.size === 0 && shortages.length === 0 ? null : new Map<string, boolean>();
    let shortOfCapacity = false;
    const usable = (s: VpcSubnet): boolean => {
      if (refused === null) return true;
      let no = refused.get(s.az);
      if (no === undefined) {
        no = launchRefused(impaired, s.az, this.impairmentDraw);
        if (!no && shortages.length > 0 && fargateCapacityShort(shortages, s.az, capacityType, this.shortageDraw)) no = shortOfCapacity = true;
        refused.set(s.az, no);
      }
      return !no;
    };
    const subnets = this.actions.state.vpc.subnets.filter((s) => (wanted.length === 0 || wanted.includes(s.id)) && usable(s));
    const counts = this.perAz.get(task.service.name);
    const load = (s: VpcSubnet): number => counts?.get(s.az) ?? 0;
    const ordered = subnets.map((s, i) => ({ s, i })).sort((a, b) => load(a.s) - load(b.s) || a.i - b.i).map((x) => x.s);
    return { subnets: ordered, shortOfCapacity };
  }

  private count(task: Task, delta: number): void {
    const az = task.ipSubnet!.az;
    let m = this.perAz.get(task.service.name);
    if (m === undefined) this.perAz.set(task.service.name, (m = new Map()));
    m.set(az, (m.get(az) ?? 0) + delta);
  }

  private readonly containerStartDraw = (): number => this.draw(this.timing.containerStart);

  private draw(p: LogNormalParams): number {
    return toMillis(this.rng.logNormal(p.median, p.sigma));
  }
}

/** The key of a service's "no Fargate capacity" report: Fargate and Fargate Spot run short apart. */
function shortKey(service: string, spot: boolean): string {
  return spot ? `${service}/spot` : service;
}
