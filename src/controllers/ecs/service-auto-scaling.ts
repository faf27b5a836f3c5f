import { Priority, type Simulation } from '../../engine/simulation.js';
import type { ScalableTargetSpec, ServiceScalingMetric } from '../../model/service-autoscaling-spec.js';
import type { Service } from '../../model/service.js';
import type { MinuteMetrics } from '../../model/events/traffic.js';
import { datapointsNeeded, evaluateScalableTarget, INITIAL_SCALING_STATE, type ScalingState } from '../../policy/autoscaling/target-tracking.js';
import type { Actions } from '../actions/index.js';

/** Where the published one-minute datapoints of a service come from (the load driver). */
export interface MinuteMetricsSource {
  minutes(service: string): readonly MinuteMetrics[];
}

/**
 * ECS Service Auto Scaling (Application Auto Scaling on the service's desired count): once a
 * minute, with the datapoints CloudWatch has published by then, the scalable target's policies
 * are evaluated (src/policy/autoscaling/target-tracking.ts: alarms, cooldowns, several
 * policies) and the desired count is set. Memory utilization is not modelled, so policies on it
 * see no data and never act.
 */
export class ServiceAutoScaling {
  private state: ScalingState = INITIAL_SCALING_STATE;
  /** Datapoints the alarms can read: only these are copied out each minute, not the whole day. */
  private readonly window: number;

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    /** The scaled service's name: the service itself exists once the run has started. */
    private readonly serviceName: string,
    private readonly target: ScalableTargetSpec,
    private readonly metrics: MinuteMetricsSource,
    private readonly publicationDelayMs: number,
  ) {
    this.window = datapointsNeeded(target);
  }

  /** The scaled service (the run creates services before it starts the autoscalers). */
  private get service(): Service {
    return this.actions.state.services.get(this.serviceName)!;
  }

  start(): void {
    // Alarms evaluate each minute, once that minute's datapoint has been published.
    this.sim.every(60_000, this.evaluate, { start: 60_000 + this.publicationDelayMs, priority: Priority.Decision });
  }

  private readonly evaluate = (): void => {
    const minutes = this.metrics.minutes(this.service.name);
    let end = minutes.length;
    while (end > 0 && minutes[end - 1]!.endMs + this.publicationDelayMs > this.sim.now) end--;
    const visible = minutes.slice(Math.max(0, end - this.window), end);
    const series: Partial<Record<ServiceScalingMetric, number[]>> = {
      ECSServiceAverageCPUUtilization: visible.map((m) => m.cpuUtilization),
      ALBRequestCountPerTarget: visible.map((m) => m.requestCountPerTarget),
    };
    const current = this.service.desiredCount;
    const result = evaluateScalableTarget({ now: this.sim.now, currentCapacity: current, spec: this.target, metrics: series, state: this.state, scaleInSuspended: this.service.deployment.rolloutState === 'IN_PROGRESS' });
    this.state = result.state;
    if (result.desiredCapacity === current) return;
    const policy = result.activity?.policy ?? null;
    this.actions.scaling.scaled(this.service, current, result.desiredCapacity, { autoscaler: 'ecs', policy, decisions: result.decisions });
    this.actions.services.setDesiredCount(this.service, result.desiredCapacity, { code: 'APPLICATION_AUTO_SCALING', policy });
  };
}
