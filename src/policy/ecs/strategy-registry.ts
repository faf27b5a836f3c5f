import { didYouMean } from '../../engine/did-you-mean.js';
import type { EcsPlacementStrategy } from '../../model/ecs-placement-spec.js';
import { binpackStrategy } from './strategies/binpack.js';
import { randomStrategy } from './strategies/random.js';
import { spreadStrategy } from './strategies/spread.js';
import type { StrategyCompileResult, StrategyFactory } from './strategy-rule.js';

// The contract strategies implement lives in strategy-rule.ts, so strategies (built-in or a
// user's) depend on it and not on this registry, which imports them. Re-exported for importers.
export type { GroupCountRule, HostKeyRule, PartitionRule, RandomRule, StrategyCompileResult, StrategyFactory, StrategyRule } from './strategy-rule.js';

/** Strategy type (the API's `type`) -> factory. */
export const STRATEGY_FACTORIES: ReadonlyMap<string, StrategyFactory> = new Map<string, StrategyFactory>([
  ['binpack', binpackStrategy],
  ['spread', spreadStrategy],
  ['random', randomStrategy],
]);

/**
 * Compiles a strategy through its registered factory (the built-ins by default; a run passes
 * its PlacementRegistry's, which may hold loaded ones); an unknown type gets a "did you mean".
 */
export function compileStrategy(strategy: EcsPlacementStrategy, factories: ReadonlyMap<string, StrategyFactory> = STRATEGY_FACTORIES): StrategyCompileResult {
  const type = (strategy as { type?: unknown }).type;
  const factory = typeof type === 'string' ? factories.get(type) : undefined;
  if (factory === undefined) {
    const name = String(type);
    return {
      ok: false,
      message: `placement strategy type '${name}' is not valid: use one of ${[...factories.keys()].join(', ')}${didYouMean(name, factories.keys())}`,
    };
  }
  return factory(strategy);
}
