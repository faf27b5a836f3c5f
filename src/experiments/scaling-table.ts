import type { FleetEvent } from '../model/events/index.js';
import { ScalingTimeline, type ScaleOutRow } from '../report/scaling-timeline.js';
import { runSimulation } from '../run.js';
import { loadScenario } from '../scenario/load-scenario.js';
import { ECS_CONTROL_PLANE } from '../model/params/ecs-control-plane.js';
import { EKS_TIMING } from '../model/params/eks-timing.js';
import { formatOutside, medianInRange, seedSpread, seedsOutside, tableSeeds, type SeedSpread } from './seed-spread.js';

/**
 * The seed's "Scaling Speed" table (§8), reproduced: the same traffic step (the load triples)
 * on ECS Fargate with target tracking, on EKS with an HPA and Karpenter when the new pods need a
 * new node, and on EKS when nodes have spare capacity. Each case's first scale-out is split into
 * the phases the scaling timeline measures.
 */
export type ScalingCase = 'ECS Fargate' | 'EKS + Karpenter' | 'EKS, spare node capacity';
export type ScalingPhase = 'detection' | 'provisioning' | 'imagePull' | 'healthCheck' | 'total';

export const SCALING_PHASES: readonly { readonly phase: ScalingPhase; readonly label: string }[] = [
  { phase: 'detection', label: 'Metric detection' },
  { phase: 'provisioning', label: 'Capacity provisioning' },
  { phase: 'imagePull', label: 'Image pull' },
  { phase: 'healthCheck', label: 'Health check' },
  { phase: 'total', label: 'Total' },
];

/** The seed's ranges, seconds. (The seed gives none for the spare-capacity case: "pods schedule in seconds".) */
export const SEED_SCALING_RANGES: Readonly<Record<'ECS Fargate' | 'EKS + Karpenter', Readonly<Record<ScalingPhase, readonly [number, number]>>>> = {
  'ECS Fargate': { detection: [60, 120], provisioning: [15, 30], imagePull: [10, 60], healthCheck: [15, 30], total: [100, 240] },
  'EKS + Karpenter': { detection: [15, 30], provisioning: [60, 120], imagePull: [5, 30], healthCheck: [10, 30], total: [90, 210] },
};

const SUBNETS = `  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/20 }
      - { az: us-east-1b, cidr: 10.0.16.0/20 }
      - { az: us-east-1c, cidr: 10.0.32.0/20 }`;
// Each case starts at 50 % CPU on 4 tasks and then the load triples. ECS tasks of 0.5 vCPU at
// 40 ms of CPU per request serve 12.5 requests/s (4 x 12.5 x 50 % = 25 -> 75 requests/s); EKS
// pods of 0.8 vCPU serve 20 (40 -> 120), sized so that 4 of them fill two m6g.large nodes.
const load = (base: number): string => `    load:
      rps: { steps: [{ at: 0s, rps: ${base} }, { at: 10m, rps: ${base * 3} }] }
      cpuPerRequest: 40ms
      latency: 60ms
    loadBalancer: { healthCheckIntervalSeconds: 10, healthyThresholdCount: 2 }`;

export function scalingScenario(c: ScalingCase, seed: string): string {
  if (c === 'ECS Fargate') {
    return `name: scaling-ecs-fargate
seed: ${seed}
duration: 20m
cluster:
  platform: ecs
${SUBNETS}
services:
  - serviceName: api
    launchType: FARGATE
    desiredCount: 4
    taskDefinition:
      cpu: 512
      memory: 1024
      containerDefinitions:
        - { name: api, image: api:1, imageSize: 200MB, readyAfter: 5s, healthCheck: { interval: 10, timeout: 5, retries: 3 } }
${load(25)}
    autoScaling:
      minCapacity: 4
      maxCapacity: 20
      targetTracking:
        - { metric: ECSServiceAverageCPUUtilization, targetValue: 65, scaleOutCooldown: 60, scaleInCooldown: 300 }
        - { metric: ALBRequestCountPerTarget, targetValue: 1000, scaleOutCooldown: 60, scaleInCooldown: 300 }
`;
  }
  const spare = c === 'EKS, spare node capacity';
  return `name: scaling-eks
seed: ${seed}
duration: 20m
cluster:
  platform: eks
  coreDns: false
${SUBNETS}
  nodeGroups:
    - { name: base, instanceType: ${spare ? 'm6g.2xlarge' : 'm6g.large'}, desiredSize: ${spare ? 3 : 2}${spare ? ', cachedImages: [api:1]' : ''} }
  karpenter:
    nodePools:
      - name: default
        requirements:
          - { key: kubernetes.io/arch, operator: In, values: [arm64] }
          - { key: karpenter.sh/capacity-type, operator: In, values: [on-demand] }
          - { key: karpenter.k8s.aws/instance-family, operator: In, values: [m6g, c6g] }
workloads:
  - kind: Deployment
    name: api
    replicas: 4
    containers:
      - { name: api, image: api:1, imageSize: 200MB, readyAfter: 5s, readinessProbe: { periodSeconds: 5 }, resources: { requests: { cpu: 800m, memory: 1Gi } } }
${load(40)}
    horizontalPodAutoscaler:
      minReplicas: 4
      maxReplicas: 20
      metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 65 } } }]
`;
}

/** The first scale-out after the traffic step, phase by phase. */
export function measureScaleOut(c: ScalingCase, seed: string): ScaleOutRow {
  const loaded = loadScenario(`scaling-table:${c}`, scalingScenario(c, seed));
  if (!loaded.ok) throw new Error(`scaling scenario is invalid: ${loaded.diagnostics.map((d) => `${d.path}: ${d.message}`).join('; ')}`);
  const timeline = new ScalingTimeline();
  runSimulation(loaded.spec, { listeners: [(r: FleetEvent) => timeline.listener(r)] });
  const first = timeline.finish().find((r) => r.atS >= 600);
  if (first === undefined) throw new Error(`scaling table ${c}: no scale-out after the traffic step`);
  return first;
}

export function phaseValue(row: ScaleOutRow, phase: ScalingPhase): number | null {
  switch (phase) {
    case 'detection':
      return row.detectionS;
    case 'provisioning':
      return row.provisioningS;
    case 'imagePull':
      return row.imagePullS;
    case 'healthCheck':
      return row.healthCheckS;
    case 'total':
      return row.totalS;
  }
}

/** Where the real system differs from the seed's table, and why fleetsim follows the real one. */
export const SCALING_DISAGREEMENTS: readonly { readonly case: ScalingCase; readonly phase: ScalingPhase; readonly why: string }[] = [
  {
    case: 'ECS Fargate',
    phase: 'detection',
    why: 'Target tracking scales out only after 3 consecutive one-minute datapoints above target (the alarms Application Auto Scaling creates for ECS), and each datapoint is published after its minute ends: 3-4 minutes, not 60-120 s.',
  },
  {
    case: 'ECS Fargate',
    phase: 'total',
    why: 'Follows from the detection above: the rest of the path (microVM, pull, health, target registration) is about 60 s.',
  },
  {
    case: 'ECS Fargate',
    phase: 'provisioning',
    why: "The seed's own start-up table (Fargate cached image 10-15 s) bounds microVM + ENI provisioning near 10 s; its scaling table says 15-30 s. fleetsim keeps one Fargate provisioning model for both tables.",
  },
  {
    case: 'EKS + Karpenter',
    phase: 'imagePull',
    why: "The kubelet pulls an image once per node: of the new pods that land on one new node, the first pulls the 200 MB image (about 5-6 s, the start-up table's EKS EC2 throughput) and the others join that pull in flight and wait only its rest, so the median new pod waits 3-5 s over the seeds, just under the seed's 5 s. A single seed lands on either side of 5 s, which is why one seed's table said 'in range'.",
  },
];

/** What a timing note reads from the table as it is now: the phase's spread and the total's. */
export interface TimingNoteFigures {
  readonly phase: SeedSpread;
  readonly total: SeedSpread;
}

/**
 * Cells the control-plane timing (docs/models.md, "Control-plane timing"; issue 16) moved, and by
 * how much: the table says so under its cells. The figures from before are history, written in;
 * the figures of now are read from the table it is printed under, so a later change to the model
 * cannot leave a note that says other than its cells.
 */
export const SCALING_TIMING_NOTES: readonly { readonly case: ScalingCase; readonly phase: ScalingPhase; readonly note: (now: TimingNoteFigures) => string }[] = [
  {
    case: 'ECS Fargate',
    phase: 'provisioning',
    note: ({ phase, total }) =>
      `includes the ECS service scheduler acting ${ECS_CONTROL_PLANE.serviceSchedulerReactionMs / 1000} s after the desired count changes (src/model/params/ecs-control-plane.ts, an assumption: ECS publishes no figure); the median is ${seconds(phase.median)}, 10 s when the scheduler acted in the same instant, and the total's ${seconds(total.median)} (286 s before).`,
  },
  {
    case: 'EKS + Karpenter',
    phase: 'provisioning',
    note: ({ phase, total }) =>
      `includes the Deployment and ReplicaSet controllers' reactions, ${EKS_TIMING.workloadControllerReactionMs} ms each after the HPA scales (EKS_TIMING.workloadControllerReactionMs in src/model/params/eks-timing.ts, an assumption), before the new pods are pending; the median is ${seconds(phase.median)} (71 s before), the range ${range(phase)} (64-83 s before) and the total's ${range(total)} (123-140 s before).`,
  },
  {
    case: 'EKS, spare node capacity',
    phase: 'provisioning',
    note: ({ phase }) => `the same two controller reactions: the median is ${seconds(phase.median)} (1 s before), the range ${range(phase)} (1-1 s before).`,
  },
];

function seconds(x: number): string {
  return `${Math.round(x)} s`;
}

function range(spread: SeedSpread): string {
  return `${Math.round(spread.p5)}-${Math.round(spread.p95)} s`;
}

/** Seeds per case of the committed table: enough that its medians and verdicts do not move with the base seed (test/experiments/scaling-table.test.ts regenerates it with two). */
export const SCALING_TABLE_SEEDS = 21;

export interface ScalingTable {
  /** The seeds each case ran (seed-spread.ts: tableSeeds). */
  readonly seeds: readonly string[];
  /** Per case, its first scale-out after the step in each seed, in seed order. */
  readonly rows: readonly { readonly case: ScalingCase; readonly runs: readonly ScaleOutRow[] }[];
}

export const SCALING_CASES: readonly ScalingCase[] = ['ECS Fargate', 'EKS + Karpenter', 'EKS, spare node capacity'];

/** Every case over `count` seeds derived from `base` (`<base>-1` ..). */
export function runScalingTable(base = '1', count = SCALING_TABLE_SEEDS): ScalingTable {
  const seeds = tableSeeds(base, count);
  return { seeds, rows: SCALING_CASES.map((c) => ({ case: c, runs: seeds.map((seed) => measureScaleOut(c, seed)) })) };
}

/** One phase of one case over the seeds: its spread, and how many seeds fall outside `range` when given. */
export function phaseSpread(table: ScalingTable, c: ScalingCase, phase: ScalingPhase): SeedSpread | null {
  return seedSpread(phaseValues(table, c, phase));
}

function phaseValues(table: ScalingTable, c: ScalingCase, phase: ScalingPhase): (number | null)[] {
  return table.rows.find((r) => r.case === c)!.runs.map((run) => phaseValue(run, phase));
}

/** What a cell says: in range (judged on the median), explained below, or out of range. */
export type ScalingVerdict = 'in range' | 'differs' | 'out of range';

/** The verdict of a case's phase against the seed's range: judged on the median over the seeds. */
export function scalingVerdict(table: ScalingTable, c: 'ECS Fargate' | 'EKS + Karpenter', phase: ScalingPhase): ScalingVerdict {
  if (medianInRange(phaseSpread(table, c, phase), SEED_SCALING_RANGES[c][phase])) return 'in range';
  return SCALING_DISAGREEMENTS.some((d) => d.case === c && d.phase === phase) ? 'differs' : 'out of range';
}

export function renderScalingTable(table: ScalingTable, command: string): string {
  const f = (x: number): string => `${Math.round(x)}s`;
  const n = table.seeds.length;
  const cell = (c: ScalingCase, phase: ScalingPhase): string => {
    const spread = phaseSpread(table, c, phase);
    if (spread === null) return '-';
    const values = `**${f(spread.median)}** (${n === 1 ? 'one seed' : `${f(spread.p5)}-${f(spread.p95)}`})`;
    if (c === 'EKS, spare node capacity') return values;
    const verdict = scalingVerdict(table, c, phase);
    const outside = formatOutside(seedsOutside(phaseValues(table, c, phase), SEED_SCALING_RANGES[c][phase]), n);
    return `${values}${verdict === 'in range' ? (outside === '' ? '' : ` (in range${outside})`) : verdict === 'differs' ? ` (differs: see below${outside})` : ` (OUT OF RANGE${outside})`}`;
  };
  const lines: string[] = [];
  lines.push("# Scaling speed: the seed's table, reproduced");
  lines.push('');
  lines.push('The same traffic step on each platform: 4 tasks at 50 % CPU, then the load triples at minute 10');
  lines.push('(ECS: 0.5 vCPU tasks, 25 -> 75 requests/s; EKS: 0.8 vCPU pods, 40 -> 120). The first scale-out after');
  lines.push('the step, split into phases (medians over its new tasks; scaling.csv). Each fleetsim cell is the **median**');
  lines.push(`over ${n} seed${n === 1 ? '' : 's'} (${table.seeds[0]}${n === 1 ? '' : ` .. ${table.seeds[n - 1]}`}) with the p5-p95 range of the seeds beside it; a cell is in the`);
  lines.push("seed's range when its median is, and says how many single seeds would fall outside it.");
  lines.push(`Regenerate with \`${command}\`.`);
  lines.push('');
  lines.push('| Phase | ECS Fargate (seed) | ECS Fargate (fleetsim) | EKS + Karpenter (seed) | EKS + Karpenter (fleetsim) | EKS, spare capacity (fleetsim) |');
  lines.push('|---|---|---|---|---|---|');
  for (const { phase, label } of SCALING_PHASES) {
    const ecs = SEED_SCALING_RANGES['ECS Fargate'][phase];
    const eks = SEED_SCALING_RANGES['EKS + Karpenter'][phase];
    lines.push(`| ${label} | ${ecs[0]}-${ecs[1]}s | ${cell('ECS Fargate', phase)} | ${eks[0]}-${eks[1]}s | ${cell('EKS + Karpenter', phase)} | ${cell('EKS, spare node capacity', phase)} |`);
  }
  lines.push('');
  lines.push('What each phase measures: detection, from the load change to the autoscaler\'s decision; provisioning,');
  lines.push('from the decision until the new tasks\' containers could start (a new node, or a microVM and ENI);');
  lines.push('image pull; health check, from the containers starting until the task serves behind the load');
  lines.push('balancer; total, from the load change until the median new task serves.');
  lines.push('');
  lines.push('Where fleetsim differs from the seed, following AWS:');
  lines.push('');
  for (const d of SCALING_DISAGREEMENTS) lines.push(`- ${d.case}, ${d.phase}: ${d.why}`);
  lines.push('');
  lines.push('Where the control-plane timing (docs/models.md, "Control-plane timing") moved a cell:');
  lines.push('');
  for (const t of SCALING_TIMING_NOTES) {
    const phase = phaseSpread(table, t.case, t.phase);
    const total = phaseSpread(table, t.case, 'total');
    if (phase !== null && total !== null) lines.push(`- ${t.case}, ${t.phase}: ${t.note({ phase, total })}`);
  }
  lines.push('');
  lines.push('EKS with spare node capacity: "pods schedule in seconds", as the seed says; the images are already on the nodes.');
  return `${lines.join('\n')}\n`;
}
