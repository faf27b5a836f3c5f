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
