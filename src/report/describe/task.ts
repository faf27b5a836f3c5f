import type { StartStep, TaskEvent, UnhealthyReason } from '../../model/events/task.js';
import { formatIp } from '../../model/network/cidr.js';
import { containerCheckFailure, targetCheckFailure } from './health.js';
import { ECS_CACHED_IMAGE_FALLBACK, ecsPullFailureReason, kubeletPullFailureMessage } from './image-pull.js';
import { describeStopReason } from './stop-reason.js';
import { assertNever, type Wording } from './wording.js';

const healthy = (workload: string): string => (workload === 'deployment' ? 'Ready' : 'healthStatus HEALTHY');
const IN_SERVICE = 'target healthy in the load balancer';

export const TASK_WORDING: Wording<TaskEvent> = {
  'task.created': {
    entity: (e) => e.task,
    text: (e) => `${e.taskDefinition.family}:${e.taskDefinition.revision}${e.capacityProvider === null ? '' : ` on ${e.capacityProvider}`}`,
  },
  'task.placed': {
    entity: (e) => e.task,
    text: (e) => (e.host === null ? 'on Fargate (microVM provisioning)' : `on ${e.host} (${e.instanceType}, ${e.az})${e.gpuIds === undefined ? '' : `, GPU ${e.gpuIds.join(', ')}`}`),
  },
  'task.status-changed': {
    entity: (e) => e.task,
    text: (e) => `${e.from} -> ${e.to}: ${e.to === 'STOPPING' ? describeStopReason(e.reason) : describeStep(e.step)}`,
  },
  'task.images-ready': {
    entity: (e) => e.task,
    text: (e) => (e.pullMs === 0 ? 'cached' : `pulled in ${e.pullMs} ms`),
  },
  'task.containers-ordered': {
    entity: (e) => e.task,
    text: (e) =>
      `containers start in order ${e.order.join(' -> ')}${e.dependencyWaitMs > 0 ? `; waits ${e.dependencyWaitMs} ms for dependencies` : ''}${e.proxyLagMs > 0 ? `; mesh proxy ready ${e.proxyLagMs} ms after the app starts` : ''}`,
  },
  'task.image-pull-failed': {
    entity: (e) => e.task,
    text: (e) =>
      e.agent === 'ecs'
        ? `${ecsPullFailureReason(e.image, e.failure)}${e.usedCachedImage === true ? `; ${ECS_CACHED_IMAGE_FALLBACK}` : ''}`
        : `Failed: ${kubeletPullFailureMessage(e.image, e.failure)}; Error: ErrImagePull`,
  },
  'task.healthy': { entity: (e) => e.task, text: (e) => healthy(e.workload) },
  'task.in-service': { entity: (e) => e.task, text: () => IN_SERVICE },
  'task.recovered': {
    entity: (e) => e.task,
    text: (e) => `${e.check === 'health' ? healthy(e.workload) : IN_SERVICE} again`,
  },
  'task.unhealthy': { entity: (e) => e.task, text: (e) => describeUnhealthy(e.reason) },
  'task.sigterm': {
    entity: (e) => e.task,
    text: (e) => `target deregistered after ${e.deregisteredAfterMs} ms; stop timeout ${e.stopTimeoutMs / 1000} s`,
  },
  'task.sigkill': {
    entity: (e) => e.task,
    text: (e) => `stop timeout reached (${e.handlesSigterm ? 'still draining' : 'SIGTERM ignored'}); ${e.dropped} requests in flight dropped`,
  },
  'task.deregistration-cut': {
    entity: (e) => e.task,
    text: (e) => `deregistration delay (${e.deregistrationDelayMs / 1000} s) ran out with ${e.cut} requests in flight: the load balancer closed them (ELB 5XX)`,
  },
  'task.in-flight-lost': { entity: (e) => e.task, text: (e) => `its instance ${e.host ?? ''} was terminated under it: ${e.lost} requests in flight lost` },
  'task.stopped': { entity: (e) => e.task, text: (e) => `${e.stopCode}: ${describeStopReason(e.reason)}` },
  'task.eni-attached': { entity: (e) => e.task, text: (e) => `ENI with ${formatIp(e.ip)} in ${e.subnet}` },
};

function describeStep(step: StartStep): string {
  switch (step) {
    case 'AGENT_ACCEPTED':
      return 'agent accepted the task';
    case 'MICROVM_READY':
      return 'microVM and ENI ready; pulling images';
    case 'SANDBOX_READY':
      return 'sandbox ready; pulling images';
    case 'CONTAINERS_STARTED':
      return 'containers started';
    default:
      return assertNever(step);
  }
}

/** Why a task was taken out of service, as ECS, the load balancer or Kubernetes report it. */
export function describeUnhealthy(r: UnhealthyReason): string {
  switch (r.code) {
    case 'CONTAINER_HEALTH_CHECK':
      return `healthStatus UNHEALTHY: container health check failed ${r.failureThreshold} times (${containerCheckFailure(r.cause)})`;
    case 'TARGET_UNHEALTHY':
      return `target unhealthy in the load balancer: ${targetCheckFailure(r.cause)}`;
    case 'READINESS_PROBE':
      return `NotReady: readiness probe failed ${r.failureThreshold} times`;
    case 'NODE_NOT_READY':
      return `NotReady: node ${r.host} is NotReady, so its pods are not Ready`;
    default:
      return assertNever(r);
  }
}
