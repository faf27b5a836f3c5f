import { formatClock, formatDuration } from '../../engine/time.js';
import type { EndedFault, FaultArrival, FaultEvent, InjectedFault } from '../../model/events/fault.js';
import { KARPENTER_TIMING } from '../../model/params/karpenter.js';
import { assertNever, type Wording } from './wording.js';

const ALL_REGISTRIES = 'all-registries';

export const FAULT_WORDING: Wording<FaultEvent> = {
  'fault.injected': { entity: (e) => injectedEntity(e.service, e.fault), text: (e) => describeInjected(e.fault) },
  'fault.ended': { entity: (e) => endedEntity(e.fault), text: (e) => describeEnded(e.fault) },
  'registry.outage-started': {
    entity: (e) => e.registry ?? ALL_REGISTRIES,
    text: (e) => `image pulls fail (registry unreachable) until ${formatClock(e.untilMs)}`,
  },
  'registry.outage-ended': { entity: (e) => e.registry ?? ALL_REGISTRIES, text: () => 'image pulls reach the registry again' },
};

function injectedEntity(service: string | null, f: InjectedFault): string {
  switch (f.kind) {
    case 'registry-outage':
      return f.registry ?? ALL_REGISTRIES;
    case 'task-kill':
    case 'coredns-failure':
      return service ?? f.kind;
    case 'node-not-ready':
      return 'nodes';
    case 'node-registration-failure':
      return `nodepool ${f.nodePool}`;
    case 'az-impairment':
      return f.az;
    case 'insufficient-capacity':
      return f.launchType === 'FARGATE' ? 'fargate' : 'ec2';
    case 'node-failure':
    case 'node-spot-interruption':
    case 'spot-interruption':
      return f.kind;
    case 'api-load':
      return f.load.client;
    case 'endpoint-outage':
      return `vpce ${f.endpoint}`;
    case 'nat-gateway-failure':
      return natEntity(f.az);
    case 'secret-failure':
      return f.secret;
    default:
      return assertNever(f);
  }
}

function natEntity(az: string | null): string {
  return az === null ? 'nat-gateways' : `nat-gateway ${az}`;
}

function describeWindow(durationMs: number | null): string {
  return durationMs === null ? 'until the end of the run' : `for ${formatDuration(durationMs)}`;
}

function describeInjected(f: InjectedFault): string {
  switch (f.kind) {
    case 'registry-outage':
      return `registryOutage: ${f.registry ?? 'every registry'} unreachable for ${formatDuration(f.durationMs)}; image pulls fail${describeArrival(f.arrival)}`;
    case 'task-kill': {
      const ids = f.killed.join(', ');
      return `taskKill: SIGKILL to the essential container of ${f.killed.length} of ${f.running} running ${f.workload === 'deployment' ? 'pods' : 'tasks'}${ids === '' ? '' : ` (${ids})`}${describeArrival(f.arrival)}`;
    }
    case 'node-not-ready': {
      return `nodeNotReady: kubelet on ${f.hosts.join(', ') || 'no node'} loses contact with the control plane ${describeWindow(f.durationMs)}${describeArrival(f.arrival)}`;
    }
    case 'node-registration-failure': {
      return `nodeRegistrationFailure: nodes Karpenter launches for NodePool ${f.nodePool} boot but never join the cluster ${describeWindow(f.durationMs)}; Karpenter deletes each NodeClaim ${KARPENTER_TIMING.registrationTtlMs / 60_000} minutes after launch${describeArrival(f.arrival)}`;
    }
    case 'node-failure': {
      const why = f.az !== null ? `Availability Zone ${f.az} outage` : 'instance failure (scenario fault)';
      return `nodeFailure: ${why}: ${f.hosts.join(', ') || 'no instance'}${describeArrival(f.arrival)}`;
    }
    case 'az-impairment': {
      const window = describeWindow(f.durationMs);
      const which = f.instanceFraction >= 1 ? 'every instance' : `${Math.round(f.instanceFraction * 100)}% of the instances`;
      const launches = f.launchFailureRate >= 1 ? 'no launch succeeds there' : `${Math.round(f.launchFailureRate * 100)}% of launches there fail`;
      const lost = [...f.hosts, ...f.tasks].join(', ');
      return `azImpairment: Availability Zone ${f.az} impaired ${window}: ${which} and Fargate task there fail${lost === '' ? '' : ` (${lost})`}; ${launches} (InsufficientInstanceCapacity)${describeArrival(f.arrival)}`;
    }
    case 'insufficient-capacity': {
      const window = describeWindow(f.durationMs);
      const launches = f.launchFailureRate >= 1 ? 'every launch fails' : `${Math.round(f.launchFailureRate * 100)}% of launches fail`;
      const kind = f.capacityType === null ? '' : ` ${f.capacityType === 'spot' ? 'Spot' : 'On-Demand'}`;
      if (f.launchType === 'FARGATE') {
        const tasks = f.launchFailureRate >= 1 ? 'every task launch fails' : `${Math.round(f.launchFailureRate * 100)}% of task launches fail`;
        return `insufficientCapacity: Fargate has no${kind} capacity in ${describeAzs(f.azs)} ${window}: ${tasks} (Capacity is unavailable at this time)${describeArrival(f.arrival)}`;
      }
      return `insufficientCapacity: EC2 has no${kind} ${describeShortage(f.instanceTypes, f.azs)} ${window}: ${launches} (InsufficientInstanceCapacity)${describeArrival(f.arrival)}`;
    }
    case 'node-spot-interruption':
      return `spotInterruption: ${describeCount(f.count)} spot nodes${describeArrival(f.arrival)}`;
    case 'spot-interruption':
      return `spotInterruption: ${describeCount(f.count)} Fargate Spot tasks or Spot instances${describeArrival(f.arrival)}`;
    case 'coredns-failure': {
      const n = f.crashed.length;
      return `corednsFailure: ${n} of ${f.running} running CoreDNS pods crash${n > 0 ? ` (${f.crashed.join(', ')})` : ''}; kubelet restarts them after its back-off${describeArrival(f.arrival)}`;
    }
    case 'api-load': {
      const l = f.load;
      const limit =
        l.rateLimit === null ? 'no client-side rate limit' : `client-side rate limit QPS ${l.rateLimit.qps}, burst ${l.rateLimit.burst}: ${f.rate} requests/s reach the API server`;
      const scope = l.targetNamespace === '' ? 'across all namespaces' : `in namespace ${l.targetNamespace}`;
      const duration = l.durationMs === null ? '' : ` for ${formatDuration(l.durationMs)}`;
      return `apiLoad: ${l.client} (${f.user}) calls ${l.verb.toUpperCase()} ${l.resource} ${scope} ${l.qps} times/s${duration} (${limit}); FlowSchema ${f.flowSchema} -> priority level ${f.priorityLevel}, flow ${f.flow}`;
    }
    case 'endpoint-outage':
      return `endpointOutage: the VPC endpoint com.amazonaws.<region>.${f.endpoint} is deleted ${describeWindow(f.durationMs)}; calls to ${f.endpoint} go through a NAT gateway if there is one, else time out${describeArrival(f.arrival)}`;
    case 'nat-gateway-failure':
      return `natGatewayFailure: ${f.az === null ? 'every NAT gateway is' : `the NAT gateway in ${f.az} is`} down ${describeWindow(f.durationMs)}; calls through it time out${describeArrival(f.arrival)}`;
    case 'secret-failure':
      return `secretFailure: ${f.secret} ${f.fails === 'not-found' ? 'does not exist' : "cannot be read by the task execution role (AccessDenied)"} ${describeWindow(f.durationMs)}${describeArrival(f.arrival)}`;
    default:
      return assertNever(f);
  }
}

function describeCount(count: number | { readonly fraction: number }): string {
  return typeof count === 'number' ? String(count) : `${Math.round(count.fraction * 100)}% of the`;
}

/** Which arrival of a fault at a rate, for the run summary (nothing for a one-off fault). */
function describeArrival(a: FaultArrival | null): string {
  if (a === null) return '';
  const rate = a.everyMs !== null ? `every ${formatDuration(a.everyMs)}` : `${a.perHour}/h Poisson`;
  return ` (arrival ${a.n}, ${rate} until ${formatDuration(a.untilMs)})`;
}

function endedEntity(f: EndedFault): string {
  switch (f.kind) {
    case 'registry-outage':
      return f.registry ?? ALL_REGISTRIES;
    case 'node-not-ready':
      return f.host;
    case 'node-registration-failure':
      return `nodepool ${f.nodePool}`;
    case 'api-load':
      return f.client;
    case 'az-impairment':
      return f.az;
    case 'endpoint-outage':
      return `vpce ${f.endpoint}`;
    case 'nat-gateway-failure':
      return natEntity(f.az);
    case 'secret-failure':
      return f.secret;
    case 'insufficient-capacity':
      return f.launchType === 'FARGATE' ? 'fargate' : 'ec2';
    default:
      return assertNever(f);
  }
}

/** Which capacity a shortage is of: `m5.xlarge, m5a.xlarge capacity in us-east-1a` (null: any). */
function describeShortage(types: readonly string[] | null, azs: readonly string[] | null): string {
  return `${types === null ? 'instance' : types.join(', ')} capacity in ${describeAzs(azs)}`;
}

function describeAzs(azs: readonly string[] | null): string {
  return azs === null ? 'any Availability Zone' : azs.join(', ');
}

function describeEnded(f: EndedFault): string {
  switch (f.kind) {
    case 'registry-outage':
      return `registryOutage over: ${f.registry ?? 'every registry'} reachable again`;
    case 'node-not-ready':
      return `nodeNotReady over: ${f.host} Ready again with ${f.pods} pods`;
    case 'node-registration-failure':
      return `nodeRegistrationFailure over: new nodes of NodePool ${f.nodePool} register again`;
    case 'api-load':
      return `apiLoad over: ${f.client} stops calling the API server`;
    case 'az-impairment':
      return `azImpairment over: Availability Zone ${f.az} healthy again; launches there succeed`;
    case 'endpoint-outage':
      return `endpointOutage over: the VPC endpoint for ${f.endpoint} exists again`;
    case 'nat-gateway-failure':
      return `natGatewayFailure over: ${f.az === null ? 'the NAT gateways are' : `the NAT gateway in ${f.az} is`} available again`;
    case 'secret-failure':
      return `secretFailure over: ${f.secret} can be read again`;
    case 'insufficient-capacity':
      return f.launchType === 'FARGATE' ? `insufficientCapacity over: Fargate has${f.capacityType === 'spot' ? ' Spot' : f.capacityType === 'on-demand' ? ' On-Demand' : ''} capacity in ${describeAzs(f.azs)} again` : `insufficientCapacity over: EC2 has ${describeShortage(f.instanceTypes, f.azs)} again`;
    default:
      return assertNever(f);
  }
}
