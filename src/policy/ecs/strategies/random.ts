import type { EcsPlacementStrategy } from '../../../model/ecs-placement-spec.js';
import type { RandomRule, StrategyCompileResult } from '../strategy-rule.js';

/**
 * `random` (API reference "PlacementStrategy": "randomly places tasks on available candidates").
 * It takes no field; one given is ignored, as the API ignores it ("this field is not used").
 * The draw procedure is fixed in placement-rules.ts so every implementation draws alike.
 */
export function randomStrategy(_strategy: EcsPlacementStrategy): StrategyCompileResult {
  return { ok: true, rule: RANDOM };
}

const RANDOM: RandomRule = Object.freeze({ kind: 'random', label: 'random' });
