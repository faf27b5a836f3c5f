import { Actions, isLaunchFailure } from '../../src/controllers/actions/index.js';
import { RandomStream } from '../../src/engine/rng.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Trace } from '../../src/engine/trace.js';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import { ecsRegisteredResources } from '../../src/model/params/ecs-container-instance.js';
import type { Service } from '../../src/model/service.js';
import { serviceSpec } from '../../src/model/simulation-spec.js';
import type { TaskDefinition } from '../../src/model/task-definition.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import type { PlacementRequest } from '../../src/policy/placement-policy.js';

/** A cluster built through the actions module, so every change emits the records indexes need. */
export interface BenchCluster {
  readonly state: ClusterState;
  readonly actions: Actions;
  readonly trace: Trace<FleetEvent>;
}

export const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'] as const;

/** `hosts` ACTIVE m5.large container instances (2,048 CPU units, 7,985 MiB registered), round-robin over three AZs. */
export function buildCluster(hosts: number): BenchCluster {
  const state = new ClusterState();
  const sim = new Simulation();
  const trace = new Trace<FleetEvent>();
  const actions = new Actions(state, sim, trace);
  const type = getInstanceType('m5.large')!;
  const registered = ecsRegisteredResources(type, 0);
  for (let i = 0; i < hosts; i++) {
    const host = actions.hosts.launch('bench', type, AZS[i % 3]!, registered);
    if (isLaunchFailure(host)) throw new Error(`the fixture's host did not launch: ${host.code}`);
    actions.hosts.register(host);
  }
  return { state, actions, trace };
}

/** One ECS service per task size (CPU units, MiB). */
export function addService(cluster: BenchCluster, name: string, cpuUnits: number, memoryMiB: number): Service {
  const taskDefinition = {
    family: name,
    revision: 1,
    cpu: cpuUnits * 1000,
    memoryMiB,
    networkMode: 'bridge',
    readyAfterMs: 0,
    containers: [{ name, image: `${name}:1`, imageSizeMiB: 100, layers: 3, essential: true, portMappings: [] }],
  } as TaskDefinition;
  const spec = serviceSpec({ name, kind: 'ecs-service', taskDefinition });
  return cluster.actions.services.create(spec);
}

export function requestFor(service: Service): PlacementRequest {
  const td = service.taskDefinition;
  return { service: service.name, cpu: td.cpu, memoryMiB: td.memoryMiB, networkMode: td.networkMode, portMappings: [] };
}

/**
 * Background load so hosts differ: each host gets one task of a random size (none, 1, 2, 4 or
 * 6 GiB), placed directly. About 40% of memory ends up used.
 */
export function preload(cluster: BenchCluster, seed: string): void {
  const rng = RandomStream.root(seed).fork('preload');
  const sizes = [0, 1024, 2048, 4096, 6144];
  const services = sizes.map((mib) => (mib === 0 ? undefined : addService(cluster, `background-${mib}`, mib / 4, mib)));
  for (const host of cluster.state.hosts) {
    const service = services[rng.int(0, sizes.length - 1)];
    if (service === undefined) continue;
    const task = cluster.actions.tasks.create(service);
    cluster.actions.tasks.place(task, host);
  }
}

/**
 * The task sizes of the quality workload, as ECS services: (name, CPU units, MiB). Memory binds
 * (0.17 CPU units per MiB asked against 0.26 offered), so binpack(memory) is the strategy that
 * should pack it.
 */
export const WORKLOAD_SHAPES: readonly (readonly [string, number, number])[] = [
  ['small', 128, 512],
  ['medium', 256, 1024],
  ['large', 512, 2048],
  ['memory-heavy', 256, 3072],
];
