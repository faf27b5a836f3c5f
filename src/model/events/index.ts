import type { AutoscalingEvent } from './autoscaling.js';
import type { FaultEvent } from './fault.js';
import type { HostEvent } from './host.js';
import type { KarpenterEvent } from './karpenter.js';
import type { NetworkEvent } from './network.js';
import type { ObservationEvent } from './observation.js';
import type { PodEvent } from './pod.js';
import type { ServiceEvent } from './service.js';
import type { TaskEvent } from './task.js';
import type { TrafficEvent } from './traffic.js';

/**
 * The trace's event catalogue: one type per event kind, discriminated by `type` (dot-namespaced,
 * past tense: the `kind` column of events.csv), each with its structured fields: ids, counts,
 * reason codes, from/to states, the numbers reports need. Events hold no prose: their
 * ECS/Kubernetes wording is rendered from them by src/report/describe.
 *
 * Adding a kind: its interface in the domain module (and the domain's union), its wording in
 * src/report/describe, and one typed method in src/controllers/actions that emits it. The
 * compiler finds every place that must handle it.
 */
export type FleetEvent =
  | TaskEvent
  | PodEvent
  | ServiceEvent
  | HostEvent
  | NetworkEvent
  | AutoscalingEvent
  | TrafficEvent
  | FaultEvent
  | KarpenterEvent
  | ObservationEvent;

export type FleetEventType = FleetEvent['type'];

/** The event of one kind. */
export type EventOf<T extends FleetEventType> = Extract<FleetEvent, { readonly type: T }>;

export type * from './autoscaling.js';
export type * from './fault.js';
export type * from './host.js';
export type * from './karpenter.js';
export type * from './network.js';
export type * from './observation.js';
export type * from './pod.js';
export type * from './service.js';
export type * from './task.js';
export type * from './traffic.js';
