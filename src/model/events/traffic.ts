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
