/** Karpenter on EKS: NodePools and the provisioner's batching. */
import { DEFAULT_CONSOLIDATE_AFTER_MS, DEFAULT_CONSOLIDATION_POLICY, DEFAULT_DISRUPTION_BUDGETS, DEFAULT_EXPIRE_AFTER_MS } from '../../model/karpenter-spec.js';
import { Taints } from './capacity.js';
import { Closed, Duration, Optional, Quantity, StringEnum, StringOrNumber, Type } from './fields.js';

/** Karpenter's batching windows and the Spot discount when not given. */
export const KARPENTER_DEFAULTS = { batchIdleDuration: '1s', batchMaxDuration: '10s', spotDiscount: 0.65 } as const;

export const NodePool = Closed(
  {
    name: Type.String({ description: 'NodePool name.' }),
    weight: Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Higher weights are tried first.', default: 0 })),
    requirements: Type.Array(
      Closed({
        key: Type.String({ description: 'A well-known label, e.g. karpenter.sh/capacity-type, karpenter.k8s.aws/instance-family, kubernetes.io/arch.' }),
        operator: StringEnum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'], { description: 'Node selector operator.' }),
        values: Optional(Type.Array(Type.String(), { description: 'Values for In/NotIn (one integer for Gt/Lt).' })),
      }),
      { description: 'Which instances the pool may launch.' },
    ),
    taints: Optional(Taints("Taints on the pool's nodes (template.spec.taints): Karpenter provisions from the pool only for pods that tolerate them.")),
    kubelet: Optional(
      Closed(
        {
          maxPods: Optional(
            Type.Integer({
              minimum: 1,
              description:
                "kubelet maxPods of the pool's nodes. Default: Karpenter's ENI-limited figure, ENIs x (IPv4 per ENI - 1) + 2, whatever the VPC CNI's mode: with prefix delegation set it, or nodes keep the secondary-IP count (a c5.large 29 pods, not 110).",
            }),
          ),
        },
        { description: "The kubelet settings of the pool's EC2NodeClass (spec.kubelet; a v1beta1 NodePool's template.spec.kubelet)." },
      ),
    ),
    limits: Optional(Closed({ cpu: Optional(Quantity('CPU quantity', 'CPU: "100" or 100')), memory: Optional(Quantity('quantity', 'Memory, a Kubernetes quantity: 400Gi')) }, { description: 'The most the pool may launch in total.' })),
    disruption: Optional(
      Closed(
        {
          consolidationPolicy: Optional(
            StringEnum(['WhenEmpty', 'WhenEmptyOrUnderutilized', 'WhenUnderutilized'], {
              description: 'WhenUnderutilized is v1beta1 (the seed), the same as WhenEmptyOrUnderutilized.',
              default: DEFAULT_CONSOLIDATION_POLICY,
            }),
          ),
          consolidateAfter: Optional(StringOrNumber({ title: "duration or 'Never'", description: "How long a node must be empty or underutilized before Karpenter consolidates it; 'Never': it does not.", default: `${DEFAULT_CONSOLIDATE_AFTER_MS / 1000}s` })),
          expireAfter: Optional(StringOrNumber({ title: "duration or 'Never'", description: "Nodes older than this are replaced; 'Never': they are not.", default: `${DEFAULT_EXPIRE_AFTER_MS / 3_600_000}h` })),
          budgets: Optional(
            Type.Array(Closed({ nodes: Type.String({ description: 'How many nodes may be disrupted at once: a count or a percent.' }) }), {
              description: 'Disruption budgets.',
              default: DEFAULT_DISRUPTION_BUDGETS,
            }),
          ),
        },
        { description: 'When Karpenter consolidates or expires nodes.' },
      ),
    ),
  },
  { description: 'A Karpenter NodePool (karpenter.sh/v1 spec, flattened).' },
);

export const Karpenter = Closed(
  {
    nodePools: Type.Array(NodePool, { minItems: 1, description: 'The NodePools.' }),
    batchIdleDuration: Optional(Duration({ description: 'The provisioner launches once no pod arrived for this long...', default: KARPENTER_DEFAULTS.batchIdleDuration })),
    batchMaxDuration: Optional(Duration({ description: '...or this long after the first pending pod.', default: KARPENTER_DEFAULTS.batchMaxDuration })),
    spotDiscount: Optional(Type.Number({ minimum: 0, maximum: 0.95, description: 'Spot price below on-demand, as a fraction.', default: KARPENTER_DEFAULTS.spotDiscount })),
  },
  { description: 'Karpenter (EKS): provisions nodes for pending pods and consolidates them.' },
);
