import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { formatClock, RunProgress } from '../../src/cli/run-progress.js';
import { ROOT } from '../support/cli-runner.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'fleetsim-run-'));

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
