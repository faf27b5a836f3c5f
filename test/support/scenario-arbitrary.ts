import fc from 'fast-check';

/**
 * fast-check arbitraries of whole scenarios, written as the YAML users write (the scenario
 * format is the stable interface; the compiler fills in everything else), for property tests.
 *
 * They draw both platforms and most of what can move: ECS services on EC2 (bridge, with and
 * without dynamic host ports, and awsvpc with or without ENI trunking) and on Fargate (some on
 * Fargate Spot); EKS managed node groups, Deployments and the VPC CNI (secondary IPs or prefix
 * delegation), with or without Karpenter; and timed events: scaling, deployments of new
 * revisions and faults (instance failure, SIGKILL to tasks once or at a rate, node NotReady for
 * a while or for good, Spot reclaim). What they leave out on purpose: placement constraints,
 * affinities, taints, fixed host ports and tiny subnets, so that "a task fits on a host" can be
 * judged from resources alone (see `placeableOn` in invariants.property.test.ts).
 */

/** A generated scenario: its YAML and the instant after which nothing disturbs the cluster any more. */
export interface RandomScenario {
  readonly yaml: string;
  /** Seconds: the end of the last event (a fault's `until`, a NotReady node's `duration`). */
  readonly lastDisturbanceS: number;
  /** Seconds: the run's duration (`lastDisturbanceS` plus the settle time). */
  readonly durationS: number;
}

/** How long the cluster gets after the last disturbance to settle: replacements, evictions, Karpenter. */
export const SETTLE_S = 20 * 60;

/** Events fall in the first quarter hour. */
const EVENT_WINDOW_S = 15 * 60;

const AZS = ['us-east-1a', 'us-east-1b'] as const;
const SUBNETS = `  vpc:
    subnets:
      - { id: sa, az: us-east-1a, cidr: 10.0.0.0/20 }
      - { id: sb, az: us-east-1b, cidr: 10.0.16.0/20 }`;

// x86 only: tasks and pods without a runtimePlatform run on any of them.
const EC2_TYPES = ['t3.medium', 'm5.large', 'c5.xlarge', 'r5.large'] as const;
/** Valid Fargate task sizes (cpu units, MiB). */
const FARGATE_SIZES = [
  [256, 512],
  [512, 1024],
  [1024, 2048],
  [2048, 4096],
] as const;

type Fault =
  | { readonly kind: 'nodeFailure'; readonly count: number }
  | { readonly kind: 'taskKill'; readonly target: number; readonly count: number; readonly repeat: Repeat | null; readonly forS: number }
  | { readonly kind: 'nodeNotReady'; readonly count: number; readonly durationS: number | null }
  | { readonly kind: 'spotInterruption'; readonly count: number };

/** A fault repeated for `forS`: every `everyS`, or as Poisson arrivals at `perHour`. */
type Repeat = { readonly everyS: number } | { readonly perHour: number };

type Change = { readonly kind: 'scale'; readonly target: number; readonly to: number } | { readonly kind: 'deploy'; readonly target: number };

interface TimedEvent {
  readonly atS: number;
  readonly what: Change | Fault;
}

const atS = fc.integer({ min: 0, max: EVENT_WINDOW_S });

function changes(maxCount: number): fc.Arbitrary<Change> {
  return fc.oneof(
    fc.record({ kind: fc.constant('scale' as const), target: fc.nat(), to: fc.integer({ min: 0, max: maxCount }) }),
    fc.record({ kind: fc.constant('deploy' as const), target: fc.nat() }),
  );
}

const taskKill = fc.record({
  kind: fc.constant('taskKill' as const),
  target: fc.nat(),
  count: fc.integer({ min: 1, max: 3 }),
  // Once, or for `forS` at a rate: periodic, or Poisson (its gaps from the stream faults/<index>).
  repeat: fc.option(fc.oneof(fc.record({ everyS: fc.integer({ min: 30, max: 300 }) }), fc.record({ perHour: fc.integer({ min: 2, max: 60 }) })), { nil: null }),
  forS: fc.integer({ min: 60, max: 600 }),
});

const nodeFailure = fc.record({ kind: fc.constant('nodeFailure' as const), count: fc.integer({ min: 1, max: 2 }) });
/** EKS: kubelets lose the API server (for good, sometimes: the node lifecycle controller evicts their pods). */
const nodeNotReady = fc.record({ kind: fc.constant('nodeNotReady' as const), count: fc.integer({ min: 1, max: 2 }), durationS: fc.option(fc.integer({ min: 10, max: 900 }), { nil: null, freq: 3 }) });
/**
 * ECS: container agents disconnect, always for a while: an agent that never reconnects keeps its
 * tasks' stops waiting for good, as in ECS (a deployment stuck on it), so the cluster never settles.
 */
const ecsNodeNotReady = fc.record({ kind: fc.constant('nodeNotReady' as const), count: fc.integer({ min: 1, max: 2 }), durationS: fc.integer({ min: 10, max: 900 }) });

/** The ECS half: Auto Scaling groups, services on EC2 and Fargate, their events. */
const ecsScenario = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    trunking: fc.boolean(),
    // Spot instances (docs/models.md, "Spot interruptions"), drained on a notice or not.
    groups: fc.array(fc.record({ type: fc.constantFrom(...EC2_TYPES), n: fc.integer({ min: 0, max: 4 }), market: fc.constantFrom('on-demand', 'on-demand', 'spot', 'spot-draining') }), { minLength: 1, maxLength: 3 }),
    services: fc.array(
      fc.record({
        launch: fc.constantFrom('bridge', 'bridge-ports', 'awsvpc', 'fargate', 'fargate-spot'),
        cpu: fc.constantFrom(128, 256, 512, 1024, 2048),
        memory: fc.constantFrom(128, 512, 1024, 3072),
        fargateSize: fc.constantFrom(...FARGATE_SIZES),
        desired: fc.integer({ min: 0, max: 20 }),
        image: fc.constantFrom('a', 'b', 'c'),
        // (minimumHealthyPercent, maximumPercent) pairs that let a deployment stop or start a
        // task at every desired count: with maximumPercent 100 and any minimum above 0, a
        // service of one task can do neither, and ECS stalls the deployment ("unable to stop or
        // start tasks during a deployment because of the service deployment configuration").
        rolling: fc.constantFrom([100, 200], [50, 200], [0, 100], [0, 200]),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    events: fc.array(fc.record({ atS, what: fc.oneof(changes(30), changes(30), nodeFailure, taskKill, ecsNodeNotReady, fc.record({ kind: fc.constant('spotInterruption' as const), count: fc.integer({ min: 1, max: 3 }) })) }), { maxLength: 6 }),
  })
  .map((r): RandomScenario => {
    const names = r.services.map((_, i) => `svc${i}`);
    const services = r.services.map((s, i) => {
      const fargate = s.launch === 'fargate' || s.launch === 'fargate-spot';
      const [cpu, memory] = fargate ? s.fargateSize : [s.cpu, s.memory];
      const launch =
        s.launch === 'fargate'
          ? '    launchType: FARGATE\n'
          : s.launch === 'fargate-spot'
            ? '    capacityProviderStrategy:\n      - { capacityProvider: FARGATE, base: 1, weight: 1 }\n      - { capacityProvider: FARGATE_SPOT, weight: 2 }\n'
            : '';
      const networkMode = s.launch === 'awsvpc' ? '      networkMode: awsvpc\n' : '';
      const ports = s.launch === 'bridge-ports' ? ', portMappings: [{ containerPort: 8080 }]' : '';
      return `  - serviceName: ${names[i]}
${launch}    desiredCount: ${s.desired}
    deploymentConfiguration: { minimumHealthyPercent: ${s.rolling[0]}, maximumPercent: ${s.rolling[1]} }
    taskDefinition:
      cpu: ${cpu}
      memory: ${memory}
${networkMode}      containerDefinitions: [{ name: app, image: "${s.image}:1", imageSize: 100MB${ports} }]`;
    });
    const hasSpot = r.services.some((s) => s.launch === 'fargate-spot') || r.groups.some((g) => g.market !== 'on-demand');
    const events = r.events.filter((e) => e.what.kind !== 'spotInterruption' || hasSpot);
    const groups = r.groups.map((g, i) =>
      g.market === 'on-demand'
        ? `    - { name: g${i}, instanceType: ${g.type}, desiredCapacity: ${g.n} }`
        : `    - { name: g${i}, desiredCapacity: ${g.n}, mixedInstancesPolicy: { launchTemplate: { overrides: [{ instanceType: ${g.type} }] }, instancesDistribution: { onDemandPercentageAboveBaseCapacity: 0 } }${g.market === 'spot-draining' ? ', spotInstanceDraining: true' : ''} }`,
    );
    return scenario(
      events,
      (e) => eventLine(e, names, 'ecs'),
      (durationS) => `name: property-ecs
seed: ${r.seed}
duration: ${durationS}s
cluster:
  platform: ecs
  availabilityZones: [${AZS.join(', ')}]
  awsvpcTrunking: ${r.trunking}
${SUBNETS}
  autoScalingGroups:
${groups.join('\n')}
services:
${services.join('\n')}
`,
    );
  });

/** The EKS half: node groups and/or Karpenter, Deployments, maybe a DaemonSet, the VPC CNI, their events. */
const eksScenario = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    prefixDelegation: fc.boolean(),
    // Spot node groups: managed (EKS drains them) or self-managed (nothing does).
    groups: fc.array(fc.record({ type: fc.constantFrom(...EC2_TYPES), n: fc.integer({ min: 0, max: 4 }), market: fc.constantFrom('on-demand', 'on-demand', 'spot', 'spot-self-managed') }), { minLength: 0, maxLength: 2 }),
    karpenter: fc.option(
      fc.record({
        capacityTypes: fc.constantFrom<readonly string[]>(['on-demand'], ['spot'], ['spot', 'on-demand']),
        families: fc.subarray(['c5', 'm5', 'r5'], { minLength: 1 }),
        cpuLimit: fc.option(fc.constantFrom(8, 16, 64), { nil: null, freq: 2 }),
        consolidation: fc.constantFrom('WhenEmpty', 'WhenUnderutilized'),
      }),
      { nil: null, freq: 2 },
    ),
    workloads: fc.array(
      fc.record({
        cpuMillis: fc.constantFrom(100, 250, 500, 1000, 2000),
        memoryMi: fc.constantFrom(128, 512, 1024, 3072),
        replicas: fc.integer({ min: 0, max: 20 }),
        image: fc.constantFrom('a', 'b', 'c'),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    // A DaemonSet on every node: its requests come off each node's allocatable (and its pod address off the pool without hostNetwork).
    daemonSet: fc.option(fc.record({ cpuMillis: fc.constantFrom(50, 200), memoryMi: fc.constantFrom(64, 256), hostNetwork: fc.boolean() }), { nil: null, freq: 2 }),
    events: fc.array(
      fc.record({
        atS,
        what: fc.oneof(
          changes(30),
          changes(30),
          nodeFailure,
          taskKill,
          nodeNotReady,
          fc.record({ kind: fc.constant('spotInterruption' as const), count: fc.integer({ min: 1, max: 2 }) }),
        ),
      }),
      { maxLength: 6 },
    ),
  })
  .filter((r) => r.groups.length > 0 || r.karpenter !== null)
  .map((r): RandomScenario => {
    const names = r.workloads.map((_, i) => `wl${i}`);
    const workloads = r.workloads.map(
      (w, i) => `  - kind: Deployment
    name: ${names[i]}
    replicas: ${w.replicas}
    containers: [{ name: app, image: "${w.image}:1", imageSize: 100MB, resources: { requests: { cpu: ${w.cpuMillis}m, memory: ${w.memoryMi}Mi } } }]`,
    );
    const d = r.daemonSet;
    if (d !== null) {
      workloads.push(`  - kind: DaemonSet
    name: agent
    hostNetwork: ${d.hostNetwork}
    containers: [{ name: agent, image: "agent:1", imageSize: 50MB, resources: { requests: { cpu: ${d.cpuMillis}m, memory: ${d.memoryMi}Mi } } }]`);
    }
    const market = (g: { market: string }): string => (g.market === 'on-demand' ? '' : `, capacityType: SPOT${g.market === 'spot-self-managed' ? ', managed: false' : ''}`);
    const groups = r.groups.length === 0 ? '' : `  nodeGroups:\n${r.groups.map((g, i) => `    - { name: ng${i}, instanceType: ${g.type}, desiredSize: ${g.n}${market(g)} }`).join('\n')}\n`;
    const k = r.karpenter;
    const karpenter =
      k === null
        ? ''
        : `  karpenter:
    nodePools:
      - name: default
        requirements:
          - { key: kubernetes.io/arch, operator: In, values: [amd64] }
          - { key: karpenter.sh/capacity-type, operator: In, values: [${k.capacityTypes.join(', ')}] }
          - { key: karpenter.k8s.aws/instance-family, operator: In, values: [${k.families.join(', ')}] }
          - { key: karpenter.k8s.aws/instance-size, operator: In, values: [large, xlarge, 2xlarge] }
${k.cpuLimit === null ? '' : `        limits: { cpu: "${k.cpuLimit}" }\n`}        disruption: { consolidationPolicy: ${k.consolidation} }
`;
    // Spot reclaim on EKS hits Karpenter's spot nodes and Spot node groups' nodes; without either there are none.
    const events = r.events.filter((e) => e.what.kind !== 'spotInterruption' || (k !== null && k.capacityTypes.includes('spot')) || r.groups.some((g) => g.market !== 'on-demand'));
    return scenario(
      events,
      (e) => eventLine(e, names, 'eks'),
      (durationS) => `name: property-eks
seed: ${r.seed}
duration: ${durationS}s
cluster:
  platform: eks
  coreDns: false
  availabilityZones: [${AZS.join(', ')}]
${SUBNETS}
  cni: { prefixDelegation: ${r.prefixDelegation} }
${groups}${karpenter}workloads:
${workloads.join('\n')}
`,
    );
  });

/** ECS and EKS scenarios, half and half. */
export const randomScenario: fc.Arbitrary<RandomScenario> = fc.oneof(ecsScenario, eksScenario);

/**
 * The scenario: `head(duration)` (everything but the events), then the events in time order.
 * The run lasts until the last disturbance ends plus the settle time.
 */
function scenario(events: readonly TimedEvent[], line: (e: TimedEvent) => string, head: (durationS: number) => string): RandomScenario {
  const sorted = [...events].sort((a, b) => a.atS - b.atS);
  let lastDisturbanceS = 0;
  for (const e of sorted) lastDisturbanceS = Math.max(lastDisturbanceS, endOf(e));
  const durationS = lastDisturbanceS + SETTLE_S;
  const eventLines = sorted.length === 0 ? 'events: []\n' : `events:\n${sorted.map((e) => `  - ${line(e)}`).join('\n')}\n`;
  return { yaml: `${head(durationS)}${eventLines}`, lastDisturbanceS, durationS };
}

function endOf(e: TimedEvent): number {
  const w = e.what;
  if (w.kind === 'taskKill' && w.repeat !== null) return e.atS + w.forS;
  if (w.kind === 'nodeNotReady' && w.durationS !== null) return e.atS + w.durationS;
  return e.atS;
}

/** `at: 90s` plus, for a fault at a rate, `until` and `every` or `ratePerHour`. */
function timing(e: TimedEvent): string {
  const w = e.what;
  if (w.kind !== 'taskKill' || w.repeat === null) return `at: ${e.atS}s`;
  const rate = 'everyS' in w.repeat ? `every: ${w.repeat.everyS}s` : `ratePerHour: ${w.repeat.perHour}`;
  return `at: ${e.atS}s, until: ${e.atS + w.forS}s, ${rate}`;
}

/** One `events:` entry in the platform's wording (ECS services, EKS workloads). */
function eventLine(e: TimedEvent, names: readonly string[], platform: 'ecs' | 'eks'): string {
  const w = e.what;
  const target = (i: number): string => names[i % names.length]!;
  const owner = platform === 'ecs' ? 'service' : 'workload';
  switch (w.kind) {
    case 'scale':
      return `{ ${timing(e)}, scale: { ${owner}: ${target(w.target)}, ${platform === 'ecs' ? 'desiredCount' : 'replicas'}: ${w.to} } }`;
    case 'deploy':
      return `{ ${timing(e)}, deploy: { service: ${target(w.target)}, image: "v${e.atS}:2" } }`;
    case 'nodeFailure':
      return `{ ${timing(e)}, nodeFailure: { count: ${w.count} } }`;
    case 'taskKill':
      return `{ ${timing(e)}, taskKill: { ${owner}: ${target(w.target)}, count: ${w.count} } }`;
    case 'nodeNotReady':
      return `{ ${timing(e)}, nodeNotReady: { count: ${w.count}${w.durationS === null ? '' : `, duration: ${w.durationS}s`} } }`;
    case 'spotInterruption':
      return `{ ${timing(e)}, spotInterruption: { count: ${w.count} } }`;
  }
}
