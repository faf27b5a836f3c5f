/**
 * Joins the imported Kubernetes objects into the scenario's workloads and Karpenter NodePools:
 * each Deployment (ReplicaSet, StatefulSet) with the HorizontalPodAutoscaler that targets it,
 * the PodDisruptionBudget that selects its pods, the PriorityClass it names and the target group
 * of an ALB Ingress whose Service selects its pods. An HPA, PDB or Ingress that reaches no
 * imported workload is noted.
 */
import { isObject } from '../account-fields.js';
import type { Data, ImportContext } from '../import-context.js';
import type { ImportedSystem } from '../imported-system.js';
import { hpaOf, ingressServices, pdbOf, scales, selects, targetGroupOf, templateLabels } from './attachments.js';
import type { KubernetesObject } from './kubernetes-object.js';
import { importNodePool } from './node-pool.js';
import { isAlbIngress } from './object-fields.js';
import { importStorageClass, importWorkload } from './workload.js';

export function linkKubernetes(objects: readonly KubernetesObject[], system: ImportedSystem, ctx: ImportContext): Data[] {
  const of = (kind: KubernetesObject['kind']) => objects.filter((o) => o.kind === kind);
  const priorities = new Map(of('PriorityClass').map((p) => [p.name, Number(p.fields.value)]));
  const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'ReplicaSet' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet');
  const attached = new Set<KubernetesObject>();
  // A DaemonSet's pods take no traffic in fleetsim: an Ingress that reaches only them is noted below as reaching no workload.
  const balancers = loadBalancers(of('Ingress'), of('Service'), workloads.filter((w) => w.kind !== 'DaemonSet'), attached, ctx);
  const out = workloads.map((w) => {
    const data = importWorkload(w, priorities, ctx);
    // A DaemonSet's pods are node capacity only in fleetsim: no autoscaler, budget or traffic reaches them.
    const daemon = w.kind === 'DaemonSet';
    const hpa = daemon ? undefined : of('HorizontalPodAutoscaler').find((h) => scales(h, w));
    const pdb = daemon ? undefined : of('PodDisruptionBudget').find((p) => p.namespace === w.namespace && selects(isObject(p.fields.spec) ? p.fields.spec.selector : undefined, templateLabels(w)));
    const balancer = balancers.get(w);
    for (const used of [hpa, pdb]) if (used !== undefined) attached.add(used);
    const hpaData = hpa === undefined ? undefined : hpaOf(hpa, ctx);
    return ctx.origins.inherit(
      { ...data, ...(hpaData === undefined ? {} : { horizontalPodAutoscaler: hpaData }), ...(pdb === undefined ? {} : { podDisruptionBudget: pdbOf(pdb, ctx) }), ...(balancer === undefined ? {} : { loadBalancer: balancer }) },
      data,
      new Map(),
      { doc: w.doc, path: w.path },
    );
  });
  for (const o of [...of('HorizontalPodAutoscaler'), ...of('PodDisruptionBudget'), ...of('Ingress')]) {
    if (!attached.has(o)) ctx.log.note('ignored', o.doc, o.path, `${o.kind} ${o.name} reaches no imported workload`);
  }
  for (const sc of of('StorageClass')) system.setCluster('storageClasses', importStorageClass(sc, ctx), sc.doc, sc.path);
  const classes = of('EC2NodeClass');
  for (const pool of of('NodePool')) system.setCluster('nodePools', importNodePool(pool, classes, ctx), pool.doc, pool.path);
  if (out.length > 0 || of('NodePool').length > 0) system.setCluster('platform', 'eks', (workloads[0] ?? of('NodePool')[0]!).doc, []);
  return out;
}

/** Workload object -> the loadBalancer of the ALB Ingress routing to it (through a Service selecting its pods). */
function loadBalancers(ingresses: readonly KubernetesObject[], services: readonly KubernetesObject[], workloads: readonly KubernetesObject[], attached: Set<KubernetesObject>, ctx: ImportContext): Map<KubernetesObject, Data> {
  const out = new Map<KubernetesObject, Data>();
  for (const ingress of ingresses) {
    const metadata = isObject(ingress.fields.metadata) ? ingress.fields.metadata : {};
    if (!isAlbIngress(ingress.fields.spec, metadata.annotations)) {
      ctx.log.note('warning', ingress.doc, ingress.path, 'not an ALB Ingress (ingressClassName alb): its load balancer is not modelled');
      attached.add(ingress);
      continue;
    }
    for (const name of ingressServices(ingress)) {
      const service = services.find((s) => s.name === name && s.namespace === ingress.namespace);
      if (service === undefined) continue;
      const selector = isObject(service.fields.spec) ? service.fields.spec.selector : undefined;
      for (const w of workloads) {
        if (w.namespace !== service.namespace || !isObject(selector) || !selects({ matchLabels: selector }, templateLabels(w))) continue;
        out.set(w, targetGroupOf(ingress, ctx));
        attached.add(ingress);
      }
    }
  }
  return out;
}
