/**
 * The bounds on what a scenario may ask for, in one place (docs/limits.md states each with its
 * source). Each is either a real quota or API range (the run would be refused by AWS or
 * Kubernetes too), or the simulator's measured capacity (the run would not fit in memory or
 * time on a developer's machine). A scenario over one is refused before the run starts, with the
 * field's position, the limit and, where it can be raised, how.
 */

/** The largest number a scenario field may hold: 2^53 - 1, the largest whole number a double counts exactly (and the clock's bound in ms). */
export const MAX_SCENARIO_NUMBER = Number.MAX_SAFE_INTEGER;

/** The AWS and Kubernetes APIs' integer type (Java `Integer`, Go `int32`): counts, sizes and seconds fields. */
export const MAX_API_INTEGER = 2_147_483_647;

/**
 * The longest run, ms: 366 days. A service with load and autoscaling costs about 32,000 events a
 * simulated day (load/diurnal-hpa.yaml over 30 days: 957,661 events, 6.6 s), so a year is about
 * 12 million events, within the default event limit of 50 million; longer runs are better split.
 */
export const MAX_DURATION_MS = 366 * 86_400_000;

/**
 * The most rows timeline.csv may get (duration / sampleInterval + 1). Measured: 1,000,000 rows of
 * one service write a 33 MB file, in 2.9 s on a quiet machine (13 s at a load average of 15) at
 * 200 MB peak; `sampleInterval: 1ms` over a day would be 86 million rows.
 */
export const MAX_TIMELINE_ROWS = 1_000_000;

/**
 * The most cells timeline.csv may get (rows x columns: 6, 4 per service, 2 per subnet): about
 * 330 MB at the 3.3 bytes a cell measured; the scale benchmark (1,000 services, a day at 5m) writes 1.2 million.
 */
export const MAX_TIMELINE_CELLS = 100_000_000;

/** ECS service quota "Tasks per service": the most tasks a service may run (its desired count); ECS refuses more. */
export const ECS_TASKS_PER_SERVICE = 5_000;

/** ECS service quota "Services per cluster". */
export const ECS_SERVICES_PER_CLUSTER = 5_000;

/** ECS service quota "Containers per task definition" (not adjustable). */
export const ECS_CONTAINERS_PER_TASK_DEFINITION = 10;

/** ECS service quota "Capacity providers per cluster" (not adjustable). */
export const ECS_CAPACITY_PROVIDERS_PER_CLUSTER = 20;

/**
 * The most tasks an ECS scenario's services may ask for together (the sum of each service's
 * largest desired count, from desiredCount, autoScaling.maxCapacity and scale events). Measured:
 * the scale benchmark's 1,000 services of maxCapacity 400 (400,000 together; 330,000 running at
 * the peak, 1.5 million task starts in a day) take 29 s and 1.7 GB.
 */
export const MAX_SCENARIO_TASKS = 400_000;

/**
 * The most pods an EKS scenario's workloads may ask for together (the sum of each workload's
 * largest replicas, from replicas, horizontalPodAutoscaler.maxReplicas and scale events): the
 * Kubernetes scalability threshold "no more than 150,000 total pods" (Considerations for large
 * clusters). Measured: 150,000 pods on 1,400 nodes schedule and start in 23 s at 344 MB.
 */
export const MAX_SCENARIO_PODS = 150_000;

/** Kubernetes workloads a scenario may have: as many as an ECS cluster's services (a simulator limit; each costs timers even at 0 replicas). */
export const MAX_WORKLOADS = 5_000;

/**
 * The most hosts a run may have at once (instances and nodes, launched and not terminated), unless
 * `--max-hosts` raises it: the scale benchmark's 100,000 hosts take 1.7 GB (results/bench.md).
 * Groups' desired sizes at the start must fit; growth past it during the run is capacity that
 * does not launch (`asg.capacity-short`, HOST_LIMIT), reported in the summary.
 */
export const DEFAULT_MAX_HOSTS = 100_000;

/** Amazon VPC quota "Subnets per VPC" (default). */
export const MAX_SUBNETS = 200;

/** Amazon EKS quota "Managed node groups per cluster" (default). */
export const EKS_NODE_GROUPS_PER_CLUSTER = 30;

/**
 * Amazon EKS quota "Nodes per managed node group" (EKS User Guide, "Amazon EKS service quotas"):
 * the EKS API's NodegroupScalingConfig `maxSize` is bounded by it ("For information about the
 * maximum number that you can specify, see Amazon EKS service quotas"), so CreateNodegroup and
 * UpdateNodegroupConfig refuse more. Self-managed node groups (`managed: false`) are plain Auto
 * Scaling groups without it.
 */
export const EKS_NODES_PER_MANAGED_NODE_GROUP = 450;

/** Amazon EC2 Auto Scaling quota "Auto Scaling groups per Region" (default). */
export const AUTO_SCALING_GROUPS_PER_REGION = 500;

/**
 * The most timed events (and, apart, expectations) in a file. The largest list in scenarios/ has
 * 9; a 1 MiB scenario holds about 17,000 one-line events and validates in 3.5 s.
 */
export const MAX_TIMED_EVENTS = 10_000;

/** The most expectations in a file (as for events). */
export const MAX_EXPECTATIONS = 10_000;

/**
 * The most fault arrivals a run may have from `every` and `ratePerHour` together (the expected
 * count of each: (until - at) / every, or ratePerHour x the hours): each is a fault with its
 * replacements. Measured: 100,000 task kills in an hour (every 36ms) run in 7.3 s at 260 MB.
 */
export const MAX_FAULT_ARRIVALS = 100_000;

/**
 * The highest event limit a run may set (scenario `maxEvents`, `--max-events`): at the measured
 * 300,000 events a second (results/bench.md) about an hour of computing.
 */
export const MAX_EVENT_LIMIT = 1_000_000_000;

/** `1,234,567`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
