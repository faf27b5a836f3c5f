import type { AzCount, DesiredCountCause, ReplacementCause, RolloutCause, ServiceEvent, ServiceEventCause } from '../../model/events/service.js';
import { goLookupTimeout } from './dns.js';
import { targetCheckFailure } from './health.js';
import { describePlacementFailure } from './placement.js';
import { describeHpaReason } from './scaling-reasons.js';
import { assertNever, type Wording } from './wording.js';

export const SERVICE_WORDING: Wording<ServiceEvent> = {
  'service.created': {
    entity: (e) => e.service,
    text: (e) => `desiredCount=${e.desiredCount} taskDefinition=${e.taskDefinition.family}:${e.taskDefinition.revision}`,
  },
  'service.desired-count-changed': {
    entity: (e) => e.service,
    text: (e) => `desiredCount ${e.from} -> ${e.to} (${describeDesiredCountCause(e.cause)})`,
  },
  'service.deployment-started': {
    entity: (e) => e.service,
    text: (e) =>
      `(service ${e.service}) deployment ${e.deployment} ${e.taskDefinition.family}:${e.taskDefinition.revision} rolloutState=IN_PROGRESS${e.rollback ? ' (rollback)' : ''}`,
  },
  'service.rollout-state': {
    entity: (e) => e.service,
    text: (e) => `${e.deployment} rolloutState=${e.state}: ${describeRolloutCause(e.service, e.deployment, e.cause)}`,
  },
  'service.event': { entity: (e) => e.service, text: (e) => describeServiceEvent(e.service, e.cause) },
};

function describeDesiredCountCause(c: DesiredCountCause): string {
  switch (c.code) {
    case 'SCENARIO':
      return 'scenario event';
    case 'APPLICATION_AUTO_SCALING':
      return `Application Auto Scaling policy ${c.policy ?? 'capacity bounds'}`;
    case 'HPA':
      return `HorizontalPodAutoscaler: ${describeHpaReason(c.reason)}`;
    default:
      return assertNever(c);
  }
}

function describeRolloutCause(service: string, deployment: string, c: RolloutCause): string {
  switch (c.code) {
    case 'CIRCUIT_BREAKER':
      return `(service ${service}) (deployment ${deployment}) deployment failed: tasks failed to start. (circuit breaker: ${c.failedTasks} failed tasks, threshold ${c.threshold}, stage ${c.stage})`;
    case 'DEPLOYMENT_COMPLETED':
      return `(service ${service}) (deployment ${deployment}) deployment completed.`;
    case 'NEW_REPLICASET_AVAILABLE':
      return `Progressing=True reason NewReplicaSetAvailable: ReplicaSet "${service}-${c.revision}" has successfully progressed.`;
    case 'PROGRESS_DEADLINE_EXCEEDED':
      return `Progressing=False reason ProgressDeadlineExceeded: ReplicaSet "${service}-${c.revision}" has timed out progressing. (no automatic rollback: kubectl rollout undo deployment/${service})`;
    case 'STATEFULSET_UPDATE_COMPLETE':
      return `statefulset rolling update complete ${c.replicas} pods at revision ${service}-${c.revision}...`;
    default:
      return assertNever(c);
  }
}

const en = (n: number): string => n.toLocaleString('en-US');

/** An ECS service event (or a Deployment's, or the cluster's message about a workload). */
export function describeServiceEvent(s: string, c: ServiceEventCause): string {
  switch (c.code) {
    case 'UNABLE_TO_PLACE':
      return describePlacementFailure(s, c.failure);
    case 'WAITING_FOR_CAPACITY_PROVIDER':
      return `(service ${s}) has tasks waiting in PROVISIONING for capacity from capacity provider ${c.capacityProvider}`;
    case 'UNABLE_TO_START_TASKS_CONSISTENTLY':
      return `(service ${s}) is unable to consistently start tasks successfully.`;
    case 'TASK_UNHEALTHY_IN_TARGET_GROUP':
      return `(service ${s}) (task ${c.task})${c.port === null ? '' : ` (port ${c.port})`} is unhealthy in (target-group ${c.targetGroup}) due to (reason ${targetCheckFailure(c.cause)}).`;
    case 'TASK_FAILED_CONTAINER_HEALTH_CHECKS':
      return `(service ${s}) (task ${c.task}) failed container health checks.`;
    case 'STOPPED_UNHEALTHY_TASK':
      return `(service ${s}) has stopped 1 running tasks: (task ${c.task}).`;
    case 'STARTED_TASKS':
      return `(service ${s}) has started ${c.count} tasks: (${describeReplacement(c.why)})`;
    case 'STOPPED_TASKS':
      return `(service ${s}) has stopped ${c.count} running tasks: (${describeReplacement(c.why)})`;
    case 'DEPLOYMENT_ROLLING_BACK':
      return `(service ${s}) (deployment ${c.deployment}) deployment rolling back to ${c.taskDefinition.family}:${c.taskDefinition.revision}`;
    case 'STEADY_STATE':
      return `(service ${s}) has reached a steady state.`;
    case 'TASK_WAITING_FOR_ENI':
      return `(service ${s}) task ${c.task} is waiting in PROVISIONING: CreateNetworkInterface failed in ${c.az} (${c.subnets.join(', ') || 'no subnet'}): InsufficientFreeAddressesInSubnet`;
    case 'FARGATE_CAPACITY_UNAVAILABLE':
      return `(service ${s}) was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone.`;
    case 'FARGATE_TASK_WAITING_FOR_ADDRESS':
      return `(service ${s}) task ${c.task} is waiting in PROVISIONING: no subnet of the service has a free address (InsufficientFreeAddressesInSubnet)`;
    case 'ALB_FAIL_OPEN':
      return `(service ${s}) every registered target is unhealthy: the load balancer fails open and routes requests to all ${c.targets} targets`;
    case 'FARGATE_LAUNCH_RATE':
      return `(service ${s}) tasks wait in PROVISIONING for Fargate's launch rate: Rate exceeded (Fargate Resource rate quota for ${c.spot ? 'Spot' : 'On Demand'} tasks: burst ${c.burst}, ${c.perSecond} a second per account; at most ${c.servicePerMinute} tasks a minute per service)`;
    case 'FARGATE_VCPU_LIMIT':
      return `(service ${s}) was unable to place a task. Reason: You've reached the limit on the number of vCPUs you can run concurrently (Fargate ${c.spot ? 'Spot' : 'On-Demand'} vCPU resource count: ${c.limit}). For more information, see the Troubleshooting section.`;
    case 'SERVICE_REBALANCING_STARTED':
      return `service (${s}) is not AZ balanced with ${describeAzCounts(c.tasksPerAz)}. AZ Rebalancing in progress.`;
    case 'SERVICE_REBALANCING_COMPLETED':
      return `service (${s}) is AZ balanced with ${describeAzCounts(c.tasksPerAz)}.`;
    case 'REBALANCING_TASK_STOPPED':
      return `(service ${s}) has stopped 1 running tasks in ${c.az} to AZ Rebalance: (task ${c.task}).`;
    case 'SPOT_TASK_RECLAIMED':
      return `(service ${s}) task ${c.task}: Spot capacity is being reclaimed; two-minute warning sent (SIGTERM)`;
    case 'STATEFULSET_POD_CREATED':
      return `SuccessfulCreate: create Pod ${c.pod} in StatefulSet ${s} successful (task ${c.task}${c.claims.length === 0 ? '' : `, claims ${c.claims.join(', ')}`})`;
    case 'STATEFULSET_POD_DELETED':
      return `SuccessfulDelete: delete Pod ${c.pod} in StatefulSet ${s} successful (task ${c.task}; rolling update: revision ${c.revision} -> ${c.updateRevision})`;
    case 'STATEFULSET_ROLLOUT_BLOCKED':
      return `StatefulSet ${s} is waiting for Pod ${c.pod} (task ${c.task}, revision ${c.revision}) to be Running and Ready (OrderedReady) before it updates any pod; the pod is not of revision ${c.updateRevision}, which its ordinal should have, and the controller does not replace it: unless it becomes Ready, the rollout is stuck until the pod is deleted (Forced rollback; fleetsim's wording)`;
    case 'STATEFULSET_ROLLED_BACK':
      return `statefulset.apps/${s} rolled back to revision ${c.revision} (kubectl rollout undo statefulset/${s})`;
    case 'SCALED_UP_REPLICA_SET':
      return `ScalingReplicaSet: Scaled up replica set ${s}-${c.revision} to ${c.replicas}`;
    case 'SCALED_DOWN_OLD_REPLICA_SETS':
      return `ScalingReplicaSet: Scaled down old replica sets of ${s} by ${c.by} (to ${c.to})`;
    case 'ROLLBACK_REVISION_NOT_FOUND':
      return `DeploymentRollbackRevisionNotFound: Unable to find last revision. (kubectl rollout undo deployment/${s})`;
    case 'ROLLED_BACK':
      return `DeploymentRollback: Rolled back deployment "${s}" to revision ${c.revision} (kubectl rollout undo deployment/${s})`;
    case 'DNS_LOOKUPS_FAILING': {
      const why =
        c.readyReplicas === 0
          ? 'no CoreDNS replica is Ready'
          : `CoreDNS overloaded: ${en(Math.round(c.offeredQps))} queries/s offered, ${c.readyReplicas} Ready replicas answer ${en(c.capacityQps)}`;
      return `${goLookupTimeout(c.name, c.dnsServerIp)} (${(100 * c.queryFailure).toFixed(0)}% of DNS queries time out, ${(100 * c.requestFailure).toFixed(0)}% of requests fail: ${why})`;
    }
    case 'DNS_LOOKUPS_RECOVERED':
      return `DNS lookups of ${c.name} succeed again: ${c.readyReplicas} Ready CoreDNS replicas answer ${en(c.capacityQps)} queries/s, ${en(Math.round(c.offeredQps))} offered`;
    case 'API_THROTTLED': {
      const what = c.call === 'create-pods' ? 'creating pods' : 'binding pods';
      const shared = c.sharedWith.length === 0 ? '' : ` shared with ${c.sharedWith.join(', ')}`;
      return `${c.client}: 429 Too Many Requests ${what} (client-go retries after Retry-After: ${c.retryAfterMs / 1000}s): priority level ${c.priorityLevel}, flow ${c.flow}${shared} (${(100 * c.rejectedFraction).toFixed(0)}% of its requests rejected)`;
    }
    case 'API_CALL_FAILED': {
      const reason = c.call === 'create-pods' ? 'FailedCreate: Error creating' : 'FailedBinding: Error binding';
      return `${reason}: the server has received too many requests and has asked us to try again later (429 Too Many Requests after ${c.retries} retries; ${c.client} requeues with back-off)`;
    }
    default:
      return assertNever(c);
  }
}

function describeReplacement(why: ReplacementCause): string {
  return why.code === 'DEPLOYMENT' ? `deployment ${why.deployment}` : 'container instance draining';
}

/** "5 tasks in us-east-1a, 0 tasks in us-east-1b, and 5 tasks in us-east-1c", as ECS's rebalancing events list them. */
function describeAzCounts(counts: readonly AzCount[]): string {
  const parts = counts.map((c) => `${c.tasks} tasks in ${c.az}`);
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]!}`;
}
