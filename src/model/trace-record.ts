import type { TraceRecord } from '../engine/trace.js';
import type { StopCode, TaskStatus } from './task.js';

/**
 * One line of fleetsim's trace. `entity` and `detail` are what events.csv prints; the optional
 * typed fields let reports build tasks.csv, timeline.csv and summary.json without touching
 * controllers or state.
 */
export interface FleetRecord extends TraceRecord {
  /** The thing it is about: a task id, host id, service name or `cluster`. */
  readonly entity: string;
  /** Human-readable explanation, e.g. an ECS service event message. */
  readonly detail: string;
  readonly service?: string;
  readonly host?: string;
  readonly az?: string;
  readonly status?: TaskStatus;
  readonly stopCode?: StopCode;
  /** host.launched: what was launched, how it is bought, and its Auto Scaling group or NodePool. */
  readonly instanceType?: string;
  readonly capacityType?: 'on-demand' | 'spot';
  readonly group?: string;
  /** task.created: the capacity provider the task was assigned to (FARGATE_SPOT, a group's). */
  readonly capacityProvider?: string;
  /** The number a record is about, e.g. the new desired count of `service.desired-count-changed`. */
  readonly value?: number;
  readonly sample?: TimelineSample;
  readonly expectation?: ExpectationOutcome;
  readonly minute?: MinuteMetrics;
}

/**
 * One service's traffic over one minute, as the ALB's and ECS's CloudWatch metrics report it
 * (RequestCount, HTTPCode_Target_5XX_Count, HTTPCode_ELB_5XX_Count, TargetResponseTime,
 * CPUUtilization, RequestCountPerTarget).
 */
export interface MinuteMetrics {
  readonly service: string;
  /** End of the minute, ms. */
  readonly endMs: number;
  readonly requests: number;
  readonly target5xx: number;
  readonly elb5xx: number;
  /** Mean response time of served requests, ms. */
  readonly targetResponseTimeMs: number;
  /** Average CPU utilization of the serving tasks' reservations, percent. */
  readonly cpuUtilization: number;
  /** Average number of serving tasks. */
  readonly servingTasks: number;
  readonly requestCountPerTarget: number;
}

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

export interface ExpectationOutcome {
  readonly index: number;
  readonly label: string;
  readonly passed: boolean;
  /** What was observed, e.g. `running = 18 (want >= 20)`. */
  readonly observed: string;
}
