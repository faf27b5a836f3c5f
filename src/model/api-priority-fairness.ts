import type { ApiServerParams, PriorityLevel } from './params/api-server.js';

/**
 * API Priority and Fairness (APF) as a fluid model: pure functions, no state, no randomness.
 *
 * A request is classified by the first matching FlowSchema (by precedence) into a priority level
 * and a flow (the schema plus a distinguisher: the requesting user, or the namespace of the object
 * requested). Each level has its own seats; within a level, fair queuing gives each flow with
 * requests waiting an equal share of the seats, and a flow that wants less than its share gets
 * all it wants (max-min fairness, the fluid limit of APF's fair queuing). A flow that wants more
 * than it gets sees its queues fill up and the rest of its requests rejected with 429 Too Many
 * Requests: the rejected fraction of every request of that flow is `1 - allocation / demand`.
 * Demand is in seat-seconds per second: requests/s x seats x seconds each holds them.
 */

/** Who calls the API, as the default FlowSchemas see it. */
export interface ApiClientIdentity {
  /** A name for messages, e.g. `pod-watcher` or `replicaset-controller`. */
  readonly name: string;
  /**
   * `serviceaccount`: a pod's service account in `namespace` (operators, controllers in pods).
   * `kube-scheduler`, `kube-controller-manager`: the control plane's own users.
   * `user`: a human or CI identity (kubectl).
   */
  readonly kind: 'serviceaccount' | 'kube-scheduler' | 'kube-controller-manager' | 'user';
  /** The service account's namespace (serviceaccount only). */
  readonly namespace?: string;
}

export interface FlowKey {
  readonly flowSchema: string;
  readonly priorityLevel: PriorityLevel;
  /** The flow: schema plus distinguisher value. */
  readonly flow: string;
  /** For messages: `system:serviceaccount:kube-system:pod-watcher`. */
  readonly user: string;
}

/**
 * The default FlowSchemas (k8s.io/apiserver bootstrap `SuggestedFlowSchema*`) that fleetsim's
 * clients match: kube-scheduler (workload-high, ByNamespace), kube-system-service-accounts
 * (workload-high, precedence 900, ByNamespace), service-accounts (workload-low, 9000, ByUser),
 * global-default (global-default, 9900, ByUser). The ReplicaSet controller runs with its own
 * service account in kube-system (kube-controller-manager `--use-service-account-credentials`),
 * so it matches kube-system-service-accounts. ByNamespace distinguishes by the namespace of the
 * object requested (`""` for cluster-wide requests).
 */
export function classify(client: ApiClientIdentity, targetNamespace: string): FlowKey {
  switch (client.kind) {
    case 'kube-scheduler':
      return { flowSchema: 'kube-scheduler', priorityLevel: 'workload-high', flow: `kube-scheduler/${targetNamespace}`, user: 'system:kube-scheduler' };
    case 'kube-controller-manager':
    case 'serviceaccount': {
      const ns = client.kind === 'kube-controller-manager' ? 'kube-system' : (client.namespace ?? 'default');
      const user = `system:serviceaccount:${ns}:${client.name}`;
      if (ns === 'kube-system') return { flowSchema: 'kube-system-service-accounts', priorityLevel: 'workload-high', flow: `kube-system-service-accounts/${targetNamespace}`, user };
      return { flowSchema: 'service-accounts', priorityLevel: 'workload-low', flow: `service-accounts/${user}`, user };
    }
    case 'user':
      return { flowSchema: 'global-default', priorityLevel: 'global-default', flow: `global-default/${client.name}`, user: client.name };
  }
}

/** A priority level's seats over all API servers: ceil(server seats x shares / sum of shares) per server. */
export function priorityLevelSeats(params: ApiServerParams, level: PriorityLevel): number {
  let sum = 0;
  for (const k of Object.keys(params.shares) as PriorityLevel[]) sum += params.shares[k];
  return params.servers * Math.ceil((params.seatsPerServer * params.shares[level]) / sum);
}

export type ApiVerb = 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete';

/** Seat-seconds one request holds (APF's work estimate x how long it runs). */
export function requestCost(params: ApiServerParams, verb: ApiVerb, objects = 1): number {
  if (verb === 'get') return params.getSeconds;
  if (verb !== 'list') return params.mutateSeconds;
  const seats = Math.min(params.listMaxSeats, Math.max(1, Math.ceil(objects / params.listObjectsPerSeat)));
  return seats * (params.listBaseSeconds + params.listPerObjectSeconds * objects);
}

/**
 * Max-min fair shares of `capacity` among `demands` (water-filling): returns each demand's
 * allocation. Flows wanting less than an equal share get what they want; the rest split what is left.
 */
export function maxMinShares(capacity: number, demands: readonly number[]): number[] {
  const out = demands.map(() => 0);
  const order = demands.map((_, i) => i).sort((a, b) => demands[a]! - demands[b]! || a - b);
  let left = Math.max(0, capacity);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const share = left / (order.length - k);
    const give = Math.min(demands[i]!, share);
    out[i] = give;
    left -= give;
  }
  return out;
}

/** The fraction of a flow's requests rejected (429) when it gets `allocation` of its `demand`. */
export function rejectedFraction(demand: number, allocation: number): number {
  if (demand <= 0 || allocation >= demand) return 0;
  return 1 - allocation / demand;
}

/** A client-side token bucket (client-go flowcontrol) caps a client's sustained rate at its QPS. */
export function clientSideRate(offeredQps: number, limiterQps: number | null): number {
  return limiterQps === null ? offeredQps : Math.min(offeredQps, limiterQps);
}
