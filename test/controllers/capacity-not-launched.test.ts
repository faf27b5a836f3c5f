import { describe, expect, it } from 'vitest';
import { formatHumanSummary } from '../../src/report/human-summary.js';
import { SummaryBuilder } from '../../src/report/summary.js';
import { runSimulation } from '../../src/run.js';
import { formatDiagnostic } from '../../src/scenario/diagnostics.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import type { FleetEvent } from '../../src/model/events/index.js';

/** Runs scenario YAML and returns its trace and summary. */
function run(yaml: string, maxHosts?: number) {
  const loaded = loadScenario('s.yaml', yaml);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map(formatDiagnostic).join('\n'));
  const spec = maxHosts === undefined ? loaded.spec : { ...loaded.spec, maxHosts };
  const records: FleetEvent[] = [];
  const summary = new SummaryBuilder();
  const result = runSimulation(spec, { listeners: [summary.listener, (r) => records.push(r)] });
  return { records, summary: summary.build({ scenario: 's', seed: '1', durationMs: result.durationMs, events: result.events }) };
}

/** A node group of `desired` nodes in one AZ whose /26 subnet has 59 usable addresses (AWS reserves 5 of 64). */
const fullSubnet = (desired: number) => `name: s
duration: 5m
cluster:
  platform: eks
  coreDns: false
  availabilityZones: [us-east-1a]
  vpc:
    subnets:
      - { az: us-east-1a, cidr: 10.0.0.0/26 }
  nodeGroups:
    - { name: nodes, instanceType: m5.large, desiredSize: ${desired}, maxSize: ${desired} }
`;

describe('capacity that never launches is reported with its reason', () => {
  it('a node group larger than its subnets: the nodes that fit launch, the rest are in the summary as InsufficientFreeAddressesInSubnet', () => {
    const { records, summary } = run(fullSubnet(100));
    const launched = records.filter((r) => r.type === 'host.launched').length;
    expect(launched).toBeGreaterThan(0);
    expect(launched).toBeLessThan(100);
    const short = records.filter((r) => r.type === 'asg.capacity-unfulfilled');
    // Reported once when it happens (and again only when the shortfall changes), not at every retry.
    expect(short.length).toBeLessThan(5);
    expect(short[0]).toMatchObject({ group: 'nodes', desired: 100, launched, reason: { code: 'NO_FREE_ADDRESS', azs: ['us-east-1a'] } });
    expect(summary.capacityNotLaunched).toEqual([
      { group: 'nodes', instanceType: 'm5.large', desired: 100, launched, sinceS: 0, reason: 'InsufficientFreeAddressesInSubnet (no free address in the subnets of us-east-1a)' },
    ]);
    const text = formatHumanSummary(summary, { dir: 'out', files: [] });
    expect(text).toContain(`capacity not launched:\n  group nodes: ${launched} of 100 m5.large instances (short from 0s): InsufficientFreeAddressesInSubnet`);
  });

  it('a group that fits reports nothing', () => {
    const { records, summary } = run(fullSubnet(3));
    expect(records.some((r) => r.type === 'asg.capacity-unfulfilled' || r.type === 'host.launch-failed')).toBe(false);
    expect(summary.capacityNotLaunched).toBeUndefined();
  });

  it("growth past the run's host limit fails as HOST_LIMIT and says how to raise it", () => {
    const yaml = `name: s
duration: 5m
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: fleet, instanceType: m5.large, desiredCapacity: 2, maxSize: 10 }
events:
  - { at: 1m, scale: { autoScalingGroup: fleet, desiredCapacity: 6 } }
`;
    const { records, summary } = run(yaml, 4);
    expect(records.filter((r) => r.type === 'host.launched')).toHaveLength(4);
    expect(records.find((r) => r.type === 'host.launch-failed')).toMatchObject({ group: 'fleet', reason: { code: 'HOST_LIMIT', limit: 4 } });
    expect(summary.capacityNotLaunched).toEqual([
      { group: 'fleet', instanceType: 'm5.large', desired: 6, launched: 4, sinceS: 60, reason: "fleetsim's host limit: the run has 4 hosts (--max-hosts raises it; docs/limits.md)" },
    ]);
  });
});
