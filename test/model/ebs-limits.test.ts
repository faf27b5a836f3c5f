import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import { dedicatedEbsLimit, ebsAttachmentLimitKind, ebsCsiAllocatableCount, EBS_GB_MONTH_USD } from '../../src/model/params/ebs.js';

function type(name: string) {
  const t = getInstanceType(name);
  if (t === undefined) throw new Error(`no ${name} in the catalog`);
  return t;
}

describe('EBS attachment limits per instance type (CSINode allocatable.count)', () => {
  it.each([
    // Shared Nitro limit: 28 - 2 ENIs (primary + warm) - root volume.
    ['m5.large', 'shared', 25],
    ['m5.xlarge', 'shared', 25],
    ['t3.medium', 'shared', 25],
    // An NVMe instance store disk takes one more attachment.
    ['m5d.large', 'shared', 24],
    // Dedicated limits by size, less the root volume.
    ['m7i.large', 'dedicated', 31],
    ['m7i.16xlarge', 'dedicated', 47],
    ['m7i.48xlarge', 'dedicated', 127],
    ['m7i.metal-24xl', 'dedicated', 38],
    ['r8g.16xlarge', 'dedicated', 47],
    // Xen: 39 not shared with ENIs, less the root volume.
    ['c4.large', 'non-nitro', 38],
  ] as const)('%s: %s limit, %i volumes for PVCs', (name, kind, count) => {
    expect(ebsAttachmentLimitKind(type(name))).toBe(kind);
    expect(ebsCsiAllocatableCount(type(name))).toBe(count);
  });

  it('counts the ENIs and block devices the node has, and never goes below 1', () => {
    expect(ebsCsiAllocatableCount(type('m5.large'), 3)).toBe(24);
    expect(ebsCsiAllocatableCount(type('m5.large'), 2, 3)).toBe(23);
    expect(ebsCsiAllocatableCount(type('m5.large'), 27, 1)).toBe(1);
    // Dedicated limits do not share with ENIs.
    expect(ebsCsiAllocatableCount(type('m7i.large'), 3)).toBe(31);
  });

  it("follows the EC2 guide's size table for dedicated limits", () => {
    expect(['large', '12xlarge', '16xlarge', '24xlarge', '32xlarge', '48xlarge', 'metal-16xl', 'metal-48xl'].map(dedicatedEbsLimit)).toEqual([32, 32, 48, 64, 88, 128, 39, 79]);
  });

  it('prices gp3 20 % below gp2', () => {
    expect(EBS_GB_MONTH_USD.gp3 / EBS_GB_MONTH_USD.gp2).toBeCloseTo(0.8, 9);
  });
});
