import { serviceSpec } from '../../src/model/simulation-spec.js';
import { Actions, isLaunchFailure } from '../../src/controllers/actions/index.js';
import { RandomStream } from '../../src/engine/rng.js';
import { Simulation } from '../../src/engine/simulation.js';
import { Trace } from '../../src/engine/trace.js';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import { ClusterState } from '../../src/model/cluster-state.js';
import type { Host, HostStatus, Taint } from '../../src/model/host.js';
import {
  DEFAULT_PROFILE,
  EMPTY_POD_SCHEDULING_SPEC,
  type PodSchedulingSpec,
  type SchedulerProfileSpec,
} from '../../src/model/pod-scheduling-spec.js';
import { CPU_SHARES_PER_MILLICORE } from '../../src/model/resources.js';
import type { DeviceCounts } from '../../src/model/devices.js';
import type { Service } from '../../src/model/service.js';
import type { Task } from '../../src/model/task.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import { KubeSchedulerPolicy, type KubeSchedulerPolicyOptions } from '../../src/policy/kube/kube-scheduler-policy.js';
import { podRequestOf, type PlacementRequest, type PlacementResult } from '../../src/policy/placement-policy.js';
import { nonZeroRequests } from '../../src/model/pod-requests.js';
import { SCALE_IN } from '../../src/model/reasons/stop.js';

/** Millicores -> fleetsim CPU shares. */
export const m = (millicores: number): number => millicores * CPU_SHARES_PER_MILLICORE;

export interface NodeOptions {
  /** A name to find the node by in tests (its id stays `i-00000N`). */
  readonly name?: string;
  readonly az?: string;
  /** Allocatable CPU in millicores (default 4000) and memory in MiB (default 16384). */
  readonly cpu?: number;
  readonly memoryMiB?: number;
  readonly maxPods?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  /** REGISTERING (not Ready), ACTIVE (default) or DRAINING (cordoned). */
  readonly status?: Exclude<HostStatus, 'DEREGISTERED'>;
  /** Extended resources its device plugins advertise (default none). */
  readonly devices?: DeviceCounts;
}

export interface WorkloadOptions {
  /** Request per pod in millicores (default 100) and MiB (default 128). */
  readonly cpu?: number;
  readonly memoryMiB?: number;
  readonly spec?: PodSchedulingSpec;
  readonly image?: string;
  readonly imageSizeMiB?: number;
  /**
   * The pod's containers' requests as set, in millicores and MiB (a field left out: the container
   * sets no such request). Replaces `cpu` and `memoryMiB`: the pod requests their sums, and
   * kube-scheduler scores it by its non-zero requests (src/model/pod-requests.ts).
   */
  readonly containerRequests?: readonly { readonly cpu?: number; readonly memoryMiB?: number }[];
  /** Extended resources per pod (nvidia.com/gpu, aws.amazon.com/neuron[core]); default none. */
  readonly devices?: DeviceCounts;
}

/**
 * A small EKS-like cluster for kube-scheduler tests, built through the real ClusterState and
 * Actions (so the trace carries task.placed / task.stopped / host.* records), with a fluent API:
 *
 *   const c = new KubeCluster().node({ name: 'node1', labels: { zone: 'zoneA' } }).workload('web');
 *   const policy = c.policy();
 *   c.pod('web', 'node1');            // an existing pod, bound directly
 *   c.schedule(policy, 'web');        // ask the policy and bind the pod where it says
 */
export class KubeCluster {
  readonly sim = new Simulation();
  readonly trace = new Trace<FleetEvent>();
  readonly state = new ClusterState();
  readonly actions = new Actions(this.state, this.sim, this.trace);
  readonly specs = new Map<string, PodSchedulingSpec>();
  private readonly byName = new Map<string, Host>();
  readonly lookup = (service: string): PodSchedulingSpec => this.specs.get(service) ?? EMPTY_POD_SCHEDULING_SPEC;

  node(options: NodeOptions = {}): this {
    this.addNode(options);
    return this;
  }

  /** `n` identical nodes, round-robin over the AZs (like an ASG). */
  nodes(n: number, options: Omit<NodeOptions, 'name' | 'az'> = {}, azs = ['us-east-1a', 'us-east-1b', 'us-east-1c']): this {
    for (let i = 0; i < n; i++) this.addNode({ ...options, az: azs[i % azs.length] });
    return this;
  }

  addNode(options: NodeOptions = {}): Host {
    const type = getInstanceType('m5.xlarge')!;
    const host = this.actions.hosts.launch(
      'ng',
      type,
      options.az ?? 'us-east-1a',
      { cpu: m(options.cpu ?? 4000), memoryMiB: options.memoryMiB ?? 16384, ...(options.devices === undefined ? {} : { devices: options.devices }) },
      { maxTasks: options.maxPods ?? 110, labels: new Map(Object.entries(options.labels ?? {})), taints: options.taints ?? [], region: 'us-east-1' },
    );
    if (isLaunchFailure(host)) throw new Error(`the fixture's host did not launch: ${host.code}`);
    const status = options.status ?? 'ACTIVE';
    if (status !== 'REGISTERING') this.actions.hosts.register(host);
    if (status === 'DRAINING') this.setStatus(host, 'DRAINING');
    if (options.name !== undefined) this.byName.set(options.name, host);
    return host;
  }

  /** Cordons (DRAINING) or terminates (DEREGISTERED, after its pods stopped) a node, through the actions a controller would use. */
  setStatus(host: Host, status: Extract<HostStatus, 'DRAINING' | 'DEREGISTERED'>): void {
    if (status === 'DRAINING') this.actions.hosts.drain(host, { code: 'ASG_SCALE_IN', group: host.group });
    else this.actions.hosts.terminate(host, { code: 'ASG_SCALE_IN', group: host.group, drain: 'emptied' });
  }

  host(name: string): Host {
    const h = this.byName.get(name) ?? this.state.hostsById.get(name);
    if (h === undefined) throw new Error(`no node ${name}`);
    return h;
  }

  /** The test name of a host (or its id). */
  nameOf(host: Host): string {
    for (const [name, h] of this.byName) if (h === host) return name;
    return host.id;
  }

  workload(name: string, options: WorkloadOptions = {}): this {
    const podScheduling = options.spec ?? { labels: { app: name } };
    this.specs.set(name, podScheduling);
    const image = options.image ?? `${name}:1`;
    const containers = options.containerRequests?.map((c) => ({ ...(c.cpu === undefined ? {} : { cpu: m(c.cpu) }), ...(c.memoryMiB === undefined ? {} : { memoryMiB: c.memoryMiB }) }));
    const scoring = containers === undefined ? undefined : nonZeroRequests(containers);
    this.actions.services.create(
      serviceSpec({
        name,
        kind: 'deployment',
        podScheduling,
      taskDefinition: {
        family: name,
        revision: 1,
        cpu: containers === undefined ? m(options.cpu ?? 100) : containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0),
        memoryMiB: containers === undefined ? (options.memoryMiB ?? 128) : containers.reduce((sum, c) => sum + (c.memoryMiB ?? 0), 0),
        networkMode: 'awsvpc',
        containers: [{ name, image, imageSizeMiB: options.imageSizeMiB ?? 10, layers: 1, essential: true, portMappings: [] }],
        readyAfterMs: 0,
        ...(scoring === undefined ? {} : { nonZeroRequests: scoring }),
        ...(options.devices === undefined ? {} : { devices: options.devices }),
      },
      }),
    );
    return this;
  }

  service(name: string): Service {
    return this.state.services.get(name)!;
  }

  /** Binds `count` pods of a workload to a node directly (the "existing pods" of a test). */
  pod(workload: string, node: string | Host, count = 1): this {
    const host = typeof node === 'string' ? this.host(node) : node;
    for (let i = 0; i < count; i++) this.actions.tasks.place(this.actions.tasks.create(this.service(workload)), host);
    return this;
  }

  /** A node has pulled an image (ImageLocality). */
  image(node: string | Host, image: string): this {
    const host = typeof node === 'string' ? this.host(node) : node;
    this.actions.images.finishPull(host, image);
    return this;
  }

  /** A placement request for a new pod of the workload (the pod is created, not yet scheduled). */
  request(workload: string): PlacementRequest {
    return podRequestOf(this.actions.tasks.create(this.service(workload)));
  }

  /** A policy over this cluster, subscribed to its trace; tests check every plugin's score range unless told not to. */
  policy(profile: SchedulerProfileSpec = DEFAULT_PROFILE, seed: string | number = 1, options: KubeSchedulerPolicyOptions = {}): KubeSchedulerPolicy {
    const policy = new KubeSchedulerPolicy(profile, RandomStream.root(seed).fork('kube-scheduler'), this.lookup, { checkScores: true, ...options });
    this.trace.subscribe(policy.onRecord);
    return policy;
  }

  /** Runs one scheduling cycle for a new pod of the workload; binds it when it fits. */
  schedule(policy: { place: KubeSchedulerPolicy['place'] }, workload: string): PlacementResult & { task?: Task } {
    const request = this.request(workload);
    const result = policy.place(request, this.state);
    if (!result.ok) return result;
    const task = request.task!;
    this.actions.tasks.place(task, result.host);
    return { ...result, task };
  }

  /** Stops one running pod of the workload on the node. */
  stopPod(workload: string, node: string | Host): this {
    const host = typeof node === 'string' ? this.host(node) : node;
    const task = [...host.tasks].find((t) => t.service.name === workload);
    if (task === undefined) throw new Error(`no ${workload} pod on ${host.id}`);
    this.actions.tasks.stop(task, 'ServiceSchedulerInitiated', SCALE_IN);
    return this;
  }
}

/** A profile with only the named plugins (and weights) of the default one, or explicit weights. */
export function profileWith(plugins: readonly (string | { name: string; weight: number })[], extra: Partial<SchedulerProfileSpec> = {}): SchedulerProfileSpec {
  return {
    schedulerName: 'test-scheduler',
    plugins: plugins.map((p) => (typeof p === 'string' ? (DEFAULT_PROFILE.plugins.find((d) => d.name === p) ?? { name: p }) : p)),
    pluginConfig: [],
    ...extra,
  };
}
