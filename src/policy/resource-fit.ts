/**
 * The one "does it fit" check of fleetsim's placement: whether a host (or a planned node) has
 * room for a request's CPU, memory and one more task or pod. The ECS placement engine and its
 * naive reference, kube-scheduler's NodeResourcesFit, Karpenter's solver (existing nodes and
 * instance type options alike) and the first-fit baselines all ask it, so they never disagree
 * on what fits.
 *
 * Semantics (kube-scheduler's fitsRequest, which ECS's resource check agrees with for the
 * non-negative free amounts hosts always have): a request of 0 for a resource is not checked;
 * otherwise it must not exceed what is free. A host whose task count is at its limit
 * (`maxTasks`: EKS max pods; Infinity on ECS) takes nothing more.
 */
import type { DeviceCounts } from '../model/devices.js';
import type { Host } from '../model/host.js';
import { usesHostPorts, type PortMapping } from '../model/network/host-ports.js';
import type { PlacementRequest } from './placement-policy.js';

/** The host runs as many tasks or pods as it may (kube-scheduler's "Too many pods"). */
export const SHORT_OF_PODS = 1;
/** Free CPU is below the request. */
export const SHORT_OF_CPU = 2;
/** Free memory is below the request. */
export const SHORT_OF_MEMORY = 4;
/** Free NVIDIA GPUs are fewer than the request (ECS `RESOURCE:GPU`, kube "Insufficient nvidia.com/gpu"). */
export const SHORT_OF_GPU = 8;
/** Free Neuron devices are fewer than the request ("Insufficient aws.amazon.com/neuron"). */
export const SHORT_OF_NEURON = 16;
/** Free NeuronCores are fewer than the request ("Insufficient aws.amazon.com/neuroncore"). */
export const SHORT_OF_NEURONCORE = 32;
/** Free branch ENIs are fewer than the request ("Insufficient vpc.amazonaws.com/pod-eni"). */
export const SHORT_OF_POD_ENI = 64;
/** Every SHORT_OF_* bit together, plus one: the size of a table indexed by shortfall bits. */
export const SHORTFALL_COMBINATIONS = 128;

/**
 * What a capacity lacks for a request, as a bitmask of SHORT_OF_*: 0 when the request fits.
 * `freePods` is how many more tasks or pods it may run. Pure and allocation-free: it runs once
 * per examined host on every placement.
 */
export function resourceShortfall(freeCpu: number, freeMemoryMiB: number, freePods: number, cpu: number, memoryMiB: number): number {
  let bits = 0;
  if (freePods < 1) bits |= SHORT_OF_PODS;
  if (cpu > 0 && cpu > freeCpu) bits |= SHORT_OF_CPU;
  if (memoryMiB > 0 && memoryMiB > freeMemoryMiB) bits |= SHORT_OF_MEMORY;
  return bits;
}

/**
 * What free devices lack for a request of `devices`, as SHORT_OF_GPU / _NEURON / _NEURONCORE
 * bits: each kind is counted on its own, a request of 0 not checked (kube-scheduler's
 * fitsRequest for extended resources; the ECS agent's GPU count). `free` may be a capacity less
 * an allocation the caller computed; allocation-free.
 */
export function deviceShortfall(freeGpus: number, freeNeuron: number, freeNeuronCores: number, devices: DeviceCounts, freePodEnis = 0): number {
  let bits = 0;
  if (devices.nvidiaGpu > 0 && devices.nvidiaGpu > freeGpus) bits |= SHORT_OF_GPU;
  if (devices.neuron > 0 && devices.neuron > freeNeuron) bits |= SHORT_OF_NEURON;
  if (devices.neuronCore > 0 && devices.neuronCore > freeNeuronCores) bits |= SHORT_OF_NEURONCORE;
  if (devices.podEni > 0 && devices.podEni > freePodEnis) bits |= SHORT_OF_POD_ENI;
  return bits;
}

/**
 * {@link resourceShortfall} of a host: its unallocated CPU and memory, its task slots left; and,
 * for a request with `devices`, its free GPUs and Neuron devices ({@link deviceShortfall}).
 */
export function hostShortfall(host: Host, cpu: number, memoryMiB: number, devices?: DeviceCounts): number {
  const bits = resourceShortfall(host.cpu - host.allocatedCpu, host.memoryMiB - host.allocatedMemoryMiB, host.maxTasks - host.tasks.size, cpu, memoryMiB);
  if (devices === undefined) return bits;
  const d = host.devices;
  const a = host.allocatedDevices;
  return bits | deviceShortfall(d.nvidiaGpu - a.nvidiaGpu, d.neuron - a.neuron, d.neuronCore - a.neuronCore, devices, d.podEni - a.podEni);
}

/**
 * Whether the host can take the request as far as the host itself goes: its resources (above),
 * and for an ECS request its capacity provider's group, the image's architecture, a free task
 * ENI (awsvpc) or the host ports (bridge/host); GPUs and Neuron devices when it asks for them. Not the host's status, nor constraints or
 * scheduling rules: the policies check those. {@link unmetRequirements} (first-fit.ts) says
 * what is missing when this is false, in ECS's words.
 */
export function requestFits(request: PlacementRequest, host: Host): boolean {
  if (request.group !== undefined && host.group !== request.group) return false;
  if (request.cpuArchitecture !== undefined && host.instanceType.architecture !== request.cpuArchitecture) return false;
  if (hostShortfall(host, request.cpu, request.memoryMiB, request.devices) !== 0) return false;
  const mode = request.networkMode;
  if (mode === 'awsvpc') return host.taskEnisInUse < host.taskEniLimit;
  if (mode !== undefined && usesHostPorts(mode) && host.ports !== null) return host.ports.canAllocate(request.portMappings ?? NO_PORTS, mode).ok;
  return true;
}

const NO_PORTS: readonly PortMapping[] = Object.freeze([]);
