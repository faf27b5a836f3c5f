import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/model/invariants.js';
import { SpecBuilder } from '../support/spec-builder.js';
import { runChecked } from '../support/scenario-runner.js';

describe('checkInvariants', () => {
  it('is silent on a consistent state and reports each kind of corruption', () => {
    const { result } = runChecked(new SpecBuilder().hosts(1).service('api', 2).build());
    const state = result.state;
    expect(checkInvariants(state)).toEqual([]);
    const host = state.hosts[0]!;
    host.allocatedCpu += host.cpu;
    expect(checkInvariants(state).join('\n')).toMatch(/over-committed[\s\S]*differs from its tasks' sum|differs from its tasks' sum[\s\S]*over-committed/);
    host.allocatedCpu -= host.cpu;
    const api = state.services.get('api')!;
    api.counts.RUNNING++;
    expect(checkInvariants(state)).toEqual(['service api counts 3 RUNNING tasks but has 2']);
    api.counts.RUNNING--;
    const task = [...api.tasks][0]!;
    task.status = 'UNPLACED';
    expect(checkInvariants(state).length).toBeGreaterThan(0);
  });
});
