/**
 * Cluster Autoscaler (kubernetes/autoscaler, cluster-autoscaler) as fleetsim models it: its
 * command-line flags with their upstream defaults, and the few fixed timings of its code. The
 * scenario's `cluster.clusterAutoscaler` section overrides the flags by name (camelCase of the
 * flag); docs/models.md, "Cluster Autoscaler", describes the model.
 *
 * Source of every default, unless a field says otherwise: cluster-autoscaler/FAQ.md, "What are
 * the parameters to CA?" (kubernetes/autoscaler, read Dec 2026), and its sections "How does
 * scale-up work?", "How does scale-down work?", "Does CA work with PodDisruptionBudget in
 * scale-down?" and "What are Expanders?".
 */

/** The expanders (`--expander`): how CA picks the node group to grow among those that would help. */
export type ExpanderName = 'random' | 'most-pods' | 'least-waste' | 'price' | 'priority';

export const EXPANDER_NAMES: readonly ExpanderName[] = ['random', 'most-pods', 'least-waste', 'price', 'priority'];

export interface ClusterAutoscalerParams {
  /** `--scan-interval`: how often the cluster is re-evaluated for scale-up or down (10 s). */
  readonly scanIntervalMs: number;
  /**
   * `--expander`: the expanders in order (a comma list since CA 1.23: each narrows the options to
   * its best, the last tie is broken at random). Default `random`.
   */
  readonly expanders: readonly ExpanderName[];
  /** `--balance-similar-node-groups` (false): spread a scale-up over similar node groups (same type and labels, other AZs). */
  readonly balanceSimilarNodeGroups: boolean;
  /** `--max-node-provision-time` (15 min): a requested node not registered by then is given up and removed. */
  readonly maxNodeProvisionTimeMs: number;
  /** `--scale-down-enabled` (true). */
  readonly scaleDownEnabled: boolean;
  /**
   * `--scale-down-utilization-threshold` (0.5): a node is a scale-down candidate when the larger of
   * its CPU and memory requests over allocatable is below this.
   */
  readonly scaleDownUtilizationThreshold: number;
  /** `--scale-down-unneeded-time` (10 min): how long a node must be unneeded before it is removed. */
  readonly scaleDownUnneededTimeMs: number;
  /** `--scale-down-delay-after-add` (10 min): no scale-down this long after a scale-up. */
  readonly scaleDownDelayAfterAddMs: number;
  /** `--scale-down-delay-after-delete` (default: the scan interval): no scale-down this long after a node was removed. */
  readonly scaleDownDelayAfterDeleteMs: number;
  /** `--scale-down-delay-after-failure` (3 min): no scale-down this long after a failed one. */
  readonly scaleDownDelayAfterFailureMs: number;
  /** `--max-empty-bulk-delete` (10): empty nodes removed at once; non-empty ones go one at a time. */
  readonly maxEmptyBulkDelete: number;
  /**
   * `--scale-down-non-empty-candidates-count` (30): non-empty nodes whose pods one scan tries to
   * move elsewhere in its simulation (bounds the work of a scan on a large cluster).
   */
  readonly scaleDownNonEmptyCandidatesCount: number;
  /** `--skip-nodes-with-system-pods` (true): a kube-system pod without a PodDisruptionBudget blocks its node's removal. */
  readonly skipNodesWithSystemPods: boolean;
  /**
   * `--skip-nodes-with-local-storage` (true): a pod with a local volume (emptyDir not in memory,
   * hostPath) blocks its node's removal. fleetsim's pods declare no volumes, so no pod has one;
   * the flag is accepted for fidelity and changes nothing yet.
   */
  readonly skipNodesWithLocalStorage: boolean;
  /**
   * `--expendable-pods-priority-cutoff` (-10): pods of a lower priority trigger no scale-up and
   * block no scale-down.
   */
  readonly expendablePodsPriorityCutoff: number;
  /**
   * `--initial-node-group-backoff-duration` (5 min): a node group whose scale-up failed (its nodes
   * did not register within max-node-provision-time) is left out of scale-ups this long.
   */
  readonly nodeGroupBackoffMs: number;
  /**
   * The drain's eviction retries last at most this long before CA gives the node up
   * (FAQ, "Does CA work with PodDisruptionBudget in scale-down?": "retrying, if needed, for up
   * to 2 min"; `MaxPodEvictionTime` in core/scaledown/actuation). fleetsim reports the failure
   * (`cluster-autoscaler.scale-down-failed`) and starts scale-down-delay-after-failure; the node
   * stays cordoned, its drain retried (see docs/models.md).
   */
  readonly maxPodEvictionTimeMs: number;
  /**
   * The priority expander's configuration (the `cluster-autoscaler-priority-expander` ConfigMap):
   * priority -> regular expressions matched against node group names; higher wins.
   */
  readonly priorities: readonly { readonly priority: number; readonly patterns: readonly string[] }[];
  /** The node groups CA manages (its `--nodes` or auto-discovery); null: every node group. */
  readonly nodeGroups: readonly string[] | null;
}

/** Upstream defaults (see the module comment for the source). */
export const CLUSTER_AUTOSCALER_DEFAULTS: ClusterAutoscalerParams = {
  scanIntervalMs: 10_000,
  expanders: ['random'],
  balanceSimilarNodeGroups: false,
  maxNodeProvisionTimeMs: 15 * 60_000,
  scaleDownEnabled: true,
  scaleDownUtilizationThreshold: 0.5,
  scaleDownUnneededTimeMs: 10 * 60_000,
  scaleDownDelayAfterAddMs: 10 * 60_000,
  scaleDownDelayAfterDeleteMs: 10_000,
  scaleDownDelayAfterFailureMs: 3 * 60_000,
  maxEmptyBulkDelete: 10,
  scaleDownNonEmptyCandidatesCount: 30,
  skipNodesWithSystemPods: true,
  skipNodesWithLocalStorage: true,
  expendablePodsPriorityCutoff: -10,
  nodeGroupBackoffMs: 5 * 60_000,
  maxPodEvictionTimeMs: 2 * 60_000,
  priorities: [],
  nodeGroups: null,
};

/** The pod annotation that keeps CA from evicting a pod (`"false"`) or lets it (`"true"`): FAQ, "What types of pods can prevent CA from removing a node?". */
export const SAFE_TO_EVICT_ANNOTATION = 'cluster-autoscaler.kubernetes.io/safe-to-evict';

/**
 * Node labels CA's AWS provider ignores when it compares node groups for balance-similar-node-groups,
 * besides the zone and hostname (cloudprovider/aws: `nodegroupset.CreateAwsNodeInfoComparator`'s
 * ignored labels include `eks.amazonaws.com/nodegroup`, `alpha.eksctl.io/nodegroup-name`, `lifecycle`).
 */
export const BALANCING_IGNORED_LABELS: readonly string[] = [
  'topology.kubernetes.io/zone',
  'kubernetes.io/hostname',
  'eks.amazonaws.com/nodegroup',
  'alpha.eksctl.io/nodegroup-name',
  'alpha.eksctl.io/instance-id',
  'k8s.amazonaws.com/eniConfig',
  'lifecycle',
];
