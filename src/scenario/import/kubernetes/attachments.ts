/**
 * What attaches to a workload from other objects: its HorizontalPodAutoscaler (by
 * scaleTargetRef), its PodDisruptionBudget (by label selector) and the ALB target group of an
 * Ingress that routes to it through a Service (the AWS Load Balancer Controller's annotations).
 */
import { isObject, type Json } from '../account-fields.js';
import { given, type Data, type ImportContext } from '../import-context.js';
import { ALB_ANNOTATIONS } from './object-fields.js';
import type { KubernetesObject } from './kubernetes-object.js';

export function hpaOf(hpa: KubernetesObject, ctx: ImportContext): Data | undefined {
  const spec = isObject(hpa.fields.spec) ? hpa.fields.spec : {};
  const metrics = Array.isArray(spec.metrics) ? spec.metrics.filter(isObject) : undefined;
  const resources = metrics?.filter((m) => (m.type === 'Resource' && isObject(m.resource)) || (m.type === 'Object' && isRequestsPerSecond(m.object)));
  if (metrics !== undefined && metrics.length > 0 && resources?.length === 0) {
    ctx.log.note(
      'warning',
      hpa.doc,
      [...hpa.path, 'spec', 'metrics'],
      'none of its metrics is a Resource metric (cpu, memory) or an Object metric requests-per-second of an Ingress or Service: the HorizontalPodAutoscaler is not imported',
    );
    return undefined;
  }
  const behavior = isObject(spec.behavior) ? spec.behavior : undefined;
  return ctx.origins.mark(
    {
      ...given('minReplicas', spec.minReplicas),
      ...given('maxReplicas', spec.maxReplicas),
      ...given('metrics', resources?.map((m) => (m.type === 'Resource' ? { type: 'Resource', resource: m.resource } : { type: 'Object', object: objectMetricOf(m.object) }))),
      ...given('behavior', behavior === undefined ? undefined : { ...given('scaleUp', rules(behavior.scaleUp)), ...given('scaleDown', rules(behavior.scaleDown)) }),
    },
    hpa.doc,
    [...hpa.path, 'spec'],
  );
}

/** An Object metric fleetsim publishes: requests-per-second of an Ingress or Service. */
function isRequestsPerSecond(raw: unknown): boolean {
  if (!isObject(raw) || !isObject(raw.describedObject) || !isObject(raw.metric)) return false;
  return (raw.describedObject.kind === 'Ingress' || raw.describedObject.kind === 'Service') && raw.metric.name === 'requests-per-second';
}

/** The Object metric's fields the scenario takes (the metric selector is reported as unmodelled by the field table). */
function objectMetricOf(raw: unknown): Data {
  const o = isObject(raw) ? raw : {};
  const d = isObject(o.describedObject) ? o.describedObject : {};
  const t = isObject(o.target) ? o.target : {};
  return {
    describedObject: { ...given('apiVersion', d.apiVersion), ...given('kind', d.kind), ...given('name', d.name) },
    metric: { name: 'requests-per-second' },
    target: { ...given('type', t.type), ...given('value', t.value), ...given('averageValue', t.averageValue) },
  };
}

function rules(raw: unknown): Data | undefined {
  if (!isObject(raw)) return undefined;
  return { ...given('stabilizationWindowSeconds', raw.stabilizationWindowSeconds), ...given('selectPolicy', raw.selectPolicy), ...given('policies', raw.policies) };
}

/** Whether the HPA's scaleTargetRef is this workload object. */
export function scales(hpa: KubernetesObject, workload: KubernetesObject): boolean {
  const spec = isObject(hpa.fields.spec) ? hpa.fields.spec : {};
  const ref = isObject(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  return ref.kind === workload.kind && ref.name === workload.name && hpa.namespace === workload.namespace;
}

export function pdbOf(pdb: KubernetesObject, ctx: ImportContext): Data {
  const spec = isObject(pdb.fields.spec) ? pdb.fields.spec : {};
  return ctx.origins.mark({ ...given('minAvailable', spec.minAvailable), ...given('maxUnavailable', spec.maxUnavailable) }, pdb.doc, [...pdb.path, 'spec']);
}

/** The pod template labels of a workload object. */
export function templateLabels(workload: KubernetesObject): Readonly<Record<string, string>> {
  const spec = isObject(workload.fields.spec) ? workload.fields.spec : {};
  const template = isObject(spec.template) ? spec.template : {};
  const labels = isObject(template.metadata) ? template.metadata.labels : undefined;
  return isObject(labels) ? (labels as Record<string, string>) : {};
}

/** meta/v1 LabelSelector semantics: every matchLabels pair and every matchExpression holds; an empty selector matches everything. */
export function selects(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isObject(selector)) return false;
  const match = isObject(selector.matchLabels) ? selector.matchLabels : {};
  if (!Object.entries(match).every(([k, v]) => labels[k] === v)) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isObject) : [];
  return expressions.every((e) => {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    switch (e.operator) {
      case 'In':
        return key in labels && values.includes(labels[key]!);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]!);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        return false;
    }
  });
}

/** The Service names an Ingress routes to (its default backend and every path's). */
export function ingressServices(ingress: KubernetesObject): string[] {
  const spec = isObject(ingress.fields.spec) ? ingress.fields.spec : {};
  const backends: unknown[] = [spec.defaultBackend];
  for (const rule of Array.isArray(spec.rules) ? spec.rules.filter(isObject) : []) {
    const paths = isObject(rule.http) && Array.isArray(rule.http.paths) ? rule.http.paths.filter(isObject) : [];
    for (const p of paths) backends.push(p.backend);
  }
  return [...new Set(backends.map((b) => (isObject(b) && isObject(b.service) ? b.service.name : undefined)).filter((n): n is string => typeof n === 'string'))];
}

/** The scenario's loadBalancer from an ALB Ingress's annotations (ALB defaults for what they do not set). */
export function targetGroupOf(ingress: KubernetesObject, ctx: ImportContext): Data {
  const metadata = isObject(ingress.fields.metadata) ? ingress.fields.metadata : {};
  const annotations: Json = isObject(metadata.annotations) ? metadata.annotations : {};
  const out: Data = {};
  for (const [annotation, field] of Object.entries(ALB_ANNOTATIONS)) {
    const value = annotations[annotation];
    if (typeof value !== 'string') continue;
    const at = [...ingress.path, 'metadata', 'annotations', annotation];
    const number = field === 'deregistrationDelaySeconds' ? deregistrationDelay(value) : /^\d+$/.test(value.trim()) ? Number(value) : undefined;
    if (number === undefined) {
      if (field !== 'deregistrationDelaySeconds') ctx.log.problem(ingress.doc, at, `expected a whole number, got '${value}'`);
      continue;
    }
    out[field] = number;
  }
  return ctx.origins.mark(out, ingress.doc, [...ingress.path, 'metadata', 'annotations']);
}

/** `deregistration_delay.timeout_seconds=30` among the target group attributes. */
function deregistrationDelay(attributes: string): number | undefined {
  const m = /(?:^|,)\s*deregistration_delay\.timeout_seconds=(\d+)/.exec(attributes);
  return m === null ? undefined : Number(m[1]);
}
