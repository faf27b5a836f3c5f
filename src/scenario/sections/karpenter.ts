/** cluster.karpenter: NodePools with Karpenter's defaults; v1beta1's WhenUnderutilized maps to v1's policy. */
import {
  DEFAULT_CONSOLIDATE_AFTER_MS,
  DEFAULT_CONSOLIDATION_POLICY,
  DEFAULT_DISRUPTION_BUDGETS,
  DEFAULT_EXPIRE_AFTER_MS,
  V1BETA1_CONSOLIDATION_POLICIES,
  type NodePoolSpec,
} from '../../model/karpenter-spec.js';
import type { KarpenterSpec } from '../../model/simulation-spec.js';
import { KARPENTER_TIMING } from '../../model/params/karpenter.js';
import type { Static } from '../schema/fields.js';
import { KARPENTER_DEFAULTS, type Karpenter } from '../schema/karpenter.js';
import { parseDuration, parseKubernetesCpu, parseKubernetesMemory } from '../units.js';
import type { Path, Problems } from './problems.js';


/**
 * A NodePool requirement Karpenter refuses, in its words: its CRD's validation rules (and its
 * webhook's) say Gt and Lt take "a single positive integer value" (strconv.Atoi, not below 0), and
 * In needs a value.
 */
function requirementProblem(r: { readonly key: string; readonly operator: string; readonly values?: readonly string[] }): string | undefined {
  const values = r.values ?? [];
  if (r.operator === 'Gt' || r.operator === 'Lt') {
    const single = values.length === 1 && /^[+-]?[0-9]+$/.test(values[0]!) && Number(values[0]) >= 0 && Number(values[0]) <= 2 ** 63 - 1;
    return single ? undefined : `key ${r.key} with operator ${r.operator} must have a single positive integer value`;
  }
  if (r.operator === 'In' && values.length === 0) return "requirements with operator 'In' must have a value defined";
  return undefined;
}

export function compileKarpenter(raw: Static<typeof Karpenter> | undefined, problems: Problems): KarpenterSpec | null {
  if (raw === undefined) return null;
  const base: Path = ['cluster', 'karpenter'];
  /** A duration, or null for 'Never'. */
  const never = (value: string | number | undefined, path: Path, fallback: number | null): number | null => {
    if (value === undefined) return fallback;
    if (value === 'Never') return null;
    const parsed = parseDuration(value);
    if (!parsed.ok) {
      problems.report(path, `${parsed.message} (or 'Never')`);
      return fallback;
    }
    return parsed.value;
  };
  const nodePools: NodePoolSpec[] = raw.nodePools.map((p, i) => {
    const path: Path = [...base, 'nodePools', i];
    const d = p.disruption ?? {};
    const policy = d.consolidationPolicy ?? DEFAULT_CONSOLIDATION_POLICY;
    const cpu = p.limits?.cpu === undefined ? undefined : parseKubernetesCpu(p.limits.cpu);
    const memory = p.limits?.memory === undefined ? undefined : parseKubernetesMemory(p.limits.memory);
    p.requirements.forEach((r, j) => {
      const problem = requirementProblem(r);
      if (problem !== undefined) problems.report([...path, 'requirements', j, 'values'], problem);
    });
    if (cpu !== undefined && !cpu.ok) problems.report([...path, 'limits', 'cpu'], cpu.message);
    if (memory !== undefined && !memory.ok) problems.report([...path, 'limits', 'memory'], memory.message);
    return {
      name: p.name,
      ...(p.weight === undefined ? {} : { weight: p.weight }),
      requirements: p.requirements.map((r) => ({ key: r.key, operator: r.operator, values: r.values ?? [] })),
      ...(p.taints === undefined ? {} : { taints: p.taints }),
      ...(p.kubelet?.maxPods === undefined ? {} : { kubelet: { maxPods: p.kubelet.maxPods } }),
      limits: { ...(cpu?.ok ? { cpu: cpu.value } : {}), ...(memory?.ok ? { memoryMiB: memory.value } : {}) },
      disruption: {
        consolidationPolicy: policy === 'WhenUnderutilized' || policy === 'WhenEmpty' ? V1BETA1_CONSOLIDATION_POLICIES[policy] : policy,
        consolidateAfterMs: never(d.consolidateAfter, [...path, 'disruption', 'consolidateAfter'], DEFAULT_CONSOLIDATE_AFTER_MS),
        expireAfterMs: never(d.expireAfter, [...path, 'disruption', 'expireAfter'], DEFAULT_EXPIRE_AFTER_MS),
        budgets: (d.budgets ?? DEFAULT_DISRUPTION_BUDGETS).map((b) => ({ nodes: String(b.nodes) })),
      },
    };
  });
  const ms = (value: string | number | undefined, key: string, fallback: string): number => {
    const parsed = parseDuration(value ?? fallback);
    if (parsed.ok) return parsed.value;
    problems.report([...base, key], parsed.message);
    return 0;
  };
  return {
    nodePools,
    batchIdleMs: ms(raw.batchIdleDuration, 'batchIdleDuration', KARPENTER_DEFAULTS.batchIdleDuration),
    batchMaxMs: ms(raw.batchMaxDuration, 'batchMaxDuration', KARPENTER_DEFAULTS.batchMaxDuration),
    spotDiscount: raw.spotDiscount ?? KARPENTER_DEFAULTS.spotDiscount,
    disruptionPollMs: KARPENTER_TIMING.disruptionPollMs,
  };
}
