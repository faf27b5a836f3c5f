/**
 * Injected faults (docs/models.md, "Injected faults"): one compiler per fault kind. Each takes
 * its validated section at `path` (`['events', i, <kind>]`) and returns the event's action, or
 * null when the event cannot be built (its problem reported).
 */
import { canonicalRegistry } from '../../model/app-failure.js';
import type { Static } from '../schema/fields.js';
import { API_LOAD_DEFAULTS, CLIENT_GO_RATE_LIMIT, type ApiLoad, type AzImpairment, type CorednsFailure, type EndpointOutage, type InsufficientCapacity, type NatGatewayFailure, type SecretFailure, type NodeFailure, type NodeNotReady, type NodeRegistrationFailure, type RegistryOutage, type SpotInterruption, type TaskKill } from '../schema/events.js';
import { natGatewayAzs } from '../../model/network/egress.js';
import { secretNamed } from '../../model/secrets.js';
import { findInstanceType } from '../../model/catalog/instance-types.js';
import { parseDuration } from '../units.js';
import type { EventAction, EventContext } from './event-context.js';
import { checkAz, type Path } from './problems.js';

/** Instances fail: `count` at random, or every one in an AZ. */
export function nodeFailure(raw: Static<typeof NodeFailure>, path: Path, ctx: EventContext): EventAction {
  const az = raw.az ?? null;
  if (az !== null) checkAz(az, ctx.availabilityZones, [...path, 'az'], ctx.problems);
  return { kind: 'node-failure', count: raw.count ?? 0, az };
}

/** An Availability Zone is impaired for a window (or the rest of the run). */
export function azImpairment(raw: Static<typeof AzImpairment>, path: Path, ctx: EventContext): EventAction {
  checkAz(raw.az, ctx.availabilityZones, [...path, 'az'], ctx.problems);
  const durationMs = raw.duration === undefined ? null : ctx.problems.need(parseDuration(raw.duration), [...path, 'duration']);
  if (durationMs !== null && durationMs <= 0) ctx.problems.report([...path, 'duration'], 'must be longer than 0');
  return { kind: 'az-impairment', az: raw.az, durationMs, instanceFraction: raw.instances ?? 1, launchFailureRate: raw.launchFailure ?? 1 };
}

/** EC2 has no capacity for some instance types in some AZs, for a window (or the rest of the run). */
export function insufficientCapacity(raw: Static<typeof InsufficientCapacity>, path: Path, ctx: EventContext): EventAction {
  raw.instanceTypes?.forEach((name, j) => {
    const found = findInstanceType(name);
    if (!found.ok) ctx.problems.report([...path, 'instanceTypes', j], found.message);
  });
  raw.azs?.forEach((az, j) => checkAz(az, ctx.availabilityZones, [...path, 'azs', j], ctx.problems));
  const launchType = raw.launchType ?? 'EC2';
  if (launchType === 'FARGATE' && raw.instanceTypes !== undefined) ctx.problems.report([...path, 'instanceTypes'], 'instanceTypes are EC2 instance types: leave them out with launchType FARGATE');
  if (launchType === 'FARGATE' && raw.capacityType === 'spot' && ctx.platform === 'eks') ctx.problems.report([...path, 'capacityType'], 'EKS pods on Fargate run On-Demand: Fargate Spot is for ECS tasks');
  const durationMs = raw.duration === undefined ? null : ctx.problems.need(parseDuration(raw.duration), [...path, 'duration']);
  if (durationMs !== null && durationMs <= 0) ctx.problems.report([...path, 'duration'], 'must be longer than 0');
  return {
    kind: 'insufficient-capacity',
    launchType,
    instanceTypes: raw.instanceTypes ?? null,
    azs: raw.azs ?? null,
    capacityType: raw.capacityType ?? null,
    durationMs,
    launchFailureRate: raw.launchFailure ?? 1,
  };
}

/** AWS reclaims Spot capacity: Fargate Spot tasks and Spot instances on ECS, spot nodes (Karpenter's, node groups') on EKS. */
export function spotInterruption(raw: Static<typeof SpotInterruption>, path: Path, ctx: EventContext): EventAction {
  const count = raw.count !== undefined ? raw.count : { fraction: raw.fraction ?? 0 };
  if (ctx.platform === 'eks' && !ctx.karpenter && !ctx.spotGroups) ctx.problems.report(path, 'on EKS, spot interruptions hit spot nodes: add cluster.karpenter, or a node group with capacityType SPOT');
  return ctx.platform === 'ecs' ? { kind: 'spot-interruption', count } : { kind: 'node-spot-interruption', count };
}

/** A registry is unreachable for a while. */
export function registryOutage(raw: Static<typeof RegistryOutage>, path: Path, ctx: EventContext): EventAction {
  const durationMs = ctx.problems.need(parseDuration(raw.duration), [...path, 'duration']);
  if (durationMs <= 0) ctx.problems.report([...path, 'duration'], 'must be longer than 0');
  return { kind: 'registry-outage', durationMs, registry: raw.registry === undefined ? null : canonicalRegistry(raw.registry) };
}

/** A fault window's duration: null for the rest of the run, else more than 0. */
function windowMs(duration: string | number | undefined, path: Path, ctx: EventContext): number | null {
  if (duration === undefined) return null;
  const ms = ctx.problems.need(parseDuration(duration), [...path, 'duration']);
  if (ms <= 0) ctx.problems.report([...path, 'duration'], 'must be longer than 0');
  return ms;
}

/** A VPC endpoint is deleted for a while. */
export function endpointOutage(raw: Static<typeof EndpointOutage>, path: Path, ctx: EventContext): EventAction {
  const egress = ctx.egress;
  if (egress === null) ctx.problems.report(path, 'endpointOutage needs cluster.vpc.egress (the endpoints the VPC has)');
  else if (!egress.endpoints.includes(raw.endpoint)) ctx.problems.report([...path, 'endpoint'], `the VPC has no ${raw.endpoint} endpoint; cluster.vpc.egress.endpoints lists ${egress.endpoints.join(', ') || 'none'}`);
  return { kind: 'endpoint-outage', endpoint: raw.endpoint, durationMs: windowMs(raw.duration, path, ctx) };
}

/** A NAT gateway is down for a while. */
export function natGatewayFailure(raw: Static<typeof NatGatewayFailure>, path: Path, ctx: EventContext): EventAction {
  const egress = ctx.egress;
  const az = raw.az ?? null;
  if (egress === null || egress.natGateways === 'none') ctx.problems.report(path, 'natGatewayFailure needs NAT gateways: cluster.vpc.egress.natGateways per-az or single');
  else if (az !== null && !natGatewayAzs(egress).includes(az)) ctx.problems.report([...path, 'az'], `no NAT gateway is in ${az}; they are in ${natGatewayAzs(egress).join(', ')}`);
  return { kind: 'nat-gateway-failure', az, durationMs: windowMs(raw.duration, path, ctx) };
}

/** Fetches of a secret fail for a while. */
export function secretFailure(raw: Static<typeof SecretFailure>, path: Path, ctx: EventContext): EventAction {
  const used = ctx.secretsUsed.find((s) => secretNamed(s.ref, raw.secret));
  if (used === undefined) ctx.problems.report([...path, 'secret'], `no container reads ${raw.secret}${ctx.secretsUsed.length === 0 ? '' : `; secrets read: ${[...new Set(ctx.secretsUsed.map((s) => s.ref.valueFrom))].join(', ')}`}`);
  else if (raw.fails === 'access-denied' && used.ref.store === 'kubernetes') ctx.problems.report([...path, 'fails'], 'kubelet reads Kubernetes Secrets with its node identity, not a task execution role: use not-found');
  return { kind: 'secret-failure', secret: raw.secret, fails: raw.fails, durationMs: windowMs(raw.duration, path, ctx) };
}

/** SIGKILL to the essential container of some of a service's (workload's) RUNNING tasks. */
export function taskKill(raw: Static<typeof TaskKill>, path: Path, ctx: EventContext): EventAction {
  const { platform, problems } = ctx;
  const targetKey = platform === 'eks' ? 'workload' : 'service';
  const otherKey = platform === 'eks' ? 'service' : 'workload';
  if (raw[otherKey] !== undefined) problems.report([...path, otherKey], `'${otherKey}' does not apply on ${platform.toUpperCase()}; use ${targetKey}`);
  const target = raw[targetKey];
  if (target === undefined) problems.report(path, `missing required key '${targetKey}'`);
  else ctx.services.check(target, [...path, targetKey]);
  const counts = (['count', 'fraction'] as const).filter((k) => raw[k] !== undefined);
  if (counts.length !== 1) problems.report(path, counts.length === 0 ? 'say how many tasks: count or fraction' : 'give count or fraction, not both');
  const count = raw.count !== undefined ? raw.count : { fraction: raw.fraction ?? 0 };
  return { kind: 'task-kill', service: target ?? '', count };
}

/** EKS: kubelets lose contact with the control plane. */
export function nodeNotReady(raw: Static<typeof NodeNotReady>, path: Path, ctx: EventContext): EventAction {
  const { problems } = ctx;
  // ECS has no node lifecycle controller: a disconnected agent leaves its tasks running
  // (agentConnected=false) and nothing is evicted; fleetsim does not model it.
  if (ctx.platform === 'ecs') problems.report(path, 'nodeNotReady is a Kubernetes node condition (EKS only); on ECS use nodeFailure (the instance fails and Auto Scaling replaces it)');
  const durationMs = raw.duration === undefined ? null : problems.need(parseDuration(raw.duration), [...path, 'duration']);
  if (durationMs !== null && durationMs <= 0) problems.report([...path, 'duration'], 'must be longer than 0');
  return { kind: 'node-not-ready', count: raw.count, durationMs };
}

/** EKS control-plane faults (docs/models.md, "CoreDNS" and "API server throttling") exist only on EKS. */
function eksOnly(key: string, path: Path, ctx: EventContext): void {
  if (ctx.platform !== 'eks') ctx.problems.report(path, `${key} is an EKS fault (CoreDNS, the Kubernetes API server)`);
}

/** EKS: CoreDNS pods crash. */
export function corednsFailure(raw: Static<typeof CorednsFailure>, path: Path, ctx: EventContext): EventAction {
  eksOnly('corednsFailure', path, ctx);
  if (!ctx.coreDns) ctx.problems.report(path, 'the cluster runs no CoreDNS (cluster.coreDns: false)');
  return { kind: 'coredns-failure', replicas: raw.replicas };
}

/** EKS: an API client starts calling the API server. */
export function apiLoad(raw: Static<typeof ApiLoad>, path: Path, ctx: EventContext): EventAction {
  eksOnly('apiLoad', path, ctx);
  const d = API_LOAD_DEFAULTS;
  const rl = raw.rateLimit;
  return {
    kind: 'api-load',
    load: {
      client: raw.client,
      namespace: raw.namespace ?? d.namespace,
      qps: raw.qps,
      verb: raw.verb ?? d.verb,
      resource: raw.resource ?? d.resource,
      targetNamespace: raw.targetNamespace ?? d.targetNamespace,
      objects: raw.objects ?? d.objects,
      rateLimit: rl === undefined ? null : { qps: rl.qps ?? CLIENT_GO_RATE_LIMIT.qps, burst: rl.burst ?? CLIENT_GO_RATE_LIMIT.burst },
      durationMs: raw.duration === undefined ? null : ctx.problems.need(parseDuration(raw.duration), [...path, 'duration']),
    },
  };
}

/** Karpenter's new nodes of a NodePool never register, for a window (or the rest of the run). */
export function nodeRegistrationFailure(raw: Static<typeof NodeRegistrationFailure>, path: Path, ctx: EventContext): EventAction {
  if (!ctx.karpenter) ctx.problems.report(path, 'nodeRegistrationFailure is about Karpenter NodeClaims: add cluster.karpenter (EKS)');
  else if (!ctx.nodePoolNames.includes(raw.nodePool)) ctx.problems.report([...path, 'nodePool'], `no NodePool named ${raw.nodePool} (NodePools: ${ctx.nodePoolNames.join(', ')})`);
  const durationMs = raw.duration === undefined ? null : ctx.problems.need(parseDuration(raw.duration), [...path, 'duration']);
  if (durationMs !== null && durationMs <= 0) ctx.problems.report([...path, 'duration'], 'must be longer than 0');
  return { kind: 'node-registration-failure', nodePool: raw.nodePool, durationMs };
}
