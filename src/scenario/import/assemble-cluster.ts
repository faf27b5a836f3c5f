/**
 * The imported parts of `cluster` (imported-system.ts) as one cluster mapping: lists
 * (subnets, groups, capacity providers, NodePools) gathered in import order, single values
 * taken once; two imports that disagree on one (a service of cluster `prod` and one of
 * `staging`) is a problem at the second.
 */
import type { Data, ImportContext } from './import-context.js';
import type { ClusterPart } from './imported-system.js';

const LISTS = new Set(['subnets', 'autoScalingGroups', 'nodeGroups', 'capacityProviders', 'nodePools', 'fargateProfiles', 'fileSystems', 'storageClasses']);

export function assembleCluster(parts: readonly ClusterPart[], ctx: ImportContext): Data | undefined {
  if (parts.length === 0) return undefined;
  const cluster: Data = {};
  const lists = new Map<string, unknown[]>();
  const firstOf = new Map<string, ClusterPart>();
  for (const part of parts) {
    if (LISTS.has(part.field)) {
      const list = lists.get(part.field) ?? [];
      list.push(part.value);
      lists.set(part.field, list);
      continue;
    }
    const first = firstOf.get(part.field);
    if (first === undefined) {
      firstOf.set(part.field, part);
      cluster[part.field] = part.value;
    } else if (JSON.stringify(first.value) !== JSON.stringify(part.value)) {
      ctx.log.problem(part.doc, part.path, `the imports disagree on the cluster's ${part.field}: ${JSON.stringify(part.value)} here, ${JSON.stringify(first.value)} in ${first.doc.file}`);
    }
  }
  for (const [field, list] of lists) {
    if (field === 'subnets') cluster.vpc = { subnets: list };
    else if (field === 'nodePools') cluster.karpenter = { nodePools: list };
    else cluster[field] = list;
  }
  const first = parts[0]!;
  const fields = new Map([...firstOf].map(([field, part]) => [field, { doc: part.doc, path: part.path }]));
  return ctx.origins.inherit(cluster, undefined, fields, { doc: first.doc, path: first.path });
}
