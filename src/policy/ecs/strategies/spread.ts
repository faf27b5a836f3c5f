import { didYouMean } from '../../../engine/did-you-mean.js';
import type { EcsPlacementStrategy } from '../../../model/ecs-placement-spec.js';
import type { GroupCountRule, StrategyCompileResult } from '../strategy-rule.js';

const ATTRIBUTE_PREFIX = 'attribute:';

/** Fields a misspelling is most likely meant as. */
const COMMON_FIELDS = ['instanceId', 'host', 'attribute:ecs.availability-zone', 'attribute:ecs.instance-type', 'attribute:ecs.cpu-architecture', 'attribute:ecs.os-type'];

/**
 * `spread` (Developer Guide, "Use strategies to define Amazon ECS task placement": "Tasks are
 * placed evenly based on the specified value ... Service tasks are spread based on the tasks
 * from that service"). Fields: `instanceId` or `host` (same effect): the key is the service's
 * tasks on the instance; `attribute:<name>`: the key is the service's tasks on all instances
 * with the candidate's value of the attribute (instances without it share one value).
 */
export function spreadStrategy(strategy: EcsPlacementStrategy): StrategyCompileResult {
  const field = (strategy as { field?: unknown }).field;
  if (field === 'instanceId' || field === 'host') return { ok: true, rule: SPREAD_INSTANCE };
  if (typeof field === 'string' && field.startsWith(ATTRIBUTE_PREFIX) && field.length > ATTRIBUTE_PREFIX.length) {
    const attribute = field.slice(ATTRIBUTE_PREFIX.length);
    return { ok: true, rule: Object.freeze({ kind: 'partition', label: `spread(${field})`, attribute }) };
  }
  const text = typeof field === 'string' ? field : JSON.stringify(field);
  // `ecs.availability-zone` without its prefix is the likeliest mistake: say so directly.
  const hint = typeof field === 'string' && field.includes('.') && !field.includes(':') ? ` (did you mean '${ATTRIBUTE_PREFIX}${field}'?)` : didYouMean(text ?? '', COMMON_FIELDS);
  return { ok: false, message: `spread field ${JSON.stringify(text)} is not valid: use instanceId (or host) or attribute:<name>, e.g. attribute:ecs.availability-zone${hint}` };
}

const SPREAD_INSTANCE: GroupCountRule = Object.freeze({ kind: 'group-count', label: 'spread(instanceId)' });
