/** Cluster Autoscaler on EKS: its flags, by the camelCase of their names, with upstream defaults. */
import { CLUSTER_AUTOSCALER_DEFAULTS as D, EXPANDER_NAMES } from '../../model/params/cluster-autoscaler.js';
import { Closed, Count, Duration, Optional, StringEnum, Strings, Type } from './fields.js';

const seconds = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`);
const Expander = StringEnum(EXPANDER_NAMES as unknown as string[], { description: 'An expander.' });

export const ClusterAutoscaler = Closed(
  {
    scanInterval: Optional(Duration({ description: '--scan-interval: how often CA looks for unschedulable pods and unneeded nodes.', default: seconds(D.scanIntervalMs) })),
    expander: Optional(
      Type.Union([Expander, Type.Array(Expander, { minItems: 1, uniqueItems: true })], {
        description: '--expander: random, most-pods, least-waste, price or priority; a list chains them (each narrows the options, the last tie is drawn at random).',
        default: D.expanders.join(','),
      }),
    ),
    priorities: Optional(
      Type.Array(Closed({ priority: Type.Integer({ description: 'Higher wins.' }), nodeGroups: Strings({ minItems: 1, description: 'Regular expressions matched against node group names.' }) }), {
        description: "The priority expander's ConfigMap (cluster-autoscaler-priority-expander): priority -> node group name patterns.",
      }),
    ),
    balanceSimilarNodeGroups: Optional(Type.Boolean({ description: '--balance-similar-node-groups: spread scale-ups over similar node groups (same type and labels, other AZs).', default: D.balanceSimilarNodeGroups })),
    maxNodeProvisionTime: Optional(Duration({ description: '--max-node-provision-time: a requested node not registered by then is removed and its group backed off.', default: seconds(D.maxNodeProvisionTimeMs) })),
    scaleDownEnabled: Optional(Type.Boolean({ description: '--scale-down-enabled.', default: D.scaleDownEnabled })),
    scaleDownUtilizationThreshold: Optional(
      Type.Number({ minimum: 0, maximum: 1, description: '--scale-down-utilization-threshold: a node whose CPU and memory requests are both below this share of allocatable may be removed.', default: D.scaleDownUtilizationThreshold }),
    ),
    scaleDownUnneededTime: Optional(Duration({ description: '--scale-down-unneeded-time: how long a node must be unneeded before removal.', default: seconds(D.scaleDownUnneededTimeMs) })),
    scaleDownDelayAfterAdd: Optional(Duration({ description: '--scale-down-delay-after-add: no scale-down this long after a scale-up.', default: seconds(D.scaleDownDelayAfterAddMs) })),
    scaleDownDelayAfterDelete: Optional(Duration({ description: '--scale-down-delay-after-delete (default: scanInterval).' })),
    scaleDownDelayAfterFailure: Optional(Duration({ description: '--scale-down-delay-after-failure.', default: seconds(D.scaleDownDelayAfterFailureMs) })),
    maxEmptyBulkDelete: Optional(Count({ minimum: 1, description: '--max-empty-bulk-delete: empty nodes removed at once.', default: D.maxEmptyBulkDelete })),
    scaleDownNonEmptyCandidatesCount: Optional(Count({ minimum: 1, description: '--scale-down-non-empty-candidates-count: non-empty nodes simulated per scan.', default: D.scaleDownNonEmptyCandidatesCount })),
    skipNodesWithSystemPods: Optional(Type.Boolean({ description: '--skip-nodes-with-system-pods: kube-system pods without a PodDisruptionBudget keep their node.', default: D.skipNodesWithSystemPods })),
    skipNodesWithLocalStorage: Optional(Type.Boolean({ description: '--skip-nodes-with-local-storage (fleetsim pods declare no volumes: no effect yet).', default: D.skipNodesWithLocalStorage })),
    expendablePodsPriorityCutoff: Optional(Type.Integer({ description: '--expendable-pods-priority-cutoff: pods below this priority trigger no scale-up and block no scale-down.', default: D.expendablePodsPriorityCutoff })),
    nodeGroups: Optional(Strings({ minItems: 1, description: 'The node groups CA manages (--nodes / auto-discovery); default: every node group.' })),
  },
  { description: "Cluster Autoscaler (EKS): grows node groups for unschedulable pods and removes unneeded nodes. Each node group's minSize and maxSize bound it." },
);
