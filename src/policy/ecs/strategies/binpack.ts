import type { EcsPlacementStrategy } from '../../../model/ecs-placement-spec.js';
import { freeCpu, freeMemoryMiB, type Host } from '../../../model/host.js';
import type { PlacementRequest } from '../../placement-policy.js';
import type { HostKeyRule, StrategyCompileResult } from '../strategy-rule.js';

/**
 * `binpack` on `cpu` or `memory` (API reference "PlacementStrategy": tasks go to "the instance
 * with the least amount of remaining memory but still enough to run the task"). The key is the
 * remaining amount; an over-committed host counts as 0 (it cannot take anything anyway).
 */
export function binpackStrategy(strategy: EcsPlacementStrategy): StrategyCompileResult {
  const field = (strategy as { field?: unknown }).field;
  if (field === 'cpu') return { ok: true, rule: BINPACK_CPU };
  if (field === 'memory') return { ok: true, rule: BINPACK_MEMORY };
  return { ok: false, message: `binpack field ${JSON.stringify(field)} is not valid: use cpu or memory` };
}

const BINPACK_CPU: HostKeyRule = Object.freeze({
  kind: 'host-key',
  label: 'binpack(cpu)',
  keyName: 'cpu',
  keyOf: (host: Host): number => Math.max(0, freeCpu(host)),
  minUsefulKey: (request: PlacementRequest): number => request.cpu,
  auxOf: (host: Host): number => freeMemoryMiB(host),
  minUsefulAux: (request: PlacementRequest): number => request.memoryMiB,
});

const BINPACK_MEMORY: HostKeyRule = Object.freeze({
  kind: 'host-key',
  label: 'binpack(memory)',
  keyName: 'memory',
  keyOf: (host: Host): number => Math.max(0, freeMemoryMiB(host)),
  minUsefulKey: (request: PlacementRequest): number => request.memoryMiB,
  auxOf: (host: Host): number => freeCpu(host),
  minUsefulAux: (request: PlacementRequest): number => request.cpu,
});
