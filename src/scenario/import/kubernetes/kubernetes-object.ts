/**
 * Kubernetes manifests read object by object: each document (or each item of a `kind: List`)
 * is checked against its kind's field tables and kept for the linker. Kinds that change nothing
 * fleetsim models (ConfigMaps, RBAC, ...) are noted as ignored; kinds it does not know are a
 * warning, since they might (an Argo Rollout, a KEDA ScaledObject).
 */
import { suggest } from '../../../engine/did-you-mean.js';
import { accountFor, isObject, type Json } from '../account-fields.js';
import { depends, ignored, MODELLED, nested, type Fields } from '../field-rules.js';
import type { ImportContext } from '../import-context.js';
import type { SourceDocument, SourcePath } from '../source-document.js';
import {
  ALB_ANNOTATIONS,
  DAEMON_SET_SPEC_FIELDS,
  DEPLOYMENT_SPEC_FIELDS,
  EC2_NODE_CLASS_SPEC_FIELDS,
  HPA_SPEC_FIELDS,
  INGRESS_SPEC_FIELDS,
  NODE_POOL_SPEC_FIELDS,
  objectFields,
  PDB_SPEC_FIELDS,
  PRIORITY_CLASS_EXTRA_FIELDS,
  REPLICA_SET_SPEC_FIELDS,
  SERVICE_SPEC_FIELDS,
  STATEFUL_SET_SPEC_FIELDS,
  STORAGE_CLASS_EXTRA_FIELDS,
} from './object-fields.js';
import { OBJECT_META_FIELDS } from './pod-fields.js';

export type ModelledKind = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'HorizontalPodAutoscaler' | 'PodDisruptionBudget' | 'PriorityClass' | 'StorageClass' | 'Service' | 'Ingress' | 'NodePool' | 'EC2NodeClass';

/** One object of a modelled kind, its fields accounted for. */
export interface KubernetesObject {
  readonly kind: ModelledKind;
  readonly name: string;
  readonly namespace: string;
  /** The object with its known fields only (accountFor's result). */
  readonly fields: Json;
  readonly doc: SourceDocument;
  readonly path: SourcePath;
}

/** The apiVersion of each modelled kind (the versions fleetsim reads). */
const KINDS: Readonly<Record<ModelledKind, { apiVersion: string; fields: Fields }>> = {
  Deployment: { apiVersion: 'apps/v1', fields: objectFields(DEPLOYMENT_SPEC_FIELDS) },
  ReplicaSet: { apiVersion: 'apps/v1', fields: objectFields(REPLICA_SET_SPEC_FIELDS) },
  StatefulSet: { apiVersion: 'apps/v1', fields: objectFields(STATEFUL_SET_SPEC_FIELDS) },
  DaemonSet: { apiVersion: 'apps/v1', fields: objectFields(DAEMON_SET_SPEC_FIELDS) },
  HorizontalPodAutoscaler: { apiVersion: 'autoscaling/v2', fields: objectFields(HPA_SPEC_FIELDS) },
  PodDisruptionBudget: { apiVersion: 'policy/v1', fields: objectFields(PDB_SPEC_FIELDS) },
  PriorityClass: { apiVersion: 'scheduling.k8s.io/v1', fields: objectFields(undefined, PRIORITY_CLASS_EXTRA_FIELDS) },
  StorageClass: { apiVersion: 'storage.k8s.io/v1', fields: objectFields(undefined, STORAGE_CLASS_EXTRA_FIELDS) },
  Service: { apiVersion: 'v1', fields: objectFields(SERVICE_SPEC_FIELDS) },
  Ingress: { apiVersion: 'networking.k8s.io/v1', fields: { ...objectFields(INGRESS_SPEC_FIELDS), metadata: nested({ ...OBJECT_META_FIELDS, annotations: ingressAnnotations() }) } },
  NodePool: { apiVersion: 'karpenter.sh/v1', fields: objectFields(NODE_POOL_SPEC_FIELDS) },
  EC2NodeClass: { apiVersion: 'karpenter.k8s.aws/v1', fields: objectFields(EC2_NODE_CLASS_SPEC_FIELDS) },
};

/** Kinds that configure nothing fleetsim simulates, with why. */
const IGNORED_KINDS: Readonly<Record<string, string>> = {
  Namespace: 'namespaces are names; a workload names its own',
  ConfigMap: 'configuration the app reads',
  Secret: 'credentials the app reads',
  ServiceAccount: "a pod's API identity",
  Role: 'API permissions',
  RoleBinding: 'API permissions',
  ClusterRole: 'API permissions',
  ClusterRoleBinding: 'API permissions',
  NetworkPolicy: 'traffic filtering between pods',
  EndpointSlice: 'maintained by the control plane from Services',
  Endpoints: 'maintained by the control plane from Services',
  IngressClass: 'names the controller of Ingresses',
};

/** Every object of a manifests file into `out`. */
export function readKubernetes(docs: readonly SourceDocument[], out: KubernetesObject[], ctx: ImportContext): void {
  for (const doc of docs) {
    const data = doc.data;
    if (isObject(data) && data.kind === 'List' && Array.isArray(data.items)) {
      data.items.forEach((item, i) => readObject(item, doc, ['items', i], out, ctx));
    } else readObject(data, doc, [], out, ctx);
  }
}

function readObject(data: unknown, doc: SourceDocument, path: SourcePath, out: KubernetesObject[], ctx: ImportContext): void {
  if (!isObject(data) || typeof data.kind !== 'string' || typeof data.apiVersion !== 'string') {
    ctx.log.problem(doc, path, 'a Kubernetes object needs apiVersion and kind');
    return;
  }
  const kind = data.kind;
  const known = Object.hasOwn(KINDS, kind) ? KINDS[kind as ModelledKind] : undefined;
  if (known === undefined) {
    const why = IGNORED_KINDS[kind];
    const misspelt = suggest(kind, [...Object.keys(KINDS), ...Object.keys(IGNORED_KINDS)]);
    if (why !== undefined) ctx.log.note('ignored', doc, [...path, 'kind'], `a ${kind} changes neither scheduling nor start-up (${why})`);
    else if (misspelt.length > 0) ctx.log.problem(doc, [...path, 'kind'], `unknown kind '${kind}' (did you mean '${misspelt[0]}'?)`);
    else ctx.log.note('warning', doc, [...path, 'kind'], `${data.apiVersion} ${kind} is not modelled: not imported, and it may change the answer`);
    return;
  }
  if (data.apiVersion !== known.apiVersion) {
    ctx.log.problem(doc, [...path, 'apiVersion'], `${kind} is read as ${known.apiVersion}, got '${data.apiVersion}'`);
    return;
  }
  const fields = accountFor(data, known.fields, doc, path, ctx.log);
  const metadata = isObject(fields.metadata) ? fields.metadata : {};
  if (typeof metadata.name !== 'string') {
    ctx.log.problem(doc, [...path, 'metadata'], `a ${kind} needs metadata.name`);
    return;
  }
  if (kind === 'ReplicaSet') ctx.log.note('warning', doc, [...path, 'kind'], "a bare ReplicaSet has no rollout of its own: fleetsim runs it as a Deployment's, so deploy events would roll it out");
  out.push({ kind: kind as ModelledKind, name: metadata.name, namespace: typeof metadata.namespace === 'string' ? metadata.namespace : 'default', fields, doc, path });
}

/** Ingress annotations: the AWS Load Balancer Controller's target group settings are modelled, the rest ignored. */
function ingressAnnotations() {
  return depends((value) =>
    isObject(value)
      ? nested(Object.fromEntries(Object.keys(value).map((k) => [k, Object.hasOwn(ALB_ANNOTATIONS, k) || k === 'kubernetes.io/ingress.class' ? MODELLED : ignored('an annotation that sets neither target health checks nor deregistration')])))
      : MODELLED,
  );
}
