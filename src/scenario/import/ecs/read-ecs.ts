/**
 * The ECS kinds of import, one reader each: a task definition, a service, Application Auto
 * Scaling targets and policies, in the shapes the AWS CLI prints (`describe-*`) or takes
 * (`register-task-definition`, `create-service`, `register-scalable-target`,
 * `put-scaling-policy` inputs), JSON or YAML.
 */
import { accountFor, isObject } from '../account-fields.js';
import type { Fields } from '../field-rules.js';
import type { ImportContext } from '../import-context.js';
import type { ImportedSystem } from '../imported-system.js';
import type { SourceDocument, SourcePath } from '../source-document.js';
import { importScalableTarget, importScalingPolicy, scalesEcsService } from './application-auto-scaling.js';
import { DESCRIBE_OUTPUT_FIELDS, SCALABLE_TARGET_FIELDS, SCALING_POLICY_FIELDS } from './auto-scaling-fields.js';
import { importService } from './service.js';
import { CREATE_SERVICE_OUTPUT_FIELDS, DESCRIBE_SERVICES_OUTPUT_FIELDS, DESCRIBED_SERVICE_FIELDS } from './service-fields.js';
import { importTaskDefinition } from './task-definition.js';
import { DESCRIBE_TASK_DEFINITION_OUTPUT_FIELDS, DESCRIBED_TASK_DEFINITION_FIELDS } from './task-definition-fields.js';

/** `describe-task-definition` output (`{taskDefinition, tags}`), or a task definition itself (register input, or one describe result). */
export function readEcsTaskDefinition(doc: SourceDocument, system: ImportedSystem, ctx: ImportContext): void {
  let at: SourcePath = [];
  if (isObject(doc.data) && isObject(doc.data.taskDefinition)) {
    accountFor(doc.data, DESCRIBE_TASK_DEFINITION_OUTPUT_FIELDS, doc, [], ctx.log);
    at = ['taskDefinition'];
  }
  const fields = accountFor(valueAt(doc.data, at), DESCRIBED_TASK_DEFINITION_FIELDS, doc, at, ctx.log);
  system.taskDefinitions.push(importTaskDefinition(fields, doc, at, ctx));
}

/** `describe-services` output (`{services: [...]}`), `create-service` output (`{service}`), or a service (create-service input). */
export function readEcsService(doc: SourceDocument, system: ImportedSystem, ctx: ImportContext): void {
  for (const at of listed(doc, 'services', 'service', DESCRIBE_SERVICES_OUTPUT_FIELDS, CREATE_SERVICE_OUTPUT_FIELDS, ctx)) {
    const fields = accountFor(valueAt(doc.data, at), DESCRIBED_SERVICE_FIELDS, doc, at, ctx.log);
    const service = importService(fields, doc, at, ctx);
    system.services.push(service);
    const clusterField = fields.clusterArn !== undefined ? 'clusterArn' : 'cluster';
    if (service.clusterName !== undefined) system.setCluster('name', service.clusterName, doc, [...at, clusterField]);
    if (service.region !== undefined) system.setCluster('region', service.region, doc, [...at, clusterField]);
  }
}

/** `describe-scalable-targets` or `describe-scaling-policies` output, or one `register-scalable-target` or `put-scaling-policy` input. */
export function readApplicationAutoScaling(doc: SourceDocument, system: ImportedSystem, ctx: ImportContext): void {
  const data = doc.data;
  const wrapped = isObject(data) && (data.ScalableTargets !== undefined || data.ScalingPolicies !== undefined);
  if (wrapped) accountFor(data, DESCRIBE_OUTPUT_FIELDS, doc, [], ctx.log);
  const targets: SourcePath[] = wrapped ? items(data.ScalableTargets, ['ScalableTargets'], doc, ctx) : isObject(data) && data.PolicyName === undefined ? [[]] : [];
  const policies: SourcePath[] = wrapped ? items(data.ScalingPolicies, ['ScalingPolicies'], doc, ctx) : isObject(data) && data.PolicyName !== undefined ? [[]] : [];
  if (!isObject(data)) ctx.log.problem(doc, [], 'expected describe-scalable-targets or describe-scaling-policies output, or a register-scalable-target or put-scaling-policy input');
  for (const at of targets) {
    const fields = accountFor(valueAt(data, at), SCALABLE_TARGET_FIELDS, doc, at, ctx.log);
    if (scalesEcsService(fields, doc, at, ctx)) system.scalableTargets.push(importScalableTarget(fields, doc, at, ctx));
  }
  for (const at of policies) {
    const fields = accountFor(valueAt(data, at), SCALING_POLICY_FIELDS, doc, at, ctx.log);
    if (scalesEcsService(fields, doc, at, ctx)) system.scalingPolicies.push(importScalingPolicy(fields, doc, at, ctx));
  }
}

/** The paths of the objects a file holds: each item of `many`, the `one` object, or the file itself. */
function listed(doc: SourceDocument, many: string, one: string, manyFields: Fields, oneFields: Fields, ctx: ImportContext): SourcePath[] {
  const data = doc.data;
  if (isObject(data) && Array.isArray(data[many])) {
    accountFor(data, manyFields, doc, [], ctx.log);
    return items(data[many], [many], doc, ctx);
  }
  if (isObject(data) && isObject(data[one])) {
    accountFor(data, oneFields, doc, [], ctx.log);
    return [[one]];
  }
  return [[]];
}

function items(list: unknown, at: SourcePath, doc: SourceDocument, ctx: ImportContext): SourcePath[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    ctx.log.problem(doc, at, 'must be a list');
    return [];
  }
  return list.map((_, i) => [...at, i]);
}

export function valueAt(data: unknown, path: SourcePath): unknown {
  let node = data;
  for (const p of path) node = typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>)[p] : undefined;
  return node;
}
