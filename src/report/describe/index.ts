import type { FleetEvent } from '../../model/events/index.js';
import { AUTOSCALING_WORDING } from './autoscaling.js';
import { CLUSTER_AUTOSCALER_WORDING } from './cluster-autoscaler.js';
import { EGRESS_WORDING } from './egress.js';
import { FAULT_WORDING } from './fault.js';
import { HOST_WORDING } from './host.js';
import { KARPENTER_WORDING } from './karpenter.js';
import { NETWORK_WORDING } from './network.js';
import { OBSERVATION_WORDING } from './observation.js';
import { POD_WORDING } from './pod.js';
import { REGISTRY_WORDING } from './registry.js';
import { SERVICE_WORDING } from './service.js';
import { TASK_WORDING } from './task.js';
import { TRAFFIC_WORDING } from './traffic.js';
import { VOLUME_WORDING } from './volume.js';
import type { Renderer, Wording } from './wording.js';

/**
 * Every event kind's wording, by kind. The type makes the compiler check that every kind of the
 * catalogue has one (and that each domain's renderers take that domain's events).
 */
const WORDING: Wording<FleetEvent> = {
  ...TASK_WORDING,
  ...POD_WORDING,
  ...SERVICE_WORDING,
  ...HOST_WORDING,
  ...NETWORK_WORDING,
  ...EGRESS_WORDING,
  ...REGISTRY_WORDING,
  ...VOLUME_WORDING,
  ...AUTOSCALING_WORDING,
  ...TRAFFIC_WORDING,
  ...FAULT_WORDING,
  ...KARPENTER_WORDING,
  ...CLUSTER_AUTOSCALER_WORDING,
  ...OBSERVATION_WORDING,
};

function rendererOf(e: FleetEvent): Renderer<FleetEvent> {
  return WORDING[e.type] as Renderer<FleetEvent>;
}

/**
 * The event in ECS/Kubernetes words, as a person reads it in a console: events.csv's `detail`,
 * summary.json's last events and faults, and what a scenario's `reason:` expectation matches.
 */
export function describeEvent(e: FleetEvent): string {
  return rendererOf(e).text(e);
}

/** The id the event is about (events.csv's `entity`): a task, host, service, NodePool, client, ... */
export function entityOf(e: FleetEvent): string {
  return rendererOf(e).entity(e);
}

/** The service or workload the event concerns, if any (events.csv's `service`). */
export function serviceOf(e: FleetEvent): string | null {
  return 'service' in e ? e.service : null;
}

export { assertNever } from './wording.js';
