import type { RandomStream } from '../../engine/rng.js';
import { Priority, type Simulation } from '../../engine/simulation.js';
import {
  classify,
  clientSideRate,
  maxMinShares,
  priorityLevelSeats,
  rejectedFraction,
  requestCost,
  type ApiClientIdentity,
  type ApiVerb,
  type FlowKey,
} from '../../model/api-priority-fairness.js';
import { cappedBackoffMs } from '../../model/backoff.js';
import type { ApiServerParams, PriorityLevel } from '../../model/params/api-server.js';
import type { ApiLoadSpec, TimedEventSpec } from '../../model/simulation-spec.js';
import type { ApiCall } from '../../model/events/service.js';
import type { Task } from '../../model/task.js';
import type { Actions } from '../actions/index.js';

/** The namespace fleetsim's workloads live in. */
const WORKLOAD_NAMESPACE = 'default';

/** The control plane's own callers whose calls fleetsim puts through the API server. */
export const REPLICASET_CONTROLLER: ApiClientIdentity = { name: 'replicaset-controller', kind: 'kube-controller-manager' };
export const KUBE_SCHEDULER: ApiClientIdentity = { name: 'kube-scheduler', kind: 'kube-scheduler' };

/** A controller call waiting for the API server to accept it. */
interface PendingCall {
  readonly task: Task;
  readonly client: ApiClientIdentity;
  readonly what: ApiCall;
  readonly then: (task: Task) => void;
  readonly wanted: (task: Task) => boolean;
}

interface Flow {
  readonly key: FlowKey;
  demand: number;
  readonly members: string[];
}

/**
 * The EKS API server's API Priority and Fairness (docs/models.md, "API server throttling"), as
 * rates, not requests: `api-load` events add a client calling at some rate; on every change the
 * rejected fraction of each flow is recomputed (src/model/api-priority-fairness.ts) and a
 * throttled client gets an `api.throttled` record with the 429 it sees. Controller calls that
 * matter to pods go through `call`: the ReplicaSet controller's pod creations (kube-scheduler
 * enqueues a pod once its create was accepted) and kube-scheduler's bindings. When their flow is
 * not throttled the call completes at once (no event, no draw: runs without api-load are
 * unchanged); otherwise each attempt is rejected with the flow's fraction (drawn from the
 * `api-server` stream), client-go sleeps Retry-After (1 s) and retries up to 10 times, and after
 * that the controller requeues with its work queue's back-off.
 */
export class ApiServer {
  private readonly active = new Set<ApiLoadSpec>();
  private readonly rejection = new Map<string, number>();
  /** Per flow: its priority level's seats and demand, for messages. */
  private readonly levelDemand = new Map<PriorityLevel, number>();
  /** Throttling already reported in this episode, per workload and call. */
  private readonly reported = new Set<string>();
  /**
   * Consecutive errors per work-queue key (the workload's ReplicaSet, or the scheduler's pod
   * queue per workload): the rate limiter's per-item back-off grows with them and resets when a
   * call of that key succeeds (the queue's Forget).
   */
  private readonly errors = new Map<string, number>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly params: ApiServerParams,
    private readonly events: readonly TimedEventSpec[],
    private readonly rng: RandomStream,
  ) {}

  static needed(events: readonly TimedEventSpec[]): boolean {
    return events.some((e) => e.kind === 'api-load');
  }

  start(): void {
    for (const e of this.events) if (e.kind === 'api-load') this.sim.at(e.at, this.begin, e.load, Priority.StateChange);
  }

  /** The fraction of requests of `client` on objects in `namespace` that get 429 right now. */
  rejectedFraction(client: ApiClientIdentity, namespace: string): number {
    if (this.rejection.size === 0) return 0;
    return this.rejection.get(this.flowOf(client, namespace)) ?? 0;
  }

  /** Flow names of the controllers' calls, classified once (a call allocates nothing). */
  private readonly flows = new Map<ApiClientIdentity, string>();

  private flowOf(client: ApiClientIdentity, namespace: string): string {
    if (namespace !== WORKLOAD_NAMESPACE) return classify(client, namespace).flow;
    let flow = this.flows.get(client);
    if (flow === undefined) this.flows.set(client, (flow = classify(client, namespace).flow));
    return flow;
  }

  /**
   * A controller's API call about `task`: `then(task)` runs when the API server has accepted it
   * (at once when its flow is not throttled), unless `wanted(task)` is false by then.
   */
  call(client: ApiClientIdentity, verb: ApiVerb, what: ApiCall, task: Task, then: (task: Task) => void, wanted: (task: Task) => boolean): void {
    if (this.rejectedFraction(client, WORKLOAD_NAMESPACE) <= 0) return then(task);
    void verb; // every controller call fleetsim routes here is a create (pods, pods/binding)
    this.attempt({ task, client, what, then, wanted });
  }

  private readonly attempt = (p: PendingCall): void => {
    if (!p.wanted(p.task)) return;
    const r = this.rejectedFraction(p.client, WORKLOAD_NAMESPACE);
    let rejected = 0;
    if (r > 0) while (rejected <= this.params.clientMaxRetries && this.rng.random() < r) rejected++;
    const service = p.task.service;
    const tag = `${service.name}/${p.client.name}`;
    if (rejected === 0) {
      this.errors.delete(tag);
      return p.then(p.task);
    }
    const key = classify(p.client, WORKLOAD_NAMESPACE);
    if (!this.reported.has(tag)) {
      this.reported.add(tag);
      this.actions.services.event(service, {
        code: 'API_THROTTLED',
        client: p.client.name,
        call: p.what,
        retryAfterMs: this.params.retryAfterMs,
        priorityLevel: key.priorityLevel,
        flow: key.flow,
        sharedWith: this.sharers(key),
        rejectedFraction: r,
      });
    }
    if (rejected <= this.params.clientMaxRetries) {
      this.errors.delete(tag);
      this.sim.after(rejected * this.params.retryAfterMs, this.complete, p, Priority.StateChange);
      return;
    }
    // Every attempt rejected: client-go returns the error after its retries' sleeps.
    this.sim.after(this.params.clientMaxRetries * this.params.retryAfterMs, this.failed, p, Priority.StateChange);
  };

  /** The controller got the 429 error: it records FailedCreate/FailedBinding and requeues with its back-off. */
  private readonly failed = (p: PendingCall): void => {
    if (!p.wanted(p.task)) return;
    const service = p.task.service;
    const tag = `${service.name}/${p.client.name}`;
    const errors = (this.errors.get(tag) ?? 0) + 1;
    this.errors.set(tag, errors);
    if (!this.reported.has(`${tag}/failed`)) {
      this.reported.add(`${tag}/failed`);
      this.actions.services.event(service, { code: 'API_CALL_FAILED', client: p.client.name, call: p.what, retries: this.params.clientMaxRetries });
    }
    const backOff = cappedBackoffMs(this.params.requeueBaseMs, this.params.requeueMaxMs, errors - 1);
    this.sim.after(backOff, this.attempt, p, Priority.StateChange);
  };

  private readonly complete = (p: PendingCall): void => {
    if (p.wanted(p.task)) p.then(p.task);
  };

  /** The noisy clients in the flow (the controllers' call shares it with them). */
  private sharers(key: FlowKey): string[] {
    const names: string[] = [];
    for (const l of this.active) if (classify({ name: l.client, kind: 'serviceaccount', namespace: l.namespace }, l.targetNamespace).flow === key.flow) names.push(l.client);
    return names;
  }

  private readonly begin = (load: ApiLoadSpec): void => {
    this.active.add(load);
    const rate = clientSideRate(load.qps, load.rateLimit?.qps ?? null);
    const key = classify({ name: load.client, kind: 'serviceaccount', namespace: load.namespace }, load.targetNamespace);
    this.actions.faults.injected({ kind: 'api-load', load, rate, user: key.user, flowSchema: key.flowSchema, priorityLevel: key.priorityLevel, flow: key.flow });
    if (load.durationMs !== null) this.sim.after(load.durationMs, this.end, load, Priority.StateChange);
    this.recompute();
  };

  private readonly end = (load: ApiLoadSpec): void => {
    this.active.delete(load);
    this.actions.faults.ended({ kind: 'api-load', client: load.client });
    this.recompute();
  };

  /** Rejected fraction per flow, from every active client's and the controllers' demand. */
  private recompute(): void {
    const flows = new Map<string, Flow>();
    const add = (key: FlowKey, demand: number, member: string): void => {
      let f = flows.get(key.flow);
      if (f === undefined) flows.set(key.flow, (f = { key, demand: 0, members: [] }));
      f.demand += demand;
      f.members.push(member);
    };
    add(classify(REPLICASET_CONTROLLER, WORKLOAD_NAMESPACE), this.params.controllerManagerQps * requestCost(this.params, 'create'), REPLICASET_CONTROLLER.name);
    add(classify(KUBE_SCHEDULER, WORKLOAD_NAMESPACE), this.params.schedulerQps * requestCost(this.params, 'create'), KUBE_SCHEDULER.name);
    for (const l of this.active) {
      const rate = clientSideRate(l.qps, l.rateLimit?.qps ?? null);
      add(classify({ name: l.client, kind: 'serviceaccount', namespace: l.namespace }, l.targetNamespace), rate * requestCost(this.params, l.verb, l.objects), l.client);
    }
    const before = new Map(this.rejection);
    this.rejection.clear();
    this.levelDemand.clear();
    const levels = new Map<PriorityLevel, Flow[]>();
    for (const f of flows.values()) {
      let list = levels.get(f.key.priorityLevel);
      if (list === undefined) levels.set(f.key.priorityLevel, (list = []));
      list.push(f);
      this.levelDemand.set(f.key.priorityLevel, (this.levelDemand.get(f.key.priorityLevel) ?? 0) + f.demand);
    }
    for (const [level, list] of levels) {
      const seats = priorityLevelSeats(this.params, level);
      const shares = maxMinShares(seats, list.map((f) => f.demand));
      list.forEach((f, i) => {
        const r = rejectedFraction(f.demand, shares[i]!);
        if (r > 0) this.rejection.set(f.key.flow, r);
      });
    }
    if (this.rejection.size === 0) this.reported.clear();
    // A throttled noisy client sees 429s: one record per client per change of its fraction.
    for (const l of this.active) {
      const key = classify({ name: l.client, kind: 'serviceaccount', namespace: l.namespace }, l.targetNamespace);
      const r = this.rejection.get(key.flow) ?? 0;
      if (r === (before.get(key.flow) ?? 0)) continue;
      const seats = priorityLevelSeats(this.params, key.priorityLevel);
      const demand = this.levelDemand.get(key.priorityLevel) ?? 0;
      const others = flows.get(key.flow)!.members.filter((m) => m !== l.client);
      this.actions.controlPlane.apiThrottled({
        client: l.client,
        user: key.user,
        priorityLevel: key.priorityLevel,
        flow: key.flow,
        seats,
        demand,
        rejectedFraction: r,
        sharedWith: others,
        retryAfterMs: this.params.retryAfterMs,
      });
    }
  }
}
