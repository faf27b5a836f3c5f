import type { TrafficEvent } from '../../model/events/traffic.js';
import { goLookupTimeout } from './dns.js';
import type { Wording } from './wording.js';

const en = (n: number): string => n.toLocaleString('en-US');

export const TRAFFIC_WORDING: Wording<TrafficEvent> = {
  'load.changed': { entity: (e) => e.service, text: (e) => `${e.fromRps.toFixed(0)} -> ${e.toRps.toFixed(0)} requests/s` },
  'metrics.minute': {
    entity: (e) => e.service,
    text: ({ minute: m }) =>
      `${m.requests} requests, ${m.target5xx} target 5XX, ${m.elb5xx} ELB 5XX, ${m.targetResponseTimeMs.toFixed(0)} ms, CPU ${m.cpuUtilization.toFixed(1)}%`,
  },
  'dns.resolution-changed': {
    entity: (e) => e.service,
    text: (e) => {
      const offered = `${en(Math.round(e.offeredQps))} queries/s offered`;
      switch (e.state) {
        case 'ok':
          return `DNS: CoreDNS answers every query again (${e.readyReplicas} Ready replicas, ${en(e.capacityQps)} queries/s; ${offered})`;
        case 'down':
          return `DNS: no CoreDNS replica is Ready: every lookup times out (${offered}); services cannot find each other`;
        case 'overloaded':
          return `DNS: CoreDNS overloaded: ${offered}, ${e.readyReplicas} Ready replicas answer ${en(e.capacityQps)}; ${(100 * e.queryFailure).toFixed(0)}% of lookups time out`;
      }
    },
  },
  'dns.lookups-failed': {
    entity: (e) => e.service,
    text: (e) => `${e.requests} requests failed in the last minute (${e.queries} DNS queries timed out): ${goLookupTimeout(e.name, e.dnsServerIp)}`,
  },
  'api.throttled': {
    entity: (e) => e.client,
    text: (e) =>
      e.rejectedFraction > 0
        ? `429 Too Many Requests to ${e.client} (${e.user}): priority level ${e.priorityLevel} has ${e.seats} seats and is asked for ${e.demand.toFixed(0)}; ${(100 * e.rejectedFraction).toFixed(0)}% of flow ${e.flow}${e.sharedWith.length > 0 ? ` (also ${e.sharedWith.join(', ')})` : ''} rejected, Retry-After: ${e.retryAfterMs / 1000}`
        : `${e.client}: no more 429s (priority level ${e.priorityLevel}: ${e.demand.toFixed(0)} of ${e.seats} seats asked for)`,
  },
};
