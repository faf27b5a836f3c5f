import { Actions, isLaunchFailure } from '../../src/controllers/actions/index.js';
import { RandomStream } from '../../src/engine/rng.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Trace } from '../../src/engine/trace.js';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { EcsPlacementSpec } from '../../src/model/ecs-placement-spec.js';
import type { Host } from '../../src/model/host.js';
import type { PortMapping } from '../../src/model/network/host-ports.js';
import { ecsRegisteredResources } from '../../src/model/params/ecs-container-instance.js';
import { ecsRegisteredDevices } from '../../src/model/devices.js';
import type { Service } from '../../src/model/service.js';
import { serviceSpec } from '../../src/model/simulation-spec.js';
import { taskPortMappings, type NetworkMode, type TaskDefinition } from '../../src/model/task-definition.js';
import type { Task } from '../../src/model/task.js';
import { SCALE_IN } from '../../src/model/reasons/stop.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import type { PlacementRequest, PlacementResult } from '../../src/policy/placement-policy.js';
import { naiveEcsPlace } from '../../src/policy/ecs/naive-placement.js';
import { EcsPlacementEngine } from '../../src/policy/ecs/placement-engine.js';

export interface HostOptions {
  type?: string;
  az?: string;
  /** Custom attributes (on top of the `ecs.*` built-ins). */
  attributes?: Record<string, string>;
  /** Registered resources; default: what the type registers with ECS. */
  cpuUnits?: number;
  memoryMiB?: number;
  /** awsvpc task ENIs it can attach. */
  taskEniLimit?: number;
  /** Leave it REGISTERING (default: ACTIVE). */
  registering?: boolean;
}

export interface ServiceOptions {
  cpuUnits?: number;
  memoryMiB?: number;
  networkMode?: NetworkMode;
  /** Static host ports (bridge mode). */
  hostPorts?: number[];
  /** GPUs the task's container asks for (resourceRequirements type GPU). */
  gpus?: number;
}

/**
 * A small ECS cluster for placement tests, built through the real actions module so every change
 * emits the trace records the engine indexes from. Fluent: `new EcsCluster().hosts(3, { az })`.
 */
export class EcsCluster {
  readonly state = new ClusterState();
  readonly sim = new Simulation();
  readonly trace = new Trace<FleetEvent>();
  readonly actions = new Actions(this.state, this.sim, this.trace);

  /** Launches one host; ACTIVE unless `registering`. */
  host(options: HostOptions = {}): Host {
    const type = getInstanceType(options.type ?? 'm5.large');
    if (type === undefined) throw new Error(`unknown instance type ${options.type}`);
    const registered = ecsRegisteredResources(type, 0);
    const host = this.actions.hosts.launch('g', type, options.az ?? 'us-east-1a', {
      cpu: options.cpuUnits === undefined ? registered.cpu : options.cpuUnits * 1000,
      memoryMiB: options.memoryMiB ?? registered.memoryMiB,
      // A GPU type registers its GPUs, as the ECS GPU-optimized AMI does.
      devices: ecsRegisteredDevices(type),
    }, {
      attributes: new Map(Object.entries(options.attributes ?? {})),
      taskEniLimit: options.taskEniLimit ?? 0,
    });
    if (isLaunchFailure(host)) throw new Error(`the fixture's host did not launch: ${host.code}`);
    if (options.registering !== true) this.actions.hosts.register(host);
    return host;
  }

  /** Launches n hosts; `options` may depend on the host's number. */
  hosts(n: number, options: HostOptions | ((i: number) => HostOptions) = {}): Host[] {
    return Array.from({ length: n }, (_, i) => this.host(typeof options === 'function' ? options(i) : options));
  }

  register(host: Host): void {
    this.actions.hosts.register(host);
  }

  service(name: string, options: ServiceOptions = {}): Service {
    const networkMode = options.networkMode ?? 'bridge';
    const portMappings: PortMapping[] = (options.hostPorts ?? []).map((p) => ({ containerPort: p, hostPort: p, protocol: 'tcp' }));
    const taskDefinition = {
      family: name,
      revision: 1,
      cpu: (options.cpuUnits ?? 256) * 1000,
      memoryMiB: options.memoryMiB ?? 512,
      networkMode,
      readyAfterMs: 0,
      containers: [{ name, image: `${name}:1`, imageSizeMiB: 100, layers: 3, essential: true, portMappings, ...(options.gpus === undefined ? {} : { gpus: options.gpus }) }],
      ...(options.gpus === undefined ? {} : { devices: { nvidiaGpu: options.gpus, neuron: 0, neuronCore: 0, podEni: 0 } }),
    } as TaskDefinition;
    const spec = serviceSpec({ name, kind: 'ecs-service', taskDefinition });
    return this.actions.services.create(spec);
  }

  /** Places a new task of the service on the host (no policy involved). */
  run(service: Service | string, host: Host, count = 1): Task[] {
    const s = typeof service === 'string' ? this.state.services.get(service)! : service;
    return Array.from({ length: count }, () => {
      const task = this.actions.tasks.create(s);
      this.actions.tasks.place(task, host);
      return task;
    });
  }

  /** Moves a task to STOPPING (its desired status becomes STOPPED; it keeps its resources). */
  stopping(task: Task): void {
    this.actions.tasks.beginStop(task, SCALE_IN);
  }

  stop(task: Task): void {
    this.actions.tasks.stop(task, 'UserInitiated', SCALE_IN);
  }

  request(service: Service | string): PlacementRequest {
    const s = typeof service === 'string' ? this.state.services.get(service)! : service;
    const td = s.taskDefinition;
    return { service: s.name, cpu: td.cpu, memoryMiB: td.memoryMiB, networkMode: td.networkMode, portMappings: taskPortMappings(td), ...(td.devices === undefined ? {} : { devices: td.devices }) };
  }

  /** An engine over this cluster, subscribed to its trace. */
  engine(specs: EcsPlacementSpec | Record<string, EcsPlacementSpec>, seed = 'test'): EcsPlacementEngine {
    const engine = new EcsPlacementEngine(this.state, specLookup(specs), RandomStream.root(seed).fork('placement'));
    this.trace.subscribe(engine.onRecord);
    return engine;
  }

  /** Places one task of the service with the engine's decision; returns the decision. */
  placeWith(engine: EcsPlacementEngine, service: Service | string): PlacementResult {
    const request = this.request(service);
    const decision = engine.place(request, this.state);
    if (decision.ok) this.run(request.service, decision.host);
    return decision;
  }

  /** Places `n` tasks one by one; returns the host ids chosen (or 'X' for a failure). */
  placeMany(engine: EcsPlacementEngine, service: Service | string, n: number): string[] {
    return Array.from({ length: n }, () => {
      const d = this.placeWith(engine, service);
      return d.ok ? d.host.id : 'X';
    });
  }

  /** The naive reference's decision (no state change). */
  naive(service: Service | string, spec: EcsPlacementSpec, rng: RandomStream): PlacementResult {
    return naiveEcsPlace(this.request(service), this.state, spec, rng);
  }
}

export function specLookup(specs: EcsPlacementSpec | Record<string, EcsPlacementSpec>): (service: string) => EcsPlacementSpec {
  if ('strategies' in specs && 'constraints' in specs && Array.isArray(specs.strategies)) return () => specs as EcsPlacementSpec;
  const table = specs as Record<string, EcsPlacementSpec>;
  return (service) => {
    const spec = table[service];
    if (spec === undefined) throw new Error(`no placement spec for ${service}`);
    return spec;
  };
}

/** Shorthands for specs. */
export const spec = (strategies: EcsPlacementSpec['strategies'], constraints: EcsPlacementSpec['constraints'] = []): EcsPlacementSpec => ({ strategies, constraints });
export const binpack = (field: 'cpu' | 'memory') => ({ type: 'binpack', field }) as const;
export const spread = (field: string) => ({ type: 'spread', field }) as const;
export const random = { type: 'random' } as const;
export const distinctInstance = { type: 'distinctInstance' } as const;
export const memberOf = (expression: string) => ({ type: 'memberOf', expression }) as const;
export const AZ = 'attribute:ecs.availability-zone';
