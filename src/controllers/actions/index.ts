import type { DaemonPlacement } from '../../model/daemon-set.js';
import type { Simulation } from '../../engine/simulation.js';
import type { Trace } from '../../engine/trace.js';
import type { ClusterState } from '../../model/cluster-state.js';
import type { FleetEvent } from '../../model/events/index.js';
import { ContainerActions } from './containers.js';
import { ActionContext } from './context.js';
import { ControlPlaneActions } from './control-plane.js';
import { FaultActions } from './faults.js';
import { HostActions } from './hosts.js';
import { ImageActions } from './images.js';
import { KarpenterActions } from './karpenter.js';
import { ClusterAutoscalerActions } from './cluster-autoscaler.js';
import { NetworkActions } from './network.js';
import { NodeActions } from './nodes.js';
import { ObservationActions } from './observations.js';
import { PodActions } from './pods.js';
import { ScalingActions } from './scaling.js';
import { ServingTargets } from './serving.js';
import { ServiceActions } from './services.js';
import { TaskActions } from './tasks.js';
import { TrafficActions } from './traffic.js';
import { VolumeActions } from './volumes.js';

export { isLaunchFailure, type LaunchOptions } from './hosts.js';

/**
 * The one place cluster state changes, one object per domain. Every method applies one change
 * and emits one trace event describing it (src/model/events), so the trace is a complete account
 * of the run; decisions and observations that change nothing are recorded through here too.
 * Controllers call these; they never assign state fields or build events themselves. Methods
 * check legality (a bug throws), not policy.
 */
export class Actions {
  readonly services: ServiceActions;
  readonly hosts: HostActions;
  readonly nodes: NodeActions;
  readonly images: ImageActions;
  readonly tasks: TaskActions;
  readonly containers: ContainerActions;
  readonly pods: PodActions;
  readonly network: NetworkActions;
  readonly faults: FaultActions;
  readonly traffic: TrafficActions;
  readonly controlPlane: ControlPlaneActions;
  readonly scaling: ScalingActions;
  readonly karpenter: KarpenterActions;
  readonly clusterAutoscaler: ClusterAutoscalerActions;
  readonly observations: ObservationActions;
  readonly volumes: VolumeActions;

  constructor(
    readonly state: ClusterState,
    sim: Simulation,
    trace: Trace<FleetEvent>,
    /**
     * `maxHosts`: the most hosts the run may have at once (default: no limit); `daemons`: the
     * user DaemonSets, whose pods without hostNetwork take addresses from each EKS node's pool.
     */
    options: { readonly maxHosts?: number; readonly daemons?: DaemonPlacement } = {},
  ) {
    const ctx = new ActionContext(state, sim, trace);
    const serving = new ServingTargets();
    this.services = new ServiceActions(ctx);
    this.hosts = new HostActions(ctx, serving, options.maxHosts, options.daemons);
    this.nodes = new NodeActions(ctx);
    this.images = new ImageActions(ctx);
    this.volumes = new VolumeActions(ctx);
    this.tasks = new TaskActions(ctx, serving, this.volumes);
    this.containers = new ContainerActions(ctx, serving);
    this.pods = new PodActions(ctx);
    this.network = new NetworkActions(ctx);
    this.faults = new FaultActions(ctx);
    this.traffic = new TrafficActions(ctx);
    this.controlPlane = new ControlPlaneActions(ctx);
    this.scaling = new ScalingActions(ctx);
    this.karpenter = new KarpenterActions(ctx);
    this.clusterAutoscaler = new ClusterAutoscalerActions(ctx);
    this.observations = new ObservationActions(ctx);
  }
}
