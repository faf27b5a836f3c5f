/**
 * A service's placementStrategy and placementConstraints, checked by the placement policy's own
 * validators (src/policy/ecs), so a scenario and the engine reject the same specs with the same
 * words: strategies by the strategy registry (the run's, which may hold loaded strategy types), constraints by checkPlacementConstraint (a memberOf
 * parse error names its column in the expression).
 */
import { DEFAULT_SERVICE_PLACEMENT, type EcsPlacementConstraint, type EcsPlacementSpec, type EcsPlacementStrategy } from '../../model/ecs-placement-spec.js';
import { checkPlacementConstraint } from '../../policy/ecs/placement-rules.js';
import { compileStrategy } from '../../policy/ecs/strategy-registry.js';
import type { Static } from '../schema/fields.js';
import type { Service } from '../schema/services.js';
import type { CompileContext } from './load.js';
import type { Path, Problems } from './problems.js';

export function compileEcsPlacementSpec(s: Static<typeof Service>, path: Path, problems: Problems, context: CompileContext = {}): EcsPlacementSpec {
  if (s.placementStrategy === undefined && s.placementConstraints === undefined) return DEFAULT_SERVICE_PLACEMENT;
  const strategies = (s.placementStrategy ?? []).map((raw, i) => {
    // The registry checks the field against the type (binpack: cpu | memory; spread: instanceId,
    // host or attribute:<name>) and takes the pair as written; so does the spec.
    const strategy = (raw.field === undefined ? { type: raw.type } : { type: raw.type, field: raw.field }) as EcsPlacementStrategy;
    const compiled = compileStrategy(strategy, context.registry?.ecsStrategies);
    if (!compiled.ok) problems.report([...path, 'placementStrategy', i], compiled.message);
    return strategy;
  });
  const constraints = (s.placementConstraints ?? []).map((raw, i): EcsPlacementConstraint => {
    const checked = checkPlacementConstraint(raw);
    if (!checked.ok) problems.report([...path, 'placementConstraints', i, checked.field], checked.message);
    return raw.type === 'distinctInstance' ? { type: 'distinctInstance' } : { type: 'memberOf', expression: raw.expression ?? '' };
  });
  return { strategies, constraints };
}
