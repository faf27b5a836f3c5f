/**
 * Service-mesh sidecars and their control plane (docs/models.md, "Sidecars, container
 * dependencies and init containers"). Each figure names its source; where none is published,
 * the figure is a labelled assumption.
 */
import { CPU_SHARES_PER_ECS_UNIT, CPU_SHARES_PER_MILLICORE } from '../resources.js';

/**
 * ECS Service Connect's proxy (Envoy), which ECS adds to every task of a service with Service
 * Connect. ECS Developer Guide, "Amazon ECS Service Connect components": "We recommend adding 256
 * CPU units and at least 64 MiB of memory to your task CPU and memory for the Service Connect
 * proxy container" (512 CPU units above 500 requests per second per task); the proxy uses the
 * task's CPU and memory that the other containers do not reserve. Its image ships with the
 * ECS-optimized AMI's agent and with Fargate (no pull). The seed's §12 puts its memory in use at
 * ~32 MB; fleetsim reserves the documented 64 MiB.
 */
export const SERVICE_CONNECT_PROXY = {
  /** fleetsim's name for the added container (ECS names it after the service's Service Connect configuration). */
  containerName: 'ecs-service-connect-agent',
  image: 'ecs-service-connect-agent:interface-v1',
  cpu: 256 * CPU_SHARES_PER_ECS_UNIT,
  /** The recommendation for tasks above 500 requests per second at peak. */
  highRpsCpu: 512 * CPU_SHARES_PER_ECS_UNIT,
  highRpsThreshold: 500,
  memoryMiB: 64,
  /** Assumption (no published figure): Envoy starts and passes ECS's health check of it in about 2 s. */
  readyAfterMs: 2_000,
} as const;

/**
 * Istio's injected sidecar. Requests: Istio's installation values `global.proxy.resources`
 * (requests cpu 100m, memory 128Mi; limits cpu 2000m, memory 1024Mi), as the task asks; the
 * seed's §12 table: ~128 MB per pod. Image: istio/proxyv2, ~90 MiB compressed (assumption from
 * the registry's listed size, version dependent). Ready after ~1.5 s: pilot-agent starts Envoy,
 * which fetches its certificate and configuration from istiod (assumption; Istio publishes no
 * figure). istio-init (the iptables set-up init container, without the Istio CNI plugin) uses the
 * same image and runs ~1 s (assumption).
 */
export const ISTIO_PROXY = {
  containerName: 'istio-proxy',
  initContainerName: 'istio-init',
  image: 'docker.io/istio/proxyv2:1.24.0',
  imageSizeMiB: 90,
  cpu: 100 * CPU_SHARES_PER_MILLICORE,
  memoryMiB: 128,
  readyAfterMs: 1_500,
  initRunsForMs: 1_000,
} as const;

/**
 * istiod, Istio's control plane: a Deployment in istio-system whose pods need node capacity.
 * Istio's istio-discovery chart values: `pilot.resources.requests` cpu 500m, memory 2048Mi;
 * `autoscaleMin` 1 replica. Image istio/pilot ~75 MiB (assumption).
 */
export const ISTIOD = {
  name: 'istiod',
  namespace: 'istio-system',
  replicas: 1,
  cpu: 500 * CPU_SHARES_PER_MILLICORE,
  memoryMiB: 2_048,
  image: 'docker.io/istio/pilot:1.24.0',
  imageSizeMiB: 75,
} as const;

/**
 * Latency one Envoy proxy hop adds to a request: Istio's "Performance and Scalability" page
 * (Istio 1.8 to 1.14 load tests: "The Envoy proxy adds 2.65 ms to the 90th percentile
 * latency"). fleetsim adds it to the mean response time per hop (a p90 figure used as a mean:
 * an upper-side assumption). The same Envoy figure stands for Service Connect's and App Mesh's
 * proxies, where AWS publishes none.
 */
export const PROXY_HOP_LATENCY_MS = 2.65;

/**
 * CPU one Envoy proxy spends per request it passes: "The Envoy proxy uses 0.35 vCPU and 40 MB
 * memory per 1000 requests per second going through the proxy" (Istio "Performance and
 * Scalability", Istio 1.12 to 1.16 load tests), i.e. 0.35 ms of one vCPU per request. As for the
 * latency, the same Envoy figure stands for App Mesh's proxy (an assumption; AWS publishes none).
 */
export const PROXY_CPU_PER_REQUEST_MS = 0.35;
