import { describe, expect, it } from 'vitest';
import { produceRunOutputs } from '../../src/experiments/run-outputs.js';
import { formatHumanSummary } from '../../src/report/human-summary.js';
import type { ScaleOutRow } from '../../src/report/scaling-timeline.js';
import type { RunSummary } from '../../src/report/summary.js';
import { StringSink } from '../../src/report/text-sink.js';
import { loadSpec } from '../support/scenario-runner.js';

/** The summary `fleetsim run` prints: bounded whatever the run, and never "∞" or "NaN". */
function quickstartSummary(): RunSummary {
  return produceRunOutputs(loadSpec('scenarios/quickstart.yaml'), {}, () => new StringSink()).summary;
}

describe('the printed run summary', () => {
  it('prints an overflowed count as too large, never ∞ or NaN', () => {
    const real = quickstartSummary();
    const service = { ...real.services[0]!, traffic: { ...real.services[0]!.traffic, requests: Number.POSITIVE_INFINITY, errors: Number.NaN } };
    const text = formatHumanSummary({ ...real, events: Number.POSITIVE_INFINITY, services: [service] }, null);
    expect(text).not.toMatch(/∞|NaN|Infinity/);
    expect(text).toMatch(/traffic: \(too large to count\) requests, \(too large to count\) failed \(rate unknown\)/);
  });

  it('caps long lists with "... and N more", the rest being in summary.json', () => {
    const real = quickstartSummary();
    const services = Array.from({ length: 45 }, (_, i) => ({ ...real.services[0]!, name: `service-${i}` }));
    const subnets = Array.from({ length: 30 }, (_, i) => ({ id: `subnet-${i}`, freeAtStart: 10, freeAtEnd: 5, minFree: 5, exhaustedAtS: null }));
    const expectations = Array.from({ length: 70 }, (_, i) => ({ ...real.expectations[0]!, label: `check ${i}`, passed: i !== 65 }));
    const text = formatHumanSummary({ ...real, services, subnets: subnets as unknown as RunSummary['subnets'], expectations }, null);
    expect(text.match(/^service service-/gm)).toHaveLength(20);
    expect(text).toContain('\n... and 25 more services (summary.json)\n');
    expect(text.match(/^subnet subnet-/gm)).toHaveLength(20);
    expect(text).toContain('\n... and 10 more subnets (summary.json)\n');
    expect(text).toContain('expectations: 69 passed, 1 failed\n  FAIL  check 65 ');
    expect(text).toContain('  ... and 20 more (summary.json)');
  });

  it('keeps the scale-out table within 100 columns, cutting a long service name', () => {
    const real = quickstartSummary();
    const row: ScaleOutRow = {
      service: 'a-service-with-a-very-long-name-indeed',
      atS: 86_399,
      from: 9_999,
      to: 99_999,
      newTasks: 90_000,
      cause: 'target tracking: CPUUtilization',
      detectionS: 12_345.6,
      provisioningS: 123_456.7,
      imagePullS: 12_345.6,
      containerStartS: 12.3,
      healthCheckS: 123.4,
      totalS: 12_345.6,
    };
    const text = formatHumanSummary({ ...real, scaling: [row] }, null);
    const table = text.split('\n').filter((l) => l.startsWith('  a-service') || l.startsWith('  service        at'));
    expect(table).toHaveLength(2);
    for (const line of table) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(table[1]).toMatch(/^ {2}a-service-\.\.\. /);
  });
});
