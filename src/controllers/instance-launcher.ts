import type { RandomStream } from '../engine/rng.js';
import { Priority, type Simulation } from '../engine/simulation.js';
import { toMillis } from '../engine/time.js';
import type { InstanceType } from '../model/catalog/instance-type.js';
import type { DeviceCounts } from '../model/devices.js';
import type { Host } from '../model/host.js';
import { launchRefused } from '../model/az-impairment.js';
import { capacityShort } from '../model/capacity-shortage.js';
import type { Ec2LaunchParams } from '../model/params/ec2-launch.js';
import type { LogNormalParams } from '../model/params/ec2-task-startup.js';
import type { HostLaunchFailure } from '../model/events/host.js';
import { isLaunchFailure, type Actions, type LaunchOptions } from './actions/index.js';
import type { Trace } from '../engine/trace.js';
import type { FleetEvent } from '../model/events/index.js';
import { Ec2Account, type Ec2QuotaRefusal } from '../model/ec2-account.js';
import { EC2_QUOTAS, type LaunchAction } from '../model/params/ec2-quotas.js';

/**
 * One EC2 API call that launches instances: Auto Scaling's RunInstances for a scaling activity,
 * Karpenter's CreateFleet for the NodeClaims it batches. The call takes one request token, on
 * its first launch; when EC2 throttles it, every launch of the call is refused.
 */
export class Ec2Call {
  /** Undefined until the call's first launch; then what EC2 refused it for (null: nothing). */
  refused: Ec2QuotaRefusal | null | undefined = undefined;
  constructor(readonly action: LaunchAction) {}
}

export interface LaunchRequest {
  readonly group: string;
  readonly instanceType: InstanceType;
  readonly az: string;
  readonly registered: { readonly cpu: number; readonly memoryMiB: number; readonly devices?: DeviceCounts };
  readonly options: LaunchOptions;
  /** Which agent registers the instance: the ECS agent or kubelet (node Ready). */
  readonly agent: 'ecs' | 'kubelet';
  /** Images on the instance from the start (baked into the AMI or pre-pulled). */
  readonly cachedImages?: readonly string[];
  /** The instance already exists when the run starts: it registers at once. */
  readonly preExisting?: boolean;
  /** The API call it is part of (an Auto Scaling activity's RunInstances, Karpenter's CreateFleet). */
  readonly call: Ec2Call;
  /** A Karpenter NodeClaim's: told when its node registers and when it is initialized. */
  readonly nodeClaim?: NodeClaimConditions;
}

/**
 * A NodeClaim's conditions after Launched (karpenter.sh, "NodeClaims"): Registered when the
 * kubelet, started at the end of the OS boot, has created the Node object; Initialized when the
 * node is Ready (the VPC CNI up). Launched is the launch itself: CreateFleet returns the instance.
 */
export interface NodeClaimConditions {
  registered(host: Host): void;
  initialized(host: Host): void;
}

interface Joining {
  readonly host: Host;
  readonly cached: readonly string[];
  readonly nodeClaim: NodeClaimConditions | undefined;
}

/**
 * Launches EC2 instances for anything that adds capacity (Auto Scaling groups, Karpenter): the
 * instance exists at once (REGISTERING) and joins the cluster after RunInstances/CreateFleet,
 * the OS boot and the ECS agent's or kubelet's registration, each a log-normal latency.
 */
export class InstanceLauncher {
  /** Instances launched and not terminated, by id: their vCPUs count against the account's quotas. */
  private readonly live = new Map<string, Host>();

  constructor(
    private readonly sim: Simulation,
    private readonly actions: Actions,
    private readonly params: Ec2LaunchParams,
    private readonly rng: RandomStream,
    trace: Trace<FleetEvent>,
    /** The account's EC2 launch quotas, shared by every launcher of the run. */
    readonly account: Ec2Account = new Ec2Account(EC2_QUOTAS),
    private readonly impairmentRng: RandomStream = rng.fork('az-impairment'),
    private readonly shortageRng: RandomStream = rng.fork('insufficient-capacity'),
  ) {
    trace.subscribe(this.onRecord);
  }

  /**
   * Returns the new host, or why it could not launch: EC2 throttled its call or the account has no
   * resource token (RequestLimitExceeded), it would pass the class's vCPU quota
   * (VcpuLimitExceeded; docs/models.md "Service quotas"), EC2 has no capacity for it
   * (InsufficientInstanceCapacity: the AZ is impaired, "AZ impairment", or the type is short
   * there, "EC2 capacity errors"), its AZ has no free subnet address, or the host limit. A refusal
   * is a trace event. Instances there at the start of the run are never refused.
   */
  launch(request: LaunchRequest): Host | HostLaunchFailure {
    const capacityType = request.options.capacityType ?? 'on-demand';
    if (request.preExisting !== true) {
      const refused: HostLaunchFailure | null = this.quotaRefusal(request, capacityType) ?? (this.noCapacity(request) ? { code: 'INSUFFICIENT_INSTANCE_CAPACITY', az: request.az } : null);
      if (refused !== null) {
        this.actions.hosts.launchFailed(request.group, request.instanceType, request.az, refused);
        return refused;
      }
    }
    const host = this.actions.hosts.launch(request.group, request.instanceType, request.az, request.registered, request.options);
    if (isLaunchFailure(host)) return host;
    this.account.launched(request.instanceType, capacityType, this.sim.now, request.preExisting === true);
    this.live.set(host.id, host);
    const joining: Joining = { host, cached: request.cachedImages ?? [], nodeClaim: request.nodeClaim };
    if (request.preExisting === true) {
      request.nodeClaim?.registered(host);
      this.register(joining);
    } else {
      const registration = request.agent === 'ecs' ? this.params.ecsAgentRegistration : this.params.kubeletRegistration;
      // The agent starts once the instance is running and booted; kubelet creates the Node
      // object then (NodeClaim Registered) and the node turns Ready after `registration`.
      const booted = this.draw(this.params.instanceLaunch) + this.draw(this.params.osBoot);
      const delay = booted + this.draw(registration);
      // A nodeRegistrationFailure: the instance runs, but its kubelet never joins the cluster.
      if (request.nodeClaim !== undefined && this.actions.state.registrationFailures.has(request.group)) return host;
      if (request.nodeClaim !== undefined) this.sim.after(booted, this.nodeRegistered, joining, Priority.StateChange);
      this.sim.after(delay, this.register, joining, Priority.StateChange);
    }
    return host;
  }

  /** The account's quotas refuse the launch: its call is throttled, no resource token, or a vCPU quota. */
  private quotaRefusal(request: LaunchRequest, capacityType: 'on-demand' | 'spot'): Ec2QuotaRefusal | null {
    const call = request.call;
    if (call.refused === undefined) call.refused = this.account.call(call.action, this.sim.now);
    return call.refused ?? this.account.refusal(call.action, request.instanceType, capacityType, this.sim.now);
  }

  /** A terminated instance's vCPUs go back to the account's quota. */
  private readonly onRecord = (r: FleetEvent): void => {
    if (r.type !== 'host.terminated') return;
    const host = this.live.get(r.host);
    if (host === undefined) return;
    this.live.delete(r.host);
    this.account.terminated(host.instanceType, host.capacityType);
  };

  /** Whether EC2 has no capacity for the request: its AZ is impaired, or its type is short there. */
  private noCapacity(request: LaunchRequest): boolean {
    const state = this.actions.state;
    if (launchRefused(state.azImpairments, request.az, this.impairmentDraw)) return true;
    return state.capacityShortages.length > 0 && capacityShort(state.capacityShortages, request.instanceType.name, request.az, request.options.capacityType ?? 'on-demand', this.shortageDraw);
  }

  /** A partial impairment's draw; its own stream, so launch latencies keep theirs. */
  private readonly impairmentDraw = (): number => this.impairmentRng.random();

  /** A partial capacity shortage's draw, from its own stream for the same reason. */
  private readonly shortageDraw = (): number => this.shortageRng.random();

  get launchRetryMs(): number {
    return this.params.launchRetryMs;
  }

  private readonly nodeRegistered = (data: Joining): void => {
    if (data.host.status === 'REGISTERING') data.nodeClaim?.registered(data.host);
  };

  private readonly register = (data: Joining): void => {
    // An instance removed while it booted was terminated already.
    if (data.host.status !== 'REGISTERING') return;
    for (const image of data.cached) this.actions.images.finishPull(data.host, image);
    this.actions.hosts.register(data.host);
    data.nodeClaim?.initialized(data.host);
  };

  private draw(p: LogNormalParams): number {
    return toMillis(this.rng.logNormal(p.median, p.sigma));
  }
}

