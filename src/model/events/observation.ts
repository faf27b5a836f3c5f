import type { Bound, ServiceMetric } from '../simulation-spec.js';

/** Trace events of the observers: timeline samples and expectation outcomes. */

/** One timeline.csv row, taken by the sampler (an observer) at `time`. */
export interface TimelineSample {
  readonly hostsActive: number;
  readonly cpuCapacityVcpu: number;
  readonly cpuAllocatedVcpu: number;
  readonly memoryCapacityMiB: number;
  readonly memoryAllocatedMiB: number;
  readonly services: readonly ServiceSample[];
  readonly subnets: readonly SubnetSample[];
}

export interface SubnetSample {
  readonly id: string;
  /** Addresses neither reserved by AWS nor allocated. */
  readonly free: number;
  readonly allocated: number;
  /** Aligned /28 blocks still entirely free (what prefix delegation can take). */
  readonly freePrefixes: number;
}

export interface ServiceSample {
  readonly name: string;
  readonly desired: number;
  readonly unplaced: number;
  readonly pending: number;
  readonly running: number;
}

/** What an expectation observed, one item per thing it checks. */
export type Observation =
  /** The expectation names a service that does not exist. */
  | { readonly kind: 'missing-service'; readonly service: string }
  /** A metric's value, and whether it is within the bound. */
  | { readonly kind: 'bound'; readonly metric: ServiceMetric; readonly value: number; readonly ok: boolean; readonly bound: Bound }
  /** The `reason:` text, and when an event's wording first contained it (null: never). */
  | { readonly kind: 'reason'; readonly reason: string; readonly seenAt: number | null };

export interface ExpectationOutcome {
  readonly index: number;
  readonly label: string;
  readonly passed: boolean;
  readonly observed: readonly Observation[];
}

export interface TimelineSampled {
  readonly type: 'timeline.sampled';
  readonly time: number;
  readonly sample: TimelineSample;
}

export interface ExpectationChecked {
  readonly type: 'expectation.checked';
  readonly time: number;
  /** The service it is about (null: cluster-wide). */
  readonly service: string | null;
  readonly expectation: ExpectationOutcome;
}

export type ObservationEvent = TimelineSampled | ExpectationChecked;
