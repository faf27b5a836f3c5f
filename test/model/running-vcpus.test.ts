import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import { RunningVcpus, runningVcpuKey } from '../../src/model/running-vcpus.js';

describe('RunningVcpus (src/model/running-vcpus.ts)', () => {
  const m5 = getInstanceType('m5.xlarge')!;
  const g5 = getInstanceType('g5.2xlarge')!;

  it('counts vCPUs per quota class and capacity type while instances run', () => {
    const running = new RunningVcpus();
    expect(running.add(m5, 'on-demand')).toBe(4);
    expect(running.add(m5, 'on-demand')).toBe(8);
    expect(running.add(m5, 'spot')).toBe(4);
    expect(running.add(g5, 'on-demand')).toBe(8);
    running.remove(m5, 'on-demand');
    expect([running.get('standard', 'on-demand'), running.get('standard', 'spot'), running.get('g', 'on-demand'), running.get('p', 'on-demand')]).toEqual([4, 4, 8, 0]);
  });

  it('keys a class and capacity type as class/capacity type', () => {
    expect(runningVcpuKey('standard', 'spot')).toBe('standard/spot');
  });
});
