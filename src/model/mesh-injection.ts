/**
 * What a service mesh does to a task definition (docs/models.md, "Sidecars, container
 * dependencies and init containers"): ECS Service Connect adds its Envoy proxy container; Istio's
 * injector adds istio-init and istio-proxy to a pod. Pure functions from one task definition to
 * the next; the scenario compiler applies them.
 */
import { fargateSizeAtLeast } from './params/fargate.js';
import { ISTIO_PROXY, SERVICE_CONNECT_PROXY } from './params/service-mesh.js';
import { CPU_SHARES_PER_VCPU } from './resources.js';
import type { ContainerDefinition, TaskDefinition } from './task-definition.js';

export interface ServiceConnectOptions {
  /** Add the proxy's recommended CPU and memory to the task's size (else the size already holds them). */
  readonly addProxyResources: boolean;
  /** The task runs on Fargate: its grown size is rounded up to a Fargate size. */
  readonly fargate: boolean;
}

/**
 * ECS Service Connect: the Envoy proxy joins the task (its image ships with the agent and with
 * Fargate, so nothing is pulled), reserving 256 CPU units and 64 MiB; every container of the app
 * waits for it to be HEALTHY (ECS starts the proxy first). With `addProxyResources` the task's
 * size grows by that much (on Fargate to the next valid size, which may be a whole tier).
 */
export function withServiceConnectProxy(td: TaskDefinition, options: ServiceConnectOptions): TaskDefinition {
  const p = SERVICE_CONNECT_PROXY;
  const proxy: ContainerDefinition = {
    name: p.containerName,
    image: p.image,
    imageSizeMiB: 0,
    layers: 1,
    essential: true,
    portMappings: [],
    cpu: p.cpu,
    memoryReservationMiB: p.memoryMiB,
    readyAfterMs: p.readyAfterMs,
    sidecar: 'service-connect',
    preloaded: true,
  };
  const containers = [proxy, ...td.containers.map((c) => dependOn(c, p.containerName))];
  let cpu = td.cpu;
  let memoryMiB = td.memoryMiB;
  if (options.addProxyResources) {
    cpu += p.cpu;
    memoryMiB += p.memoryMiB;
    if (options.fargate) {
      const [vcpu, mib] = fargateSizeAtLeast(cpu / CPU_SHARES_PER_VCPU, memoryMiB);
      cpu = Math.round(vcpu * CPU_SHARES_PER_VCPU);
      memoryMiB = mib;
    }
  }
  return { ...td, cpu, memoryMiB, containers };
}

export interface IstioOptions {
  /** istio-proxy as a native sidecar (an init container with restartPolicy Always). */
  readonly nativeSidecar: boolean;
  /** Legacy sidecar: the app starts only when istio-proxy is ready (holdApplicationUntilProxyStarts). */
  readonly holdApplicationUntilProxyStarts: boolean;
}

/**
 * Istio's sidecar injection: istio-init (an init container setting up iptables, same image as the
 * proxy) runs first; istio-proxy requests 100m CPU and 128Mi, which add to the pod's requests
 * (a regular container's and a native sidecar's alike; istio-init's are below them, so the pod's
 * effective requests do not change for it). Native sidecar: istio-proxy starts after istio-init
 * and the app waits for it to be ready. Legacy: istio-proxy is the first regular container, and
 * the app starts beside it unless held until it is ready. `nonZeroRequests` grows with it too.
 */
export function withIstioSidecar(td: TaskDefinition, options: IstioOptions): TaskDefinition {
  const p = ISTIO_PROXY;
  const init: ContainerDefinition = { name: p.initContainerName, image: p.image, imageSizeMiB: p.imageSizeMiB, layers: 5, essential: false, portMappings: [], runsForMs: p.initRunsForMs, init: true };
  const afterInit = { containerName: p.initContainerName, condition: 'COMPLETE' } as const;
  const proxy: ContainerDefinition = {
    name: p.containerName,
    image: p.image,
    imageSizeMiB: p.imageSizeMiB,
    layers: 5,
    essential: true,
    portMappings: [],
    cpu: p.cpu,
    memoryMiB: p.memoryMiB,
    readyAfterMs: p.readyAfterMs,
    sidecar: 'istio',
    // A native sidecar runs second in the init sequence; a regular container starts only after
    // every init container (the pod's own too).
    dependsOn: options.nativeSidecar ? [afterInit] : [afterInit, ...td.containers.filter((c) => c.init === true).map(initDone)],
    ...(options.nativeSidecar ? { init: true } : {}),
  };
  const proxyReady = { containerName: p.containerName, condition: 'HEALTHY' } as const;
  // The pod's own containers that wait for nothing yet (its first init container, or the app
  // containers of a pod without init containers) now wait for istio-init, and for a native
  // istio-proxy; the rest wait through them. App containers wait for the proxy when it is native
  // or held for.
  const appWaits = options.nativeSidecar || options.holdApplicationUntilProxyStarts;
  const app = td.containers.map((c): ContainerDefinition => {
    const own = c.dependsOn ?? [];
    const head = own.length === 0;
    if (c.init === true) return head ? { ...c, dependsOn: [afterInit, ...(options.nativeSidecar ? [proxyReady] : [])] } : c;
    return { ...c, dependsOn: [...(head ? [afterInit] : own), ...(appWaits ? [proxyReady] : [])] };
  });
  const nonZero = td.nonZeroRequests === undefined ? {} : { nonZeroRequests: { cpu: td.nonZeroRequests.cpu + p.cpu, memoryMiB: td.nonZeroRequests.memoryMiB + p.memoryMiB } };
  return { ...td, cpu: td.cpu + p.cpu, memoryMiB: td.memoryMiB + p.memoryMiB, containers: [init, proxy, ...app], ...nonZero };
}

/** What a later container waits for of an init container: its completion, or a native sidecar's readiness. */
export function initDone(c: ContainerDefinition): { readonly containerName: string; readonly condition: 'COMPLETE' | 'HEALTHY' } {
  return { containerName: c.name, condition: c.runsForMs === undefined ? 'HEALTHY' : 'COMPLETE' };
}

/** The container, waiting for `proxy` to be HEALTHY besides its own dependencies. */
function dependOn(c: ContainerDefinition, proxy: string): ContainerDefinition {
  return { ...c, dependsOn: [...(c.dependsOn ?? []), { containerName: proxy, condition: 'HEALTHY' }] };
}
