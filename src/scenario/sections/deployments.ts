/** How a service rolls out a new revision: ECS DeploymentConfiguration, Kubernetes Deployment strategy. */
import { DEFAULT_DEPLOYMENT_CONFIGURATION, DEFAULT_ROLLING_UPDATE, type DeploymentConfiguration, type IntOrPercent, type RollingUpdateStrategy } from '../../model/service.js';
import type { Static } from '../schema/fields.js';
import type { DeploymentConfiguration as RawDeploymentConfiguration } from '../schema/services.js';
import type { Workload } from '../schema/workloads.js';
import type { Path, Problems } from './problems.js';

/** ECS DeploymentConfiguration; ECS rejects a configuration that can never replace a task (100/100). */
export function compileDeploymentConfiguration(raw: Static<typeof RawDeploymentConfiguration>, path: Path, problems: Problems): DeploymentConfiguration {
  const d = DEFAULT_DEPLOYMENT_CONFIGURATION;
  const cb = raw.deploymentCircuitBreaker;
  const config: DeploymentConfiguration = {
    minimumHealthyPercent: raw.minimumHealthyPercent ?? d.minimumHealthyPercent,
    maximumPercent: raw.maximumPercent ?? d.maximumPercent,
    circuitBreaker: cb === undefined ? d.circuitBreaker : { enable: cb.enable, rollback: cb.rollback },
  };
  if (config.minimumHealthyPercent >= 100 && config.maximumPercent <= 100) problems.report(path, 'with minimumHealthyPercent 100 and maximumPercent 100 a deployment can neither start nor stop a task');
  return config;
}

/** Whether a workload sets any rollout field (else the spec leaves rollingUpdate out: the defaults apply). */
export function setsRollout(w: Static<typeof Workload>): boolean {
  return w.strategy !== undefined || w.progressDeadlineSeconds !== undefined || w.minReadySeconds !== undefined;
}

/** Kubernetes Deployment strategy.rollingUpdate and progressDeadlineSeconds, checked as the API server checks them. */
export function compileRollingUpdate(w: Static<typeof Workload>, path: Path, problems: Problems): RollingUpdateStrategy {
  const d = DEFAULT_ROLLING_UPDATE;
  const ru = w.strategy?.rollingUpdate ?? {};
  const type = w.strategy?.type ?? d.type;
  // The API server's validation: "may not be specified when strategy `type` is 'Recreate'".
  if (type === 'Recreate' && w.strategy?.rollingUpdate !== undefined) problems.report([...path, 'strategy', 'rollingUpdate'], "may not be specified when strategy type is 'Recreate'");
  const strategy: RollingUpdateStrategy = {
    type,
    maxSurge: ru.maxSurge ?? d.maxSurge,
    maxUnavailable: ru.maxUnavailable ?? d.maxUnavailable,
    progressDeadlineMs: w.progressDeadlineSeconds === undefined ? d.progressDeadlineMs : w.progressDeadlineSeconds * 1000,
    minReadyMs: w.minReadySeconds === undefined ? d.minReadyMs : w.minReadySeconds * 1000,
  };
  // "progressDeadlineSeconds must be greater than minReadySeconds" (Deployment validation).
  if (strategy.progressDeadlineMs <= strategy.minReadyMs) problems.report([...path, 'progressDeadlineSeconds'], 'must be greater than minReadySeconds');
  const zero = (v: IntOrPercent): boolean => (typeof v === 'number' ? v === 0 : Number(v.slice(0, -1)) === 0);
  if (zero(strategy.maxSurge) && zero(strategy.maxUnavailable)) problems.report([...path, 'strategy', 'rollingUpdate', 'maxUnavailable'], 'may not be 0 when maxSurge is 0');
  return strategy;
}
