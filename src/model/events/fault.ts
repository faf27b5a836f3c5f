import type { LaunchTypeShort } from '../capacity-shortage.js';
import type { AwsServiceEndpoint } from '../network/egress.js';
import type { PriorityLevel } from '../params/api-server.js';
import type { SecretFailure } from '../secrets.js';
import type { ApiLoadSpec } from '../simulation-spec.js';
import type { WorkloadKind } from '../service.js';
import type { EventDocs } from './docs.js';
import type { NodeAgent } from '../host.js';

/** Trace events of the scenario's injected faults, and the registry outages they cause. */

/** Which arrival of a fault at a rate this is (`everyMs` for a fixed period, `perHour` for Poisson). */
export interface FaultArrival {
  readonly n: number;
  readonly everyMs: number | null;
  readonly perHour: number | null;
  readonly untilMs: number;
}

/** A fault as injected. `arrival` is null for a one-off fault at a time. */
export type InjectedFault =
  | { readonly kind: 'registry-outage'; readonly registry: string | null; readonly durationMs: number; readonly arrival: FaultArrival | null }
  /** SIGKILL to the essential container of `killed` of the `running` tasks (or pods) of the service. */
  | { readonly kind: 'task-kill'; readonly workload: WorkloadKind; readonly killed: readonly string[]; readonly running: number; readonly arrival: FaultArrival | null }
  /** These nodes' kubelets (or ECS container agents) lose the control plane, until the end (`durationMs` null) or for a while. */
  | { readonly kind: 'node-not-ready'; readonly agent: NodeAgent; readonly hosts: readonly string[]; readonly durationMs: number | null; readonly arrival: FaultArrival | null }
  /** Karpenter's new nodes of `nodePool` never register, for `durationMs` (null: the rest of the run). */
  | { readonly kind: 'node-registration-failure'; readonly nodePool: string; readonly durationMs: number | null; readonly arrival: FaultArrival | null }
  /** Instances fail (an AZ outage when `az` is set). Recorded for arrivals at a rate only. */
  | { readonly kind: 'node-failure'; readonly az: string | null; readonly hosts: readonly string[]; readonly arrival: FaultArrival }
  /**
   * An Availability Zone is impaired from now for `durationMs` (null: the rest of the run):
   * `hosts` (a fraction of its instances) and `tasks` (Fargate tasks there) fail, and launches
   * there fail with the probability `launchFailureRate` (1: none succeeds) until it ends.
   */
  | {
      readonly kind: 'az-impairment';
      readonly az: string;
      readonly durationMs: number | null;
      readonly instanceFraction: number;
      readonly launchFailureRate: number;
      readonly hosts: readonly string[];
      readonly tasks: readonly string[];
      readonly arrival: FaultArrival | null;
    }
  /**
   * EC2 runs short of capacity for `instanceTypes` (null: every type) in `azs` (null: every AZ)
   * for `durationMs` (null: the rest of the run): matching launches fail with
   * InsufficientInstanceCapacity with the probability `launchFailureRate`.
   */
  | {
      readonly kind: 'insufficient-capacity';
      readonly launchType: LaunchTypeShort;
      readonly instanceTypes: readonly string[] | null;
      readonly azs: readonly string[] | null;
      readonly capacityType: 'on-demand' | 'spot' | null;
      readonly durationMs: number | null;
      readonly launchFailureRate: number;
      readonly arrival: FaultArrival | null;
    }
  /** Spot interruption warnings for Karpenter's spot nodes. Recorded for arrivals at a rate only. */
  | { readonly kind: 'node-spot-interruption'; readonly count: number | { readonly fraction: number }; readonly arrival: FaultArrival }
  /** Fargate Spot interruptions. Recorded for arrivals at a rate only. */
  | { readonly kind: 'spot-interruption'; readonly count: number | { readonly fraction: number }; readonly arrival: FaultArrival }
  /** `crashed` of the `running` CoreDNS pods crash. */
  | { readonly kind: 'coredns-failure'; readonly crashed: readonly string[]; readonly running: number; readonly arrival: FaultArrival | null }
  /** A noisy client starts calling the API server; how API Priority and Fairness classifies it. */
  | {
      readonly kind: 'api-load';
      readonly load: ApiLoadSpec;
      /** Requests per second that reach the API server (after the client-side rate limiter). */
      readonly rate: number;
      readonly user: string;
      readonly flowSchema: string;
      readonly priorityLevel: PriorityLevel;
      readonly flow: string;
    }
  /** The VPC endpoint of `endpoint` is deleted: calls to the service go through a NAT gateway, if any, else time out. */
  | { readonly kind: 'endpoint-outage'; readonly endpoint: AwsServiceEndpoint; readonly durationMs: number | null; readonly arrival: FaultArrival | null }
  /** The NAT gateway of `az` (null: every one) is down: calls through it time out. */
  | { readonly kind: 'nat-gateway-failure'; readonly az: string | null; readonly durationMs: number | null; readonly arrival: FaultArrival | null }
  /** Fetches of `secret` fail: it is missing (not-found), or the task execution role may not read it (access-denied). */
  | { readonly kind: 'secret-failure'; readonly secret: string; readonly fails: SecretFailure; readonly durationMs: number | null; readonly arrival: FaultArrival | null };

/** A fault's window ends. */
export type EndedFault =
  | { readonly kind: 'registry-outage'; readonly registry: string | null }
  /** The node's kubelet (or ECS container agent) reaches the control plane again; it kept `pods` pods (tasks). */
  | { readonly kind: 'node-not-ready'; readonly agent: NodeAgent; readonly host: string; readonly pods: number }
  /** New nodes of the NodePool register again. */
  | { readonly kind: 'node-registration-failure'; readonly nodePool: string }
  | { readonly kind: 'api-load'; readonly client: string }
  /** The AZ is healthy again: launches there succeed; groups and services rebalance into it. */
  | { readonly kind: 'az-impairment'; readonly az: string }
  /** The endpoint exists again (recreated). */
  | { readonly kind: 'endpoint-outage'; readonly endpoint: AwsServiceEndpoint }
  /** The NAT gateway is back. */
  | { readonly kind: 'nat-gateway-failure'; readonly az: string | null }
  /** The secret is readable again (created, or the role's policy fixed). */
  | { readonly kind: 'secret-failure'; readonly secret: string }
  /** EC2 has capacity again for these types in these AZs (null: every one). */
  | { readonly kind: 'insufficient-capacity'; readonly launchType: LaunchTypeShort; readonly instanceTypes: readonly string[] | null; readonly azs: readonly string[] | null; readonly capacityType: 'on-demand' | 'spot' | null };

export interface FaultInjected {
  readonly type: 'fault.injected';
  readonly time: number;
  /** The service the fault is about, if one (task kills, CoreDNS crashes). */
  readonly service: string | null;
  readonly fault: InjectedFault;
}

export interface FaultEnded {
  readonly type: 'fault.ended';
  readonly time: number;
  readonly fault: EndedFault;
}

export interface RegistryOutageStarted {
  readonly type: 'registry.outage-started';
  readonly time: number;
  /** The registry host; null: every registry. */
  readonly registry: string | null;
  readonly untilMs: number;
}

export interface RegistryOutageEnded {
  readonly type: 'registry.outage-ended';
  readonly time: number;
  readonly registry: string | null;
}

export type FaultEvent = FaultInjected | FaultEnded | RegistryOutageStarted | RegistryOutageEnded;

const EVERY_MINUTE: FaultArrival = { n: 3, everyMs: 60_000, perHour: null, untilMs: 480_000 };

export const FAULT_EVENT_DOCS = {
  'fault.injected': {
    when: "A scenario fault is injected (at its time, or each arrival of a fault at a rate): the run summary's list of faults. The fault's own events follow (host.failed, container.exited, ...).",
    fields: {
      service: 'The service it is about (task kills, CoreDNS crashes), else null.',
      fault: 'Which fault and its data: registry-outage, task-kill, node-not-ready, node-failure, az-impairment, insufficient-capacity, node-spot-interruption, spot-interruption, coredns-failure, api-load, endpoint-outage, nat-gateway-failure or secret-failure; `arrival` for a fault at a rate.',
    },
    examples: [
      { type: 'fault.injected', time: 0, service: 'web', fault: { kind: 'task-kill', workload: 'ecs-service', killed: ['t-000003', 't-000005'], running: 6, arrival: EVERY_MINUTE } },
      {
        type: 'fault.injected',
        time: 0,
        service: null,
        fault: { kind: 'az-impairment', az: 'us-east-1b', durationMs: 1_800_000, instanceFraction: 1, launchFailureRate: 1, hosts: ['i-000002', 'i-000005'], tasks: [], arrival: null },
      },
      {
        type: 'fault.injected',
        time: 0,
        service: null,
        fault: { kind: 'insufficient-capacity', launchType: 'EC2', instanceTypes: ['m5.xlarge'], azs: null, capacityType: null, durationMs: 900_000, launchFailureRate: 1, arrival: null },
      },
      { type: 'fault.injected', time: 0, service: null, fault: { kind: 'node-registration-failure', nodePool: 'default', durationMs: 1_200_000, arrival: null } },
      { type: 'fault.injected', time: 0, service: null, fault: { kind: 'registry-outage', registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com', durationMs: 600_000, arrival: null } },
      { type: 'fault.injected', time: 0, service: null, fault: { kind: 'endpoint-outage', endpoint: 'secretsmanager', durationMs: 600_000, arrival: null } },
    ],
  },
  'fault.ended': {
    when: "A fault's window ends: a registry outage, a node partition, an AZ impairment, an EC2 capacity shortage, an API load, a VPC endpoint or NAT gateway outage, a secret failure.",
    fields: { fault: 'Which: registry-outage (registry), node-not-ready (host, the pods it kept), az-impairment (az), insufficient-capacity (instance types, AZs), api-load (client), endpoint-outage (endpoint), nat-gateway-failure (az) or secret-failure (secret).' },
    examples: [
      { type: 'fault.ended', time: 0, fault: { kind: 'node-not-ready', agent: 'kubelet', host: 'i-000003', pods: 4 } },
      { type: 'fault.ended', time: 0, fault: { kind: 'node-not-ready', agent: 'ecs-agent', host: 'i-000003', pods: 4 } },
      { type: 'fault.ended', time: 0, fault: { kind: 'node-registration-failure', nodePool: 'default' } },
      { type: 'fault.ended', time: 0, fault: { kind: 'az-impairment', az: 'us-east-1b' } },
      { type: 'fault.ended', time: 0, fault: { kind: 'insufficient-capacity', launchType: 'EC2', instanceTypes: ['m5.xlarge'], azs: null, capacityType: null } },
    ],
  },
  'registry.outage-started': {
    when: 'A registry becomes unreachable: pulls from it that start before the outage ends fail.',
    fields: { registry: 'The registry host; null: every registry.', untilMs: 'When the outage ends.' },
    examples: [{ type: 'registry.outage-started', time: 0, registry: null, untilMs: 900_000 }],
  },
  'registry.outage-ended': {
    when: 'The registry is reachable again.',
    fields: { registry: 'The registry host; null: every registry.' },
    examples: [{ type: 'registry.outage-ended', time: 0, registry: null }],
  },
} satisfies EventDocs<FaultEvent>;
