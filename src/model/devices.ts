/**
 * Devices beyond CPU and memory that tasks and pods ask for whole: NVIDIA GPUs and AWS Neuron
 * devices (Inferentia, Trainium) and their NeuronCores; and, with security groups for pods, the
 * branch ENIs of a node's trunk ENI (`vpc.amazonaws.com/pod-eni`, an extended resource counted
 * the same way; src/model/network/pod-eni.ts).
 *
 * - ECS: a container's `resourceRequirements` of type `GPU` asks for that many physical GPUs;
 *   "the number of GPUs that's reserved for all containers in a task can't exceed the number of
 *   available GPUs on the container instance", and the agent pins whole GPUs to the container
 *   (Amazon ECS API Reference, ResourceRequirement; Developer Guide, "Working with GPUs on Amazon
 *   ECS"). A GPU container instance (the ECS GPU-optimized AMI, NVIDIA GPUs) registers its GPUs.
 * - Kubernetes: the extended resources `nvidia.com/gpu` (NVIDIA device plugin),
 *   `aws.amazon.com/neuron` and `aws.amazon.com/neuroncore` (Neuron device plugin). Each is an
 *   integer resource the scheduler counts on its own like cpu ("Insufficient nvidia.com/gpu");
 *   it cannot be overcommitted, so a container's request must equal its limit (Kubernetes docs,
 *   "Schedule GPUs", "Managing resources for containers: extended resources").
 *
 * The device plugins advertise the type's devices as the node's allocatable (fleetsim assumes the
 * plugin DaemonSets run, as on the EKS accelerated AMIs and Bottlerocket's NVIDIA variants). The
 * scheduler treats `neuron` and `neuroncore` as independent counts, as kube-scheduler does; a pod
 * mixing both on one node is the device plugin's business (it refuses; not modelled).
 */
import type { InstanceType } from './catalog/instance-type.js';

/** Whole devices of each kind: what a host offers or a task asks for. */
export interface DeviceCounts {
  /** NVIDIA GPUs: ECS `GPU`, Kubernetes `nvidia.com/gpu`. */
  readonly nvidiaGpu: number;
  /** AWS Neuron devices (Inferentia, Trainium chips): `aws.amazon.com/neuron`. */
  readonly neuron: number;
  /** NeuronCores: `aws.amazon.com/neuroncore`. */
  readonly neuronCore: number;
  /** Branch ENIs (security groups for pods): `vpc.amazonaws.com/pod-eni`. */
  readonly podEni: number;
}

/** A host's devices in use, kept by the actions module. */
export interface AllocatedDevices {
  nvidiaGpu: number;
  neuron: number;
  neuronCore: number;
  podEni: number;
}

export type DeviceKind = keyof DeviceCounts;

/** The kinds, in the order reasons and reports list them. */
export const DEVICE_KINDS: readonly DeviceKind[] = ['nvidiaGpu', 'neuron', 'neuronCore', 'podEni'];

/** A Kubernetes extended resource fleetsim models. */
export type ExtendedResourceName = 'nvidia.com/gpu' | 'aws.amazon.com/neuron' | 'aws.amazon.com/neuroncore' | 'vpc.amazonaws.com/pod-eni';

/** The Kubernetes extended resource name of each kind. */
export const EXTENDED_RESOURCE_NAMES: Readonly<Record<DeviceKind, ExtendedResourceName>> = Object.freeze({
  nvidiaGpu: 'nvidia.com/gpu',
  neuron: 'aws.amazon.com/neuron',
  neuronCore: 'aws.amazon.com/neuroncore',
  podEni: 'vpc.amazonaws.com/pod-eni',
});

export const NO_DEVICES: DeviceCounts = Object.freeze({ nvidiaGpu: 0, neuron: 0, neuronCore: 0, podEni: 0 });

/** `n` NVIDIA GPUs and nothing else. */
export function nvidiaGpus(n: number): DeviceCounts {
  return { ...NO_DEVICES, nvidiaGpu: n };
}

/** Whether any count is above zero. */
export function hasDevices(d: DeviceCounts): boolean {
  return d.nvidiaGpu > 0 || d.neuron > 0 || d.neuronCore > 0 || d.podEni > 0;
}

export function addDevices(a: DeviceCounts, b: DeviceCounts): DeviceCounts {
  return { nvidiaGpu: a.nvidiaGpu + b.nvidiaGpu, neuron: a.neuron + b.neuron, neuronCore: a.neuronCore + b.neuronCore, podEni: a.podEni + b.podEni };
}

export function subtractDevices(a: DeviceCounts, b: DeviceCounts): DeviceCounts {
  return { nvidiaGpu: a.nvidiaGpu - b.nvidiaGpu, neuron: a.neuron - b.neuron, neuronCore: a.neuronCore - b.neuronCore, podEni: a.podEni - b.podEni };
}

/** Mutable zero counts for a new host. */
export function noAllocatedDevices(): AllocatedDevices {
  return { nvidiaGpu: 0, neuron: 0, neuronCore: 0, podEni: 0 };
}

/** The type's NVIDIA GPUs (0 for other GPU makers, which neither ECS nor the NVIDIA plugin serves). */
export function nvidiaGpusOf(type: InstanceType): number {
  return type.gpu?.manufacturer === 'nvidia' ? type.gpus : 0;
}

/** The GPUs an ECS container instance of the type registers (the ECS GPU-optimized AMI: NVIDIA only). */
export function ecsRegisteredDevices(type: InstanceType): DeviceCounts {
  const gpus = nvidiaGpusOf(type);
  return gpus === 0 ? NO_DEVICES : nvidiaGpus(gpus);
}

/**
 * The extended resources a Kubernetes node of the type advertises: the NVIDIA device plugin's
 * GPUs, the Neuron device plugin's devices and NeuronCores (Karpenter's instance-type reference
 * lists the same figures as the type's `nvidia.com/gpu`, `aws.amazon.com/neuron` and
 * `aws.amazon.com/neuroncore` resources).
 */
export function devicePluginAllocatable(type: InstanceType): DeviceCounts {
  const gpus = nvidiaGpusOf(type);
  const a = type.accelerator;
  const neuron = a !== undefined && a.neuronCores !== undefined ? a.count : 0;
  const neuronCore = a?.neuronCores ?? 0;
  return gpus === 0 && neuron === 0 ? NO_DEVICES : { nvidiaGpu: gpus, neuron, neuronCore, podEni: 0 };
}

/**
 * The GPU ids the ECS agent (or the NVIDIA device plugin) pins to a new task: the `count`
 * lowest ids of `total` not set in `inUse` (bit i: GPU i is taken). Null when fewer are free.
 * Whole GPUs only; a task's containers take consecutive slices of the result in container order.
 */
export function assignGpuIds(inUse: number, total: number, count: number): number[] | null {
  const ids: number[] = [];
  for (let i = 0; i < total && ids.length < count; i++) if ((inUse & (1 << i)) === 0) ids.push(i);
  return ids.length === count ? ids : null;
}

/** The bitmask of `ids`. */
export function gpuMask(ids: readonly number[]): number {
  let mask = 0;
  for (const i of ids) mask |= 1 << i;
  return mask;
}
