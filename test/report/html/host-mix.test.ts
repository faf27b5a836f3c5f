import { describe, expect, it } from 'vitest';
import type { FleetEvent } from '../../../src/model/events/index.js';
import { handlersListener } from '../../../src/report/event-handlers.js';
import { HostMix } from '../../../src/report/html/host-mix.js';

/** What the cluster runs on, for the report's capacity-type chart. */
const trace: FleetEvent[] = [
  { type: 'host.launched', time: 0, host: 'i-000001', group: 'g', nodePool: null, instanceType: 'm5.large', capacityType: 'spot', az: 'us-east-1a', subnet: 'a', ip: 1 },
  { type: 'task.created', time: 0, task: 't-000001', service: 'web', taskDefinition: { family: 'web', revision: 1 } as never, capacityProvider: 'FARGATE_SPOT' },
  { type: 'task.created', time: 0, task: 't-000002', service: 'web', taskDefinition: { family: 'web', revision: 1 } as never, capacityProvider: null },
  { type: 'task.placed', time: 1, task: 't-000001', service: 'web', host: null, instanceType: null, az: null },
  { type: 'task.placed', time: 1, task: 't-000002', service: 'web', host: null, instanceType: null, az: null },
  { type: 'task.stopped', time: 2, task: 't-000002', service: 'web', host: null, stopCode: 'ServiceSchedulerInitiated', reason: { code: 'SCALE_IN' } },
];

function mix(fargate?: boolean): HostMix {
  const m = fargate === undefined ? new HostMix() : new HostMix(fargate);
  const listener = handlersListener([m.handlers]);
  for (const r of trace) listener(r);
  return m;
}

describe('HostMix', () => {
  it('counts instances by capacity type, and Fargate tasks (Spot by their capacity provider) from placement to STOPPED', () => {
    expect([...mix().byCapacityType]).toEqual([
      ['spot', 1],
      ['Fargate Spot', 1],
      ['Fargate', 0],
    ]);
    expect([...mix(true).byCapacityType]).toEqual([...mix().byCapacityType]);
  });

  it('reads no task event in a run without Fargate services', () => {
    expect(Object.keys(new HostMix(false).handlers).filter((t) => t.startsWith('task.'))).toEqual([]);
    expect([...mix(false).byCapacityType]).toEqual([['spot', 1]]);
    expect([...mix(false).byInstanceType]).toEqual([['m5.large', 1]]);
  });
});
