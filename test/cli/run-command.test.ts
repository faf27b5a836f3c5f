import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { formatClock, RunProgress } from '../../src/cli/run-progress.js';
import { cli, ROOT } from '../support/cli-runner.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'fleetsim-run-'));

describe('what a run cannot have seen', () => {
  it('an expectation timed after the end of the run (--until shorter than its `at`) is "not reached", never PASS: exit 1', async () => {
    const out = tmp();
    const r = await cli('run', 'scenarios/quickstart.yaml', '--until', '3m', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('expectations: 0 passed, 3 failed\n');
    expect(r.stdout).toContain('  FAIL  at 4m: web running = 6  (not reached: the run ended at 3m)\n');
    expect(r.stdout).toContain('  FAIL  at 7m: web running = 18, unplaced = 0  (not reached: the run ended at 3m)\n');
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.passed).toBe(false);
    expect(summary.expectations.filter((e: { observed: string }) => e.observed.startsWith('not reached'))).toHaveLength(2);
  });

  it('an expectation at exactly the end is judged on the final state', async () => {
    const r = await cli('run', 'scenarios/quickstart.yaml', '--until', '4m', '--out', tmp());
    expect(r.stdout).toContain('  PASS  at 4m: web running = 6  (running = 6)\n');
  });
});

describe('the progress line of a long run', () => {
  it('is silent for the first 2 s, then shows simulated time, events/s and ETA, throttled, and is erased at the end', () => {
    let now = 0;
    const written: string[] = [];
    const progress = new RunProgress((t) => written.push(t), 'quickstart', 3_600_000, () => now);
    now = 1_000;
    progress.update(600_000, 100_000);
    expect(written).toEqual([]);
    now = 2_000;
    progress.update(1_200_000, 200_000);
    expect(written).toEqual(['\rquickstart: 20m of 1h simulated (33%), 200,000 events, 100,000 events/s, eta 4s\x1b[K']);
    now = 2_100;
    progress.update(1_260_000, 210_000);
    expect(written).toHaveLength(1);
    progress.finish();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('fits the terminal: a long line is cut', () => {
    let now = 0;
    const written: string[] = [];
    const progress = new RunProgress((t) => written.push(t), 'x'.repeat(200), 60_000, () => now, { columns: 80 });
    now = 5_000;
    progress.update(30_000, 10);
    expect(written[0]!.replace('\r', '').replace('\x1b[K', '')).toHaveLength(79);
  });

  it('a short run on a terminal prints exactly what it prints elsewhere (no progress line under 2 s)', async () => {
    let stderr = '';
    const code = await main(['run', 'scenarios/quickstart.yaml', '--out', tmp(), '-q'], { stdout: () => undefined, stderr: (s) => (stderr += s), cwd: ROOT, isTTY: true, columns: 80 });
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('formatClock', () => {
    expect([0, 45_000, 750_000, 1_200_000, 3_600_000, 11_100_000, 86_400_000 * 3 + 3_600_000 * 4, 86_400_000 * 400, Number.NaN].map(formatClock)).toEqual([
      '0s',
      '45s',
      '12m30s',
      '20m',
      '1h',
      '3h05m',
      '3d04h',
      '400d',
      '?',
    ]);
  });
});

describe('the width of a terminal that does not report one', () => {
  it('a width of 0 counts as unknown: progress lines and tables use 100 columns', async () => {
    const { tableWidth } = await import('../../src/cli/text-table.js');
    expect([tableWidth({ columns: 0 }), tableWidth({}), tableWidth({ columns: 20 }), tableWidth({ columns: 160 })]).toEqual([100, 100, 40, 160]);
    let now = 0;
    const written: string[] = [];
    const progress = new RunProgress((t) => written.push(t), 'x'.repeat(300), 60_000, () => now, { columns: 0 });
    now = 5_000;
    progress.update(59_900, 10);
    expect(written[0]!.replace('\r', '').replace('\x1b[K', '')).toHaveLength(99);
  });
});
