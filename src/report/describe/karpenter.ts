import type { DisruptionAction, KarpenterEvent } from '../../model/events/karpenter.js';
import { describeKarpenterDisruption, describeLaunchFailure } from './host.js';
import { assertNever, type Wording } from './wording.js';

export const KARPENTER_WORDING: Wording<KarpenterEvent> = {
  'karpenter.nodeclaim-launched': {
    entity: (e) => e.host,
    text: (e) =>
      `NodePool ${e.nodePool}: ${e.instanceType} ${e.capacityType} in ${e.az} at $${e.pricePerHour.toFixed(4)}/h for ${e.pods} pod(s); ${e.instanceTypeOptions} instance type option(s)`,
  },
  'karpenter.nodeclaim-registered': { entity: (e) => e.host, text: (e) => `NodePool ${e.nodePool}: NodeClaim Registered (the Node object exists)` },
  'karpenter.nodeclaim-initialized': { entity: (e) => e.host, text: (e) => `NodePool ${e.nodePool}: NodeClaim Initialized (the node is Ready)` },
  'karpenter.launch-failed': { entity: (e) => e.nodePool, text: (e) => `${e.instanceType} in ${e.az}: ${e.reason.code === 'NO_FREE_ADDRESS' ? 'InsufficientFreeAddressesInSubnet' : describeLaunchFailure(e.reason, e.instanceType)}` },
  'karpenter.disruption': { entity: (e) => e.host, text: (e) => describeDisruption(e.host, e.action) },
};

function describeDisruption(host: string, a: DisruptionAction): string {
  switch (a.code) {
    case 'SPOT_INTERRUPTION_WARNING':
      return `Spot interruption warning for ${host}: cordon and drain; EC2 reclaims it in 2 minutes`;
    case 'DISRUPTING':
      return `disrupting ${host} (${a.instanceType} ${a.capacityType}): ${describeKarpenterDisruption(a.reason)}`;
    case 'REPLACING':
      return `consolidation (${a.reason}, ${a.method}): replacing ${a.replaced.map((r) => `${r.host} (${r.instanceType})`).join(', ')} with ${a.replacementType}; saves $${a.savingsPerHour.toFixed(4)}/h`;
    default:
      return assertNever(a);
  }
}
