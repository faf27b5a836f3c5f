import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import type { InstanceType } from '../../src/model/catalog/instance-type.js';
import { parseCidr } from '../../src/model/network/cidr.js';
import { DEFAULT_CNI_SETTINGS, type CniSettings } from '../../src/model/network/cni-settings.js';
import { NodeIpam } from '../../src/model/network/node-ipam.js';
import { NO_ADDRESS } from '../../src/model/network/subnet.js';
import { Vpc } from '../../src/model/network/vpc.js';

/** A node on a fresh subnet, with ipamd run to its steady state (EC2 calls complete at once). */
function node(type: InstanceType, settings: Partial<CniSettings>, cidr = '10.0.0.0/16', daemonPods = 0) {
  const vpc = new Vpc();
  const parsed = parseCidr(cidr);
  if (!parsed.ok) throw new Error(parsed.message);
  const subnet = vpc.addSubnet('s', 'az', parsed.cidr);
  const ipam = new NodeIpam(type, { ...DEFAULT_CNI_SETTINGS, ...settings }, { id: 'eni-0', subnet, ip: subnet.pool.allocateIp() }, daemonPods);
  let eniId = 1;
  const settle = (): void => {
    for (let i = 0; i < 100; i++) {
      const step = ipam.plan();
      if (step.kind === 'none') return;
      if (step.kind === 'attach-eni') {
        const eni = ipam.startAttach(`eni-${eniId++}`, [subnet], step.slots);
        if (eni === undefined) return;
        ipam.complete(eni);
      } else if (step.kind === 'assign') {
        if (ipam.startAssign(step.eni, step.slots) === 0) return;
        ipam.complete(step.eni);
      } else if (step.kind === 'release') ipam.releaseSlots(step.eni, step.slots);
      else ipam.detach(step.eni);
    }
  };
  const pods: number[] = [];
  const runPods = (n: number): void => {
    while (pods.length > n) ipam.release(pods.pop()!);
    for (;;) {
      settle();
      if (pods.length >= n) break;
      const ip = ipam.assign();
      if (ip === NO_ADDRESS) break;
      pods.push(ip);
    }
    settle();
  };
  const shape = () => ({
    enis: ipam.enis.length,
    secondaryIps: ipam.totalAddresses,
    unused: ipam.freeAddresses,
    perEni: ipam.enis.map((e) => e.slots.length * ipam.addressesPerSlot).sort((a, b) => a - b),
  });
  return { ipam, subnet, runPods, shape, pods };
}

/** p3dn.24xlarge's ENI limits (15 ENIs x 50 addresses), as in the VPC CNI's examples. */
const P3DN: InstanceType = { ...getInstanceType('p3.16xlarge')!, name: 'p3dn.24xlarge', maxEnis: 15, ipv4PerEni: 50, nitro: true };
const T3_SMALL = getInstanceType('t3.small')!;

describe('NodeIpam: the VPC CNI docs examples (docs/eni-and-ip-target.md)', () => {
  it.each([
    // instance, settings, pods -> attached ENIs, attached secondary IPs, unused
    ['t3.small', { warmEniTarget: 1 }, 0, 1, 3, 3],
    ['t3.small', { warmEniTarget: 1 }, 5, 3, 9, 4],
    ['t3.small', { warmEniTarget: 1 }, 9, 3, 9, 0],
    ['t3.small', { warmIpTarget: 1, minimumIpTarget: 1 }, 0, 1, 1, 1],
    ['t3.small', { warmIpTarget: 1, minimumIpTarget: 1 }, 5, 2, 6, 1],
    ['t3.small', { warmIpTarget: 1, minimumIpTarget: 1 }, 9, 3, 9, 0],
    ['t3.small', { warmIpTarget: 2, minimumIpTarget: 5 }, 0, 2, 5, 5],
    ['t3.small', { warmIpTarget: 2, minimumIpTarget: 5 }, 5, 3, 7, 2],
    ['t3.small', { warmIpTarget: 2, minimumIpTarget: 5 }, 9, 3, 9, 0],
    ['p3dn.24xlarge', { warmEniTarget: 1 }, 0, 1, 49, 49],
    ['p3dn.24xlarge', { warmEniTarget: 1 }, 3, 2, 98, 95],
    ['p3dn.24xlarge', { warmEniTarget: 1 }, 95, 3, 147, 52],
    ['p3dn.24xlarge', { warmIpTarget: 5, minimumIpTarget: 10 }, 0, 1, 10, 10],
    ['p3dn.24xlarge', { warmIpTarget: 5, minimumIpTarget: 10 }, 7, 1, 12, 5],
    ['p3dn.24xlarge', { warmIpTarget: 5, minimumIpTarget: 10 }, 15, 1, 20, 5],
    ['p3dn.24xlarge', { warmIpTarget: 5, minimumIpTarget: 10 }, 45, 2, 50, 5],
  ] as const)('%s %o with %i pods: %i ENIs, %i secondary IPs, %i unused', (typeName, settings, pods, enis, ips, unused) => {
    const type = typeName === 't3.small' ? T3_SMALL : P3DN;
    const n = node(type, settings);
    n.runPods(pods);
    expect(n.pods.length).toBe(pods);
    const shape = n.shape();
    expect({ enis: shape.enis, ips: shape.secondaryIps, unused: shape.unused }).toEqual({ enis, ips, unused });
    expect(n.ipam.checkInvariant()).toBeNull();
  });

  it('scaling down releases surplus: IP targets give addresses back, WARM_ENI detaches unused ENIs', () => {
    const n = node(T3_SMALL, { warmIpTarget: 1, minimumIpTarget: 1 });
    n.runPods(9);
    n.runPods(0);
    expect(n.shape().secondaryIps).toBe(1);
    const w = node(P3DN, { warmEniTarget: 1 });
    w.runPods(95);
    w.runPods(3);
    expect(w.shape().enis).toBe(2);
    expect(w.subnet.pool.allocatedCount).toBe(w.ipam.subnetAddressesHeld);
  });
});

describe('NodeIpam: DaemonSet pods without hostNetwork', () => {
  it('take the first addresses the pool gets, so ipamd keeps its warm targets on top of them and other pods get fewer', () => {
    // t3.small: 3 ENIs of 3 secondary addresses. Two daemon pods leave 7 addresses for other pods.
    const n = node(T3_SMALL, { warmIpTarget: 1, minimumIpTarget: 1 }, '10.0.0.0/16', 2);
    n.runPods(0);
    // The daemon pods hold 2 addresses, and WARM_IP_TARGET keeps one more free.
    expect(n.ipam.assignedAddresses).toBe(2);
    expect(n.shape()).toMatchObject({ secondaryIps: 3, unused: 1 });
    n.runPods(9);
    expect(n.pods.length).toBe(7);
    expect(n.ipam.checkInvariant()).toBeNull();
    const none = node(T3_SMALL, { warmIpTarget: 1, minimumIpTarget: 1 });
    none.runPods(0);
    expect(none.ipam.assignedAddresses).toBe(0);
  });
});

describe('NodeIpam: prefix delegation', () => {
  it('holds /28 prefixes: one in use plus WARM_PREFIX_TARGET free', () => {
    const n = node(getInstanceType('c5.large')!, { prefixDelegation: true, warmPrefixTarget: 1 });
    n.runPods(0);
    expect(n.shape().secondaryIps).toBe(16);
    n.runPods(20);
    // 20 pods use two prefixes; one more is kept free.
    expect(n.shape().secondaryIps).toBe(48);
    expect(n.pods.every((ip) => n.pods.indexOf(ip) === n.pods.lastIndexOf(ip))).toBe(true);
  });

  it('fails to grow when the subnet has addresses but no whole aligned /28 (InsufficientCidrBlocks)', () => {
    const n = node(getInstanceType('c5.large')!, { prefixDelegation: true, warmPrefixTarget: 1 }, '10.0.0.0/27');
    // A /27 has two /28 blocks, both holding reserved addresses: no prefix at all.
    n.runPods(1);
    expect(n.pods).toEqual([]);
    expect(n.subnet.pool.freeCount).toBe(26);
  });

  it('falls back to secondary IPs on a non-Nitro type', () => {
    const p3 = getInstanceType('p3.2xlarge')!;
    expect(p3.nitro).toBe(false);
    expect(node(p3, { prefixDelegation: true }).ipam.prefixMode).toBe(false);
  });
});

describe('NodeIpam: subnet exhaustion', () => {
  it('takes what the subnet has left and hands out no more', () => {
    // /26: 59 usable; the node's primary takes 1, c5.4xlarge ENIs take 1 + 29 each.
    const n = node(getInstanceType('c5.4xlarge')!, { warmEniTarget: 1 }, '10.0.0.0/26');
    n.runPods(100);
    expect(n.subnet.pool.freeCount).toBe(0);
    expect(n.pods.length).toBe(59 - n.ipam.enis.length);
    expect(n.ipam.checkInvariant()).toBeNull();
  });
});
