/**
 * The bounds that span sections (docs/limits.md): the hosts a cluster starts with, the tasks or
 * pods the services may ask for together, and timeline.csv's size. Each is reported at the field
 * that goes over, with the limit and how to raise it where that makes sense.
 */
import type { Platform } from '../../model/simulation-spec.js';
import type { Scenario } from '../schema.js';
import { formatCount, MAX_SCENARIO_PODS, MAX_SCENARIO_TASKS } from '../limits.js';
import { timelineColumns, timelineProblem } from '../run-size.js';
import type { Path, Problems } from './problems.js';

/**
 * The instances or nodes the groups start with, together, must fit fleetsim's host limit (the
 * groups may grow past it later: those launches fail as HOST_LIMIT, reported in the summary).
 */
export function checkStartingHosts(scenario: Scenario, platform: Platform, maxHosts: number, problems: Problems): void {
  const eks = platform === 'eks';
  const groups = (eks ? scenario.cluster.nodeGroups : scenario.cluster.autoScalingGroups) ?? [];
  let total = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    total += 'desiredSize' in g ? g.desiredSize : g.desiredCapacity;
    if (total > maxHosts) {
      const sizeKey = eks ? 'desiredSize' : 'desiredCapacity';
      const what = eks ? 'the node groups start with' : 'the Auto Scaling groups start with';
      problems.report(['cluster', eks ? 'nodeGroups' : 'autoScalingGroups', i, sizeKey], `${what} ${formatCount(total)} hosts together, more than fleetsim's limit of ${formatCount(maxHosts)} hosts (docs/limits.md); raise it with --max-hosts if the machine has the memory (about 17 GB per million hosts)`);
      return;
    }
  }
}

/**
 * The most tasks (ECS) or pods (EKS) each service may ask for during the run, from its starting
 * count, its autoscaler's maximum and the scale events naming it, summed over the services: at
 * most MAX_SCENARIO_TASKS (ECS; each service is already held to the ECS quota by the schema) or
 * MAX_SCENARIO_PODS (EKS, the Kubernetes scalability threshold). `coreDnsReplicas`: the CoreDNS
 * Deployment EKS runs (0 without).
 */
export function checkTaskTotals(scenario: Scenario, platform: Platform, coreDnsReplicas: number, problems: Problems): void {
  const eks = platform === 'eks';
  const scaled = new Map<string, number>();
  (scenario.events ?? []).forEach((e) => {
    const target = eks ? e.scale?.workload : e.scale?.service;
    const amount = eks ? e.scale?.replicas : e.scale?.desiredCount;
    if (target !== undefined && amount !== undefined) scaled.set(target, Math.max(scaled.get(target) ?? 0, amount));
  });
  const limit = eks ? MAX_SCENARIO_PODS : MAX_SCENARIO_TASKS;
  const why = eks ? 'the Kubernetes scalability threshold of 150,000 pods a cluster, which fleetsim simulates' : "fleetsim's measured capacity";
  const most: { path: Path; count: number }[] = eks
    ? (scenario.workloads ?? []).map((w, i) => ({ path: ['workloads', i, 'replicas'], count: Math.max(w.replicas ?? 0, w.horizontalPodAutoscaler?.maxReplicas ?? 0, scaled.get(w.name) ?? 0) }))
    : (scenario.services ?? []).map((s, i) => ({ path: ['services', i, 'desiredCount'], count: Math.max(s.desiredCount ?? 0, s.autoScaling?.maxCapacity ?? 0, scaled.get(s.serviceName) ?? 0) }));
  const what = eks ? 'pods' : 'tasks';
  let total = coreDnsReplicas;
  for (const { path, count } of most) {
    if (count > limit) {
      problems.report(path, `up to ${formatCount(count)} ${what} (with its autoscaler's maximum and scale events), more than ${formatCount(limit)}: ${why} (docs/limits.md)`);
      return;
    }
    total += count;
    if (total > limit) {
      problems.report([eks ? 'workloads' : 'services'], `the ${eks ? 'workloads' : 'services'} ask for up to ${formatCount(total)} ${what} together (starting counts, autoscalers' maximums, scale events), more than ${formatCount(limit)}: ${why} (docs/limits.md)`);
      return;
    }
  }
}

/** timeline.csv's rows and cells for the scenario's own duration and sampling interval. */
export function checkTimeline(scenario: Scenario, durationMs: number, sampleIntervalMs: number, services: number, subnets: number, problems: Problems): void {
  if (durationMs <= 0 || sampleIntervalMs < 1) return;
  const problem = timelineProblem(durationMs, sampleIntervalMs, timelineColumns(services, subnets));
  if (problem !== undefined) problems.report([scenario.sampleInterval === undefined ? 'duration' : 'sampleInterval'], problem);
}
