import type { EventDocs } from './docs.js';

/** Trace events of ipamd on EKS nodes: ENIs, secondary IPs and /28 prefixes from EC2. */

/** EC2's error when a subnet cannot give what ipamd asked for: no address, or (prefixes) no aligned free /28. */
export type SubnetAddressError = 'InsufficientFreeAddressesInSubnet' | 'InsufficientCidrBlocks';

export interface EniAttachFailed {
  readonly type: 'eni.attach-failed';
  readonly time: number;
  readonly host: string;
  readonly subnet: string;
  readonly error: SubnetAddressError;
}

export interface EniAttachStarted {
  readonly type: 'eni.attach-started';
  readonly time: number;
  readonly host: string;
  readonly eni: string;
  readonly subnet: string;
  /** Secondary IPs (or prefixes) the new ENI brings. */
  readonly slots: number;
  readonly prefixMode: boolean;
}

export interface EniAssignFailed {
  readonly type: 'eni.assign-failed';
  readonly time: number;
  readonly host: string;
  readonly eni: string;
  readonly subnet: string;
  readonly error: SubnetAddressError;
}

export interface EniAssignStarted {
  readonly type: 'eni.assign-started';
  readonly time: number;
  readonly host: string;
  readonly eni: string;
  /** Secondary IPs (or prefixes) being assigned. */
  readonly slots: number;
  readonly prefixMode: boolean;
}

export interface EniReady {
  readonly type: 'eni.ready';
  readonly time: number;
  readonly host: string;
  readonly eni: string;
  /** The node's pool after the call: free and total addresses. */
  readonly freeAddresses: number;
  readonly totalAddresses: number;
}

export interface EniDetached {
  readonly type: 'eni.detached';
  readonly time: number;
  readonly host: string;
  readonly eni: string;
  readonly subnet: string;
}

export interface EniReleased {
  readonly type: 'eni.released';
  readonly time: number;
  readonly host: string;
  readonly eni: string;
  readonly subnet: string;
  /** Secondary IPs (or prefixes) given back. */
  readonly slots: number;
  readonly prefixMode: boolean;
}

export type NetworkEvent = EniAttachFailed | EniAttachStarted | EniAssignFailed | EniAssignStarted | EniReady | EniDetached | EniReleased;

const N = { host: 'i-000002' } as const;
const ENI = 'eni-000007';
const prefixMode = 'Prefix delegation: slots are /28 prefixes, not single addresses.';

export const NETWORK_EVENT_DOCS = {
  'eni.attach-failed': {
    when: "ipamd asked EC2 for a new ENI (CreateNetworkInterface) and the node's subnet had no address (or, with prefixes, no aligned free /28); it retries every reconcile interval.",
    fields: { host: 'The node.', subnet: 'Its subnet.', error: "EC2's error code: InsufficientFreeAddressesInSubnet or InsufficientCidrBlocks." },
    examples: [{ type: 'eni.attach-failed', time: 0, ...N, subnet: 'pods-b', error: 'InsufficientFreeAddressesInSubnet' }],
  },
  'eni.attach-started': {
    when: 'ipamd attaches a new ENI to grow the pool toward its warm target; its addresses leave the subnet now and are usable once attached (eni.ready).',
    fields: { host: 'The node.', eni: 'The ENI id.', subnet: 'Its subnet.', slots: 'Secondary IPs (or prefixes) it brings.', prefixMode },
    examples: [{ type: 'eni.attach-started', time: 0, ...N, eni: ENI, subnet: 'subnet-2', slots: 14, prefixMode: false }],
  },
  'eni.assign-failed': {
    when: 'ipamd asked for more addresses on an attached ENI (AssignPrivateIpAddresses) and the subnet had none.',
    fields: { host: 'The node.', eni: 'The ENI id.', subnet: 'Its subnet.', error: "EC2's error code: InsufficientFreeAddressesInSubnet or InsufficientCidrBlocks." },
    examples: [{ type: 'eni.assign-failed', time: 0, ...N, eni: ENI, subnet: 'pods-b', error: 'InsufficientFreeAddressesInSubnet' }],
  },
  'eni.assign-started': {
    when: 'ipamd assigns more addresses (or prefixes) to an attached ENI.',
    fields: { host: 'The node.', eni: 'The ENI id.', slots: 'Secondary IPs (or prefixes) being assigned.', prefixMode },
    examples: [{ type: 'eni.assign-started', time: 0, ...N, eni: ENI, slots: 14, prefixMode: false }],
  },
  'eni.ready': {
    when: "The EC2 call finished: the ENI's new addresses join the node's pool.",
    fields: { host: 'The node.', eni: 'The ENI id.', freeAddresses: "The pool's free addresses now.", totalAddresses: "The pool's addresses in all." },
    examples: [{ type: 'eni.ready', time: 0, ...N, eni: ENI, freeAddresses: 14, totalAddresses: 28 }],
  },
  'eni.detached': {
    when: 'ipamd gives a whole surplus ENI back to the subnet.',
    fields: { host: 'The node.', eni: 'The ENI id.', subnet: 'The subnet its addresses return to.' },
    examples: [{ type: 'eni.detached', time: 0, ...N, eni: ENI, subnet: 'subnet-1' }],
  },
  'eni.released': {
    when: 'ipamd gives surplus addresses (or prefixes) of an ENI back to the subnet.',
    fields: { host: 'The node.', eni: 'The ENI id.', subnet: 'The subnet they return to.', slots: 'Secondary IPs (or prefixes) given back.', prefixMode },
    examples: [{ type: 'eni.released', time: 0, ...N, eni: ENI, subnet: 'subnet-1', slots: 4, prefixMode: false }],
  },
} satisfies EventDocs<NetworkEvent>;
