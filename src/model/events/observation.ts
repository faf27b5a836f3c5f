import type { Bound, ProbabilityBound, ServiceMetric } from '../simulation-spec.js';
import type { EventDocs } from './docs.js';

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
  | { readonly kind: 'reason'; readonly reason: string; readonly seenAt: number | null }
  /** Its `at` is after the end of the run (ms), so it was never checked: it fails, never passes. */
  | { readonly kind: 'not-reached'; readonly endedAt: number };

export interface ExpectationOutcome {
  readonly index: number;
  readonly label: string;
  /** Whether it held in this run; for one with a `probability`, that is all a single run can say. */
  readonly passed: boolean;
  readonly observed: readonly Observation[];
  /** Its stated probability: present when the run cannot judge it (only a run over seeds can). */
  readonly probability?: ProbabilityBound;
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

export const OBSERVATION_EVENT_DOCS = {
  'timeline.sampled': {
    when: 'The timeline sampler takes a sample (every sample interval, and once at the end): timeline.csv. events.csv leaves it out.',
    fields: { sample: 'Active hosts, CPU and memory capacity and allocation, per service desired/unplaced/pending/running, per subnet free addresses and /28 prefixes.' },
    examples: [
      {
        type: 'timeline.sampled',
        time: 0,
        sample: {
          hostsActive: 2,
          cpuCapacityVcpu: 4,
          cpuAllocatedVcpu: 1,
          memoryCapacityMiB: 15_360,
          memoryAllocatedMiB: 2_048,
          services: [{ name: 'web', desired: 4, unplaced: 0, pending: 0, running: 4 }],
          subnets: [{ id: 'subnet-1', free: 240, allocated: 11, freePrefixes: 13 }],
        },
      },
    ],
  },
  'expectation.checked': {
    when: "A scenario's `expect` block is checked (at its `at`, or at the end of the run): summary.json's expectations.",
    fields: {
      service: 'The service it is about; null for a cluster-wide expectation.',
      expectation:
        'Its index and label, whether it passed, and what it observed: each bound with its value, the `reason:` text and when an event first said it; or, for one timed after the end of the run (its `at` past the duration or `--until`), that it was not reached (it fails). With a stated `probability`, `passed` says whether it held in this run, and the probability is given: one run does not judge it (docs/risk.md).',
    },
    examples: [
      {
        type: 'expectation.checked',
        time: 540_000,
        service: 'web',
        expectation: { index: 1, label: 'at 9m: web running = 10', passed: false, observed: [{ kind: 'bound', metric: 'running', value: 8, ok: false, bound: { equals: 10 } }] },
      },
      {
        type: 'expectation.checked',
        time: 540_000,
        service: null,
        expectation: { index: 2, label: 'cluster reason "InsufficientFreeAddressesInSubnet"', passed: true, observed: [{ kind: 'reason', reason: 'InsufficientFreeAddressesInSubnet', seenAt: 300_000 }] },
      },
      {
        type: 'expectation.checked',
        time: 600_000,
        service: 'web',
        expectation: { index: 3, label: 'at 20m: web running = 9', passed: false, observed: [{ kind: 'not-reached', endedAt: 600_000 }] },
      },
      {
        type: 'expectation.checked',
        time: 600_000,
        service: 'web',
        expectation: { index: 4, label: 'at end: web rollbacks >= 1, in at least 60 % of seeds', passed: true, observed: [{ kind: 'bound', metric: 'rollbacks', value: 1, ok: true, bound: { min: 1 } }], probability: { min: 0.6 } },
      },
    ],
  },
} satisfies EventDocs<ObservationEvent>;
