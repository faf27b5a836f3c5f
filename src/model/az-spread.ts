import type { ClusterView } from './cluster-state.js';
import type { Service } from './service.js';
import { taskAz } from './task.js';

/** The AZs a task could run in: those with an ACTIVE host or a subnet, sorted. One pass over the hosts. */
export function candidateAzs(view: ClusterView): string[] {
  const azs = new Set<string>();
  for (const h of view.hosts) if (h.status === 'ACTIVE') azs.add(h.az);
  for (const s of view.vpc.subnets) azs.add(s.az);
  return [...azs].sort();
}

/** RUNNING tasks of the service per AZ, over `azs` (from candidateAzs) and any AZ a task runs in. */
export function runningPerAz(service: Service, azs: readonly string[]): Map<string, number> {
  const perAz = new Map<string, number>(azs.map((az) => [az, 0]));
  for (const t of service.tasks) {
    if (t.status !== 'RUNNING') continue;
    const az = taskAz(t);
    if (az !== undefined) perAz.set(az, (perAz.get(az) ?? 0) + 1);
  }
  return perAz;
}
