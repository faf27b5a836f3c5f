/** `expect:` blocks: what must hold at a time (or at the end) for a scenario to pass. */
import { Closed, Count, Duration, Optional, Type } from './fields.js';

/** Bounds on a value: any of at least, at most, exactly. */
const Range = Closed({ min: Optional(Count({ description: 'At least.' })), max: Optional(Count({ description: 'At most.' })), equals: Optional(Count({ description: 'Exactly.' })) }, { minProperties: 1 });

/** An exact value or a Range; `description` is what error messages say the field expects. */
const Bound = (description: string) => Type.Union([Count(), Range], { description });

/** Bounds on an amount of money, USD (not whole). */
const UsdRange = (description: string) =>
  Closed(
    {
      min: Optional(Type.Number({ minimum: 0, description: 'At least.' })),
      max: Optional(Type.Number({ minimum: 0, description: 'At most.' })),
    },
    { minProperties: 1, description },
  );

/** A fraction of the seeds run, 0 to 1. */
const Fraction = (description: string) => Type.Number({ minimum: 0, maximum: 1, description });

/** How often the expectation holds over seeds; judged by `fleetsim run --seeds` (docs/risk.md). */
const Probability = Closed(
  {
    min: Optional(Fraction('It holds in at least this fraction of seeds (below 1: one that always holds needs no probability).')),
    max: Optional(Fraction('It holds in at most this fraction of seeds (above 0).')),
  },
  {
    minProperties: 1,
    description:
      'How often it holds over seeds, e.g. {min: 0.7}: judged by `fleetsim run --seeds` with a 95 % Wilson interval; a single run records whether it held but judges nothing (docs/risk.md). Without it the expectation must hold in every seed.',
  },
);

/** The accepted forms of a bound, as error messages quote them. */
const BOUND = 'An exact value, or bounds: {min, max, equals}.';

export const Expectation = Closed({
  at: Optional(Duration({ description: 'When to check; default: the end of the run.' })),
  service: Optional(Type.String({ description: 'An ECS service (or use workload).' })),
  workload: Optional(Type.String({ description: 'A Kubernetes workload (or use service).' })),
  desired: Optional(Bound(BOUND)),
  running: Optional(Bound(BOUND)),
  pending: Optional(Bound(BOUND)),
  unplaced: Optional(Bound(BOUND)),
  stopped: Optional(Bound(BOUND)),
  http5xx: Optional(Bound('Failed requests so far (ALB target and ELB 5XX), from the closed minutes.')),
  dropped: Optional(Bound('Requests in flight when their task was killed (SIGKILL at the stop timeout) or its deregistration delay ran out, so far.')),
  restarts: Optional(Bound('Containers restarted in place after a crash or OOM kill (Kubernetes restartCount, summed) so far.')),
  exits: Optional(Bound('Containers that exited on their own (crash, OOM kill) so far; on ECS each stops its task.')),
  scaleReversals: Optional(Bound('How often the desired count changed direction (flapping).')),
  azSkew: Optional(Bound('Tasks in the fullest AZ minus the emptiest (over AZs with hosts or subnets).')),
  revision: Optional(Bound("ECS: the PRIMARY deployment's task definition revision; EKS: the revision of the pod template being (or last) rolled out.")),
  primaryRunning: Optional(Bound("ECS: RUNNING tasks of the PRIMARY deployment's revision; EKS: RUNNING pods of the pod template's revision.")),
  rollbacks: Optional(Bound('Rollbacks so far: ECS circuit-breaker rollbacks, EKS rolloutUndo events.')),
  dnsFailures: Optional(Bound("EKS: the workload's requests that failed because a DNS lookup timed out (CoreDNS), so far, from the closed minutes.")),
  volumes: Optional(Bound("The workload's EBS volumes that exist (billed): provisioned and not deleted, a StatefulSet's bound and Released ones (a deleted claim's volume under reclaimPolicy Retain) and an ECS service's task volumes.")),
  hosts: Optional(Bound('Cluster-wide: hosts (instances, nodes) registered and not draining. Without service/workload.')),
  az: Optional(Type.String({ description: 'With hosts or running: count only those in this Availability Zone.' })),
  instanceType: Optional(
    Type.String({ minLength: 1, description: "With hosts or running: count only those on instances of this type; a trailing * matches a prefix ('g5.*', 'p4d.*')." }),
  ),
  ec2CostUsd: Optional(
    UsdRange(
      'Cluster-wide, without service/workload: what the EC2 instances cost so far, USD, {min, max}: the EC2 lines of cost.csv (per second from launch to termination, at least 60 s, the scenario\'s prices, spot and commitments applied).',
    ),
  ),
  reason: Optional(Type.String({ description: 'Text that an event about the service must contain by then.' })),
  since: Optional(Duration({ description: 'With reason: only events at or after this time count (default 0).' })),
  probability: Optional(Probability),
});
