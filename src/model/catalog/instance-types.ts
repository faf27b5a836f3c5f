/**
 * The EC2 instance-type catalog fleetsim simulates, with O(1) lookups by name.
 *
 * The rows are generated from AWS-derived data (the VPC CNI's limits, Karpenter's instance-type
 * reference, pricing and bandwidth tables, the VPC resource controller's branch ENI limits, the
 * ECS and EC2 guides) by `npm run catalog:generate` into generated/instance-types.data.ts, whose
 * header names the source and date of every column; docs/instance-catalog.md explains them.
 */
import type { InstanceType } from './instance-type.js';
import { GENERATED_INSTANCE_TYPES } from './generated/instance-types.data.js';
import { didYouMean, editDistance, suggest } from '../../engine/did-you-mean.js';

/** A frozen copy of a row, its nested arrays and objects frozen too. */
function freezeType(t: InstanceType): InstanceType {
  return Object.freeze({
    ...t,
    networkCards: Object.freeze([...t.networkCards]),
    ...(t.gpu && { gpu: Object.freeze({ ...t.gpu }) }),
    ...(t.accelerator && { accelerator: Object.freeze({ ...t.accelerator }) }),
  });
}

/** Every modelled instance type, in catalog order; entries are frozen so a simulation cannot alter the catalog. */
export const INSTANCE_TYPES: readonly InstanceType[] = Object.freeze(GENERATED_INSTANCE_TYPES.map(freezeType));

const BY_NAME: ReadonlyMap<string, InstanceType> = new Map(INSTANCE_TYPES.map((t) => [t.name, t]));

const BY_FAMILY: ReadonlyMap<string, readonly InstanceType[]> = (() => {
  const groups = new Map<string, InstanceType[]>();
  for (const t of INSTANCE_TYPES) {
    const group = groups.get(t.family);
    if (group) group.push(t);
    else groups.set(t.family, [t]);
  }
  return new Map([...groups].map(([family, types]) => [family, Object.freeze(types)] as const));
})();

/** Family names (e.g. `c5`, `m7g`) in catalog order. */
export const INSTANCE_FAMILIES: readonly string[] = Object.freeze([...BY_FAMILY.keys()]);

/** All instance type names in catalog order. */
export const INSTANCE_TYPE_NAMES: readonly string[] = Object.freeze(INSTANCE_TYPES.map((t) => t.name));

/** The type with this API name, or undefined. EC2 names are lower case, so `C5.Large` is accepted too. */
export function getInstanceType(name: string): InstanceType | undefined {
  return BY_NAME.get(name) ?? BY_NAME.get(name.trim().toLowerCase());
}

/** The types of one family, smallest first; empty for an unknown family. */
export function instanceTypesInFamily(family: string): readonly InstanceType[] {
  return BY_FAMILY.get(family.trim().toLowerCase()) ?? [];
}

export type FindInstanceTypeResult =
  | { ok: true; type: InstanceType }
  | { ok: false; message: string; suggestions: string[] };

/**
 * Looks a name up for user-facing input (scenario files, CLI flags): on a miss, the result
 * carries ranked suggestions and a ready-made message such as
 * `unknown instance type 'c5.larg' (did you mean 'c5.large'?)`.
 */
export function findInstanceType(name: string): FindInstanceTypeResult {
  const type = getInstanceType(name);
  if (type) return { ok: true, type };
  const suggestions = suggest(name, INSTANCE_TYPE_NAMES);
  // The message names only the closest candidates, so a one-letter slip in `c5.larg` is not
  // answered with `c5n.large` too; the full ranked list stays in `suggestions`.
  const word = name.toLowerCase();
  const best = Math.min(...suggestions.map((s) => editDistance(word, s)));
  const closest = suggestions.filter((s) => editDistance(word, s) === best);
  return { ok: false, message: `unknown instance type '${name}'${didYouMean(name, closest)}`, suggestions };
}
