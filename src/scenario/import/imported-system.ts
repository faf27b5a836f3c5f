/**
 * Everything read from a scenario's imports, before it is linked into the scenario's sections:
 * the importers of each kind add to it, the linkers (ecs/link-ecs.ts, kubernetes/link-kubernetes.ts)
 * join what refers to what (a service to its task definition, an HPA to its Deployment) across
 * files, and cluster-level parts (a VPC's subnets, node groups, NodePools) are gathered here.
 */
import type { ImportedScalableTarget, ImportedScalingPolicy } from './ecs/application-auto-scaling.js';
import type { ImportedService } from './ecs/service.js';
import type { ImportedTaskDefinition } from './ecs/task-definition.js';
import type { Data } from './import-context.js';
import type { KubernetesObject } from './kubernetes/kubernetes-object.js';
import type { SourceDocument, SourcePath } from './source-document.js';

/** A cluster-level part and where it came from. */
export interface ClusterPart {
  /** The cluster field it sets: `platform`, `name`, `vpc.subnets`, `autoScalingGroups`, ... */
  readonly field: ClusterField;
  readonly value: unknown;
  readonly doc: SourceDocument;
  readonly path: SourcePath;
}

export type ClusterField =
  | 'platform'
  | 'name'
  | 'region'
  | 'availabilityZones'
  | 'subnets'
  | 'autoScalingGroups'
  | 'nodeGroups'
  | 'capacityProviders'
  | 'defaultCapacityProviderStrategy'
  | 'nodePools'
  | 'fargateProfiles'
  | 'fileSystems'
  | 'storageClasses';

export class ImportedSystem {
  readonly taskDefinitions: ImportedTaskDefinition[] = [];
  readonly services: ImportedService[] = [];
  readonly scalableTargets: ImportedScalableTarget[] = [];
  readonly scalingPolicies: ImportedScalingPolicy[] = [];
  readonly kubernetes: KubernetesObject[] = [];
  readonly cluster: ClusterPart[] = [];
  /** ALB target groups by ARN (CloudFormation): the scenario's loadBalancer of the services registered with them. */
  readonly targetGroups = new Map<string, Data>();

  setCluster(field: ClusterField, value: unknown, doc: SourceDocument, path: SourcePath): void {
    this.cluster.push({ field, value, doc, path });
  }
}
