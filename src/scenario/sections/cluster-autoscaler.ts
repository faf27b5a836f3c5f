/** cluster.clusterAutoscaler: CA's flags with upstream defaults, and the node groups it names. */
import { CLUSTER_AUTOSCALER_DEFAULTS, type ClusterAutoscalerParams, type ExpanderName } from '../../model/params/cluster-autoscaler.js';
import type { Static } from '../schema/fields.js';
import type { ClusterAutoscaler } from '../schema/cluster-autoscaler.js';
import { parseDuration } from '../units.js';
import { nearest, type Path, type Problems } from './problems.js';

export function compileClusterAutoscaler(raw: Static<typeof ClusterAutoscaler> | undefined, groupNames: readonly string[], problems: Problems): ClusterAutoscalerParams | undefined {
  if (raw === undefined) return undefined;
  const base: Path = ['cluster', 'clusterAutoscaler'];
  const D = CLUSTER_AUTOSCALER_DEFAULTS;
  const ms = (value: string | number | undefined, key: string, fallback: number): number => {
    if (value === undefined) return fallback;
    const parsed = parseDuration(value);
    if (parsed.ok) return parsed.value;
    problems.report([...base, key], parsed.message);
    return fallback;
  };
  const scanIntervalMs = ms(raw.scanInterval, 'scanInterval', D.scanIntervalMs);
  if (scanIntervalMs === 0) problems.report([...base, 'scanInterval'], 'must be above 0');
  const expanders = (raw.expander === undefined ? D.expanders : typeof raw.expander === 'string' ? [raw.expander] : raw.expander) as readonly ExpanderName[];
  const priorities = (raw.priorities ?? []).map((p, i) => {
    p.nodeGroups.forEach((re, j) => {
      try {
        new RegExp(re);
      } catch (e) {
        problems.report([...base, 'priorities', i, 'nodeGroups', j], `not a regular expression: ${(e as Error).message}`);
      }
    });
    return { priority: p.priority, patterns: p.nodeGroups };
  });
  if (expanders.includes('priority') && priorities.length === 0) problems.report([...base, 'priorities'], 'the priority expander needs priorities (its ConfigMap)');
  (raw.nodeGroups ?? []).forEach((name, i) => {
    if (!groupNames.includes(name)) problems.report([...base, 'nodeGroups', i], `no node group named '${name}'${nearest(name, groupNames)}`);
  });
  return {
    scanIntervalMs,
    expanders,
    balanceSimilarNodeGroups: raw.balanceSimilarNodeGroups ?? D.balanceSimilarNodeGroups,
    maxNodeProvisionTimeMs: ms(raw.maxNodeProvisionTime, 'maxNodeProvisionTime', D.maxNodeProvisionTimeMs),
    scaleDownEnabled: raw.scaleDownEnabled ?? D.scaleDownEnabled,
    scaleDownUtilizationThreshold: raw.scaleDownUtilizationThreshold ?? D.scaleDownUtilizationThreshold,
    scaleDownUnneededTimeMs: ms(raw.scaleDownUnneededTime, 'scaleDownUnneededTime', D.scaleDownUnneededTimeMs),
    scaleDownDelayAfterAddMs: ms(raw.scaleDownDelayAfterAdd, 'scaleDownDelayAfterAdd', D.scaleDownDelayAfterAddMs),
    // Upstream's default is the scan interval, whatever it is set to.
    scaleDownDelayAfterDeleteMs: ms(raw.scaleDownDelayAfterDelete, 'scaleDownDelayAfterDelete', scanIntervalMs),
    scaleDownDelayAfterFailureMs: ms(raw.scaleDownDelayAfterFailure, 'scaleDownDelayAfterFailure', D.scaleDownDelayAfterFailureMs),
    maxEmptyBulkDelete: raw.maxEmptyBulkDelete ?? D.maxEmptyBulkDelete,
    scaleDownNonEmptyCandidatesCount: raw.scaleDownNonEmptyCandidatesCount ?? D.scaleDownNonEmptyCandidatesCount,
    skipNodesWithSystemPods: raw.skipNodesWithSystemPods ?? D.skipNodesWithSystemPods,
    skipNodesWithLocalStorage: raw.skipNodesWithLocalStorage ?? D.skipNodesWithLocalStorage,
    expendablePodsPriorityCutoff: raw.expendablePodsPriorityCutoff ?? D.expendablePodsPriorityCutoff,
    nodeGroupBackoffMs: D.nodeGroupBackoffMs,
    maxPodEvictionTimeMs: D.maxPodEvictionTimeMs,
    priorities,
    nodeGroups: raw.nodeGroups ?? null,
  };
}
