/**
 * ECS `PortMapping` (API reference): a port a container of a task definition exposes. Its own
 * module because both the task definition (which lists them) and the host port table (which
 * binds them) need it, and the table in turn needs the task definition's network mode.
 */

export type Protocol = 'tcp' | 'udp';

/**
 * One entry of a container definition's `portMappings`.
 * `hostPort` undefined or 0 means "dynamic" in bridge mode and "same as containerPort" in host
 * mode; any other host-mode value must equal `containerPort` (ECS rejects the task definition
 * otherwise, so host-ports.ts throws).
 */
export interface PortMapping {
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly protocol: Protocol;
}
