/**
 * Joins the imported ECS parts into the scenario's services: each service gets the task
 * definition its `taskDefinition` names (an ARN, `family:revision` or `family`, the latest
 * revision imported), the scalable target and target tracking policies whose ResourceId is
 * `service/<cluster>/<service>`, and the ALB target group it registers with. A task definition
 * no imported service runs becomes a service of its family's name, which the scenario completes
 * (desiredCount at least).
 */
import type { Data, ImportContext } from '../import-context.js';
import type { ImportedSystem } from '../imported-system.js';
import type { ImportedService } from './service.js';
import { parseArn } from './service.js';
import type { ImportedTaskDefinition } from './task-definition.js';

export function linkEcsServices(system: ImportedSystem, ctx: ImportContext): Data[] {
  const used = new Set<ImportedTaskDefinition>();
  const services: Data[] = [];
  for (const service of system.services) {
    const taskDefinition = findTaskDefinition(service.taskDefinition, system.taskDefinitions);
    if (taskDefinition === undefined) {
      const named = service.taskDefinition === undefined ? 'names no task definition' : `runs task definition '${service.taskDefinition}', which is not among the imports`;
      ctx.log.problem(service.doc, [...service.path, 'taskDefinition'], `service ${named}: import its describe-task-definition output (imports: - ecsTaskDefinition: <file>)`);
      continue;
    }
    used.add(taskDefinition);
    checkCompatibilities(service, taskDefinition, ctx);
    services.push(ctx.origins.inherit({ ...service.data, ...withTaskConstraints(service.data, taskDefinition), taskDefinition: taskDefinition.data, ...loadBalancer(service, system, ctx), ...autoScaling(service, system, ctx) }, service.data, new Map(), { doc: service.doc, path: service.path }));
  }
  for (const taskDefinition of system.taskDefinitions) {
    if (used.has(taskDefinition) || taskDefinition.family === undefined) continue;
    services.push(ctx.origins.mark({ serviceName: taskDefinition.family, taskDefinition: taskDefinition.data, ...withTaskConstraints({}, taskDefinition) }, taskDefinition.doc, taskDefinition.path));
  }
  const first = system.services[0] ?? system.taskDefinitions[0];
  if (services.length > 0 && first !== undefined) system.setCluster('platform', 'ecs', first.doc, first.path);
  declareFileSystems(system, ctx);
  for (const target of system.scalableTargets) if (!servesAny(target.resourceId, system.services)) ctx.log.note('ignored', target.doc, target.path, `scales '${target.resourceId}', no imported service`);
  for (const policy of system.scalingPolicies) if (!servesAny(policy.resourceId, system.services)) ctx.log.note('ignored', policy.doc, policy.path, `scales '${policy.resourceId}', no imported service`);
  return services;
}

/** The task definition `ref` names: by ARN, `family:revision`, or family (its latest imported revision). */
function findTaskDefinition(ref: string | undefined, all: readonly ImportedTaskDefinition[]): ImportedTaskDefinition | undefined {
  if (ref === undefined) return all.length === 1 ? all[0] : undefined;
  const byArn = all.find((t) => t.arn === ref);
  if (byArn !== undefined) return byArn;
  const short = parseArn(ref)?.resource.replace(/^task-definition\//, '') ?? ref;
  const [family, revision] = short.split(':');
  const candidates = all.filter((t) => t.family === family && (revision === undefined || t.revision === undefined || t.revision === Number(revision)));
  return candidates.sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0];
}

/** RegisterTaskDefinition's requiresCompatibilities against where the service runs it, as CreateService checks it. */
function checkCompatibilities(service: ImportedService, taskDefinition: ImportedTaskDefinition, ctx: ImportContext): void {
  const required = taskDefinition.requiresCompatibilities;
  const launchType = service.data.launchType;
  if (required === undefined || typeof launchType !== 'string' || required.includes(launchType)) return;
  ctx.log.problem(service.doc, [...service.path, 'launchType'], `Task definition does not support launch_type ${launchType} (its requiresCompatibilities: ${required.join(', ')})`);
}

/** A task definition's memberOf constraints hold for every task of it: they join the service's. */
function withTaskConstraints(service: Data, taskDefinition: ImportedTaskDefinition): Data {
  if (taskDefinition.placementConstraints.length === 0) return {};
  const own = Array.isArray(service.placementConstraints) ? service.placementConstraints : [];
  return { placementConstraints: [...own, ...taskDefinition.placementConstraints] };
}

function loadBalancer(service: ImportedService, system: ImportedSystem, ctx: ImportContext): Data {
  if (service.targetGroups.length === 0) return {};
  const group = service.targetGroups.map((arn) => system.targetGroups.get(arn)).find((g) => g !== undefined);
  if (group !== undefined) return { loadBalancer: group };
  const own = ['services', { serviceName: String(service.name) }, 'loadBalancer'];
  ctx.log.note('default', service.doc, [...service.path, 'loadBalancers'], "the target group's health check settings are not part of the service: ALB defaults assumed (set the service's loadBalancer in the scenario)", own);
  return { loadBalancer: ctx.origins.mark({}, service.doc, [...service.path, 'loadBalancers']) };
}

function autoScaling(service: ImportedService, system: ImportedSystem, ctx: ImportContext): Data {
  const target = system.scalableTargets.find((t) => serves(t.resourceId, service));
  const policies = system.scalingPolicies.filter((p) => serves(p.resourceId, service));
  if (target === undefined) {
    for (const policy of policies) ctx.log.problem(policy.doc, policy.path, `a scaling policy for '${policy.resourceId}' needs its scalable target (describe-scalable-targets output) among the imports`);
    return {};
  }
  const targetTracking = policies.map((p) => p.targetTracking).filter((t) => t !== undefined);
  const stepScaling = policies.map((p) => p.stepScaling).filter((t) => t !== undefined);
  const data = { ...target.data, ...(targetTracking.length === 0 ? {} : { targetTracking }), ...(stepScaling.length === 0 ? {} : { stepScaling }) };
  return { autoScaling: ctx.origins.inherit(data, target.data, new Map(), { doc: target.doc, path: target.path }) };
}

/** Whether `resourceId` (`service/<cluster>/<service>`) is this service. */
function serves(resourceId: string | undefined, service: ImportedService): boolean {
  const m = resourceId === undefined ? null : /^service\/([^/]+)\/([^/]+)$/.exec(resourceId);
  if (m === null) return false;
  return m[2] === service.name && (service.clusterName === undefined || m[1] === service.clusterName);
}

function servesAny(resourceId: string | undefined, services: readonly ImportedService[]): boolean {
  return services.some((s) => serves(resourceId, s));
}

/**
 * The EFS file systems the imported task definitions mount, declared once each in
 * `cluster.fileSystems` with mount targets in every AZ of the cluster (what a task definition
 * cannot say): noted, so that a scenario that declares the file system itself overrides it.
 */
function declareFileSystems(system: ImportedSystem, ctx: ImportContext): void {
  const declared = new Set<string>();
  for (const td of system.taskDefinitions) {
    for (const id of td.fileSystemIds) {
      if (declared.has(id)) continue;
      declared.add(id);
      const path = [...td.path, 'volumes'];
      system.setCluster('fileSystems', { fileSystemId: id }, td.doc, path);
      ctx.log.note('default', td.doc, path, `EFS file system ${id}: mount targets assumed in every AZ of the cluster (declare it under cluster.fileSystems with its mountTargets)`, ['cluster', 'fileSystems']);
    }
  }
}
