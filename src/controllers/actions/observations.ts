import type { ExpectationOutcome, TimelineSample } from '../../model/events/observation.js';
import type { ActionContext } from './context.js';

/** Observers report through the trace too: timeline samples and expectation outcomes. */
export class ObservationActions {
  constructor(private readonly ctx: ActionContext) {}

  timelineSampled(sample: TimelineSample): void {
    this.ctx.emit({ type: 'timeline.sampled', time: this.ctx.now, sample });
  }

  /** An expectation was checked (about `service`, or cluster-wide when null). */
  expectationChecked(expectation: ExpectationOutcome, service: string | null): void {
    this.ctx.emit({ type: 'expectation.checked', time: this.ctx.now, service, expectation });
  }
}
