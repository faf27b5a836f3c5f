import type { LabelConstraint, RequirementSet } from '../../model/karpenter-spec.js';
import type { InstanceTypeShortfall, KarpenterSchedulingError, NodePoolIncompatibility, RequirementConflict, ResourceRequests } from '../../model/reasons/karpenter.js';
import { CPU_SHARES_PER_MILLICORE } from '../../model/resources.js';
import { assertNever } from './wording.js';

/** Why Karpenter cannot schedule a pod, in Karpenter's words. */
export function describeKarpenterError(e: KarpenterSchedulingError): string {
  switch (e.code) {
    case 'NO_NODEPOOLS':
      return 'no nodepools found';
    case 'ALL_INSTANCE_TYPES_FILTERED':
      return 'nodepool requirements filtered out all available instance types';
    case 'NO_CAPACITY_OFFERINGS':
      return 'no capacity offerings are currently available given the constraints';
    case 'NODEPOOLS_INCOMPATIBLE':
      return e.nodePools.map(describeNodePoolIncompatibility).join('; ');
    case 'TOPOLOGY_UNSATISFIABLE':
      return `unsatisfiable topology constraint for topology spread, key=${e.topologyKey}`;
    default:
      return assertNever(e);
  }
}

function describeNodePoolIncompatibility(p: NodePoolIncompatibility): string {
  if (p.code === 'EXCEEDS_LIMITS') return `all available instance types exceed limits for nodepool "${p.nodePool}"`;
  const incompatible = `incompatible with nodepool "${p.nodePool}"${p.daemonSetOverhead === null ? '' : `, daemonset overhead=${describeResources(p.daemonSetOverhead)}`}`;
  if (p.code === 'INCOMPATIBLE_REQUIREMENTS') return `${incompatible}, incompatible requirements, ${describeRequirementConflict(p.conflict)}`;
  // Karpenter's Taints.Tolerates: "did not tolerate <key>=<value>:<effect>".
  if (p.code === 'UNTOLERATED_TAINT') return `${incompatible}, did not tolerate ${p.taint.key}=${p.taint.value ?? ''}:${p.taint.effect}`;
  return `${incompatible}, no instance type satisfied resources ${describeResources(p.requests)} and requirements ${describeRequirements(p.requirements)} (${describeShortfall(p.shortfall)})`;
}

/** Karpenter's `Compatible` error (`key K, K In [a] not in K In [b]`, `label "K" does not have known values`). */
export function describeRequirementConflict(c: RequirementConflict): string {
  return c.code === 'LABEL_NO_KNOWN_VALUES'
    ? `label "${c.key}" does not have known values`
    : `key ${c.key}, ${describeConstraint(c.key, c.pod)} not in ${describeConstraint(c.key, c.template)}`;
}

/** Karpenter's explanation of why no instance type was left (nodeclaim.go FailureReason). */
function describeShortfall(s: InstanceTypeShortfall): string {
  switch (s) {
    case 'REQUIREMENTS_RESOURCES_OFFERING':
      return 'no instance type met the scheduling requirements or had enough resources or had a required offering';
    case 'REQUIREMENTS_RESOURCES':
      return 'no instance type met the scheduling requirements or had enough resources';
    case 'REQUIREMENTS_OFFERING':
      return 'no instance type met the scheduling requirements or had a required offering';
    case 'RESOURCES_OFFERING':
      return 'no instance type had enough resources or had a required offering';
    case 'REQUIREMENTS':
      return 'no instance type met all requirements';
    case 'RESOURCES':
      return 'no instance type has enough resources';
    case 'OFFERING':
      return 'no instance type has the required offering';
    case 'OFFERING_GIVEN_REQUIREMENTS_AND_RESOURCES':
      return 'no instance type which met the scheduling requirements and had enough resources, had a required offering';
    case 'REQUIREMENTS_GIVEN_RESOURCES_AND_OFFERING':
      return 'no instance type which had enough resources and the required offering met the scheduling requirements';
    case 'RESOURCES_GIVEN_REQUIREMENTS_AND_OFFERING':
      return 'no instance type which met the scheduling requirements and the required offering had the required resources';
    case 'COMBINATION':
      return 'no instance type met the requirements/resources/offering tuple';
    default:
      return assertNever(s);
  }
}

/**
 * `{"cpu":"1125m","memory":"2Gi","pods":"3"}`: a resource list as Karpenter prints it
 * (Kubernetes quantities; zero entries left out).
 */
export function describeResources(r: ResourceRequests): string {
  const out: Record<string, string> = {};
  if (r.cpu > 0) {
    const milli = Math.ceil(r.cpu / CPU_SHARES_PER_MILLICORE);
    out['cpu'] = milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
  }
  if (r.memoryMiB > 0) out['memory'] = r.memoryMiB % 1024 === 0 ? `${r.memoryMiB / 1024}Gi` : `${r.memoryMiB}Mi`;
  if (r.pods > 0) out['pods'] = String(r.pods);
  return JSON.stringify(out);
}

/** `key In [a b]`, `key NotIn [a]`, `key Exists`, `key DoesNotExist`, `key Gt 4` (Karpenter's style). */
export function describeConstraint(key: string, c: LabelConstraint): string {
  const sorted = [...c.values].sort();
  if (!c.complement) return sorted.length === 0 ? `${key} DoesNotExist` : `${key} In [${sorted.join(' ')}]`;
  const parts: string[] = [];
  if (sorted.length > 0) parts.push(`${key} NotIn [${sorted.join(' ')}]`);
  if (c.greaterThan !== undefined) parts.push(`${key} Gt ${c.greaterThan}`);
  if (c.lessThan !== undefined) parts.push(`${key} Lt ${c.lessThan}`);
  return parts.length === 0 ? `${key} Exists` : parts.join(', ');
}

/** The whole set, keys sorted, comma-separated. */
export function describeRequirements(set: RequirementSet): string {
  return [...set.keys()]
    .sort()
    .map((k) => describeConstraint(k, set.get(k) as LabelConstraint))
    .join(', ');
}
