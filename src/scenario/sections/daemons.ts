/**
 * User daemons: Kubernetes DaemonSets (`workloads` of kind DaemonSet) and ECS services with
 * `schedulingStrategy: DAEMON`. Each compiles like any workload or service (so its containers,
 * requests and task size are checked the same way) and then becomes a DaemonSpec: what one pod or
 * task takes on every node it selects (src/model/daemon-set.ts). This module checks the fields a
 * daemon cannot have, with the AWS and Kubernetes wording where they have one.
 */
import type { DaemonSpec } from '../../model/daemon-set.js';
import { hasDevices } from '../../model/devices.js';
import type { NodeSelectorTerm } from '../../model/pod-scheduling-spec.js';
import type { ServiceSpec } from '../../model/simulation-spec.js';
import { PER_NODE_LABELS } from '../../policy/kube/daemon-set-nodes.js';
import type { Static } from '../schema/fields.js';
import type { Service } from '../schema/services.js';
import type { Workload } from '../schema/workloads.js';
import type { Path, Problems } from './problems.js';

type RawWorkload = Static<typeof Workload>;
type RawService = Static<typeof Service>;

/** Workload fields a DaemonSet has no use for in fleetsim, and why (StatefulSet fields: src/scenario/sections/storage.ts). */
const NOT_FOR_DAEMONSETS: readonly [keyof RawWorkload, string][] = [
  ['replicas', 'a DaemonSet has no replicas: it runs one pod on every node it selects'],
  ['horizontalPodAutoscaler', 'a DaemonSet cannot be scaled by a HorizontalPodAutoscaler (it has no replicas)'],
  ['strategy', 'a DaemonSet has an updateStrategy, not a Deployment strategy; fleetsim does not roll DaemonSets'],
  ['minReadySeconds', 'fleetsim does not roll DaemonSets: deploy events cannot target one'],
  ['progressDeadlineSeconds', 'progressDeadlineSeconds belongs to a Deployment'],
  ['podDisruptionBudget', 'fleetsim keeps DaemonSet pods on their node until it goes away (drains do not evict them, as kubectl drain --ignore-daemonsets does), so a budget has nothing to guard'],
  ['loadBalancer', 'fleetsim models DaemonSet pods as node capacity only: they receive no traffic'],
  ['load', 'fleetsim models DaemonSet pods as node capacity only: they receive no traffic'],
  ['topologySpreadConstraints', 'a DaemonSet pod is bound to its node: spreading does not apply'],
];

/** Only a DaemonSet takes hostNetwork, and none of the fields above (the schema requires replicas of the other kinds). */
export function checkWorkloadKindFields(w: RawWorkload, i: number, problems: Problems): void {
  const path: Path = ['workloads', i];
  if (w.kind !== 'DaemonSet') {
    if (w.hostNetwork !== undefined) problems.report([...path, 'hostNetwork'], 'fleetsim models hostNetwork for DaemonSet pods only');
    return;
  }
  for (const [field, why] of NOT_FOR_DAEMONSETS) if (w[field] !== undefined) problems.report([...path, field], why);
  const affinity = w.affinity;
  if (affinity?.podAffinity !== undefined) problems.report([...path, 'affinity', 'podAffinity'], 'a DaemonSet pod is bound to its node: pod affinity does not apply');
  if (affinity?.podAntiAffinity !== undefined) problems.report([...path, 'affinity', 'podAntiAffinity'], 'a DaemonSet pod is bound to its node: pod anti-affinity does not apply');
  for (const key of Object.keys(w.nodeSelector ?? {})) perNodeLabel(key, [...path, 'nodeSelector', key], problems);
  const terms: readonly NodeSelectorTerm[] = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  terms.forEach((term, t) =>
    (term.matchExpressions ?? []).forEach((e, k) =>
      perNodeLabel(e.key, [...path, 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', t, 'matchExpressions', k, 'key'], problems),
    ),
  );
}

function perNodeLabel(key: string, path: Path, problems: Problems): void {
  if (PER_NODE_LABELS.includes(key)) problems.report(path, `fleetsim matches DaemonSets to node groups and NodePools, whose nodes differ in ${key}: select on a label every node of a group shares (the group's labels, instance type, architecture)`);
}

/**
 * A compiled DaemonSet workload as a daemon. Its namespace must not be one a Fargate profile
 * selects: "DaemonSets aren't supported on Fargate" (Amazon EKS User Guide, "Fargate
 * considerations"); nor may it ask for GPUs or Neuron devices, which fleetsim's daemon model
 * does not take from nodes.
 */
export function daemonSetDaemon(w: RawWorkload, i: number, spec: ServiceSpec, problems: Problems): DaemonSpec {
  const path: Path = ['workloads', i];
  if (spec.launchType === 'FARGATE') problems.report([...path, 'namespace'], "DaemonSets aren't supported on Fargate (Amazon EKS, \"Fargate considerations\"), and a Fargate profile selects this namespace");
  const devices = spec.taskDefinition.devices;
  if (devices !== undefined && hasDevices({ ...devices, podEni: 0 })) problems.report([...path, 'containers'], 'fleetsim does not model GPUs or Neuron devices for DaemonSet pods');
  return { name: spec.name, cpu: spec.taskDefinition.cpu, memoryMiB: spec.taskDefinition.memoryMiB, ownAddress: w.hostNetwork !== true, podScheduling: spec.podScheduling };
}

/**
 * A compiled DAEMON service as a daemon, checked against what ECS refuses: "Fargate tasks don't
 * support the DAEMON scheduling strategy", and "there is no need to specify a desired number of
 * tasks, a task placement strategy, or use Service Auto Scaling policies" (Amazon ECS developer
 * guide, "Amazon ECS service deployment controllers and strategies"); a capacity provider
 * strategy, the service's or the cluster's default, is refused by CreateService ("Specifying a
 * capacity provider strategy is not supported when you create a service using the DAEMON
 * scheduling strategy": set launchType EC2).
 */
export function ecsServiceDaemon(s: RawService, i: number, spec: ServiceSpec, problems: Problems): DaemonSpec {
  const path: Path = ['services', i];
  const report = (field: string, message: string): void => problems.report([...path, field], message);
  if (spec.launchType === 'FARGATE') report(s.launchType === undefined ? 'capacityProviderStrategy' : 'launchType', "Fargate tasks don't support the DAEMON scheduling strategy");
  else if (s.capacityProviderStrategy !== undefined) report('capacityProviderStrategy', 'Specifying a capacity provider strategy is not supported when you create a service using the DAEMON scheduling strategy');
  else if (spec.capacityProviderStrategy.length > 0) {
    report('schedulingStrategy', "the cluster's default capacity provider strategy applies to a service without launchType, and ECS refuses a capacity provider strategy with DAEMON: set launchType EC2");
  }
  if (s.desiredCount !== undefined) report('desiredCount', 'a DAEMON service runs one task on every container instance: it takes no desiredCount');
  if (s.placementStrategy !== undefined) report('placementStrategy', 'a DAEMON service takes no placement strategy');
  if (s.autoScaling !== undefined) report('autoScaling', 'a DAEMON service cannot use Service Auto Scaling');
  (s.placementConstraints ?? []).forEach((c, k) => {
    if (c.type === 'memberOf') problems.report([...path, 'placementConstraints', k], 'fleetsim runs DAEMON services on every container instance: memberOf constraints are not modelled for them');
  });
  if (s.loadBalancer !== undefined) report('loadBalancer', 'fleetsim models DAEMON tasks as instance capacity only: they receive no traffic');
  if (s.load !== undefined) report('load', 'fleetsim models DAEMON tasks as instance capacity only: they receive no traffic');
  if (s.volumeConfigurations !== undefined) report('volumeConfigurations', 'fleetsim does not model EBS volumes for DAEMON tasks');
  const td = spec.taskDefinition;
  if (td.devices !== undefined && hasDevices(td.devices)) report('taskDefinition', 'fleetsim does not model GPUs for DAEMON tasks');
  return { name: spec.name, cpu: td.cpu, memoryMiB: td.memoryMiB, ownAddress: td.networkMode === 'awsvpc', podScheduling: null };
}
