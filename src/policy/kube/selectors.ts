import type { Taint } from '../../model/host.js';
import {
  DEFAULT_NAMESPACE,
  type LabelMap,
  type LabelSelector,
  type NodeSelectorRequirement,
  type NodeSelectorTerm,
  type PodAffinityTerm,
  type PodSchedulingSpec,
  type Toleration,
} from '../../model/pod-scheduling-spec.js';

/**
 * Label, node-selector and toleration matching with Kubernetes' semantics
 * (apimachinery labels, component-helpers nodeaffinity, core/v1 helper ToleratesTaint). Pure.
 */

/** Pod label selector: absent matches nothing, `{}` matches everything, parts are ANDed. */
export function matchesLabelSelector(selector: LabelSelector | undefined, labels: LabelMap): boolean {
  if (selector === undefined) return false;
  const ml = selector.matchLabels;
  if (ml !== undefined) for (const key in ml) if (labels[key] !== ml[key]) return false;
  const exprs = selector.matchExpressions;
  if (exprs !== undefined) {
    for (const e of exprs) {
      const has = Object.prototype.hasOwnProperty.call(labels, e.key);
      const value = has ? labels[e.key] : undefined;
      switch (e.operator) {
        case 'In':
          if (!has || !(e.values ?? []).includes(value!)) return false;
          break;
        case 'NotIn':
          if (has && (e.values ?? []).includes(value!)) return false;
          break;
        case 'Exists':
          if (!has) return false;
          break;
        case 'DoesNotExist':
          if (has) return false;
          break;
      }
    }
  }
  return true;
}

/** Go's strconv.ParseInt(s, 10, 64) for the Gt/Lt operators: optional sign, decimal digits only. */
function parseInteger(s: string | undefined): number | undefined {
  if (s === undefined || !/^[+-]?\d+$/.test(s)) return undefined;
  return Number(s);
}

function matchesRequirement(r: NodeSelectorRequirement, labels: ReadonlyMap<string, string>): boolean {
  const value = labels.get(r.key);
  switch (r.operator) {
    case 'In':
      return value !== undefined && (r.values ?? []).includes(value);
    case 'NotIn':
      return value === undefined || !(r.values ?? []).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      // Exactly one value, both sides integers; anything else does not match.
      if (r.values?.length !== 1) return false;
      const have = parseInteger(value);
      const want = parseInteger(r.values[0]);
      if (have === undefined || want === undefined) return false;
      return r.operator === 'Gt' ? have > want : have < want;
    }
  }
}

/** A node selector term: its requirements ANDed; a term with none matches no node. */
export function matchesNodeSelectorTerm(term: NodeSelectorTerm, labels: ReadonlyMap<string, string>): boolean {
  const exprs = term.matchExpressions;
  if (exprs === undefined || exprs.length === 0) return false;
  for (const r of exprs) if (!matchesRequirement(r, labels)) return false;
  return true;
}

/** True when the pod has a nodeSelector or required node affinity (NodeAffinity must filter). */
export function hasRequiredNodeAffinity(spec: PodSchedulingSpec): boolean {
  const ns = spec.nodeSelector;
  if (ns !== undefined && Object.keys(ns).length > 0) return true;
  return spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
}

/** nodeSelector (every label equal) AND required node affinity (any term matches). */
export function matchesRequiredNodeAffinity(spec: PodSchedulingSpec, labels: ReadonlyMap<string, string>): boolean {
  const ns = spec.nodeSelector;
  if (ns !== undefined) for (const key in ns) if (labels.get(key) !== ns[key]) return false;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required === undefined) return true;
  for (const term of required.nodeSelectorTerms) if (matchesNodeSelectorTerm(term, labels)) return true;
  return false;
}

/** core/v1 Toleration.ToleratesTaint: effect (empty = all), key (empty + Exists = all), operator. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect !== undefined && t.effect !== taint.effect) return false;
  const key = t.key ?? '';
  if (key !== '' && key !== taint.key) return false;
  const operator = t.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  // Equal (an empty key with Equal is invalid in the API; it then matches no key here).
  return key !== '' && (t.value ?? '') === (taint.value ?? '');
}

export function tolerationsTolerate(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (tolerations === undefined) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The namespace a pod spec is in. */
export function namespaceOf(spec: PodSchedulingSpec): string {
  return spec.namespace ?? DEFAULT_NAMESPACE;
}

/** The label every namespace carries with its own name (NamespaceDefaultLabelName). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * The namespaces a term counts pods in (getNamespacesFromPodAffinityTerm and the term's
 * namespaceSelector): `namespaces` and those `namespaceSelector` matches (namespaces are known by
 * their name label only, `kubernetes.io/metadata.name`; `{}` matches all); with neither, the
 * namespace of the pod that owns the term. `key` identifies the scope for caches.
 */
export interface NamespaceScope {
  readonly key: string;
  matches(namespace: string): boolean;
}

const scopes = new Map<string, NamespaceScope>();

/** The scope of the one namespace `namespace` (a spread constraint's, a term without namespaces). */
export function ownNamespace(namespace: string): NamespaceScope {
  const key = `ns:${namespace}`;
  let scope = scopes.get(key);
  if (scope === undefined) scopes.set(key, (scope = Object.freeze({ key, matches: (ns: string) => ns === namespace })));
  return scope;
}

export function termNamespaces(term: Pick<PodAffinityTerm, 'namespaces' | 'namespaceSelector'>, ownerNamespace: string): NamespaceScope {
  const names = term.namespaces ?? [];
  const selector = term.namespaceSelector;
  if (names.length === 0 && selector === undefined) return ownNamespace(ownerNamespace);
  const key = `terms:${JSON.stringify([[...names].sort(), selector ?? null])}`;
  let scope = scopes.get(key);
  if (scope === undefined) {
    const listed = new Set(names);
    scopes.set(key, (scope = Object.freeze({ key, matches: (ns: string) => listed.has(ns) || (selector !== undefined && matchesLabelSelector(selector, { [NAMESPACE_NAME_LABEL]: ns })) })));
  }
  return scope;
}
