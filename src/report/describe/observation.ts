import { formatDuration } from '../../engine/time.js';
import type { ExpectationOutcome, Observation, ObservationEvent } from '../../model/events/observation.js';
import type { Bound } from '../../model/simulation-spec.js';
import { assertNever, type Wording } from './wording.js';

export const OBSERVATION_WORDING: Wording<ObservationEvent> = {
  'timeline.sampled': { entity: () => 'cluster', text: () => '' },
  'expectation.checked': {
    entity: (e) => `expect[${e.expectation.index}]`,
    text: (e) => `${describeVerdict(e.expectation)} ${e.expectation.label}: ${describeObserved(e.expectation)}`,
  },
};

/**
 * PASS or FAIL; for an expectation with a stated probability, which one run cannot judge,
 * `NOT JUDGED (held in this run)` or `NOT JUDGED (did not hold in this run)`.
 */
export function describeVerdict(x: Pick<ExpectationOutcome, 'passed' | 'probability'>): string {
  if (x.probability !== undefined) return `NOT JUDGED (${x.passed ? 'held' : 'did not hold'} in this run)`;
  return x.passed ? 'PASS' : 'FAIL';
}

/** What an expectation observed, e.g. `running = 18 (want >= 20), "ENI" first seen at 2m`. */
export function describeObserved(x: ExpectationOutcome): string {
  return x.observed.map(describeObservation).join(', ');
}

function describeObservation(o: Observation): string {
  switch (o.kind) {
    case 'missing-service':
      return `service ${o.service} does not exist`;
    case 'bound':
      return `${o.metric} = ${o.value}${o.ok ? '' : ` (want ${describeBound(o.bound)})`}`;
    case 'reason':
      return o.seenAt === null ? `no event said "${o.reason}"` : `"${o.reason}" first seen at ${formatDuration(o.seenAt)}`;
    case 'not-reached':
      return `not reached: the run ended at ${formatDuration(o.endedAt)}`;
    default:
      return assertNever(o);
  }
}

/** `>= 3 and <= 5`. */
export function describeBound(bound: Bound): string {
  const parts: string[] = [];
  if (bound.equals !== undefined) parts.push(`= ${bound.equals}`);
  if (bound.min !== undefined) parts.push(`>= ${bound.min}`);
  if (bound.max !== undefined) parts.push(`<= ${bound.max}`);
  return parts.join(' and ');
}
