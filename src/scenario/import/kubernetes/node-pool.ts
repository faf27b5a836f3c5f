/**
 * A Karpenter NodePool (karpenter.sh/v1, accounted for) as the scenario's flattened NodePool:
 * requirements, limits, weight, and disruption with v1's `template.spec.expireAfter` moved in
 * beside consolidation, as cluster.karpenter.nodePools has it.
 */
import { isObject } from '../account-fields.js';
import { given, type Data, type ImportContext } from '../import-context.js';
import type { KubernetesObject } from './kubernetes-object.js';

export function importNodePool(pool: KubernetesObject, classes: readonly KubernetesObject[], ctx: ImportContext): Data {
  const { doc, path } = pool;
  const spec = isObject(pool.fields.spec) ? pool.fields.spec : {};
  const template = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec : {};
  const disruption = isObject(spec.disruption) ? spec.disruption : undefined;
  const ref = isObject(template.nodeClassRef) ? template.nodeClassRef : undefined;
  if (ref !== undefined && typeof ref.name === 'string' && classes.length > 0 && !classes.some((c) => c.name === ref.name)) {
    ctx.log.problem(doc, [...path, 'spec', 'template', 'spec', 'nodeClassRef', 'name'], `no EC2NodeClass '${ref.name}' among the imports (${classes.map((c) => c.name).join(', ')})`);
  }
  const requirements = Array.isArray(template.requirements) ? template.requirements.filter(isObject).map((r) => ({ ...given('key', r.key), ...given('operator', r.operator), ...given('values', r.values) })) : [];
  const nodeClass = ref !== undefined && typeof ref.name === 'string' ? classes.find((c) => c.name === ref.name) : undefined;
  const kubelet = nodeClass === undefined ? undefined : importKubelet(nodeClass, ctx);
  const budgets = disruption !== undefined && Array.isArray(disruption.budgets) ? disruption.budgets.filter(isObject).map((b) => ({ ...given('nodes', b.nodes) })) : undefined;
  const flattened = {
    ...given('consolidationPolicy', disruption?.consolidationPolicy),
    ...given('consolidateAfter', disruption?.consolidateAfter),
    ...given('expireAfter', template.expireAfter),
    ...given('budgets', budgets),
  };
  const disruptionPath = [...path, 'spec', 'disruption'];
  return ctx.origins.mark(
    {
      name: pool.name,
      ...given('weight', spec.weight),
      requirements,
      ...given('limits', spec.limits),
      ...given('kubelet', kubelet),
      ...(Object.keys(flattened).length === 0 ? {} : { disruption: ctx.origins.mark(flattened, doc, disruptionPath, { expireAfter: [...path, 'spec', 'template', 'spec', 'expireAfter'] }) }),
    },
    doc,
    [...path, 'spec'],
    { name: [...path, 'metadata', 'name'], requirements: [...path, 'spec', 'template', 'spec', 'requirements'] },
  );
}

/** The EC2NodeClass's kubelet settings fleetsim models (maxPods), marked as read from the class's file; undefined without any. */
function importKubelet(nodeClass: KubernetesObject, ctx: ImportContext): Data | undefined {
  const spec = isObject(nodeClass.fields.spec) ? nodeClass.fields.spec : {};
  const kubelet = isObject(spec.kubelet) ? spec.kubelet : undefined;
  if (kubelet?.maxPods === undefined) return undefined;
  return ctx.origins.mark({ maxPods: kubelet.maxPods }, nodeClass.doc, [...nodeClass.path, 'spec', 'kubelet']);
}
