/**
 * The EKS API server's API Priority and Fairness (APF) as fleetsim models it
 * (src/model/api-priority-fairness.ts, src/controllers/eks/api-server.ts).
 */
export interface ApiServerParams {
  /**
   * API server instances behind the cluster endpoint. Amazon EKS user guide, "Amazon EKS
   * architecture": "The control plane positions at least two API server instances and three etcd
   * instances across three AWS Availability Zones"; EKS best practices, "EKS Control Plane": "EKS
   * runs a minimum of two API server nodes in distinct Availability Zones". Standard mode scales
   * them with load, which fleetsim does not model (assumption: 2 for the whole run).
   */
  readonly servers: number;
  /**
   * Seats per server: kube-apiserver `--max-requests-inflight` (default 400) plus
   * `--max-mutating-requests-inflight` (default 200); with APF the sum is the server's concurrency
   * limit, split among priority levels (Kubernetes docs, "API Priority and Fairness": "the
   * overall concurrency limit ... is the sum of --max-requests-inflight and
   * --max-mutating-requests-inflight"). EKS does not document different values for standard mode
   * (assumption: the upstream defaults).
   */
  readonly seatsPerServer: number;
  /**
   * Nominal concurrency shares of the default (suggested) priority levels, from kube-apiserver's
   * bootstrap configuration (k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go):
   * a level's seats are ceil(server seats x shares / sum of shares) ("NominalCL(i) =
   * ceil(ServerCL * NCS(i) / sum_ncs)", Kubernetes docs, "API Priority and Fairness").
   * exempt has none (not limited); the sum over these is 245.
   */
  readonly shares: Readonly<Record<PriorityLevel, number>>;
  /**
   * Seat-seconds one request holds. APF's work estimator charges a GET or a mutating request 1
   * seat and a LIST `ceil(objects / 100)` seats, 1 to 10 (Kubernetes docs, "API Priority and
   * Fairness", Seats Occupied by a Request: "the number of seats ... is ... proportional to the
   * number of objects"; max 10 by default); how long it holds them depends on the object counts
   * and etcd: assumption, GET 10 ms, create/update/patch 25 ms, LIST 50 ms + 0.1 ms per object.
   */
  readonly getSeconds: number;
  readonly mutateSeconds: number;
  readonly listBaseSeconds: number;
  readonly listPerObjectSeconds: number;
  readonly listObjectsPerSeat: number;
  readonly listMaxSeats: number;
  /**
   * A 429 from APF carries `Retry-After: 1` (k8s.io/apiserver tooManyRequests responder), and
   * client-go's REST client sleeps for it and retries the same request up to 10 times
   * (rest.Request maxRetries, default 10) before returning the error to the caller.
   */
  readonly retryAfterMs: number;
  readonly clientMaxRetries: number;
  /**
   * When a controller gets the error after the client's retries, its work queue requeues the
   * object with the default controller rate limiter's per-item back-off: 5 ms doubling to
   * 1000 s (client-go workqueue.DefaultControllerRateLimiter).
   */
  readonly requeueBaseMs: number;
  readonly requeueMaxMs: number;
  /**
   * The controllers' own API demand in requests/s, at their client-side limits (an upper bound):
   * kube-controller-manager `--kube-api-qps` 20, kube-scheduler's client QPS 50 (component
   * defaults; EKS does not publish its settings: assumption).
   */
  readonly controllerManagerQps: number;
  readonly schedulerQps: number;
  /** client-go's default client-side rate limiter (rest.Config QPS 5, Burst 10). */
  readonly clientGoDefaultQps: number;
  readonly clientGoDefaultBurst: number;
}

/** The default priority levels that fleetsim's clients land in. */
export type PriorityLevel = 'system' | 'leader-election' | 'node-high' | 'workload-high' | 'workload-low' | 'global-default' | 'catch-all';

export const API_SERVER: ApiServerParams = {
  servers: 2,
  seatsPerServer: 600,
  shares: { system: 30, 'leader-election': 10, 'node-high': 40, 'workload-high': 40, 'workload-low': 100, 'global-default': 20, 'catch-all': 5 },
  getSeconds: 0.01,
  mutateSeconds: 0.025,
  listBaseSeconds: 0.05,
  listPerObjectSeconds: 0.0001,
  listObjectsPerSeat: 100,
  listMaxSeats: 10,
  retryAfterMs: 1_000,
  clientMaxRetries: 10,
  requeueBaseMs: 5,
  requeueMaxMs: 1_000_000,
  controllerManagerQps: 20,
  schedulerQps: 50,
  clientGoDefaultQps: 5,
  clientGoDefaultBurst: 10,
};
