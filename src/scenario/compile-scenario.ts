import { suggest } from '../engine/did-you-mean.js';
import { findInstanceType } from '../model/catalog/instance-types.js';
import type {
  AutoScalingGroupSpec,
  Bound,
  ExpectationSpec,
  ServiceMetric,
  ServiceSpec,
  SimulationSpec,
  TimedEventSpec,
} from '../model/simulation-spec.js';
import type { ContainerDefinition, NetworkMode } from '../model/task-definition.js';
import { DEFAULT_MAX_EVENTS } from '../engine/simulation.js';
import { parseByteQuantity, parseDuration, parseEcsCpu, parseEcsMemory, type Parsed } from './units.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

export interface CompileProblem {
  readonly path: Path;
  readonly message: string;
}

export type CompileResult = { ok: true; spec: SimulationSpec } | { ok: false; problems: CompileProblem[] };

/** Defaults, each what AWS or the scenario format documents. */
export const DEFAULTS = {
  seed: '1',
  sampleInterval: '10s',
  region: 'us-east-1',
  /** Three AZs: the layout AWS recommends for production and EKS requires at least two of. */
  availabilityZones: (region: string): string[] => [`${region}a`, `${region}b`, `${region}c`],
  networkMode: 'bridge' as NetworkMode,
  imageLayers: 5,
} as const;

/**
 * Turns a schema-valid scenario object into a SimulationSpec: units parsed, defaults applied,
 * cross-references (services named by events and expectations, instance types) resolved.
 * Collects every problem with its field path; never throws on bad input.
 */
export function compileScenario(data: Obj): CompileResult {
  const problems: CompileProblem[] = [];
  const report = (path: Path, message: string): void => {
    problems.push({ path, message });
  };
  const need = (parsed: Parsed, path: Path, fallback = 0): number => {
    if (parsed.ok) return parsed.value;
    report(path, parsed.message);
    return fallback;
  };

  const name = data.name as string;
  const durationMs = need(parseDuration(data.duration), ['duration']);
  if (durationMs === 0 && problems.length === 0) report(['duration'], 'must be longer than 0');
  const sampleIntervalMs = need(parseDuration(data.sampleInterval ?? DEFAULTS.sampleInterval), ['sampleInterval'], 10_000);
  if (sampleIntervalMs < 1) report(['sampleInterval'], 'must be at least 1ms');

  const cluster = data.cluster as Obj;
  const region = (cluster.region as string | undefined) ?? DEFAULTS.region;
  const azs = (cluster.availabilityZones as string[] | undefined) ?? DEFAULTS.availabilityZones(region);
  azs.forEach((az, i) => {
    if (!az.startsWith(region)) report(['cluster', 'availabilityZones', i], `availability zone '${az}' is not in region ${region}`);
  });

  const groups: AutoScalingGroupSpec[] = [];
  ((cluster.autoScalingGroups as Obj[] | undefined) ?? []).forEach((g, i) => {
    const path: Path = ['cluster', 'autoScalingGroups', i];
    const found = findInstanceType(g.instanceType as string);
    if (!found.ok) {
      report([...path, 'instanceType'], found.message);
      return;
    }
    const groupAzs = (g.availabilityZones as string[] | undefined) ?? azs;
    groupAzs.forEach((az, j) => {
      if (!azs.includes(az)) report([...path, 'availabilityZones', j], `'${az}' is not one of the cluster's availability zones (${azs.join(', ')})`);
    });
    groups.push({ name: g.name as string, instanceType: found.type, desiredCapacity: g.desiredCapacity as number, availabilityZones: groupAzs });
  });
  uniqueNames(groups.map((g) => g.name), (i) => ['cluster', 'autoScalingGroups', i, 'name'], 'Auto Scaling group', report);

  const services: ServiceSpec[] = [];
  ((data.services as Obj[] | undefined) ?? []).forEach((s, i) => {
    const path: Path = ['services', i];
    const td = s.taskDefinition as Obj;
    const tdPath: Path = [...path, 'taskDefinition'];
    const containers: ContainerDefinition[] = (td.containerDefinitions as Obj[]).map((c, j) => ({
      name: c.name as string,
      image: c.image as string,
      imageSizeMiB: need(parseByteQuantity(c.imageSize), [...tdPath, 'containerDefinitions', j, 'imageSize']),
      layers: (c.layers as number | undefined) ?? DEFAULTS.imageLayers,
      essential: (c.essential as boolean | undefined) ?? true,
    }));
    if (!containers.some((c) => c.essential)) report([...tdPath, 'containerDefinitions'], 'a task definition needs at least one essential container');
    uniqueNames(containers.map((c) => c.name), (j) => [...tdPath, 'containerDefinitions', j, 'name'], 'container', report);
    const serviceName = s.serviceName as string;
    services.push({
      name: serviceName,
      launchType: 'EC2',
      desiredCount: s.desiredCount as number,
      taskDefinition: {
        family: (td.family as string | undefined) ?? serviceName,
        revision: (td.revision as number | undefined) ?? 1,
        cpu: need(parseEcsCpu(td.cpu), [...tdPath, 'cpu']),
        memoryMiB: need(parseEcsMemory(td.memory), [...tdPath, 'memory']),
        networkMode: (td.networkMode as NetworkMode | undefined) ?? DEFAULTS.networkMode,
        containers,
      },
    });
  });
  const serviceNames = services.map((s) => s.name);
  uniqueNames(serviceNames, (i) => ['services', i, 'serviceName'], 'service', report);
  const checkService = (serviceName: string, path: Path): void => {
    if (serviceNames.includes(serviceName)) return;
    const hits = suggest(serviceName, serviceNames);
    report(path, `no service named '${serviceName}'${hits.length > 0 ? ` (did you mean '${hits[0]}'?)` : serviceNames.length === 0 ? ' (the scenario defines no services)' : ''}`);
  };

  const events: TimedEventSpec[] = [];
  ((data.events as Obj[] | undefined) ?? []).forEach((e, i) => {
    const at = need(parseDuration(e.at), ['events', i, 'at']);
    const scale = e.scale as Obj;
    checkService(scale.service as string, ['events', i, 'scale', 'service']);
    events.push({ at, kind: 'scale', service: scale.service as string, desiredCount: scale.desiredCount as number });
  });
  // Stable sort: events at the same time keep file order.
  events.sort((a, b) => a.at - b.at);

  const expectations: ExpectationSpec[] = [];
  ((data.expect as Obj[] | undefined) ?? []).forEach((e, i) => {
    const path: Path = ['expect', i];
    const at = e.at === undefined ? null : need(parseDuration(e.at), [...path, 'at']);
    checkService(e.service as string, [...path, 'service']);
    const bounds: { metric: ServiceMetric; bound: Bound }[] = [];
    for (const metric of ['desired', 'running', 'pending', 'unplaced', 'stopped'] as const) {
      const raw = e[metric];
      if (raw === undefined) continue;
      const bound: Bound = typeof raw === 'number' ? { equals: raw } : (raw as Bound);
      if (bound.min !== undefined && bound.max !== undefined && bound.min > bound.max) report([...path, metric], `min ${bound.min} is above max ${bound.max}`);
      bounds.push({ metric, bound });
    }
    const reason = e.reason as string | undefined;
    if (bounds.length === 0 && reason === undefined) report(path, 'an expectation needs at least one of desired, running, pending, unplaced, stopped or reason');
    const when = e.at === undefined ? 'at end' : `at ${String(e.at)}`;
    const checks = bounds.map(({ metric, bound }) => `${metric} ${labelBound(bound)}`);
    if (reason !== undefined) checks.push(`reason "${reason}"`);
    expectations.push({ index: i + 1, label: `${when}: ${e.service as string} ${checks.join(', ')}`, at, service: e.service as string, bounds, reason });
  });

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    spec: {
      name,
      description: (data.description as string | undefined) ?? '',
      seed: String(data.seed ?? DEFAULTS.seed),
      durationMs,
      sampleIntervalMs,
      maxEvents: (data.maxEvents as number | undefined) ?? DEFAULT_MAX_EVENTS,
      cluster: {
        platform: 'ecs',
        name: (cluster.name as string | undefined) ?? name,
        region,
        availabilityZones: azs,
        autoScalingGroups: groups,
        ecsReservedMemoryMiB: (cluster.ecsReservedMemory as number | undefined) ?? 0,
      },
      services,
      events,
      expectations,
    },
  };
}

function labelBound(b: Bound): string {
  const parts: string[] = [];
  if (b.equals !== undefined) parts.push(`= ${b.equals}`);
  if (b.min !== undefined) parts.push(`>= ${b.min}`);
  if (b.max !== undefined) parts.push(`<= ${b.max}`);
  return parts.join(' and ');
}

function uniqueNames(names: readonly string[], pathOf: (i: number) => Path, what: string, report: (path: Path, message: string) => void): void {
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    const first = seen.get(n);
    if (first !== undefined) report(pathOf(i), `duplicate ${what} name '${n}' (first defined at index ${first})`);
    else seen.set(n, i);
  });
}
