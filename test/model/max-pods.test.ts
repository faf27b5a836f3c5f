import { describe, it, expect } from 'vitest';
import type { InstanceType } from '../../src/model/catalog/instance-type.js';
import { INSTANCE_TYPES, getInstanceType } from '../../src/model/catalog/instance-types.js';
import { PUBLISHED_ENI_MAX_PODS } from '../../src/model/catalog/generated/instance-types.data.js';
import {
  calculatorRecommendedMaxPods,
  maxPods,
  maxPodsCeiling,
  prefixDelegationMaxPods,
  secondaryIpModeMaxPods,
} from '../../src/model/network/max-pods.js';

/**
 * Copied as data from amazon-eks-ami `templates/shared/runtime/eni-max-pods.txt` (the published
 * EKS max-pods list), one entry per type of the original hand-entered catalog, in the file's
 * order: an independent check beside the generated figures (PUBLISHED_ENI_MAX_PODS).
 */
const ENI_MAX_PODS: Record<string, number> = {
  'c5.12xlarge': 234, 'c5.18xlarge': 737, 'c5.24xlarge': 737, 'c5.2xlarge': 58, 'c5.4xlarge': 234, 'c5.9xlarge': 234, 'c5.large': 29, 'c5.metal': 737, 'c5.xlarge': 58,
  'c5n.18xlarge': 737, 'c5n.2xlarge': 58, 'c5n.4xlarge': 234, 'c5n.9xlarge': 234, 'c5n.large': 29, 'c5n.metal': 737, 'c5n.xlarge': 58,
  'c6g.12xlarge': 234, 'c6g.16xlarge': 737, 'c6g.2xlarge': 58, 'c6g.4xlarge': 234, 'c6g.8xlarge': 234, 'c6g.large': 29, 'c6g.medium': 8, 'c6g.metal': 737, 'c6g.xlarge': 58,
  'c6i.12xlarge': 234, 'c6i.16xlarge': 737, 'c6i.24xlarge': 737, 'c6i.2xlarge': 58, 'c6i.32xlarge': 737, 'c6i.4xlarge': 234, 'c6i.8xlarge': 234, 'c6i.large': 29, 'c6i.metal': 737, 'c6i.xlarge': 58,
  'c7g.12xlarge': 234, 'c7g.16xlarge': 737, 'c7g.2xlarge': 58, 'c7g.4xlarge': 234, 'c7g.8xlarge': 234, 'c7g.large': 29, 'c7g.medium': 8, 'c7g.metal': 737, 'c7g.xlarge': 58,
  'g4dn.12xlarge': 234, 'g4dn.16xlarge': 58, 'g4dn.2xlarge': 29, 'g4dn.4xlarge': 29, 'g4dn.8xlarge': 58, 'g4dn.metal': 737, 'g4dn.xlarge': 29,
  'g5.12xlarge': 737, 'g5.16xlarge': 234, 'g5.24xlarge': 737, 'g5.2xlarge': 58, 'g5.48xlarge': 345, 'g5.4xlarge': 234, 'g5.8xlarge': 234, 'g5.xlarge': 58,
  'm5.12xlarge': 234, 'm5.16xlarge': 737, 'm5.24xlarge': 737, 'm5.2xlarge': 58, 'm5.4xlarge': 234, 'm5.8xlarge': 234, 'm5.large': 29, 'm5.metal': 737, 'm5.xlarge': 58,
  'm6g.12xlarge': 234, 'm6g.16xlarge': 737, 'm6g.2xlarge': 58, 'm6g.4xlarge': 234, 'm6g.8xlarge': 234, 'm6g.large': 29, 'm6g.medium': 8, 'm6g.metal': 737, 'm6g.xlarge': 58,
  'm6i.12xlarge': 234, 'm6i.16xlarge': 737, 'm6i.24xlarge': 737, 'm6i.2xlarge': 58, 'm6i.32xlarge': 737, 'm6i.4xlarge': 234, 'm6i.8xlarge': 234, 'm6i.large': 29, 'm6i.metal': 737, 'm6i.xlarge': 58,
  'm7g.12xlarge': 234, 'm7g.16xlarge': 737, 'm7g.2xlarge': 58, 'm7g.4xlarge': 234, 'm7g.8xlarge': 234, 'm7g.large': 29, 'm7g.medium': 8, 'm7g.metal': 737, 'm7g.xlarge': 58,
  'p3.16xlarge': 234, 'p3.2xlarge': 58, 'p3.8xlarge': 234,
  'p4d.24xlarge': 737,
  'r5.12xlarge': 234, 'r5.16xlarge': 737, 'r5.24xlarge': 737, 'r5.2xlarge': 58, 'r5.4xlarge': 234, 'r5.8xlarge': 234, 'r5.large': 29, 'r5.metal': 737, 'r5.xlarge': 58,
  'r6g.12xlarge': 234, 'r6g.16xlarge': 737, 'r6g.2xlarge': 58, 'r6g.4xlarge': 234, 'r6g.8xlarge': 234, 'r6g.large': 29, 'r6g.medium': 8, 'r6g.metal': 737, 'r6g.xlarge': 58,
  'r7g.12xlarge': 234, 'r7g.16xlarge': 737, 'r7g.2xlarge': 58, 'r7g.4xlarge': 234, 'r7g.8xlarge': 234, 'r7g.large': 29, 'r7g.medium': 8, 'r7g.metal': 737, 'r7g.xlarge': 58,
  't3.2xlarge': 58, 't3.large': 35, 't3.medium': 17, 't3.micro': 4, 't3.nano': 4, 't3.small': 11, 't3.xlarge': 58,
  't3a.2xlarge': 58, 't3a.large': 35, 't3a.medium': 17, 't3a.micro': 4, 't3a.nano': 4, 't3a.small': 8, 't3a.xlarge': 58,
};

function type(name: string): InstanceType {
  const t = getInstanceType(name);
  if (!t) throw new Error(`test needs ${name} in the catalog`);
  return t;
}

describe('maxPods, secondary-IP mode (the AMI default)', () => {
  it('covers every type of the hand-copied list, and the generated figures name only catalog types', () => {
    for (const name of Object.keys(ENI_MAX_PODS)) expect(getInstanceType(name), name).toBeDefined();
    for (const name of Object.keys(PUBLISHED_ENI_MAX_PODS)) expect(getInstanceType(name), name).toBeDefined();
    // The generated figures were read from the VPC CNI's eni-max-pods.txt, not computed: they agree with the copy above.
    for (const [name, pods] of Object.entries(ENI_MAX_PODS)) expect(PUBLISHED_ENI_MAX_PODS[name], name).toBe(pods);
  });

  it("returns AWS's published figure for every catalog type eni-max-pods.txt lists", () => {
    const entries = Object.entries(PUBLISHED_ENI_MAX_PODS);
    expect(entries.length).toBeGreaterThanOrEqual(600);
    const wrong = entries.filter(([name, published]) => maxPods(type(name)) !== published || secondaryIpModeMaxPods(type(name)) !== published);
    expect(wrong).toEqual([]);
  });

  it.each(Object.entries(ENI_MAX_PODS))('%s: %i, as eni-max-pods.txt publishes', (name, published) => {
    expect(maxPods(type(name))).toBe(published);
    expect(secondaryIpModeMaxPods(type(name))).toBe(published);
  });

  it('reproduces the c5 column', () => {
    const c5 = ['large', 'xlarge', '2xlarge', '4xlarge', '9xlarge', '12xlarge', '18xlarge', '24xlarge', 'metal'];
    expect(c5.map((size) => maxPods(type(`c5.${size}`)))).toEqual([29, 58, 58, 234, 234, 234, 737, 737, 737]);
  });

  it('is not capped by vCPUs (eni-max-pods.txt has no ceiling)', () => {
    expect(maxPods(type('c5.4xlarge'))).toBe(234);
    expect(maxPods(type('c5.18xlarge'))).toBe(737);
  });
});

describe('maxPods with custom networking (primary ENI carries no pods)', () => {
  it.each([
    ['c5.large', 20],
    ['c5.xlarge', 44],
    ['c5.4xlarge', 205],
    ['c5.18xlarge', 688],
    ['m5.large', 20],
    ['t3.nano', 3],
    ['t3.small', 8],
    ['g5.48xlarge', 296],
  ])('%s: %i', (name, expected) => {
    expect(maxPods(type(name), { customNetworking: true })).toBe(expected);
    expect(secondaryIpModeMaxPods(type(name), { customNetworking: true })).toBe(expected);
  });
});

describe('maxPods with prefix delegation (max-pods-calculator.sh recommendation)', () => {
  it.each([
    // name, expected, why
    ['c5.large', 110, '3 x 9 x 16 + 2 = 434, 2 vCPUs -> 110'],
    ['m5.large', 110, '434, 2 vCPUs -> 110'],
    ['c5.4xlarge', 110, '16 vCPUs -> 110'],
    ['m5.8xlarge', 250, '8 x 29 x 16 + 2 = 3714, 32 vCPUs -> 250'],
    ['c5.9xlarge', 250, '36 vCPUs -> 250'],
    ['c5.18xlarge', 250, '15 x 49 x 16 + 2 = 11762, 72 vCPUs -> 250'],
    ['t3.nano', 34, '2 x 1 x 16 + 2, under the ceiling'],
    ['t3.micro', 34, 'same ENIs as t3.nano'],
    ['t3a.small', 98, '2 x 3 x 16 + 2'],
    ['t3.small', 110, '3 x 3 x 16 + 2 = 146 -> 110'],
    ['m6g.medium', 98, '2 x 3 x 16 + 2'],
    ['c7g.medium', 98, '2 x 3 x 16 + 2'],
    ['g5.48xlarge', 250, '192 vCPUs -> 250'],
  ])('%s: %i (%s)', (name, expected) => {
    expect(maxPods(type(name), { prefixDelegation: true })).toBe(expected);
  });

  it('falls back to the secondary-IP figure on non-Nitro P3', () => {
    expect(maxPods(type('p3.2xlarge'), { prefixDelegation: true })).toBe(58);
    expect(maxPods(type('p3.8xlarge'), { prefixDelegation: true })).toBe(234);
    expect(maxPods(type('p3.16xlarge'), { prefixDelegation: true })).toBe(234);
    // The same P3 shape on Nitro would get the prefix figure capped at 110.
    expect(maxPods({ ...type('p3.2xlarge'), nitro: true }, { prefixDelegation: true })).toBe(110);
  });

  it('combines with custom networking by dropping the primary ENI first', () => {
    expect(maxPods(type('t3.nano'), { prefixDelegation: true, customNetworking: true })).toBe(18);
    expect(maxPods(type('t3a.small'), { prefixDelegation: true, customNetworking: true })).toBe(50);
    expect(maxPods(type('m6g.medium'), { prefixDelegation: true, customNetworking: true })).toBe(50);
    expect(maxPods(type('c5.large'), { prefixDelegation: true, customNetworking: true })).toBe(110);
    expect(maxPods(type('c5.18xlarge'), { prefixDelegation: true, customNetworking: true })).toBe(250);
  });

  it('gives 250 on every bare metal type, whichever branch of the script applies', () => {
    const metal = INSTANCE_TYPES.filter((t) => t.bareMetal);
    expect(metal.map((t) => t.name)).toEqual(expect.arrayContaining(INSTANCE_TYPES.filter((t) => t.size === 'metal').map((t) => t.name)));
    expect(metal.length).toBeGreaterThan(0);
    for (const t of metal) {
      expect(maxPods(t, { prefixDelegation: true }), t.name).toBe(250);
      expect(calculatorRecommendedMaxPods({ ...t, nitro: false }, { prefixDelegation: true }), t.name).toBe(250);
    }
  });

  it('never exceeds the ceiling, and never falls below the secondary-IP figure under it', () => {
    for (const t of INSTANCE_TYPES) {
      const pd = maxPods(t, { prefixDelegation: true });
      expect(pd, t.name).toBeLessThanOrEqual(maxPodsCeiling(t.vcpu));
      expect(pd, t.name).toBeGreaterThanOrEqual(Math.min(maxPods(t), maxPodsCeiling(t.vcpu)));
    }
  });
});

describe('calculator pieces', () => {
  it('computes the uncapped prefix capacity (--show-max-allowed)', () => {
    expect(prefixDelegationMaxPods(type('m5.large'))).toBe(434);
    expect(prefixDelegationMaxPods(type('c5.18xlarge'))).toBe(11762);
    expect(prefixDelegationMaxPods(type('c5.large'), { customNetworking: true })).toBe(290);
  });

  it('gives 110 up to and including 30 vCPUs and 250 above (the script tests vCPUs > 30)', () => {
    expect(maxPodsCeiling(1)).toBe(110);
    expect(maxPodsCeiling(30)).toBe(110);
    expect(maxPodsCeiling(31)).toBe(250);
    const m5x = type('m5.8xlarge');
    expect(maxPods({ ...m5x, vcpu: 30 }, { prefixDelegation: true })).toBe(110);
    expect(maxPods({ ...m5x, vcpu: 31 }, { prefixDelegation: true })).toBe(250);
  });

  it('caps the secondary-IP answer too, as the script does (amazon-eks-ami issue 1368)', () => {
    expect(calculatorRecommendedMaxPods(type('c5.4xlarge'))).toBe(110);
    expect(calculatorRecommendedMaxPods(type('c5.18xlarge'))).toBe(250);
    expect(calculatorRecommendedMaxPods(type('c5.large'))).toBe(29);
    expect(calculatorRecommendedMaxPods(type('c5.large'), { customNetworking: true })).toBe(20);
  });
});

describe('cniMaxPodsCap', () => {
  it('only ever lowers the result, in every mode', () => {
    expect(maxPods(type('c5.18xlarge'), { cniMaxPodsCap: 100 })).toBe(100);
    expect(maxPods(type('c5.large'), { cniMaxPodsCap: 100 })).toBe(29);
    expect(maxPods(type('c5.18xlarge'), { prefixDelegation: true, cniMaxPodsCap: 200 })).toBe(200);
    expect(maxPods(type('c5.18xlarge'), { prefixDelegation: true, cniMaxPodsCap: 500 })).toBe(250);
    expect(maxPods(type('c5.large'), { customNetworking: true, cniMaxPodsCap: 10 })).toBe(10);
  });

  it('rejects a cap that is not a positive integer', () => {
    expect(() => maxPods(type('c5.large'), { cniMaxPodsCap: 0 })).toThrow(RangeError);
    expect(() => maxPods(type('c5.large'), { cniMaxPodsCap: 12.5 })).toThrow(RangeError);
    expect(() => maxPods(type('c5.large'), { cniMaxPodsCap: Number.NaN })).toThrow(RangeError);
  });
});
