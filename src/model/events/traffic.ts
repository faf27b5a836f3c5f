import type { EventDocs } from './docs.js';

/** Trace events about requests: load changes, per-minute metrics, cluster DNS and API server throttling. */

/**
 * One service's traffic over one minute, as the ALB's and ECS's CloudWatch metrics report it
 * (RequestCount, HTTPCode_Target_5XX_Count, HTTPCode_ELB_5XX_Count, TargetResponseTime,
 * CPUUtilization, RequestCountPerTarget).
 */
export interface MinuteMetrics {
  readonly service: string;
  /** End of the minute, ms. */
  readonly endMs: number;
  readonly requests: number;
  readonly target5xx: number;
  readonly elb5xx: number;
  /** Mean response time of served requests, ms. */
  readonly targetResponseTimeMs: number;
  /** Average CPU utilization of the serving tasks' reservations, percent. */
  readonly cpuUtilization: number;
  /** Average number of serving tasks. */
  readonly servingTasks: number;
  readonly requestCountPerTarget: number;
}

export interface LoadChanged {
  readonly type: 'load.changed';
  readonly time: number;
  readonly service: string;
  /** Offered requests per second before and after (a change of more than 10 %). */
  readonly fromRps: number;
  readonly toRps: number;
}

export interface TrafficMinuteClosed {
  readonly type: 'metrics.minute';
  readonly time: number;
  readonly service: string;
  readonly minute: MinuteMetrics;
}

/** Cluster DNS as a whole: answering every query, overloaded (some time out), or down (no Ready replica). */
export type DnsState = 'ok' | 'overloaded' | 'down';

export interface DnsResolutionChanged {
  readonly type: 'dns.resolution-changed';
  readonly time: number;
  /** The CoreDNS workload. */
  readonly service: string;
  readonly state: DnsState;
  readonly readyReplicas: number;
  /** Queries per second the Ready replicas answer, and those offered. */
  readonly capacityQps: number;
  readonly offeredQps: number;
  /** Fraction of queries that time out. */
  readonly queryFailure: number;
}

export interface DnsLookupsFailed {
  readonly type: 'dns.lookups-failed';
  readonly time: number;
  readonly service: string;
  /** Requests of the last minute that failed because a lookup timed out, and the queries that did. */
  readonly requests: number;
  readonly queries: number;
  /** The name looked up and the cluster DNS address. */
  readonly name: string;
  readonly dnsServerIp: string;
}

export interface ApiThrottled {
  readonly type: 'api.throttled';
  readonly time: number;
  /** The noisy API client and the user it authenticates as. */
  readonly client: string;
  readonly user: string;
  readonly priorityLevel: string;
  readonly flow: string;
  /** Seats of the priority level and the demand for them. */
  readonly seats: number;
  readonly demand: number;
  /** Fraction of the flow's requests rejected with 429 (0: no more 429s). */
  readonly rejectedFraction: number;
  /** Other members of the flow. */
  readonly sharedWith: readonly string[];
  readonly retryAfterMs: number;
}

export type TrafficEvent = LoadChanged | TrafficMinuteClosed | DnsResolutionChanged | DnsLookupsFailed | ApiThrottled;

export const TRAFFIC_EVENT_DOCS = {
  'load.changed': {
    when: "The offered load of a service changed by more than 10 % (the load driver's tick); scaling.csv measures detection from it.",
    fields: { service: 'The service.', fromRps: 'Requests per second offered before.', toRps: 'Requests per second offered now.' },
    examples: [{ type: 'load.changed', time: 0, service: 'checkout', fromRps: 2000, toRps: 3000 }],
  },
  'metrics.minute': {
    when: "A minute of a service's traffic closes (metrics.csv, the autoscalers' datapoints).",
    fields: {
      service: 'The service.',
      minute: 'The CloudWatch metrics of the minute: requests, target and ELB 5XX, response time, CPU utilization, serving tasks, requests per target.',
    },
    examples: [
      {
        type: 'metrics.minute',
        time: 60_000,
        service: 'checkout',
        minute: { service: 'checkout', endMs: 60_000, requests: 120_000, target5xx: 0, elb5xx: 0, targetResponseTimeMs: 67, cpuUtilization: 40, servingTasks: 10, requestCountPerTarget: 12_000 },
      },
    ],
  },
  'dns.resolution-changed': {
    when: 'Cluster DNS changes state: CoreDNS answers every query, is overloaded (some lookups time out), or has no Ready replica.',
    fields: {
      service: 'The CoreDNS workload.',
      state: 'ok, overloaded or down.',
      readyReplicas: 'Ready CoreDNS replicas.',
      capacityQps: 'Queries per second they answer.',
      offeredQps: 'Queries per second offered.',
      queryFailure: 'Fraction of queries that time out.',
    },
    examples: [{ type: 'dns.resolution-changed', time: 0, service: 'coredns', state: 'overloaded', readyReplicas: 2, capacityQps: 10_000, offeredQps: 12_000, queryFailure: 1 / 6 }],
  },
  'dns.lookups-failed': {
    when: "Each minute in which some of a workload's requests failed because a DNS lookup timed out; the expectation `dnsFailures` sums them.",
    fields: {
      service: 'The workload.',
      requests: 'Requests that failed in the minute.',
      queries: 'DNS queries that timed out.',
      name: 'The name looked up.',
      dnsServerIp: 'The cluster DNS address.',
    },
    examples: [{ type: 'dns.lookups-failed', time: 0, service: 'checkout', requests: 93_194, queries: 120_000, name: 'orders.default.svc.cluster.local', dnsServerIp: '172.20.0.10' }],
  },
  'api.throttled': {
    when: "A noisy API client's share of 429s (API Priority and Fairness) changes, including back to none.",
    fields: {
      client: 'The client (its service account name).',
      user: 'The user it authenticates as.',
      priorityLevel: 'The priority level its FlowSchema maps it to.',
      flow: 'Its flow (schema and distinguisher).',
      seats: "The priority level's seats.",
      demand: 'The seats asked for.',
      rejectedFraction: "Fraction of the flow's requests rejected (0: no more 429s).",
      sharedWith: 'Other members of the flow.',
      retryAfterMs: 'The Retry-After the API server returns.',
    },
    examples: [
      {
        type: 'api.throttled',
        time: 0,
        client: 'pod-watcher',
        user: 'system:serviceaccount:kube-system:pod-watcher',
        priorityLevel: 'workload-high',
        flow: 'kube-system-service-accounts/default',
        seats: 196,
        demand: 3002,
        rejectedFraction: 0.94,
        sharedWith: ['replicaset-controller'],
        retryAfterMs: 1_000,
      },
    ],
  },
} satisfies EventDocs<TrafficEvent>;
