import type { VcpuClass } from '../ec2-vcpu-class.js';

/** The EC2 API actions that launch instances in fleetsim: Auto Scaling's and Karpenter's. */
export type LaunchAction = 'RunInstances' | 'CreateFleet';

/**
 * The account's EC2 launch quotas per Region (docs/models.md, "Service quotas"); a scenario's
 * `quotas.ec2` overrides them. Every launcher (Auto Scaling groups, managed node groups, ECS
 * capacity providers, Karpenter) shares them: they are the account's.
 */
export interface Ec2Quotas {
  /**
   * RunInstances resource token bucket: instances launched. "The resource token bucket size for
   * RunInstances is 1000 tokens, and the refill rate is two tokens per second. Therefore, you can
   * immediately launch 1000 instances, using any number of API requests ... After the resource
   * token bucket is empty, you can launch up to two instances every second" (EC2 Developer Guide,
   * "Request throttling for the Amazon EC2 API", resource rate limiting). fleetsim takes the
   * instances CreateFleet launches from the same bucket (the page lists it for RunInstances; that
   * instant fleets draw on it too is an assumption).
   */
  readonly instanceLaunchBurst: number;
  readonly instanceLaunchesPerSecond: number;
  /**
   * Request token buckets (API calls) of RunInstances and CreateFleet: one token a call. 50
   * tokens refilled at 5 a second each, the figures the same page gives mutating actions
   * (assumption: its per-action table could not be retrieved for this change; set your account's
   * values in `quotas.ec2`).
   */
  readonly runInstancesRequestBurst: number;
  readonly runInstancesRequestsPerSecond: number;
  readonly createFleetRequestBurst: number;
  readonly createFleetRequestsPerSecond: number;
  /**
   * On-Demand and Spot vCPU quotas per instance family class (EC2 User Guide, "Amazon EC2 service
   * quotas"). AWS sets them per account (Service Quotas shows yours; new accounts start low and
   * accelerated classes can start at 0), so no default is enforced: a class absent here is
   * unlimited, and the run says when its peak passed {@link EC2_VCPU_NOTICE}.
   */
  readonly onDemandVcpu: Readonly<Partial<Record<VcpuClass, number>>>;
  readonly spotVcpu: Readonly<Partial<Record<VcpuClass, number>>>;
}

export const EC2_QUOTAS: Ec2Quotas = {
  instanceLaunchBurst: 1_000,
  instanceLaunchesPerSecond: 2,
  runInstancesRequestBurst: 50,
  runInstancesRequestsPerSecond: 5,
  createFleetRequestBurst: 50,
  createFleetRequestsPerSecond: 5,
  onDemandVcpu: {},
  spotVcpu: {},
};

/**
 * vCPUs of one class running at once above which a run whose quota for the class is not set says
 * so (summary.json `ec2VcpuPeaks`, and a line in the printed summary). An assumption, not an AWS
 * figure: AWS documents no default vCPU quota (each account's is its own; new accounts start
 * lower, accelerated classes often at 0). 1,000 vCPUs is a fleet of 250 xlarge instances, past
 * what a new account's quota allows and close to what a team would check before relying on it.
 */
export const EC2_VCPU_NOTICE = 1_000;

/**
 * Karpenter's retry after EC2 throttled a launch (RequestLimitExceeded): the NodeClaim's launch
 * fails and controller-runtime requeues it with client-go's default per-item exponential back-off,
 * 5 ms doubling to at most 1,000 s (client-go workqueue DefaultControllerRateLimiter,
 * ItemExponentialFailureRateLimiter(5ms, 1000s)). fleetsim keeps one back-off for the
 * provisioner: it grows with each throttled round and resets after a round EC2 did not throttle.
 */
export const KARPENTER_LAUNCH_BACKOFF = { baseMs: 5, maxMs: 1_000_000 } as const;
