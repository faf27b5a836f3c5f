import { Priority, type Simulation } from '../../engine/simulation.js';
import { HPA_SYNC_PERIOD_MS, objectMetricKey, type HpaSpec } from '../../model/hpa-spec.js';
import type { MinuteMetrics } from '../../model/events/traffic.js';
import type { TaskLoad } from '../../model/load.js';
import type { Service } from '../../model/service.js';
import type { Task } from '../../model/task.js';
import { computeHpaDecision, EMPTY_HPA_HISTORY, type HpaHistory, type HpaPod } from '../../policy/autoscaling/hpa.js';
import type { Actions } from '../actions/index.js';

/** The load each serving pod of a workload carries right now, and its closed minutes (the load driver). */
export interface PodLoadSource {
  current(service: string): TaskLoad | undefined;
  /** The workload's closed minutes of traffic, oldest first. */
  minutes(service: string): readonly MinuteMetrics[];
}

/**
 * The value of the Object metric `requests-per-second` of the workload's Ingress or Service: its
 * requests in the last closed minute, per second. An assumption standing for a custom metrics
 * adapter (prometheus-adapter over the ingress controller's request counter, or a CloudWatch
 * adapter over the ALB's RequestCount): a one-minute rate, without the adapter's own scrape
 * delay. Undefined before the first minute closes: the adapter has nothing to report yet.
 */
function requestsPerSecond(minutes: readonly MinuteMetrics[]): number | undefined {
  const last = minutes[minutes.length - 1];
  return last === undefined ? undefined : last.requests / 60;
}

/**
 * An idle pod still uses some CPU (runtime, health checks): the share of its request it uses
 * when it serves no traffic yet. An assumption; it keeps warming pods from reading as zero.
 */
const IDLE_CPU_FRACTION = 0.02;

/**
 * The HorizontalPodAutoscaler controller for one workload. metrics-server scrapes the pods'
 * CPU every resolution (15 s); a pod appears in the metrics only from the scrape after it
 * started (a rate needs two samples). Every 15 s (the HPA sync period) the controller runs the
 * autoscaling/v2 algorithm (src/policy/autoscaling/hpa.ts) over the latest scrape and sets the
 * Deployment's replicas.
 */
export class HorizontalPodAutoscaler {
  private history: HpaHistory = EMPTY_HPA_HISTORY;
  /** The latest scrape: CPU usage (shares) per pod. */
  private scrape = new Map<Task, number>();
  private lastScrapeAt = -1;
  /** The keys of the spec's Object metrics (each is the workload's requests per second). */
  private readonly objectMetricKeys: readonly string[];

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    /** The scaled service's name: the service itself exists once the run has started. */
    private readonly serviceName: string,
    private readonly spec: HpaSpec,
    private readonly load: PodLoadSource,
    private readonly resolutionMs: number,
  ) {
    this.objectMetricKeys = spec.metrics.flatMap((m) => (m.type === 'Object' ? [objectMetricKey(m)] : []));
  }

  /** The scaled service (the run creates services before it starts the autoscalers). */
  private get service(): Service {
    return this.actions.state.services.get(this.serviceName)!;
  }

  start(): void {
    this.sim.every(this.resolutionMs, this.scrapeMetrics, { start: 0, priority: Priority.Observation });
    this.sim.every(HPA_SYNC_PERIOD_MS, this.sync, { start: HPA_SYNC_PERIOD_MS, priority: Priority.Decision });
  }

  private readonly scrapeMetrics = (): void => {
    const load = this.load.current(this.service.name);
    const next = new Map<Task, number>();
    for (const pod of this.service.tasks) {
      if (pod.status !== 'RUNNING' || pod.runningAt === null) continue;
      // A CPU rate needs two samples: a pod shows up from the scrape after it started.
      if (this.lastScrapeAt < 0 || pod.runningAt > this.lastScrapeAt) continue;
      const utilization = pod.serving && load !== undefined ? Math.max(load.utilization, IDLE_CPU_FRACTION) : IDLE_CPU_FRACTION;
      next.set(pod, utilization * pod.cpu);
    }
    this.scrape = next;
    this.lastScrapeAt = this.sim.now;
  };

  private readonly sync = (): void => {
    const pods: HpaPod[] = [];
    for (const t of this.service.tasks) {
      const running = t.status === 'RUNNING';
      const usage = this.scrape.get(t);
      pods.push({
        name: t.id,
        phase: running || t.status === 'STOPPING' ? 'Running' : 'Pending',
        terminating: t.status === 'STOPPING',
        ready: running && t.healthyAt !== null,
        startedAt: t.runningAt ?? t.createdAt,
        readySince: t.healthyAt,
        requests: { cpu: t.cpu, memoryMiB: t.memoryMiB },
        metrics: usage === undefined ? null : { cpu: usage },
      });
    }
    const current = this.service.desiredCount;
    const decision = computeHpaDecision({
      now: this.sim.now,
      currentReplicas: current,
      spec: this.spec,
      pods,
      history: this.history,
      ...(this.objectMetricKeys.length === 0 ? {} : { objectMetrics: this.objectMetrics() }),
    });
    this.history = decision.history;
    if (!decision.rescale) return;
    const reason = decision.rescaleReason ?? decision.reason;
    this.actions.scaling.scaled(this.service, current, decision.desiredReplicas, { autoscaler: 'hpa', reason, metrics: decision.perMetric });
    this.actions.services.setDesiredCount(this.service, decision.desiredReplicas, { code: 'HPA', reason });
  };

  /** The Object metrics' values now: each is the workload's requests per second (the only Object metric the scenario format accepts). */
  private objectMetrics(): Record<string, number> {
    const rps = requestsPerSecond(this.load.minutes(this.serviceName));
    const values: Record<string, number> = {};
    if (rps !== undefined) for (const key of this.objectMetricKeys) values[key] = rps;
    return values;
  }
}
