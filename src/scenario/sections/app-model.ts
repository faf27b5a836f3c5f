/**
 * fleetsim's app model of a task's containers, shared by ECS task definitions, pod templates and
 * deploy events: readiness, health checks, stop semantics and app failures (docs/models.md).
 */
import type { AppFailureSpec } from '../../model/app-failure.js';
import { MAX_STOP_TIMEOUT_MS, SHUTDOWN_DEFAULTS, type HealthCheckSpec, type ShutdownSpec } from '../../model/task-definition.js';
import { DEFAULT_READY_AFTER } from '../schema/app-model.js';
import type { Static } from '../schema/fields.js';
import type { ContainerDefinition, EcsHealthCheck } from '../schema/task-definition.js';
import { ECS_HEALTH_CHECK_DEFAULTS } from '../schema/task-definition.js';
import type { LivenessProbe, ReadinessProbe } from '../schema/workloads.js';
import { PROBE_DEFAULTS } from '../schema/workloads.js';
import { parseByteQuantity, parseDuration } from '../units.js';
import type { Path, Problems } from './problems.js';

/** The app-model fields of a container, as ECS container definitions and pod containers give them. */
export type AppContainer = Pick<Static<typeof ContainerDefinition>, 'name' | 'image' | 'readyAfter' | 'handlesSigterm' | 'requestDuration' | 'crash' | 'memoryLeak' | 'imagePull' | 'healthEndpoint'> & {
  readonly stopTimeout?: number;
};

/** The app's readiness delay: the first container that sets `readyAfter`, else the default. */
export function readyAfterMs(containers: readonly AppContainer[], containerPath: (j: number) => Path, problems: Problems): number {
  const at = containers.findIndex((c) => c.readyAfter !== undefined);
  const value = at < 0 ? DEFAULT_READY_AFTER : containers[at]!.readyAfter!;
  return problems.need(parseDuration(value), [...containerPath(Math.max(0, at)), 'readyAfter']);
}

/** ECS container health check with its defaults (30 s, 5 s, 3 retries, no start period). */
export function ecsHealthCheck(raw: Static<typeof EcsHealthCheck>): HealthCheckSpec {
  const d = ECS_HEALTH_CHECK_DEFAULTS;
  return {
    kind: 'ecs-container',
    intervalMs: (raw.interval ?? d.interval) * 1000,
    initialDelayMs: 0,
    timeoutMs: (raw.timeout ?? d.timeout) * 1000,
    failureThreshold: raw.retries ?? d.retries,
    successThreshold: 1,
    startPeriodMs: (raw.startPeriod ?? d.startPeriod) * 1000,
  };
}

/** Kubernetes readiness probe with its defaults: no delay, every 10 s, 1 s timeout, 3 failures. */
export function readinessProbe(raw: Static<typeof ReadinessProbe>): HealthCheckSpec {
  const d = PROBE_DEFAULTS;
  return {
    kind: 'k8s-readiness',
    intervalMs: (raw.periodSeconds ?? d.periodSeconds) * 1000,
    initialDelayMs: (raw.initialDelaySeconds ?? d.initialDelaySeconds) * 1000,
    timeoutMs: (raw.timeoutSeconds ?? d.timeoutSeconds) * 1000,
    failureThreshold: raw.failureThreshold ?? d.failureThreshold,
    successThreshold: raw.successThreshold ?? d.successThreshold,
    startPeriodMs: 0,
  };
}

/** Kubernetes liveness probe: as readiness, but successThreshold "must be 1 for liveness". */
export function livenessProbe(raw: Static<typeof LivenessProbe>): HealthCheckSpec {
  return { ...readinessProbe(raw), kind: 'k8s-liveness', successThreshold: 1 };
}

/**
 * The task's stop semantics from its containers (and, for a pod, its grace period): the task
 * is gone when its last container is, so the largest stopTimeout counts and one container that
 * ignores SIGTERM keeps it until SIGKILL. The request duration is the first container's that
 * sets one, as for readyAfter. Undefined when nothing is set: the defaults apply.
 */
export function shutdownSpec(containers: readonly AppContainer[], containerPath: (j: number) => Path, gracePeriodSeconds: number | undefined, problems: Problems): ShutdownSpec | undefined {
  const stopTimeoutSet = containers.some((c) => c.stopTimeout !== undefined);
  const timed = containers.findIndex((c) => c.requestDuration !== undefined);
  if (gracePeriodSeconds === undefined && !stopTimeoutSet && !containers.some((c) => c.handlesSigterm !== undefined) && timed < 0) return undefined;
  let stopTimeoutMs = gracePeriodSeconds === undefined ? SHUTDOWN_DEFAULTS.stopTimeoutMs : gracePeriodSeconds * 1000;
  if (stopTimeoutSet) {
    stopTimeoutMs = 0;
    containers.forEach((c, j) => {
      const ms = c.stopTimeout === undefined ? SHUTDOWN_DEFAULTS.stopTimeoutMs : c.stopTimeout * 1000;
      // RegisterTaskDefinition's documented bound (Fargate: "The max stop timeout value is 120 seconds").
      if (ms > MAX_STOP_TIMEOUT_MS) problems.report([...containerPath(j), 'stopTimeout'], `stopTimeout is ${ms / 1000} seconds; ECS allows at most ${MAX_STOP_TIMEOUT_MS / 1000}`);
      stopTimeoutMs = Math.max(stopTimeoutMs, Math.min(ms, MAX_STOP_TIMEOUT_MS));
    });
  }
  const handlesSigterm = containers.every((c) => c.handlesSigterm !== false);
  const requestDurationMs = timed < 0 ? SHUTDOWN_DEFAULTS.requestDurationMs : problems.need(parseDuration(containers[timed]!.requestDuration), [...containerPath(timed), 'requestDuration']);
  return { stopTimeoutMs, handlesSigterm, requestDurationMs };
}

/** Where a leaking container is OOM-killed. */
export interface MemoryLimits {
  /** The container's own limit, MiB (ECS container `memory`, pod `resources.limits.memory`); undefined: none. */
  readonly own: (j: number) => number | undefined;
  /** The limit of a container without its own: the task's (pod's) memory, MiB; 0: none. */
  readonly task: number;
  /** What to set when neither exists, for the message. */
  readonly hint: string;
}

/**
 * The task's app failure model from its containers (docs/models.md, "Application failures and
 * back-off"). fleetsim models one app process per task, so one container may set `crash` and
 * one `memoryLeak`; `imagePull` names that container's image. A leak is OOM-killed at the
 * leaking container's own memory limit, else at the task's. Undefined when none is set: the app
 * never fails and no random draw is made.
 */
export function appFailureSpec(containers: readonly AppContainer[], containerPath: (j: number) => Path, limits: MemoryLimits, problems: Problems): AppFailureSpec | undefined {
  const only = (key: 'crash' | 'memoryLeak' | 'imagePull' | 'healthEndpoint'): number => {
    const at = containers.findIndex((c) => c[key] !== undefined);
    containers.forEach((c, j) => {
      if (j > at && c[key] !== undefined) {
        problems.report([...containerPath(j), key], `only one container may set ${key} (fleetsim models one app process per task; container ${containers[at]!.name} already does)`);
      }
    });
    return at;
  };
  const crashAt = only('crash');
  const leakAt = only('memoryLeak');
  const pullAt = only('imagePull');
  const healthAt = only('healthEndpoint');
  if (crashAt < 0 && leakAt < 0 && pullAt < 0 && healthAt < 0) return undefined;
  let spec: { -readonly [K in keyof AppFailureSpec]: AppFailureSpec[K] } = {};
  const crash = containers[crashAt]?.crash;
  if (crash !== undefined) {
    if (crash.onStartProbability !== undefined) spec = { ...spec, crashOnStartProbability: crash.onStartProbability };
    if (crash.after !== undefined) {
      const path = [...containerPath(crashAt), 'crash', 'after'];
      const parsed = parseDuration(crash.after);
      const ms = problems.need(parsed, path);
      if (parsed.ok && ms <= 0) problems.report(path, 'crash.after must be more than 0 (use onStartProbability: 1 for a crash at start)');
      spec = { ...spec, crashAfterMs: ms };
    }
  }
  const leak = containers[leakAt]?.memoryLeak;
  if (leak !== undefined) {
    const path = [...containerPath(leakAt), 'memoryLeak', 'perMinute'];
    const parsed = parseByteQuantity(leak.perMinute);
    const mib = problems.need(parsed, path);
    if (parsed.ok && mib <= 0) problems.report(path, 'memoryLeak.perMinute must be more than 0, e.g. 50MiB');
    const own = limits.own(leakAt);
    if ((own ?? limits.task) <= 0) problems.report([...containerPath(leakAt), 'memoryLeak'], `a memory leak ends in an OOM kill only under a memory limit: ${limits.hint}`);
    spec = { ...spec, leakMiBPerMinute: mib, ...(own === undefined ? {} : { memoryLimitMiB: own }) };
  }
  const pulling = containers[pullAt];
  if (pulling?.imagePull !== undefined) spec = { ...spec, imagePull: { image: pulling.image, fails: pulling.imagePull.fails } };
  const health = containers[healthAt]?.healthEndpoint;
  if (health !== undefined) {
    const failsAfterMs = health.failsAfter === undefined ? null : problems.need(parseDuration(health.failsAfter), [...containerPath(healthAt), 'healthEndpoint', 'failsAfter']);
    spec = { ...spec, healthEndpoint: { failsAfterMs, queuedWithRequests: health.queuedWithRequests === true } };
  }
  return spec;
}
