import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli-runner.js';

/** A scenario file in a fresh folder. */
function scenario(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-limits-'));
  writeFileSync(join(dir, 's.yaml'), text);
  return join(dir, 's.yaml');
}

const hosts = (n: number) => `name: s
duration: 2m
cluster:
  platform: ecs
  autoScalingGroups:
    - { name: g, instanceType: m5.large, desiredCapacity: ${n}, maxSize: ${n} }
`;

describe('the run limits at the command line', () => {
  it('--max-hosts lowers (or raises) the host limit the scenario is checked against', async () => {
    const file = scenario(hosts(3));
    expect((await cli('validate', file)).code).toBe(0);
    const r = await cli('validate', file, '--max-hosts', '2');
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/s\.yaml:6:\d+: error: the Auto Scaling groups start with 3 hosts together, more than fleetsim's limit of 2 hosts \(docs\/limits\.md\); raise it with --max-hosts/);
    for (const bad of ['0', '-1', '1.5', 'abc']) expect((await cli('validate', file, '--max-hosts', bad)).code, bad).toBe(2);
    // A sweep checks and runs every set with it.
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-limits-out-')), 'out');
    const sweep = await cli('sweep', file, '--max-hosts', '2', '--out', out);
    expect(sweep.code).toBe(2);
    expect(sweep.stderr).toMatch(/s\.yaml:6:\d+: error: the Auto Scaling groups start with 3 hosts together, more than fleetsim's limit of 2 hosts/);
    expect((await cli('sweep', file, '--max-hosts', '3', '--out', out, '-q')).code).toBe(0);
  });

  it('--until is held to the same limits as the duration: the longest run, rows of timeline.csv, fault arrivals', async () => {
    const file = scenario(hosts(1));
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-limits-out-')), 'out');
    const long = await cli('run', file, '--until', '400d', '--out', out);
    expect(long.code).toBe(2);
    expect(long.stderr).toBe('error: --until 400d: 400d is longer than the longest run fleetsim simulates, 366d (docs/limits.md); split the run or shorten it\n');
    const rows = await cli('run', file, '--until', '200d', '--out', out);
    expect(rows.code).toBe(2);
    expect(rows.stderr).toMatch(/^error: --until 200d: sampling every 10s for 200d writes 1,728,001 rows to timeline\.csv, more than the limit of 1,000,000 rows \(docs\/limits\.md\); sample every \S+ or more\n$/);
    const faults = scenario(`${hosts(1)}services:
  - serviceName: web
    desiredCount: 1
    taskDefinition:
      cpu: 256
      memory: 512
      containerDefinitions:
        - { name: app, image: nginx, imageSize: 100MB }
events:
  - { at: 1m, taskKill: { service: web, count: 1 }, every: 1s, until: 300d }
`);
    expect((await cli('validate', faults)).code).toBe(0);
    const arrivals = await cli('run', faults, '--until', '30d', '--out', out);
    expect(arrivals.code).toBe(2);
    expect(arrivals.stderr).toMatch(/^error: --until 30d: about 2,591,940 fault arrivals in the run, more than the limit of 100,000/);
  });
});
