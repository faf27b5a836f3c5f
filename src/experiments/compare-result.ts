import type { CostSummary } from '../report/cost.js';
import type { VariantInfo } from './compare-variants.js';
import type { SeedSpread } from './seed-spread.js';

/** The result of one variant in `fleetsim compare`: what its run showed, or its runs over seeds. */

/** What one variant's run showed. Seconds, counts, percent and USD; null where it does not apply. */
export interface VariantResult {
  readonly variant: VariantInfo;
  /**
   * Task creation to RUNNING, seconds: the first deployment's tasks (created when the service
   * was, on the capacity the variant starts with), and every task of the run split by whether
   * its image had to be pulled (cold) or was on the host already (cached; never on Fargate).
   */
  readonly startup: {
    readonly firstP50: number | null;
    readonly firstP90: number | null;
    readonly coldP50: number | null;
    readonly coldP90: number | null;
    readonly cachedP50: number | null;
    readonly cachedP90: number | null;
    readonly tasks: number;
  };
  /** The first traffic increase (seconds into the run), if the workload has one. */
  readonly stepAtS: number | null;
  /** Load change until the median new task of the first scale-out after the step served. */
  readonly scaleOutS: number | null;
  /** Failed requests (target and ELB 5XX) from the step until the load next fell (or the end). */
  readonly errorsDuringStep: number | null;
  readonly errorRateDuringStep: number | null;
  readonly nodesEnd: number;
  readonly nodesPeak: number;
  /** The workload's RUNNING tasks per node at the end (EC2 variants; null on Fargate or without nodes). */
  readonly tasksPerNode: number | null;
  /** vCPU the workload used / vCPU paid for (instances' or Fargate tasks'), over the projection window, percent. */
  readonly utilization: number | null;
  /** Most VPC addresses in use at once (hosts, ENIs, tasks, pods, warm pools). */
  readonly ipsPeak: number;
  readonly cost: CostSummary;
  readonly pendingAtEnd: number;
  readonly notes: readonly string[];
  /** Over several seeds (`seedCount`): each figure's p5, median and p95; the figures above are the medians. */
  readonly spread?: VariantSpread;
}

/** The figures of a variant's column that vary by seed, each read from one seed's run (null: the run has none); compare-seeds.ts combines them. */
export const COMPARE_FIGURES = {
  firstP50: (r) => r.startup.firstP50,
  firstP90: (r) => r.startup.firstP90,
  coldP50: (r) => r.startup.coldP50,
  coldP90: (r) => r.startup.coldP90,
  cachedP50: (r) => r.startup.cachedP50,
  cachedP90: (r) => r.startup.cachedP90,
  startupTasks: (r) => r.startup.tasks,
  scaleOutS: (r) => r.scaleOutS,
  errorsDuringStep: (r) => r.errorsDuringStep,
  errorRateDuringStep: (r) => r.errorRateDuringStep,
  nodesEnd: (r) => r.nodesEnd,
  nodesPeak: (r) => r.nodesPeak,
  tasksPerNode: (r) => r.tasksPerNode,
  utilization: (r) => r.utilization,
  ipsPeak: (r) => r.ipsPeak,
  pendingAtEnd: (r) => r.pendingAtEnd,
  runUsd: (r) => r.cost.totalUsd,
  monthlyUsd: (r) => r.cost.monthly.totalUsd,
} as const satisfies Record<string, (r: VariantResult) => number | null>;

export type CompareFigure = keyof typeof COMPARE_FIGURES;

/** Each figure's spread over the seeds (null where no seed had a value). */
export type VariantSpread = Readonly<Record<CompareFigure, SeedSpread | null>>;
