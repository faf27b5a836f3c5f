import type { ImagePullFailure } from '../app-failure.js';
import type { CodeDocs } from '../events/docs.js';
import type { SecretStore } from '../secrets.js';

/**
 * Why a task or pod was stopped: a code and the ids or numbers its wording needs. ECS shows it as
 * the task's `stoppedReason`, Kubernetes as the pod's deletion cause; report/describe renders
 * that wording (tasks.csv `stopped_reason`, events.csv). The ECS `stopCode` travels beside it.
 */
export type StopReason =
  /** The ECS service scheduler stops surplus tasks after its desired count went down. */
  | { readonly code: 'SCALE_IN' }
  /** An ECS rolling deployment replaces the task with one of its own revision. */
  | { readonly code: 'DEPLOYMENT'; readonly deployment: string }
  /** The task's container instance is DRAINING; the service scheduler replaces it elsewhere. */
  | { readonly code: 'INSTANCE_DRAINING'; readonly host: string }
  /** ECS replaces a task whose target failed the load balancer's health checks. */
  | { readonly code: 'ELB_HEALTH_CHECK'; readonly targetGroup: string }
  /** ECS replaces a task whose container health check went UNHEALTHY. */
  | { readonly code: 'CONTAINER_HEALTH_CHECK' }
  /** The task's essential container exited (crash, OOM kill, an injected SIGKILL). */
  | { readonly code: 'ESSENTIAL_CONTAINER_EXITED'; readonly container: string; readonly exitCode: number; readonly oom: boolean }
  /** The ECS agent could not pull an image (CannotPullContainerError). */
  | { readonly code: 'CANNOT_PULL_CONTAINER'; readonly image: string; readonly failure: ImagePullFailure }
  /**
   * ECS could not fetch what the task needs before its containers are created (docs/models.md,
   * "Start-up dependencies"): a secret, or (Fargate) the registry's credentials. `failure`:
   * the service was unreachable (no endpoint and no NAT path), or it answered AccessDenied or
   * not found. Fargate words it `ResourceInitializationError: ...`; the EC2 agent names the store.
   */
  | { readonly code: 'RESOURCE_INITIALIZATION'; readonly dependency: StartupDependencyFailure }
  /**
   * ECS could not mount one of the task's EFS volumes (docs/models.md, "EFS volumes"): the
   * file system has no mount target in the task's AZ, so its DNS name does not resolve there.
   * Fargate words it `ResourceInitializationError: failed to invoke EFS utils commands ...`,
   * the agent on EC2 as its Docker volume plugin's error.
   */
  | { readonly code: 'EFS_MOUNT_FAILED'; readonly mount: EfsMountFailure }
  /**
   * ECS could not attach the task's managed EBS volume to its container instance: EC2 refused the
   * AttachVolume with AttachmentLimitExceeded, the instance type's attachment limit being reached
   * (docs/models.md, "ECS EBS volumes"). `volume` is the volume ECS created for the task, `host`
   * the instance, `name` the task definition volume.
   */
  | { readonly code: 'EBS_ATTACHMENT_FAILED'; readonly volume: string; readonly name: string; readonly host: string }
  /** Fargate Spot capacity was reclaimed. */
  | { readonly code: 'SPOT_INTERRUPTION' }
  /** EC2 reclaimed the Spot instance under a Karpenter node. */
  | { readonly code: 'NODE_RECLAIMED'; readonly host: string }
  /** `kubectl drain` (or Karpenter's disruption) evicted the pod from its cordoned node. */
  | { readonly code: 'EVICTED_NODE_DRAINING'; readonly host: string }
  /** The node lifecycle controller evicted the pod from an unreachable node (NoExecute taint). */
  | { readonly code: 'EVICTED_NODE_UNREACHABLE'; readonly host: string }
  /** The ReplicaSet controller deleted a surplus pod. */
  | { readonly code: 'REPLICASET_SCALE_DOWN' }
  /** The StatefulSet controller deleted the pod of an ordinal above its replicas. */
  | { readonly code: 'STATEFULSET_SCALE_DOWN' }
  /** The ReplicaSet controller deleted an old pod during a rolling update. */
  | { readonly code: 'REPLICASET_ROLLING_UPDATE' }
  /** The StatefulSet controller deleted a pod not of the update revision (RollingUpdate, the highest ordinal first); the same ordinal comes back at the new one. */
  | { readonly code: 'STATEFULSET_ROLLING_UPDATE' }
  /** `kubectl delete pod` (a scenario's deletePod event): its controller creates it again. */
  | { readonly code: 'POD_DELETED' }
  /**
   * Auto Scaling terminated the instance under the task: it failed its EC2 status checks, or a
   * scale-in or AZRebalance terminated it without draining it (or after its drain ran out of time).
   */
  | { readonly code: 'HOST_TERMINATED'; readonly host: string }
  /**
   * The pod's node is gone (Auto Scaling terminated its instance without draining it, or after
   * its drain ran out of time): the pod garbage collector deletes it (DisruptionTarget
   * DeletionByPodGC). Its containers died with the instance.
   */
  | { readonly code: 'DELETED_BY_POD_GC'; readonly host: string }
  /** kube-scheduler preempted the pod for a pending pod of higher priority (`by`) on `host`. */
  | { readonly code: 'PREEMPTED'; readonly by: string; readonly host: string }
  /** Its Availability Zone was impaired: the Fargate task (its microVM) is lost. */
  | { readonly code: 'AZ_IMPAIRED'; readonly az: string }
  /** ECS Availability Zone rebalancing stopped it in an AZ with more than its share. */
  | { readonly code: 'AZ_REBALANCING'; readonly az: string };

export type StopReasonCode = StopReason['code'];

/** A start-up dependency that failed, with what the ECS wording needs. */
export interface StartupDependencyFailure {
  /** `secret`: a container secret or repositoryCredentials; `registry-auth`: ECR's GetAuthorizationToken. */
  readonly what: 'secret' | 'registry-auth';
  /** The secret's store (registry-auth: none). */
  readonly store: Exclude<SecretStore, 'kubernetes'> | null;
  /** The secret's `valueFrom` (registry-auth: the registry host). */
  readonly name: string;
  readonly failure: 'unreachable' | 'access-denied' | 'not-found';
  /** The task runs on Fargate (its own wording); false: the ECS agent on EC2. */
  readonly fargate: boolean;
  readonly region: string;
  /** The task execution role's ARN (AccessDenied names it). */
  readonly executionRole: string;
  readonly task: string;
}

/** An EFS volume that could not be mounted, with what ECS's and kubelet's wording needs. */
export interface EfsMountFailure {
  /** The volume's name (the task definition's `volumes[].name`, the pod's persistent volume). */
  readonly volume: string;
  readonly fileSystemId: string;
  readonly rootDirectory: string;
  readonly accessPointId: string | null;
  readonly transitEncryption: boolean;
  /** The AZ the task ran in, which has no mount target. */
  readonly az: string;
  readonly region: string;
  /** The task runs on Fargate (its own wording); false: the ECS agent on EC2 or kubelet. */
  readonly fargate: boolean;
  /** The task definition's family and revision (the EC2 agent's Docker volume is named after them). */
  readonly family: string;
  readonly revision: number;
  readonly task: string;
}

/** Shared values of the reasons that carry nothing but their code (stops allocate nothing for them). */
export const SCALE_IN: StopReason = Object.freeze({ code: 'SCALE_IN' });
export const CONTAINER_HEALTH_CHECK: StopReason = Object.freeze({ code: 'CONTAINER_HEALTH_CHECK' });
export const SPOT_INTERRUPTION: StopReason = Object.freeze({ code: 'SPOT_INTERRUPTION' });
export const REPLICASET_SCALE_DOWN: StopReason = Object.freeze({ code: 'REPLICASET_SCALE_DOWN' });
export const STATEFULSET_SCALE_DOWN: StopReason = Object.freeze({ code: 'STATEFULSET_SCALE_DOWN' });
export const REPLICASET_ROLLING_UPDATE: StopReason = Object.freeze({ code: 'REPLICASET_ROLLING_UPDATE' });
export const STATEFULSET_ROLLING_UPDATE: StopReason = Object.freeze({ code: 'STATEFULSET_ROLLING_UPDATE' });
export const POD_DELETED: StopReason = Object.freeze({ code: 'POD_DELETED' });

export const STOP_REASON_DOCS = {
  SCALE_IN: { meaning: 'The ECS service scheduler stops surplus tasks after its desired count went down.', example: SCALE_IN },
  DEPLOYMENT: { meaning: 'An ECS rolling deployment replaces the task with one of its new revision.', example: { code: 'DEPLOYMENT', deployment: 'ecs-svc/2' } },
  INSTANCE_DRAINING: { meaning: 'Its container instance is DRAINING: the service scheduler replaces it elsewhere.', example: { code: 'INSTANCE_DRAINING', host: 'i-000004' } },
  ELB_HEALTH_CHECK: { meaning: "ECS replaces a task whose target failed the load balancer's health checks.", example: { code: 'ELB_HEALTH_CHECK', targetGroup: 'web-tg' } },
  CONTAINER_HEALTH_CHECK: { meaning: 'ECS replaces a task whose container health check went UNHEALTHY.', example: CONTAINER_HEALTH_CHECK },
  ESSENTIAL_CONTAINER_EXITED: {
    meaning: 'Its essential container exited: a crash, an OOM kill (`oom`), or a SIGKILL from outside (exit code 137).',
    example: { code: 'ESSENTIAL_CONTAINER_EXITED', container: 'web', exitCode: 1, oom: false },
  },
  CANNOT_PULL_CONTAINER: {
    meaning: 'The ECS agent could not pull an image (registry-unreachable, access-denied, tag-not-found, layers-unreachable or rate-limited).',
    example: { code: 'CANNOT_PULL_CONTAINER', image: 'web:3', failure: 'access-denied' },
  },
  RESOURCE_INITIALIZATION: {
    meaning: 'ECS could not fetch a secret or (Fargate) the registry credentials before creating the containers: unreachable (no VPC endpoint or NAT path), AccessDenied, or not found.',
    example: {
      code: 'RESOURCE_INITIALIZATION',
      dependency: {
        what: 'secret',
        store: 'secretsmanager',
        name: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:api/db-AbCdEf',
        failure: 'unreachable',
        fargate: true,
        region: 'us-east-1',
        executionRole: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
        task: 't-000007',
      },
    },
  },
  EFS_MOUNT_FAILED: {
    meaning: "ECS could not mount the task's EFS volume: the file system has no mount target in the task's Availability Zone, so its DNS name does not resolve there.",
    example: {
      code: 'EFS_MOUNT_FAILED',
      mount: { volume: 'shared', fileSystemId: 'fs-0123456789abcdef0', rootDirectory: '/', accessPointId: null, transitEncryption: true, az: 'us-east-1c', region: 'us-east-1', fargate: true, family: 'api', revision: 1, task: 't-000007' },
    },
  },
  EBS_ATTACHMENT_FAILED: {
    meaning: "ECS created the task's managed EBS volume but EC2 refused to attach it (AttachmentLimitExceeded): its container instance had no attachment slot left.",
    example: { code: 'EBS_ATTACHMENT_FAILED', volume: 'vol-000026', name: 'data', host: 'i-000001' },
  },
  SPOT_INTERRUPTION: { meaning: 'Fargate Spot capacity was reclaimed.', example: SPOT_INTERRUPTION },
  NODE_RECLAIMED: { meaning: 'EC2 reclaimed the Spot instance under the node (a Karpenter node, or one of a node group).', example: { code: 'NODE_RECLAIMED', host: 'i-000004' } },
  EVICTED_NODE_DRAINING: { meaning: 'A drain (kubectl drain, Karpenter disruption) evicted the pod from its cordoned node.', example: { code: 'EVICTED_NODE_DRAINING', host: 'i-000004' } },
  EVICTED_NODE_UNREACHABLE: {
    meaning: "The node lifecycle controller deleted the pod from an unreachable node once its toleration ran out.",
    example: { code: 'EVICTED_NODE_UNREACHABLE', host: 'i-000004' },
  },
  REPLICASET_SCALE_DOWN: { meaning: 'The ReplicaSet controller deleted a surplus pod.', example: REPLICASET_SCALE_DOWN },
  STATEFULSET_SCALE_DOWN: { meaning: 'The StatefulSet controller deleted the pod of an ordinal at or above its replicas (the highest first).', example: STATEFULSET_SCALE_DOWN },
  REPLICASET_ROLLING_UPDATE: { meaning: 'The ReplicaSet controller deleted an old pod during a rolling update.', example: REPLICASET_ROLLING_UPDATE },
  STATEFULSET_ROLLING_UPDATE: {
    meaning: 'The StatefulSet controller deleted a pod not of the update revision during a rolling update (the highest ordinal first, one at a time); the ordinal comes back at the new revision.',
    example: STATEFULSET_ROLLING_UPDATE,
  },
  POD_DELETED: { meaning: '`kubectl delete pod` (a scenario deletePod event): a graceful deletion; the pod\'s controller creates it again.', example: POD_DELETED },
  AZ_IMPAIRED: { meaning: 'Its Availability Zone was impaired: the Fargate task was lost with it; the service scheduler replaces it in a healthy AZ.', example: { code: 'AZ_IMPAIRED', az: 'us-east-1b' } },
  AZ_REBALANCING: { meaning: 'ECS Availability Zone rebalancing stopped it in an AZ with more than its share, once its replacement ran in the AZ with the fewest.', example: { code: 'AZ_REBALANCING', az: 'us-east-1a' } },
  HOST_TERMINATED: {
    meaning: 'Auto Scaling terminated the instance under the task: it failed its EC2 status checks, or a scale-in or AZRebalance terminated it undrained (or once its drain ran out of time).',
    example: { code: 'HOST_TERMINATED', host: 'i-000004' },
  },
  DELETED_BY_POD_GC: {
    meaning: "Auto Scaling terminated the pod's node undrained (or once its drain ran out of time): its containers died with it, and the pod garbage collector deleted the pod (DisruptionTarget, DeletionByPodGC).",
    example: { code: 'DELETED_BY_POD_GC', host: 'i-000004' },
  },
  PREEMPTED: { meaning: 'kube-scheduler preempted the pod to make room for a pending pod of higher priority.', example: { code: 'PREEMPTED', by: 't-000040', host: 'i-000004' } },
} satisfies CodeDocs<StopReason>;
