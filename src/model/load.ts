/**
 * Traffic to a service and what it does to the tasks behind the load balancer.
 *
 * Requests per second over time come from a profile; each in-service task is modelled as a
 * processor-sharing server whose capacity is its CPU divided by the CPU one request costs
 * (M/M/1-PS: mean response time = service time / (1 - utilization)). Above full utilization the
 * excess is refused: those requests fail (the ALB reports them as target 5XX), and response times
 * sit at the saturation cap. Without a task in service the load balancer itself answers 503.
 */
export type RpsProfile =
  | { readonly kind: 'constant'; readonly rps: number }
  | { readonly kind: 'steps'; readonly steps: readonly { readonly atMs: number; readonly rps: number }[] }
  | { readonly kind: 'ramp'; readonly fromRps: number; readonly toRps: number; readonly startMs: number; readonly endMs: number }
  | { readonly kind: 'diurnal'; readonly minRps: number; readonly maxRps: number; readonly periodMs: number; readonly peakAtMs: number }
  | { readonly kind: 'spike'; readonly baseRps: number; readonly peakRps: number; readonly atMs: number; readonly durationMs: number }
  /** A recorded trace (time, rps), linear between points, flat after the last. */
  | { readonly kind: 'trace'; readonly points: readonly { readonly atMs: number; readonly rps: number }[] };

export interface LoadSpec {
  readonly rps: RpsProfile;
  /** CPU time one request costs, ms of one vCPU. */
  readonly cpuPerRequestMs: number;
  /** Response time of a request on an idle task, ms. */
  readonly baseLatencyMs: number;
  /**
   * EKS: DNS lookups one request makes through CoreDNS (src/model/dns.ts) and the name each
   * looks up (the pod's resolver expands it through its search list: more queries for a name
   * with fewer than ndots dots); absent: none (the request does not depend on cluster DNS).
   */
  readonly dns?: { readonly lookupsPerRequest: number; readonly name: string };
  /**
   * The relative per-vCPU performance (src/model/params/cpu-performance.ts) of the instance family
   * `cpuPerRequestMs` was measured on; absent: the cost is the same on every host (fleetsim's
   * behaviour without `measuredOn`). With it, a task whose vCPU is p times as fast spends
   * cpuPerRequestMs x reference / p.
   */
  readonly referencePerformance?: number;
}

/** What serving tasks of a service bring to `taskLoad` beyond their count. */
export interface ServingShape {
  /** The CPU each task serves requests with (its reservation less its mesh proxy's), vCPU. */
  readonly vcpu: number;
  /** How much faster than the load's reference their vCPUs are (1: as fast). */
  readonly speed: number;
  /** Latency the mesh proxies on a request's path add, ms (src/model/params/service-mesh.ts). */
  readonly addedLatencyMs: number;
  /** The CPU each task's mesh proxy reserves, vCPU (absent: 0, no proxy). */
  readonly proxyVcpu?: number;
  /** CPU the proxies on a request's path spend on it, ms of one reference vCPU (absent: 0). */
  readonly proxyCpuPerRequestMs?: number;
}

/** Requests per second the profile offers at time `t` (ms). */
export function rpsAt(p: RpsProfile, t: number): number {
  switch (p.kind) {
    case 'constant':
      return p.rps;
    case 'steps': {
      let rps = 0;
      for (const s of p.steps) if (s.atMs <= t) rps = s.rps;
      return rps;
    }
    case 'ramp':
      if (t <= p.startMs) return p.fromRps;
      if (t >= p.endMs) return p.toRps;
      return p.fromRps + ((p.toRps - p.fromRps) * (t - p.startMs)) / (p.endMs - p.startMs);
    case 'diurnal': {
      // A cosine wave: maxRps at peakAt, minRps half a period away.
      const phase = (2 * Math.PI * (t - p.peakAtMs)) / p.periodMs;
      return p.minRps + ((p.maxRps - p.minRps) * (1 + Math.cos(phase))) / 2;
    }
    case 'spike':
      return t >= p.atMs && t < p.atMs + p.durationMs ? p.peakRps : p.baseRps;
    case 'trace': {
      const pts = p.points;
      if (pts.length === 0) return 0;
      if (t <= pts[0]!.atMs) return pts[0]!.rps;
      // The first point at or after t, by binary search over the sorted points: a trace of a
      // million rows costs twenty steps per load tick, not a scan (docs/limits.md).
      let lo = 1;
      let hi = pts.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (t <= pts[mid]!.atMs) hi = mid;
        else lo = mid + 1;
      }
      if (lo === pts.length) return pts[pts.length - 1]!.rps;
      const a = pts[lo - 1]!;
      const b = pts[lo]!;
      return a.rps + ((b.rps - a.rps) * (t - a.atMs)) / Math.max(1, b.atMs - a.atMs);
    }
  }
}

/** Response times are capped here when a task is saturated (ms): a client or ALB timeout. */
export const SATURATED_LATENCY_CAP_MS = 30_000;

export interface TaskLoad {
  /** Offered requests per second per task. */
  readonly offeredRps: number;
  /** Served requests per second per task (at most its capacity). */
  readonly servedRps: number;
  /** CPU utilization of the task's reservation, 0..1. */
  readonly utilization: number;
  /** Mean response time of served requests, ms. */
  readonly latencyMs: number;
  /** Fraction of offered requests that fail (refused above capacity). */
  readonly errorFraction: number;
}

/**
 * A target's weight under ALB slow start: "the load balancer linearly increases the number of
 * requests sent to a new target ... up to its fair share during the slow start ramp-up window"
 * (AWS, "Application Load Balancer Announces Slow Start Support", 2018; ELB user guide, "Slow
 * start mode"): 0 when it enters slow start at `since`, 1 (a full share) from `since + slowStartMs`.
 */
export function slowStartWeight(now: number, since: number, slowStartMs: number): number {
  if (slowStartMs <= 0 || now >= since + slowStartMs) return 1;
  return Math.max(0, (now - since) / slowStartMs);
}

/**
 * The load on one of `tasks` identical tasks sharing `rps`, each with `vcpu` of CPU (a number), or
 * with a serving shape: CPU, vCPU speed against the load's reference, its mesh proxy.
 *
 * A proxy on the request's path spends CPU on every request (PROXY_CPU_PER_REQUEST_MS): first its
 * own reservation (kept for it, since its other traffic, calls between services, is not
 * modelled), the excess out of the app's, so a task serves at most min(app CPU / app cost,
 * task CPU / (app cost + proxy cost)) requests a second. `utilization` is what CloudWatch's
 * CPUUtilization and the HPA's Resource metric measure: CPU used by every container over the
 * task's (pod's) whole reservation, the proxy's included.
 */
export function taskLoad(spec: LoadSpec, rps: number, tasks: number, vcpu: number | ServingShape): TaskLoad {
  if (tasks <= 0) return { offeredRps: rps, servedRps: 0, utilization: 0, latencyMs: 0, errorFraction: rps > 0 ? 1 : 0 };
  const shape = typeof vcpu === 'number' ? null : vcpu;
  const speed = shape === null ? 1 : shape.speed;
  const cpu = shape === null ? (vcpu as number) : shape.vcpu * speed;
  const proxyCpu = shape === null ? 0 : (shape.proxyVcpu ?? 0) * speed;
  const proxyMs = shape === null ? 0 : (shape.proxyCpuPerRequestMs ?? 0);
  const added = shape === null ? 0 : shape.addedLatencyMs;
  const offered = rps / tasks;
  const appCapacity = (cpu * 1000) / spec.cpuPerRequestMs;
  const capacity = proxyMs === 0 ? appCapacity : Math.min(appCapacity, ((cpu + proxyCpu) * 1000) / (spec.cpuPerRequestMs + proxyMs));
  const rho = capacity <= 0 ? Number.POSITIVE_INFINITY : offered / capacity;
  const served = rho < 1 ? offered : capacity;
  // Without a proxy this is rho (1 when saturated), as it always was.
  const used = proxyCpu === 0 && proxyMs === 0 ? Math.min(rho, 1) : (served * (spec.cpuPerRequestMs + proxyMs)) / ((cpu + proxyCpu) * 1000);
  if (rho < 1) {
    return { offeredRps: offered, servedRps: offered, utilization: used, latencyMs: Math.min(SATURATED_LATENCY_CAP_MS, spec.baseLatencyMs / (1 - rho) + added), errorFraction: 0 };
  }
  return { offeredRps: offered, servedRps: capacity, utilization: used, latencyMs: SATURATED_LATENCY_CAP_MS, errorFraction: offered > 0 ? (offered - capacity) / offered : 0 };
}
