import type { Host } from '../../../model/host.js';
import type { NodeResourcesBalancedAllocationArgs } from '../../../model/pod-scheduling-spec.js';
import { readObject } from '../args.js';
import { MAX_NODE_SCORE, type PodInfo, type PreScorePlugin, type ScorePlugin } from '../framework.js';
import { DEFAULT_RESOURCES, parseResources } from './node-resources-fit.js';

export const NODE_RESOURCES_BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

export const DEFAULT_BALANCED_ALLOCATION_ARGS: NodeResourcesBalancedAllocationArgs = Object.freeze({ resources: DEFAULT_RESOURCES });

/**
 * NodeResourcesBalancedAllocation: favours nodes whose resource fractions stay close to each
 * other once the pod is placed. fraction(r) = min(1, requested(r) / allocatable(r)) with the
 * pod's request included; score = (1 - std) * 100 truncated, std being the population standard
 * deviation of the fractions, |f_cpu - f_mem| / 2 for two resources and 0 for one.
 * Best-effort pods (no requests) are skipped (score 0 everywhere; issue #129138).
 * Source: noderesources/balanced_allocation.go balancedResourceScorer.
 */
export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NODE_RESOURCES_BALANCED_ALLOCATION;
  private readonly useCpu: boolean;
  private readonly useMemory: boolean;

  constructor(args: NodeResourcesBalancedAllocationArgs = DEFAULT_BALANCED_ALLOCATION_ARGS) {
    this.useCpu = args.resources.some((r) => r.name === 'cpu');
    this.useMemory = args.resources.some((r) => r.name === 'memory');
  }

  preScore(pod: PodInfo): boolean {
    return pod.cpu > 0 || pod.memoryMiB > 0;
  }

  scoreAll(pod: PodInfo, nodes: readonly Host[], count: number, scores: Float64Array): void {
    if (!(this.useCpu && this.useMemory)) {
      for (let i = 0; i < count; i++) scores[i] = this.score(pod, nodes[i]!);
      return;
    }
    // cpu and memory (the default): the two-resource std inline.
    for (let i = 0; i < count; i++) {
      const node = nodes[i]!;
      if (node.cpu === 0 || node.memoryMiB === 0) {
        scores[i] = this.score(pod, node);
        continue;
      }
      let a = (node.allocatedCpu + pod.cpu) / node.cpu;
      let b = (node.allocatedMemoryMiB + pod.memoryMiB) / node.memoryMiB;
      if (a > 1) a = 1;
      if (b > 1) b = 1;
      scores[i] = Math.trunc((1 - Math.abs((a - b) / 2)) * MAX_NODE_SCORE);
    }
  }

  score(pod: PodInfo, node: Host): number {
    let n = 0;
    let a = 0;
    let b = 0;
    if (this.useCpu && node.cpu !== 0) {
      a = Math.min(1, (node.allocatedCpu + pod.cpu) / node.cpu);
      n++;
    }
    if (this.useMemory && node.memoryMiB !== 0) {
      const f = Math.min(1, (node.allocatedMemoryMiB + pod.memoryMiB) / node.memoryMiB);
      if (n === 0) a = f;
      else b = f;
      n++;
    }
    const std = n === 2 ? Math.abs((a - b) / 2) : 0;
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
}

/** Validates NodeResourcesBalancedAllocationArgs: resources cpu/memory, weight 1 (the std is unweighted). */
export function parseBalancedAllocationArgs(args: unknown, path: string): NodeResourcesBalancedAllocationArgs {
  if (args === undefined) return DEFAULT_BALANCED_ALLOCATION_ARGS;
  const o = readObject(args, path, ['resources']);
  if (o.resources === undefined) return DEFAULT_BALANCED_ALLOCATION_ARGS;
  return { resources: parseResources(o.resources, `${path}.resources`, [1, 1]) };
}
