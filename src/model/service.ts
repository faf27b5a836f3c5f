import type { TaskStatus } from './cluster-objects.js';

// Service is declared with Host and Task in cluster-objects.ts (they point at each other), its
// rollout settings in rollout.ts (which Service needs); both re-exported here, their public home.
export type { LaunchType, Service, WorkloadKind } from './cluster-objects.js';
export {
  circuitBreakerThreshold,
  DEFAULT_DEPLOYMENT_CONFIGURATION,
  DEFAULT_ROLLING_UPDATE,
  kubeRollingBounds,
  pdbDesiredHealthy,
  pdbDisruptionsAllowed,
  podAvailable,
  podReady,
  readyPods,
  resolveIntOrPercent,
  rollingBounds,
  type Deployment,
  type DeploymentConfiguration,
  type IntOrPercent,
  type PodDisruptionBudget,
  type RollingUpdateStrategy,
  type RolloutState,
} from './rollout.js';

export function emptyCounts(): Record<TaskStatus, number> {
  return { UNPLACED: 0, PROVISIONING: 0, PENDING: 0, RUNNING: 0, STOPPING: 0, STOPPED: 0 };
}
