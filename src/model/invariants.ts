import type { ClusterView } from './cluster-state.js';
import type { Host } from './host.js';
import type { VolumeState } from './volumes.js';
import { scoringCpu, scoringMemoryMiB } from './pod-requests.js';
import { TASK_STATUSES, holdsResources, type TaskStatus } from './task.js';

/**
 * Checks the cluster-wide invariants and returns a message per violation (empty when all hold).
 * Called by tests after every event and at the end of every scenario test. It scans everything:
 * never call it on a hot path.
 *
 * - no host is over-committed, and its allocation (and its non-zero requests) equals the sum of
 *   its tasks' requests (non-zero requests); the same for GPUs and Neuron devices, and no GPU is
 *   pinned to two tasks;
 * - a task holds a host exactly when its status says it does, and that host lists it;
 * - a service's status counts equal a recount of its tasks;
 * - every subnet: reserved + allocated + free = its size; every node's ipamd pool is consistent;
 *   addresses are conserved: each subnet's allocated count equals what nodes, their ENIs and
 *   tasks hold in it, and no pod address is held twice.
 */
export function checkInvariants(state: ClusterView): string[] {
  const problems: string[] = [];
  for (const host of state.hosts) {
    let cpu = 0;
    let memory = 0;
    let scoredCpu = 0;
    let scoredMemory = 0;
    let gpus = 0;
    let neuron = 0;
    let neuronCores = 0;
    let podEnis = 0;
    let gpuIds = 0;
    let taskEnis = 0;
    for (const task of host.tasks) {
      if (task.service.kind === 'ecs-service' && task.ipSubnet !== null) taskEnis++;
      const d = task.taskDefinition.devices;
      if (d !== undefined) {
        gpus += d.nvidiaGpu;
        neuron += d.neuron;
        neuronCores += d.neuronCore;
        podEnis += d.podEni;
      }
      if (task.gpuIds.length !== (d?.nvidiaGpu ?? 0)) problems.push(`${task.id} holds GPUs [${task.gpuIds.join(', ')}] for a request of ${d?.nvidiaGpu ?? 0}`);
      for (const id of task.gpuIds) {
        if ((gpuIds & (1 << id)) !== 0) problems.push(`${host.id} pins GPU ${id} to more than one task`);
        if (id >= host.devices.nvidiaGpu) problems.push(`${task.id} holds GPU ${id}, beyond the ${host.devices.nvidiaGpu} of ${host.id}`);
        gpuIds |= 1 << id;
      }
      cpu += task.cpu;
      memory += task.memoryMiB;
      scoredCpu += scoringCpu(task.taskDefinition);
      scoredMemory += scoringMemoryMiB(task.taskDefinition);
      if (task.host !== host) problems.push(`${host.id} lists ${task.id}, which is on ${task.host?.id ?? 'no host'}`);
      if (!holdsResources(task)) problems.push(`${host.id} lists ${task.id} in status ${task.status}`);
    }
    if (cpu !== host.allocatedCpu || memory !== host.allocatedMemoryMiB) {
      problems.push(`${host.id} allocation (${host.allocatedCpu} cpu, ${host.allocatedMemoryMiB} MiB) differs from its tasks' sum (${cpu}, ${memory})`);
    }
    if (scoredCpu !== host.nonZeroRequestedCpu || scoredMemory !== host.nonZeroRequestedMemoryMiB) {
      problems.push(`${host.id} non-zero requests (${host.nonZeroRequestedCpu} cpu, ${host.nonZeroRequestedMemoryMiB} MiB) differ from its tasks' sum (${scoredCpu}, ${scoredMemory})`);
    }
    if (host.allocatedCpu > host.cpu || host.allocatedMemoryMiB > host.memoryMiB) {
      problems.push(`${host.id} is over-committed: ${host.allocatedCpu}/${host.cpu} cpu, ${host.allocatedMemoryMiB}/${host.memoryMiB} MiB`);
    }
    const a = host.allocatedDevices;
    if (a.nvidiaGpu !== gpus || a.neuron !== neuron || a.neuronCore !== neuronCores || a.podEni !== podEnis || host.gpusInUse !== gpuIds) {
      problems.push(`${host.id} device allocation (${a.nvidiaGpu} GPUs, ${a.neuron} Neuron, ${a.neuronCore} NeuronCores) differs from its tasks' sum (${gpus}, ${neuron}, ${neuronCores}) or its pinned GPUs`);
    }
    if (a.nvidiaGpu > host.devices.nvidiaGpu || a.neuron > host.devices.neuron || a.neuronCore > host.devices.neuronCore || a.podEni > host.devices.podEni) {
      problems.push(`${host.id} devices are over-committed: ${a.nvidiaGpu}/${host.devices.nvidiaGpu} GPUs, ${a.neuron}/${host.devices.neuron} Neuron, ${a.neuronCore}/${host.devices.neuronCore} NeuronCores`);
    }
    if (host.status === 'DEREGISTERED' && host.tasks.size > 0) problems.push(`${host.id} is deregistered but holds ${host.tasks.size} tasks`);
    if (host.taskEnisAttached !== taskEnis || taskEnis > host.taskEnisInUse) problems.push(`${host.id} counts ${host.taskEnisAttached} task ENIs attached (${host.taskEnisInUse} in use), its tasks have ${taskEnis}`);
  }
  let cpu = 0;
  let memory = 0;
  for (const host of state.hosts) {
    cpu += host.allocatedCpu;
    memory += host.allocatedMemoryMiB;
  }
  if (cpu !== state.totals.allocatedCpu || memory !== state.totals.allocatedMemoryMiB) {
    problems.push(`cluster totals (${state.totals.allocatedCpu} cpu, ${state.totals.allocatedMemoryMiB} MiB) differ from the hosts' sum (${cpu}, ${memory})`);
  }
  problems.push(...checkNetwork(state));
  for (const service of state.services.values()) {
    const live: Record<TaskStatus, number> = { UNPLACED: 0, PROVISIONING: 0, PENDING: 0, RUNNING: 0, STOPPING: 0, STOPPED: 0 };
    for (const task of service.tasks) {
      live[task.status]++;
      if (task.status === 'STOPPED') problems.push(`${task.id} is STOPPED but still listed by service ${service.name}`);
      // Fargate tasks run in their own microVM: never on a host.
      const onHost = holdsResources(task) && service.launchType !== 'FARGATE';
      if (onHost !== (task.host !== null)) problems.push(`${task.id} in status ${task.status} has host ${task.host?.id ?? 'none'}`);
      if (task.host !== null && !task.host.tasks.has(task)) problems.push(`${task.id} claims ${task.host.id}, which does not list it`);
    }
    let serving = 0;
    for (const task of service.tasks) if (task.serving) serving++;
    if (serving !== service.serving) problems.push(`service ${service.name} counts ${service.serving} serving tasks but has ${serving}`);
    const ledger = service.slowStart;
    if (ledger !== null && ledger.ramping.size + ledger.fullShareTargets !== service.serving) {
      problems.push(`service ${service.name}'s slow start counts ${ledger.ramping.size + ledger.fullShareTargets} targets in service but it has ${service.serving}`);
    }
    for (const status of TASK_STATUSES) {
      if (status !== 'STOPPED' && live[status] !== service.counts[status]) {
        problems.push(`service ${service.name} counts ${service.counts[status]} ${status} tasks but has ${live[status]}`);
      }
    }
  }
  if (state.volumes !== undefined) checkVolumes(state.volumes, state.hosts, problems);
  return problems;
}

function checkNetwork(state: ClusterView): string[] {
  const problems: string[] = [];
  const held = new Map<string, number>();
  const podIps = new Set<number>();
  for (const subnet of state.vpc.subnets) {
    const p = subnet.pool.checkInvariant();
    if (p !== null) problems.push(`${subnet.id}: ${p}`);
    if (subnet.pool.reservedCount + subnet.pool.allocatedCount + subnet.pool.freeCount !== subnet.pool.size) {
      problems.push(`${subnet.id}: reserved + allocated + free != ${subnet.pool.size}`);
    }
    held.set(subnet.id, 0);
  }
  for (const host of state.hosts) {
    const net = host.network;
    if (net === null || host.status === 'DEREGISTERED') continue;
    if (net.ipam === null) {
      held.set(net.subnet.id, held.get(net.subnet.id)! + 1);
    } else {
      const p = net.ipam.checkInvariant();
      if (p !== null) problems.push(`${host.id} ipamd: ${p}`);
      for (const eni of net.ipam.enis) {
        held.set(eni.subnet.id, held.get(eni.subnet.id)! + 1 + (eni.slots.length + eni.pendingSlots.length) * net.ipam.addressesPerSlot);
      }
    }
    for (const task of host.tasks) {
      if (task.ip === null) continue;
      if (task.ipSubnet !== null) held.set(task.ipSubnet.id, (held.get(task.ipSubnet.id) ?? 0) + 1);
      if (podIps.has(task.ip)) problems.push(`address ${task.ip} is held by two pods`);
      podIps.add(task.ip);
    }
  }
  for (const service of state.services.values()) {
    if (service.launchType !== 'FARGATE') continue;
    for (const task of service.tasks) if (task.ipSubnet !== null) held.set(task.ipSubnet.id, (held.get(task.ipSubnet.id) ?? 0) + 1);
  }
  for (const subnet of state.vpc.subnets) {
    if (held.get(subnet.id) !== subnet.pool.allocatedCount) {
      problems.push(`${subnet.id}: ${subnet.pool.allocatedCount} addresses allocated but nodes and ENIs hold ${held.get(subnet.id)}`);
    }
  }
  return problems;
}

/**
 * EBS volumes (docs/models.md, "Volumes"): a volume is attached to at most one instance, in its
 * own zone; a pod whose containers exist (PENDING, RUNNING) has every claim bound to a volume
 * attached to its node; the per-node count NodeVolumeLimits reads matches the pods placed there;
 * a Released volume's claim is deleted and bound to it.
 */
function checkVolumes(volumes: VolumeState, hosts: readonly Host[], problems: string[]): void {
  const inUse = new Map<Host, number>();
  for (const [task, claims] of volumes.podClaims) {
    const host = task.host;
    if (host !== null && task.status !== 'STOPPED') inUse.set(host, (inUse.get(host) ?? 0) + claims.length);
    if (task.status !== 'PENDING' && task.status !== 'RUNNING') continue;
    for (const c of claims) {
      const v = c.volume;
      if (v === null || v.attachedTo !== host || !v.attached) problems.push(`${task.id} is ${task.status} on ${host?.id ?? 'no host'} but its claim ${c.name} is not attached there (${v === null ? 'unbound' : `attached to ${v.attachedTo?.id ?? 'nothing'}`})`);
    }
  }
  for (const [host, n] of inUse) if (volumes.volumesInUse(host) !== n) problems.push(`${host.id} counts ${volumes.volumesInUse(host)} volumes in use, its pods mount ${n}`);
  for (const claims of [volumes.claims, volumes.released]) {
    for (const c of claims.values()) {
      const v = c.volume;
      if (v !== null && v.attachedTo !== null && v.attachedTo.az !== v.az) problems.push(`${v.id} in ${v.az} is attached to ${v.attachedTo.id} in ${v.attachedTo.az}`);
    }
  }
  // An ECS task volume holds a slot on its instance from CreateVolume until it has detached.
  const taskVolumes = new Map<Host, number>();
  for (const v of volumes.taskVolumes.values()) if (v.attachedTo !== null) taskVolumes.set(v.attachedTo, (taskVolumes.get(v.attachedTo) ?? 0) + 1);
  for (const { volume } of volumes.detachingTaskVolumes.values()) {
    if (volume.attachedTo === null) problems.push(`${volume.id} is detaching from no instance`);
    else taskVolumes.set(volume.attachedTo, (taskVolumes.get(volume.attachedTo) ?? 0) + 1);
  }
  for (const host of hosts) {
    const n = taskVolumes.get(host) ?? 0;
    if (volumes.ecsTaskVolumesOn(host) !== n) problems.push(`${host.id} counts ${volumes.ecsTaskVolumesOn(host)} ECS task volumes on it, ${n} are attached, attaching or detaching there`);
  }
  // A Released volume belongs to a deleted claim that no pod mounts.
  for (const [id, c] of volumes.released) if (!c.deleted || c.volume?.id !== id) problems.push(`${id} is Released but its claim ${c.name} is not deleted or not bound to it`);
}
