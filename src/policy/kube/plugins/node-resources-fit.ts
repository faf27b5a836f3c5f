import type { Host } from '../../../model/host.js';
import {
  INSUFFICIENT_CPU,
  INSUFFICIENT_GPU,
  INSUFFICIENT_MEMORY,
  INSUFFICIENT_NEURON,
  INSUFFICIENT_NEURONCORE,
  INSUFFICIENT_POD_ENI,
  TOO_MANY_PODS,
  type FilterReason,
} from '../../../model/reasons/scheduling.js';
import type { NodeResourcesFitArgs, ResourceSpec, ScoringStrategyType, UtilizationShapePoint } from '../../../model/pod-scheduling-spec.js';
import { fail, readArray, readEnum, readInteger, readObject } from '../args.js';
import {
  hostShortfall,
  SHORT_OF_CPU,
  SHORT_OF_GPU,
  SHORT_OF_MEMORY,
  SHORT_OF_NEURON,
  SHORT_OF_NEURONCORE,
  SHORT_OF_POD_ENI,
  SHORT_OF_PODS,
  SHORTFALL_COMBINATIONS,
} from '../../resource-fit.js';
import { MAX_NODE_SCORE, type FilterPlugin, type PodInfo, type ScorePlugin, type Status } from '../framework.js';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';

/** The reasons of every combination of resourceShortfall bits, built once: a failing node allocates nothing. */
const REASONS: readonly (readonly FilterReason[])[] = Array.from({ length: SHORTFALL_COMBINATIONS }, (_, bits) =>
  Object.freeze([
    ...(bits & SHORT_OF_PODS ? [TOO_MANY_PODS] : []),
    ...(bits & SHORT_OF_CPU ? [INSUFFICIENT_CPU] : []),
    ...(bits & SHORT_OF_MEMORY ? [INSUFFICIENT_MEMORY] : []),
    ...(bits & SHORT_OF_GPU ? [INSUFFICIENT_GPU] : []),
    ...(bits & SHORT_OF_NEURON ? [INSUFFICIENT_NEURON] : []),
    ...(bits & SHORT_OF_NEURONCORE ? [INSUFFICIENT_NEURONCORE] : []),
    ...(bits & SHORT_OF_POD_ENI ? [INSUFFICIENT_POD_ENI] : []),
  ]),
);

/** kube-scheduler's reasons for a resourceShortfall / deviceShortfall bitmask (shared, frozen). */
export function shortfallReasons(bits: number): readonly FilterReason[] {
  return REASONS[bits]!;
}

/** MaxCustomPriorityScore: RequestedToCapacityRatio shape scores are 0..10, scaled by 10. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;
/** The resource weight range kube-scheduler accepts (MaxResourceWeight 100). */
const MAX_RESOURCE_WEIGHT = 100;

export const DEFAULT_RESOURCES: readonly ResourceSpec[] = Object.freeze([
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
]);

export const DEFAULT_NODE_RESOURCES_FIT_ARGS: NodeResourcesFitArgs = Object.freeze<NodeResourcesFitArgs>({
  scoringStrategy: { type: 'LeastAllocated', resources: DEFAULT_RESOURCES },
});

/**
 * NodeResourcesFit.
 *
 * Filter (fitsRequest): the pod count against the node's max pods ("Too many pods"), then cpu
 * and memory requests against allocatable minus requested ("Insufficient cpu", "Insufficient
 * memory"), then the extended resources the device plugins advertise ("Insufficient
 * nvidia.com/gpu"; src/model/devices.ts); a zero request is not checked. All failing resources
 * are reported.
 *
 * Score, per resource r with requested(r) = the node's non-zero requests + the pod's
 * (NonZeroRequested: a container without a request counts 100m CPU / 200 MiB, see
 * src/model/pod-requests.ts; filtering above uses the real requests) and capacity(r) =
 * allocatable, combined as the weighted mean over resources (integer arithmetic, as in Go):
 * - LeastAllocated (default): (capacity - requested) * 100 / capacity; 0 if requested > capacity.
 * - MostAllocated: requested * 100 / capacity, requested capped at capacity.
 * - RequestedToCapacityRatio: shape(utilization), utilization = requested * 100 / capacity
 *   (100 when over), shape piecewise linear through the points (scores x 10), resources scoring
 *   0 left out of the mean, which is rounded.
 * Sources: noderesources least_allocated.go, most_allocated.go, requested_to_capacity_ratio.go,
 * helper/shape_score.go; docs "Resource Bin Packing".
 */
export class NodeResourcesFit implements FilterPlugin, ScorePlugin {
  readonly name = NODE_RESOURCES_FIT;
  private readonly strategy: ScoringStrategyType;
  private readonly cpuWeight: number;
  private readonly memoryWeight: number;
  private readonly shapeU: number[];
  private readonly shapeS: number[];

  constructor(readonly args: NodeResourcesFitArgs = DEFAULT_NODE_RESOURCES_FIT_ARGS) {
    const s = args.scoringStrategy;
    this.strategy = s.type;
    this.cpuWeight = s.resources.find((r) => r.name === 'cpu')?.weight ?? 0;
    this.memoryWeight = s.resources.find((r) => r.name === 'memory')?.weight ?? 0;
    const shape = s.requestedToCapacityRatio?.shape ?? [];
    this.shapeU = shape.map((p) => p.utilization);
    this.shapeS = shape.map((p) => p.score * (MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE));
  }

  filterAll(pod: PodInfo, nodes: readonly Host[], count: number, statuses: Status[]): void {
    for (let i = 0; i < count; i++) if (statuses[i] === null) statuses[i] = this.filter(pod, nodes[i]!);
  }

  filter(pod: PodInfo, node: Host): Status {
    const bits = hostShortfall(node, pod.cpu, pod.memoryMiB, pod.devices);
    return bits === 0 ? null : REASONS[bits]!;
  }

  scoreAll(pod: PodInfo, nodes: readonly Host[], count: number, scores: Float64Array): void {
    if (this.strategy === 'LeastAllocated') {
      // The default strategy, unrolled: no switch per node.
      const wc = this.cpuWeight;
      const wm = this.memoryWeight;
      const ws = wc + wm;
      for (let i = 0; i < count; i++) {
        const node = nodes[i]!;
        const sum =
          leastRequested(node.nonZeroRequestedCpu + pod.nonZeroCpu, node.cpu) * wc + leastRequested(node.nonZeroRequestedMemoryMiB + pod.nonZeroMemoryMiB, node.memoryMiB) * wm;
        scores[i] = ws === 0 ? 0 : Math.floor(sum / ws);
      }
      return;
    }
    for (let i = 0; i < count; i++) scores[i] = this.score(pod, nodes[i]!);
  }

  score(pod: PodInfo, node: Host): number {
    const cpuReq = node.nonZeroRequestedCpu + pod.nonZeroCpu;
    const memReq = node.nonZeroRequestedMemoryMiB + pod.nonZeroMemoryMiB;
    const wc = this.cpuWeight;
    const wm = this.memoryWeight;
    switch (this.strategy) {
      case 'LeastAllocated': {
        const sum = leastRequested(cpuReq, node.cpu) * wc + leastRequested(memReq, node.memoryMiB) * wm;
        return wc + wm === 0 ? 0 : Math.floor(sum / (wc + wm));
      }
      case 'MostAllocated': {
        const sum = mostRequested(cpuReq, node.cpu) * wc + mostRequested(memReq, node.memoryMiB) * wm;
        return wc + wm === 0 ? 0 : Math.floor(sum / (wc + wm));
      }
      case 'RequestedToCapacityRatio': {
        let sum = 0;
        let weights = 0;
        if (wc > 0 && node.cpu !== 0) {
          const s = this.shape(utilization(cpuReq, node.cpu));
          if (s > 0) {
            sum += s * wc;
            weights += wc;
          }
        }
        if (wm > 0 && node.memoryMiB !== 0) {
          const s = this.shape(utilization(memReq, node.memoryMiB));
          if (s > 0) {
            sum += s * wm;
            weights += wm;
          }
        }
        return weights === 0 ? 0 : Math.round(sum / weights);
      }
    }
  }

  /** helper.BuildBrokenLinearFunction: first score below the first point, last above the last. */
  private shape(p: number): number {
    const u = this.shapeU;
    const s = this.shapeS;
    for (let i = 0; i < u.length; i++) {
      if (p <= u[i]!) {
        if (i === 0) return s[0]!;
        return s[i - 1]! + Math.trunc(((s[i]! - s[i - 1]!) * (p - u[i - 1]!)) / (u[i]! - u[i - 1]!));
      }
    }
    return s[s.length - 1]!;
  }
}

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

function mostRequested(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  const r = requested > capacity ? capacity : requested;
  return Math.floor((r * MAX_NODE_SCORE) / capacity);
}

/** scaledUtilization: requested * 100 / capacity in integers, clamped to [0, 100]. */
function utilization(requested: number, capacity: number): number {
  if (requested <= 0) return 0;
  if (requested >= capacity) return 100;
  return Math.floor((requested * 100) / capacity);
}

/** Validates `resources` lists (NodeResourcesFit and BalancedAllocation args). */
export function parseResources(value: unknown, path: string, weightRange: readonly [number, number]): readonly ResourceSpec[] {
  const list = readArray(value, path);
  if (list.length === 0) return DEFAULT_RESOURCES;
  const seen = new Set<string>();
  return list.map((item, i) => {
    const p = `${path}[${i}]`;
    const o = readObject(item, p, ['name', 'weight']);
    const name = readEnum(o.name, `${p}.name`, ['cpu', 'memory'] as const);
    if (seen.has(name)) fail(`${p}.name`, `duplicate resource '${name}'`);
    seen.add(name);
    // An unset or 0 weight means 1 (SetDefaults_NodeResourcesFitArgs).
    const weight = o.weight === undefined || o.weight === 0 ? 1 : readInteger(o.weight, `${p}.weight`, weightRange[0], weightRange[1]);
    return { name, weight };
  });
}

/** Validates NodeResourcesFitArgs as ValidateNodeResourcesFitArgs does (fleetsim models cpu and memory). */
export function parseNodeResourcesFitArgs(args: unknown, path: string): NodeResourcesFitArgs {
  if (args === undefined) return DEFAULT_NODE_RESOURCES_FIT_ARGS;
  const o = readObject(args, path, ['scoringStrategy']);
  if (o.scoringStrategy === undefined) return DEFAULT_NODE_RESOURCES_FIT_ARGS;
  const sp = `${path}.scoringStrategy`;
  const s = readObject(o.scoringStrategy, sp, ['type', 'resources', 'requestedToCapacityRatio']);
  const type =
    s.type === undefined ? 'LeastAllocated' : readEnum(s.type, `${sp}.type`, ['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'] as const);
  const resources = s.resources === undefined ? DEFAULT_RESOURCES : parseResources(s.resources, `${sp}.resources`, [1, MAX_RESOURCE_WEIGHT]);
  if (type !== 'RequestedToCapacityRatio') {
    if (s.requestedToCapacityRatio !== undefined) fail(`${sp}.requestedToCapacityRatio`, `only allowed with type RequestedToCapacityRatio`);
    return { scoringStrategy: { type, resources } };
  }
  const rp = `${sp}.requestedToCapacityRatio`;
  if (s.requestedToCapacityRatio === undefined) fail(rp, 'required with type RequestedToCapacityRatio');
  const r = readObject(s.requestedToCapacityRatio, rp, ['shape']);
  const points = readArray(r.shape, `${rp}.shape`);
  if (points.length === 0) fail(`${rp}.shape`, 'at least one point is required');
  let previous = -1;
  const shape: UtilizationShapePoint[] = points.map((item, i) => {
    const p = `${rp}.shape[${i}]`;
    const o2 = readObject(item, p, ['utilization', 'score']);
    const u = readInteger(o2.utilization, `${p}.utilization`, 0, 100);
    if (u <= previous) fail(`${p}.utilization`, 'utilization values must be sorted in increasing order');
    previous = u;
    const score = readInteger(o2.score, `${p}.score`, 0, MAX_CUSTOM_PRIORITY_SCORE);
    return { utilization: u, score };
  });
  return { scoringStrategy: { type, resources, requestedToCapacityRatio: { shape } } };
}
