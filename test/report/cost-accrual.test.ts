import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../../src/model/catalog/instance-types.js';
import type { FleetEvent } from '../../src/model/events/index.js';
import { ec2OnDemandHourlyUsd } from '../../src/model/pricing.js';
import { CostAccrual } from '../../src/report/cost-accrual.js';
import { pricingOf } from '../../src/report/cost.js';
import { loadSpec } from '../support/scenario-runner.js';

const HOUR = 3_600_000;
const spec = loadSpec('scenarios/quickstart.yaml');
const pricing = pricingOf(spec);

function launched(time: number, host: string, instanceType: string, capacityType: 'on-demand' | 'spot'): FleetEvent {
  return { type: 'host.launched', time, host, group: 'default', nodePool: null, instanceType, capacityType, az: 'us-east-1a', subnet: null, ip: null } as FleetEvent;
}

describe('CostAccrual: the cost of a run as it accrues', () => {
  it('accrues each instance at its hourly price from launch to termination, Spot at the Spot discount', () => {
    const accrual = new CostAccrual(spec);
    const hourly = ec2OnDemandHourlyUsd(pricing, getInstanceType('m5.large')!);
    const base = new Map(accrual.totalsAt(0));
    const line = (label: string, at: number): number => (accrual.totalsAt(at).get(label) ?? 0) - (base.get(label) ?? 0);
    accrual.listener(launched(0, 'i-1', 'm5.large', 'on-demand'));
    accrual.listener(launched(0, 'i-2', 'm5.large', 'on-demand'));
    accrual.listener(launched(0, 'i-3', 'm5.large', 'spot'));
    accrual.listener({ type: 'host.terminated', time: HOUR, host: 'i-2' } as FleetEvent);
    const onDemand = [...accrual.totalsAt(2 * HOUR).keys()].find((k) => k.startsWith('EC2 ') && k !== 'EC2 spot')!;
    // Two instances for an hour, then one: three instance-hours by 2 h.
    expect(line(onDemand, 2 * HOUR)).toBeCloseTo(3 * hourly, 9);
    expect(line('EC2 spot', 2 * HOUR)).toBeCloseTo(2 * hourly * (1 - pricing.ec2.spotDiscount), 9);
  });

  it('ignores an instance type the catalog lacks, and every later launch of it', () => {
    const accrual = new CostAccrual(spec);
    const before = [...accrual.totalsAt(0).keys()];
    accrual.listener(launched(0, 'i-1', 'no-such.type', 'on-demand'));
    accrual.listener(launched(0, 'i-2', 'no-such.type', 'on-demand'));
    expect([...accrual.totalsAt(HOUR).keys()]).toEqual(before);
  });
});
