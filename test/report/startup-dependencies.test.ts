import { describe, expect, it } from 'vitest';
import { ORDERED_STARTUP_PHASES, STARTUP_PHASES, StartupPhases } from '../../src/report/html/startup-phases.js';
import type { FleetEvent } from '../../src/model/events/index.js';

/** The HTML report's start-up split: a "dependencies" phase in runs whose containers start in an order. */
const ON = { task: 't-1', service: 'api', host: 'i-1' } as const;
const trace: FleetEvent[] = [
  { type: 'task.created', time: 0, task: 't-1', service: 'api', taskDefinition: { family: 'api', revision: 1 } as never, capacityProvider: null },
  { type: 'task.placed', time: 500, ...ON, instanceType: 'm5.large', az: 'us-east-1a' },
  { type: 'task.status-changed', time: 1_000, ...ON, from: 'PROVISIONING', to: 'PENDING', step: 'SANDBOX_READY' },
  { type: 'task.images-ready', time: 1_000, ...ON, pullMs: 0 },
  { type: 'task.containers-ordered', time: 1_000, ...ON, order: ['istio-init', 'istio-proxy', 'api'], dependencyWaitMs: 4_000, proxyLagMs: 0 },
  { type: 'task.status-changed', time: 6_500, ...ON, from: 'PENDING', to: 'RUNNING', step: 'CONTAINERS_STARTED' },
];

describe('StartupPhases with ordered containers', () => {
  it('splits the wait for dependencies out of the container start', () => {
    const phases = new StartupPhases(new Map([['api', false]]), true);
    for (const r of trace) phases.listener(r);
    const h = phases.histogram('api');
    expect(h.phases).toEqual([...ORDERED_STARTUP_PHASES]);
    const bin = (phase: string): number => h.counts[h.phases.indexOf(phase)]!.findIndex((c) => c > 0);
    expect(h.bins[bin('dependencies')]).toBe('2-5 s'); // 4 s
    expect(h.bins[bin('container start')]).toBe('1-2 s'); // 6.5 - 1 - 0 - 4 = 1.5 s
  });

  it('keeps the six phases of a run without ordered containers, the wait inside the container start', () => {
    const phases = new StartupPhases(new Map([['api', false]]));
    for (const r of trace) phases.listener(r);
    const h = phases.histogram('api');
    expect(h.phases).toEqual([...STARTUP_PHASES]);
    expect(h.bins[h.counts[h.phases.indexOf('container start')]!.findIndex((c) => c > 0)]).toBe('5-10 s'); // 5.5 s
  });
});
