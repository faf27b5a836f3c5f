import type { AllocatedDevices } from '../../model/devices.js';
import type { Host } from '../../model/host.js';
import { scoringCpu, scoringMemoryMiB } from '../../model/pod-requests.js';
import type { Task } from '../../model/task.js';

/**
 * A node as it would be with some pods gone and others added: what preemption's dry run and
 * the nominated pods' reservation show the filter plugins (kube-scheduler runs its filters on
 * a copy of the NodeInfo with pods removed or added). It reads like the host for everything
 * else (labels, taints, status, its index): it inherits them.
 *
 * Read-only, and never to be acted on: decisions name the real host. Plugins that count pods
 * through the cluster index (PodTopologySpread, InterPodAffinity) still see the real node's
 * pods there; fleetsim's preemption resolves what resources and per-node filters block.
 */
export function whatIfNode(host: Host, removed: readonly Task[], added: readonly Task[] = []): Host {
  const tasks = new Set(host.tasks);
  let cpu = host.allocatedCpu;
  let memory = host.allocatedMemoryMiB;
  let scoredCpu = host.nonZeroRequestedCpu;
  let scoredMemory = host.nonZeroRequestedMemoryMiB;
  const devices: AllocatedDevices = { ...host.allocatedDevices };
  const move = (t: Task, sign: 1 | -1): void => {
    const d = t.taskDefinition.devices;
    if (d === undefined) return;
    devices.nvidiaGpu += sign * d.nvidiaGpu;
    devices.neuron += sign * d.neuron;
    devices.neuronCore += sign * d.neuronCore;
    devices.podEni += sign * d.podEni;
  };
  for (const t of removed) {
    if (!tasks.delete(t)) continue;
    move(t, -1);
    cpu -= t.cpu;
    memory -= t.memoryMiB;
    scoredCpu -= scoringCpu(t.taskDefinition);
    scoredMemory -= scoringMemoryMiB(t.taskDefinition);
  }
  for (const t of added) {
    if (tasks.has(t)) continue;
    tasks.add(t);
    move(t, 1);
    cpu += t.cpu;
    memory += t.memoryMiB;
    scoredCpu += scoringCpu(t.taskDefinition);
    scoredMemory += scoringMemoryMiB(t.taskDefinition);
  }
  return Object.create(host, {
    tasks: { value: tasks },
    allocatedCpu: { value: cpu },
    allocatedMemoryMiB: { value: memory },
    nonZeroRequestedCpu: { value: scoredCpu },
    nonZeroRequestedMemoryMiB: { value: scoredMemory },
    allocatedDevices: { value: devices },
  }) as Host;
}
