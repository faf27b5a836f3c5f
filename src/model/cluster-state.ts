import type { RegistryOutage } from './app-failure.js';
import { countedId } from './counted-id.js';
import type { AzImpairment } from './az-impairment.js';
import type { CapacityShortage } from './capacity-shortage.js';
import type { Host } from './host.js';
import type { AwsServiceEndpoint, EgressFaults } from './network/egress.js';
import type { SecretFault } from './secrets.js';
import { Vpc } from './network/vpc.js';
import type { Service } from './service.js';
import { VolumeState } from './volumes.js';

/**
 * All cluster state, as data. Mutated only by the controllers' actions module; everything else
 * reads it. Ids are sequential so the same run always names things the same way.
 */
export class ClusterState {
  /** Every host ever launched, by dense index (terminated ones stay, DEREGISTERED). */
  readonly hosts: Host[] = [];
  readonly hostsById = new Map<string, Host>();
  readonly services = new Map<string, Service>();
  /** Cluster-wide sums over ACTIVE and DRAINING hosts, kept by the actions module (no scans). */
  readonly totals: ClusterTotals = { hostsActive: 0, cpu: 0, memoryMiB: 0, allocatedCpu: 0, allocatedMemoryMiB: 0 };
  /** The VPC's subnets and their address pools (empty when the scenario models no VPC). */
  readonly vpc = new Vpc();
  /** Scenario registry outages in effect now (faults; docs/models.md, "Injected faults"). */
  readonly registryOutages: RegistryOutage[] = [];
  /** VPC endpoints deleted and NAT gateways down now (faults; docs/models.md, "Start-up dependencies"). */
  readonly egressFaults: EgressFaults & { readonly endpointsDown: Map<AwsServiceEndpoint, number>; readonly natDown: Map<string, number> } = { endpointsDown: new Map(), natDown: new Map() };
  /** Secrets whose fetch fails now (faults). */
  readonly secretFaults: SecretFault[] = [];
  /** Availability Zones impaired now, by AZ (faults; docs/models.md, "AZ impairment"). */
  readonly azImpairments = new Map<string, AzImpairment>();
  /** EC2 capacity shortages in effect now (faults; docs/models.md, "EC2 capacity errors"). */
  readonly capacityShortages: CapacityShortage[] = [];
  /** PersistentVolumeClaims, their EBS volumes and the volumes in use per node (docs/models.md, "Volumes"). */
  readonly volumes = new VolumeState();
  /** Karpenter NodePools whose new nodes never register now (nodeRegistrationFailure), with the window's end (null: none). */
  readonly registrationFailures = new Map<string, number | null>();
  private taskCounter = 0;
  private eniCounter = 0;

  nextEniId(): string {
    this.eniCounter++;
    return countedId('eni', this.eniCounter);
  }

  nextTaskId(): string {
    this.taskCounter++;
    return countedId('t', this.taskCounter);
  }

  nextHostId(): string {
    return countedId('i', this.hosts.length + 1);
  }

  /** Tasks created so far (all states). */
  get tasksCreated(): number {
    return this.taskCounter;
  }
}

export interface ClusterTotals {
  hostsActive: number;
  cpu: number;
  memoryMiB: number;
  allocatedCpu: number;
  allocatedMemoryMiB: number;
}

/** The read-only face of the state that policies and observers get. */
export type ClusterView = Pick<ClusterState, 'hosts' | 'hostsById' | 'services' | 'tasksCreated' | 'totals' | 'vpc'> & {
  /** Claims and volumes (absent in views built without them, which then have no pod with volumes). */
  readonly volumes?: VolumeState;
};
