/** What an event's compiler may consult: the platform and what the scenario's other sections define. */
import type { EgressSpec } from '../../model/network/egress.js';
import type { SecretRef } from '../../model/secrets.js';
import type { Platform, ServiceSpec, TimedEventAction } from '../../model/simulation-spec.js';
import type { Problems } from './problems.js';
import type { ServiceNames } from './references.js';

export interface EventContext {
  readonly platform: Platform;
  /** The run's duration, ms: an event at or after it never happens. */
  readonly durationMs: number;
  readonly availabilityZones: readonly string[];
  /** Auto Scaling groups (ECS) or node groups (EKS). */
  readonly groupNames: readonly string[];
  /** Some group launches Spot instances (its mixed instances policy, an EKS node group's SPOT capacity type). */
  readonly spotGroups: boolean;
  readonly services: ServiceNames;
  /** Each service (workload) by name, with the task-level memory a leak in its next revision is OOM-killed at (0: none). */
  readonly deployTargets: ReadonlyMap<string, { readonly spec: ServiceSpec; readonly taskMemoryLimitMiB: number }>;
  /** The cluster runs CoreDNS. */
  readonly coreDns: boolean;
  /** The cluster runs Karpenter. */
  readonly karpenter: boolean;
  /** Karpenter's NodePools, by name (none without Karpenter). */
  readonly nodePoolNames: readonly string[];
  /** The VPC's path to AWS services (null: not modelled). */
  readonly egress: EgressSpec | null;
  /** Every secret a container of a service reads, with its service. */
  readonly secretsUsed: readonly { readonly service: string; readonly ref: SecretRef }[];
  readonly problems: Problems;
}

/** An event's action without its time (the events section adds `at` and any rate). */
export type EventAction = TimedEventAction extends infer A ? (A extends TimedEventAction ? Omit<A, 'at'> : never) : never;
