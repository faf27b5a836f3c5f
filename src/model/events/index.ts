import { AUTOSCALING_EVENT_DOCS, type AutoscalingEvent } from './autoscaling.js';
import { CLUSTER_AUTOSCALER_EVENT_DOCS, type ClusterAutoscalerEvent } from './cluster-autoscaler.js';
import type { EventDocs } from './docs.js';
import { EGRESS_EVENT_DOCS, type EgressEvent } from './egress.js';
import { FAULT_EVENT_DOCS, type FaultEvent } from './fault.js';
import { HOST_EVENT_DOCS, type HostEvent } from './host.js';
import { KARPENTER_EVENT_DOCS, type KarpenterEvent } from './karpenter.js';
import { NETWORK_EVENT_DOCS, type NetworkEvent } from './network.js';
import { OBSERVATION_EVENT_DOCS, type ObservationEvent } from './observation.js';
import { POD_EVENT_DOCS, type PodEvent } from './pod.js';
import { REGISTRY_EVENT_DOCS, type RegistryEvent } from './registry.js';
import { SERVICE_EVENT_DOCS, type ServiceEvent } from './service.js';
import { TASK_EVENT_DOCS, type TaskEvent } from './task.js';
import { TRAFFIC_EVENT_DOCS, type TrafficEvent } from './traffic.js';
import { VOLUME_EVENT_DOCS, type VolumeEvent } from './volume.js';

/**
 * The trace's event catalogue: one type per event kind, discriminated by `type` (dot-namespaced,
 * past tense: the `kind` column of events.csv), each with its structured fields: ids, counts,
 * reason codes, from/to states, the numbers reports need. Events hold no prose: their
 * ECS/Kubernetes wording is rendered from them by src/report/describe. docs/events.md lists
 * every kind, when it is emitted and its fields, generated from EVENT_DOCS (`npm run docs:events`).
 *
 * Adding a kind (docs/events.md, "How to add an event kind"): its interface in the domain module
 * (and the domain's union) with its EVENT_DOCS entry, its wording in src/report/describe, and one
 * typed method in src/controllers/actions that emits it. The compiler finds every place that
 * must handle it.
 */
export type FleetEvent =
  | TaskEvent
  | PodEvent
  | ServiceEvent
  | HostEvent
  | NetworkEvent
  | EgressEvent
  | RegistryEvent
  | VolumeEvent
  | AutoscalingEvent
  | TrafficEvent
  | FaultEvent
  | KarpenterEvent
  | ClusterAutoscalerEvent
  | ObservationEvent;

export type FleetEventType = FleetEvent['type'];

/** The event of one kind. */
export type EventOf<T extends FleetEventType> = Extract<FleetEvent, { readonly type: T }>;

/**
 * Every kind's documentation, by kind: when it is emitted, its fields, examples. The type checks
 * that every kind of the catalogue, and every field of each, is documented.
 */
export const EVENT_DOCS = {
  ...TASK_EVENT_DOCS,
  ...POD_EVENT_DOCS,
  ...SERVICE_EVENT_DOCS,
  ...HOST_EVENT_DOCS,
  ...NETWORK_EVENT_DOCS,
  ...EGRESS_EVENT_DOCS,
  ...REGISTRY_EVENT_DOCS,
  ...VOLUME_EVENT_DOCS,
  ...AUTOSCALING_EVENT_DOCS,
  ...TRAFFIC_EVENT_DOCS,
  ...FAULT_EVENT_DOCS,
  ...KARPENTER_EVENT_DOCS,
  ...CLUSTER_AUTOSCALER_EVENT_DOCS,
  ...OBSERVATION_EVENT_DOCS,
} satisfies EventDocs<FleetEvent> & Record<FleetEventType, unknown>;

export type * from './autoscaling.js';
export type * from './cluster-autoscaler.js';
export type * from './egress.js';
export type * from './fault.js';
export type * from './host.js';
export type * from './karpenter.js';
export type * from './network.js';
export type * from './observation.js';
export type * from './pod.js';
export type * from './registry.js';
export type * from './service.js';
export type * from './task.js';
export type * from './traffic.js';
export type * from './volume.js';
export type * from './docs.js';
