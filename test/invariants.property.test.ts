import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterView } from '../src/model/cluster-state.js';
import type { Host } from '../src/model/host.js';
import { kubeRollingBounds, rollingBounds, type Service } from '../src/model/service.js';
import type { SimulationSpec } from '../src/model/simulation-spec.js';
import type { Task } from '../src/model/task.js';
import { loadScenario } from '../src/scenario/load-scenario.js';
import { formatDiagnostic } from '../src/scenario/diagnostics.js';
import { runChecked } from './support/scenario-runner.js';
import { randomScenario, SETTLE_S, type RandomScenario } from './support/scenario-arbitrary.js';

/**
 * Random scenarios of both platforms (test/support/scenario-arbitrary.ts: ECS on EC2 and
 * Fargate, EKS node groups, the VPC CNI and Karpenter; scaling, deployments and faults) run with
 * the cluster invariants checked after every event (model/invariants.ts, and in this stepping
 * mode the kube-scheduler's score range check), then the liveness property below at the end.
 *
 * fast-check draws a new seed each run; a failure prints it with the shrunk scenario's YAML and
 * the counter-examples. Replay or hunt longer with PROPERTY_SEED=<seed> PROPERTY_RUNS=<n>
 * (e.g. `PROPERTY_SEED=7 PROPERTY_RUNS=1000 npx vitest run test/invariants.property.test.ts`).
 */

/**
 * Could `task` be placed on `host` as the cluster stands? Resources alone decide for the
 * scenarios `randomScenario` draws (no placement constraints, affinities, taints of their own or
 * fixed host ports; tasks without a runtimePlatform on x86 hosts): the host takes new work
 * (ACTIVE, no NoSchedule or NoExecute taint), has the CPU and memory left, a pod slot (max pods,
 * DaemonSets already deducted) and, for an ECS awsvpc task, a free task ENI. Deliberately written
 * apart from the schedulers' own filters, so a scheduler that wrongly refuses a host is caught.
 */
function placeableOn(task: Task, host: Host): boolean {
  if (host.status !== 'ACTIVE') return false;
  if (host.taints.some((t) => t.effect !== 'PreferNoSchedule')) return false;
  if (host.cpu - host.allocatedCpu < task.cpu || host.memoryMiB - host.allocatedMemoryMiB < task.memoryMiB) return false;
  if (host.tasks.size + 1 > host.maxTasks) return false;
  // ECS awsvpc tasks take a task ENI; pods get their addresses from the node's ipamd instead.
  if (task.service.kind === 'ecs-service' && task.taskDefinition.networkMode === 'awsvpc' && host.taskEnisInUse >= host.taskEniLimit) return false;
  return true;
}

/**
 * The liveness property, stated for a cluster that has had `SETTLE_S` since its last disturbance
 * (scale, deploy, fault) with no new one: nothing placeable stays unplaced. Precisely, every
 * task its service still wants is placed, unless no host could take it now:
 * - a Fargate task is never left UNPLACED (AWS finds capacity for every Fargate task);
 * - an UNPLACED EC2 task or pod fits on no host (`placeableOn`);
 * - with a Karpenter NodePool without limits no pod is left UNPLACED: Karpenter can always
 *   launch a node for it (every pod `randomScenario` draws fits the 2xlarge of each family);
 * - count conservation: a service with no rollout in progress has exactly `desiredCount` live
 *   (not STOPPING) tasks, placed or not; one with nothing unplaced has finished its rollout, all
 *   its tasks of the current revision; a rollout that cannot place its new tasks stalls (as ECS
 *   and Kubernetes do) with at least `desiredCount` and at most its rolling update's ceiling;
 * - every task placed `STARTED_WITHIN_S` before the end or earlier has started: nothing waits
 *   in PROVISIONING or PENDING that long.
 * Returns one line per counter-example.
 */
function livenessViolations(state: ClusterView, spec: SimulationSpec, endMs: number): string[] {
  const karpenterUnlimited = spec.cluster.karpenter !== null && spec.cluster.karpenter.nodePools.some((p) => p.limits?.cpu === undefined && p.limits?.memoryMiB === undefined);
  const problems: string[] = [];
  const free = (h: Host): string => `${h.id} ${h.instanceType.name} ${h.status}: ${h.cpu - h.allocatedCpu} cpu, ${h.memoryMiB - h.allocatedMemoryMiB} MiB free, ${h.tasks.size}/${h.maxTasks} tasks`;
  for (const service of state.services.values()) {
    const c = service.counts;
    const live = c.RUNNING + c.UNPLACED + c.PENDING + c.PROVISIONING;
    const desired = service.desiredCount;
    const rollout = service.deployment.rolloutState;
    const stale = [...service.tasks].filter((t) => t.status !== 'STOPPING' && t.taskDefinition !== service.taskDefinition).length;
    if (rollout === 'COMPLETED' || c.UNPLACED === 0) {
      if (live !== desired) problems.push(`service ${service.name} (rollout ${rollout}) has ${live} live tasks for ${desired} desired (${JSON.stringify(c)})`);
      if (rollout !== 'COMPLETED' || stale > 0) problems.push(`service ${service.name} has nothing unplaced but its rollout is ${rollout} with ${stale} tasks of an old revision`);
    } else {
      const ceiling = Math.max(desired, rollingCeiling(service, desired));
      if (live < desired || live > ceiling) problems.push(`service ${service.name} (rollout ${rollout}, stalled for capacity) has ${live} live tasks, outside [${desired}, ${ceiling}] (${JSON.stringify(c)})`);
    }
    for (const task of service.tasks) {
      if (task.status === 'UNPLACED') {
        if (service.launchType === 'FARGATE') {
          problems.push(`${task.id} of Fargate service ${service.name} is still UNPLACED`);
          continue;
        }
        const host = state.hosts.find((h) => placeableOn(task, h));
        if (host !== undefined) problems.push(`${task.id} of ${service.name} (${task.cpu} cpu, ${task.memoryMiB} MiB) is UNPLACED but fits on ${free(host)}`);
        else if (karpenterUnlimited) problems.push(`${task.id} of ${service.name} (${task.cpu} cpu, ${task.memoryMiB} MiB) is UNPLACED though Karpenter has a NodePool without limits`);
      } else if ((task.status === 'PROVISIONING' || task.status === 'PENDING') && task.placedAt !== null && task.placedAt <= endMs - STARTED_WITHIN_S * 1000) {
        problems.push(`${task.id} of ${service.name} was placed at ${task.placedAt} ms and is still ${task.status} at ${endMs} ms`);
      }
    }
  }
  return problems;
}

/**
 * The longest a placed task may take to start (pulls, ENIs, a kubelet back-off after a kill of
 * at most 5 min): well under the settle time.
 */
const STARTED_WITHIN_S = 10 * 60;

/** The most tasks a rolling update may keep: ECS maximumPercent, Kubernetes replicas + maxSurge. */
function rollingCeiling(service: Service, desired: number): number {
  return service.kind === 'deployment' ? desired + kubeRollingBounds(desired, service.rollingUpdate).maxSurge : rollingBounds(desired, service.deploymentConfiguration).ceiling;
}

function run(s: RandomScenario): { violations: string[]; liveness: string[] } {
  const loaded = loadScenario('property.yaml', s.yaml);
  if (!loaded.ok) throw new Error(`the generator wrote a scenario that does not load:\n${loaded.diagnostics.map(formatDiagnostic).join('\n')}\n${s.yaml}`);
  const checked = runChecked(loaded.spec, { everyEvent: true });
  return { violations: checked.violations, liveness: livenessViolations(checked.result.state, loaded.spec, s.durationS * 1000) };
}

/** What a scenario exercises, for the generator's coverage check. */
function featuresOf(spec: SimulationSpec): string[] {
  const out: string[] = [spec.cluster.platform];
  for (const s of spec.services) {
    const td = s.taskDefinition;
    if (s.launchType === 'FARGATE') out.push(s.capacityProviderStrategy.some((c) => c.capacityProvider === 'FARGATE_SPOT') ? 'Fargate Spot' : 'Fargate');
    else if (s.kind === 'ecs-service') out.push(td.networkMode === 'awsvpc' ? 'ECS awsvpc' : td.containers.some((c) => c.portMappings.length > 0) ? 'ECS bridge, dynamic host ports' : 'ECS bridge');
    else out.push('Deployment');
  }
  if (spec.cluster.platform === 'ecs' && spec.cluster.awsvpcTrunking) out.push('ENI trunking');
  for (const g of spec.cluster.autoScalingGroups) {
    if (g.mixedInstancesPolicy === undefined || g.mixedInstancesPolicy.onDemandPercentageAboveBaseCapacity === 100) continue;
    out.push(spec.cluster.platform === 'ecs' ? (g.spotInstanceDraining === true ? 'ECS Spot instances, drained' : 'ECS Spot instances') : g.managedNodeGroup === true ? 'Spot managed node group' : 'Spot self-managed node group');
  }
  if (spec.cluster.platform === 'eks') {
    if (spec.cluster.autoScalingGroups.length > 0) out.push('node groups');
    if (spec.cluster.cni.prefixDelegation) out.push('prefix delegation');
  }
  const k = spec.cluster.karpenter;
  if (k !== null) out.push(k.nodePools.some((p) => p.limits?.cpu !== undefined) ? 'Karpenter with limits' : 'Karpenter without limits');
  for (const e of spec.events) {
    out.push(e.kind);
    if (e.rate !== undefined) out.push(`${e.kind} ${'everyMs' in e.rate ? 'periodic' : 'Poisson'}`);
    if (e.kind === 'node-not-ready') out.push(e.durationMs === null ? 'node-not-ready for good' : 'node-not-ready for a while');
  }
  return out;
}

describe('invariants (property)', () => {
  it('draws every platform, workload kind and event the property promises', () => {
    const seen = new Map<string, number>();
    for (const s of fc.sample(randomScenario, { numRuns: 300, seed: 1 })) {
      const loaded = loadScenario('property.yaml', s.yaml);
      if (!loaded.ok) throw new Error(`the generator wrote a scenario that does not load:\n${loaded.diagnostics.map(formatDiagnostic).join('\n')}\n${s.yaml}`);
      for (const f of new Set(featuresOf(loaded.spec))) seen.set(f, (seen.get(f) ?? 0) + 1);
    }
    const promised = [
      ...['ecs', 'eks', 'ECS bridge', 'ECS bridge, dynamic host ports', 'ECS awsvpc', 'ENI trunking', 'Fargate', 'Fargate Spot'],
      ...['Deployment', 'node groups', 'prefix delegation', 'Karpenter without limits', 'Karpenter with limits'],
      ...['ECS Spot instances', 'ECS Spot instances, drained', 'Spot managed node group', 'Spot self-managed node group'],
      ...['scale', 'deploy', 'node-failure', 'task-kill', 'task-kill periodic', 'task-kill Poisson', 'spot-interruption', 'node-spot-interruption'],
      ...['node-not-ready', 'node-not-ready for a while', 'node-not-ready for good'],
    ];
    // Each in at least 2 % of the scenarios, so 120 runs meet it a few times.
    for (const f of promised) expect(seen.get(f) ?? 0, f).toBeGreaterThanOrEqual(6);
  });

  it('hold after every event, and once the cluster settles nothing placeable stays unplaced (ECS, Fargate, EKS, Karpenter)', () => {
    fc.assert(
      fc.property(randomScenario, (s) => {
        const { violations, liveness } = run(s);
        expect(violations, s.yaml).toEqual([]);
        expect(liveness, `${SETTLE_S / 60} min after the last disturbance (t=${s.lastDisturbanceS}s):\n${s.yaml}`).toEqual([]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 120), ...(process.env.PROPERTY_SEED ? { seed: Number(process.env.PROPERTY_SEED) } : {}) },
    );
  });
});
