import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStartupMatrix } from '../../src/experiments/startup-matrix.js';
import { main } from '../../src/cli/main.js';
import { cli } from '../support/cli-runner.js';

/**
 * The commands that reproduce a table of the seed document: each writes the markdown it prints
 * to --out, names the command line that regenerates it, and exits by its own rule. The figures
 * themselves are checked in test/experiments/.
 */
const tmp = (): string => mkdtempSync(join(tmpdir(), 'fleetsim-tables-'));

describe('fleetsim startup-table', () => {
  it('writes the table it prints, with the command that regenerates it', async () => {
    const out = join(tmp(), 'startup.md');
    const r = await cli('startup-table', '--samples', '40', '--seed', '7', '--out', out);
    expect(r.stderr).toBe('');
    // Every median is in the seed's range for 40 samples and seed 7 (test/experiments/startup-matrix.test.ts).
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
    expect(r.stdout).toMatch(/^# Container start-up time: the seed's table, reproduced\n/);
    expect(r.stdout).toContain('Regenerate with `npx fleetsim startup-table --samples 40 --seed 7 --seed-count 9`.');
    for (const row of ['Small image (50 MB)', 'Medium image (200 MB)', 'Large image (1 GB)', 'Cached image']) expect(r.stdout).toContain(`| ${row} |`);
  });

  it('exits 1 when a median falls outside the seed range, 0 when none does', async () => {
    const outOfRange = (seed: string): number => runStartupMatrix({ samples: 1, seed, seedCount: 1 }).filter((c) => c.p50 < c.seedRange[0] || c.p50 > c.seedRange[1]).length;
    const seeds = Array.from({ length: 20 }, (_, i) => String(i + 1));
    // One task per cell and one seed: some seeds put a median outside its range, some do not.
    const off = seeds.find((s) => outOfRange(s) > 0)!;
    const inside = seeds.find((s) => outOfRange(s) === 0)!;
    expect([off, inside]).not.toContain(undefined);
    const dir = tmp();
    expect((await cli('startup-table', '--samples', '1', '--seed', off, '--seed-count', '1', '--out', join(dir, 'off.md'))).code).toBe(1);
    expect((await cli('startup-table', '--samples', '1', '--seed', inside, '--seed-count', '1', '--out', join(dir, 'in.md'))).code).toBe(0);
  });
});

describe('fleetsim scaling-table', () => {
  it('writes the table it prints; exit 0 when every figure is in range or explained', async () => {
    const out = join(tmp(), 'scaling.md');
    const r = await cli('scaling-table', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
    expect(r.stdout).toMatch(/^# Scaling speed: the seed's table, reproduced\n/);
    expect(r.stdout).toContain('Regenerate with `npx fleetsim scaling-table --seed 1 --seed-count 21`.');
    expect(r.stdout).not.toContain('OUT OF RANGE');
  });
});

describe('fleetsim cost-tables', () => {
  it('writes the tables it prints and names on stderr the totals not within 10 % of the seed', async () => {
    const out = join(tmp(), 'cost.md');
    const r = await cli('cost-tables', '--out', out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
    expect(r.stdout).toMatch(/^# The seed's cost tables, reproduced\n/);
    expect(r.stdout).toContain('Regenerate with `npx fleetsim cost-tables`;');
    // The one figure test/experiments/cost-tables.test.ts holds to be out of reach.
    expect(r.stderr).toBe(`not within 10 % of the seed (explained in ${out}): At scale: EKS EC2 (RI + Spot) total\n`);
  });
});

describe('fleetsim summary-table', () => {
  it('writes the table it prints, with the command that regenerates it', async () => {
    const out = join(tmp(), 'summary.md');
    const r = await cli('summary-table', '--samples', '10', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
    expect(r.stdout).toMatch(/^# The seed's summary table \(§15\), quantitative rows, from simulation\n/);
    expect(r.stdout).toContain('Regenerate with `npx fleetsim summary-table --samples 10 --seed 1 --seed-count 9`.');
    expect(r.stdout).toMatch(/^\| Control plane cost \| Free; \*\*\$0\/mo\*\* \|/m);
    // The EC2 and Fargate start-up cells are medians over 9 seeds, with the seeds' p5-p95.
    expect(r.stdout).toMatch(/^\| Startup time \| 15-45s; \*\*[\d.]+-[\d.]+s\*\* \(median, 50 MB to 200 MB image; seeds [\d.]+-[\d.]+ \/ [\d.]+-[\d.]+s\) \|/m);
  });

  it('an unreadable workload is bad input: one line, exit 2, nothing written', async () => {
    const out = join(tmp(), 'summary.md');
    const r = await cli('summary-table', '--workload', 'nope.yaml', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nope.yaml: error: cannot read workload (ENOENT)\n');
    expect(existsSync(out)).toBe(false);
  });
});

describe('where the seed-table commands write', () => {
  it('by default results/<table>.md under the working directory, creating results/', async () => {
    const cwd = tmp();
    let stdout = '';
    let stderr = '';
    const code = await main(['scaling-table'], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, isTTY: false });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(readdirSync(cwd)).toEqual(['results']);
    expect(readdirSync(join(cwd, 'results'))).toEqual(['scaling-table.md']);
    expect(readFileSync(join(cwd, 'results', 'scaling-table.md'), 'utf8')).toBe(stdout);
  });

  it('an --out that cannot be written is bad input: one line, exit 2, nothing printed', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'file'), 'not a folder');
    const r = await cli('scaling-table', '--out', join(dir, 'file', 'scaling.md'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: cannot write ${join(dir, 'file', 'scaling.md')}: a parent is not a directory\n`);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['file']);
  });
});
