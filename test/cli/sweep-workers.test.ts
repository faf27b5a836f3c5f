import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { compileCli, removeCompiledCli, ROOT } from '../support/compiled-cli.js';

/**
 * The worker-thread path runs compiled JavaScript (vitest runs the TypeScript sources, where the
 * pool falls back to one thread): the suite transpiles the CLI (test/support/compiled-cli.ts)
 * and spawns it as `npx fleetsim` would run it.
 */
const run = promisify(execFile);
let build: string;

beforeAll(() => {
  build = compileCli('fleetsim-sweep-test-').dir;
});

afterAll(() => {
  removeCompiledCli(build);
});

describe('fleetsim sweep on worker threads (compiled CLI)', () => {
  it('runs on workers and writes the same bytes as the in-process sweep', async () => {
    // 16 minutes: the shortest run in which quickstart's last event (15m) and timed expectations (7m) happen.
    const args = ['sweep', 'scenarios/quickstart.yaml', '--set', 'services[0].desiredCount=4,6', '--set', 'duration=16m', '--seeds', '1..3'];
    const workers = mkdtempSync(join(tmpdir(), 'fleetsim-workers-'));
    const r = await run(process.execPath, [join(build, 'bin', 'fleetsim.js'), ...args, '--workers', '2', '--out', workers], { cwd: ROOT });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/6 runs \(2 parameter sets x seeds 1\.\.3\) on 2 worker threads/);

    const inProcess = mkdtempSync(join(tmpdir(), 'fleetsim-inprocess-'));
    const code = await main([...args, '--workers', '1', '--out', inProcess, '-q'], { stdout: () => undefined, stderr: () => undefined, cwd: ROOT, isTTY: false });
    expect(code).toBe(0);
    for (const f of ['sweep.csv', 'sweep.md', 'sweep.json']) expect(readFileSync(join(workers, f), 'utf8'), f).toBe(readFileSync(join(inProcess, f), 'utf8'));
    expect(relative(ROOT, build)).toMatch(/^node_modules/);
  });

  it('reports a run that fails in a worker with its index and seed', async () => {
    const args = ['sweep', 'test/fixtures/runaway.yaml', '--set', 'maxEvents=2000', '--seeds', '1..2', '--workers', '2', '--out', join(dirname(build), 'never')];
    const r = await run(process.execPath, [join(build, 'bin', 'fleetsim.js'), ...args], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect((r as { code: number }).code).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/runaway\.yaml: run [01] \(seed [12]; maxEvents=2000\): error: event limit of 2,000 events reached/);
  });

  it('a run that needs more memory than a worker may use fails the sweep with its index, the limit and how to raise it', async () => {
    // 30,000 instances need more than 64 MiB of heap (10,000 fit).
    const args = ['sweep', 'scenarios/quickstart.yaml', '--set', 'cluster.autoScalingGroups[0].desiredCapacity=30000', '--set', 'cluster.autoScalingGroups[0].maxSize=30000', '--set', 'services[0].desiredCount=5000', '--seeds', '1..2'];
    const r = await run(process.execPath, [join(build, 'bin', 'fleetsim.js'), ...args, '--workers', '2', '--worker-memory', '64', '--out', join(dirname(build), 'never')], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect((r as { code: number }).code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^scenarios\/quickstart\.yaml: run [01] \(seed [12]; .*\): error: the run needs more memory than a sweep worker may use \(64 MiB; docs\/limits\.md\): raise it with --worker-memory/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
