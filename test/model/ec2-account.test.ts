import { describe, expect, it } from 'vitest';
import { getInstanceType, INSTANCE_TYPES } from '../../src/model/catalog/instance-types.js';
import { Ec2Account } from '../../src/model/ec2-account.js';
import { vcpuClassOf, VCPU_CLASSES } from '../../src/model/ec2-vcpu-class.js';
import { EC2_QUOTAS } from '../../src/model/params/ec2-quotas.js';

const m5xl = getInstanceType('m5.xlarge')!;
const g5xl = getInstanceType('g5.xlarge')!;

describe('vcpuClassOf', () => {
  it.each([
    ['m5', 'standard'],
    ['c7i-flex', 'standard'],
    ['t4g', 'standard'],
    ['z1d', 'standard'],
    ['d3en', 'standard'],
    ['h1', 'standard'],
    ['i4i', 'standard'],
    ['im4gn', 'standard'],
    ['is4gen', 'standard'],
    ['r8gd', 'standard'],
    ['a1', 'standard'],
    ['f2', 'f'],
    ['g5', 'g'],
    ['g4dn', 'g'],
    ['gr6', 'g'],
    ['vt1', 'g'],
    ['p4d', 'p'],
    ['p6-b200', 'p'],
    ['x2iedn', 'x'],
    ['inf2', 'inf'],
    ['dl1', 'dl'],
    ['trn1n', 'trn'],
    ['hpc7g', 'hpc'],
    ['u-6tb1', 'highMemory'],
    ['u7in-32tb', 'highMemory'],
  ])('puts %s in %s', (family, expected) => {
    expect(vcpuClassOf(family)).toBe(expected);
  });

  it('has a class for every family in the catalog', () => {
    for (const t of INSTANCE_TYPES) expect(VCPU_CLASSES).toContain(vcpuClassOf(t.family));
  });

  it('refuses a family no class holds', () => {
    expect(() => vcpuClassOf('q9')).toThrow(/no EC2 vCPU quota class for instance family q9/);
  });
});

describe('Ec2Account', () => {
  it('refuses a call when its request bucket is empty, and not the other action', () => {
    const a = new Ec2Account({ ...EC2_QUOTAS, runInstancesRequestBurst: 2, runInstancesRequestsPerSecond: 1 });
    expect(a.call('RunInstances', 0)).toBeNull();
    expect(a.call('RunInstances', 0)).toBeNull();
    expect(a.call('RunInstances', 0)).toEqual({ code: 'REQUEST_LIMIT_EXCEEDED', action: 'RunInstances', bucket: 'request', burst: 2, perSecond: 1 });
    expect(a.call('CreateFleet', 0)).toBeNull();
    expect(a.call('RunInstances', 999)).not.toBeNull();
    expect(a.call('RunInstances', 1000)).toBeNull();
  });

  it('counts instances against the resource bucket, shared by both actions, and lets pre-existing instances through free', () => {
    const a = new Ec2Account({ ...EC2_QUOTAS, instanceLaunchBurst: 2, instanceLaunchesPerSecond: 2 });
    a.launched(m5xl, 'on-demand', 0, true);
    expect(a.refusal('RunInstances', m5xl, 'on-demand', 0)).toBeNull();
    a.launched(m5xl, 'on-demand', 0, false);
    a.launched(m5xl, 'on-demand', 0, false);
    expect(a.refusal('CreateFleet', m5xl, 'on-demand', 0)).toEqual({ code: 'REQUEST_LIMIT_EXCEEDED', action: 'CreateFleet', bucket: 'resource', burst: 2, perSecond: 2 });
    expect(a.refusal('CreateFleet', m5xl, 'on-demand', 500)).toBeNull();
  });

  it('enforces a vCPU quota per class and capacity type only where set, freeing vCPUs on termination', () => {
    const a = new Ec2Account({ ...EC2_QUOTAS, onDemandVcpu: { standard: 8 } });
    a.launched(m5xl, 'on-demand', 0, false);
    a.launched(m5xl, 'on-demand', 0, false);
    expect(a.runningVcpu('standard', 'on-demand')).toBe(8);
    expect(a.refusal('RunInstances', m5xl, 'on-demand', 0)).toEqual({ code: 'VCPU_LIMIT_EXCEEDED', vcpuClass: 'standard', capacityType: 'on-demand', limit: 8 });
    expect(a.refusal('RunInstances', m5xl, 'spot', 0)).toBeNull();
    expect(a.refusal('RunInstances', g5xl, 'on-demand', 0)).toBeNull();
    a.terminated(m5xl, 'on-demand');
    expect(a.refusal('RunInstances', m5xl, 'on-demand', 0)).toBeNull();
  });

  it('defaults to the documented buckets and no vCPU quota', () => {
    expect(EC2_QUOTAS).toMatchObject({ instanceLaunchBurst: 1000, instanceLaunchesPerSecond: 2, onDemandVcpu: {}, spotVcpu: {} });
  });
});
