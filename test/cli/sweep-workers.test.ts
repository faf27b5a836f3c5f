import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

/**
 * The worker-thread path runs compiled JavaScript (vitest runs the TypeScript sources, where the
 * pool falls back to one thread). A full `tsc` build takes longer than this suite may, so the
 * test transpiles src/ file by file (the project sets isolatedModules, so that is exactly what
 * tsc emits, minus type checking), lays it out like the package (bin/, dist/src/), and spawns
 * the CLI as `npx fleetsim` would run it.
 */
const ROOT = resolve(__dirname, '..', '..');
const run = promisify(execFile);
let build: string;

function transpileTree(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const path = join(from, name);
    if (statSync(path).isDirectory()) {
      transpileTree(path, join(to, name));
    } else if (name.endsWith('.ts')) {
      const out = ts.transpileModule(readFileSync(path, 'utf8'), {
        fileName: path,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      });
      mkdirSync(to, { recursive: true });
      writeFileSync(join(to, name.replace(/\.ts$/, '.js')), out.outputText);
    }
  }
}

beforeAll(() => {
  // Inside the repository so that the compiled code resolves its dependencies from node_modules.
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  build = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'fleetsim-sweep-test-'));
  transpileTree(join(ROOT, 'src'), join(build, 'dist', 'src'));
  writeFileSync(join(build, 'package.json'), JSON.stringify({ name: 'fleetsim-test-build', type: 'module' }));
  mkdirSync(join(build, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'fleetsim.js'), join(build, 'bin', 'fleetsim.js'));
});

afterAll(() => {
  if (build !== undefined) rmSync(build, { recursive: true, force: true });
});

describe('fleetsim sweep on worker threads (compiled CLI)', () => {
  it('runs on workers and writes the same bytes as the in-process sweep', async () => {
    const args = ['sweep', 'scenarios/quickstart.yaml', '--set', 'services[0].desiredCount=4,6', '--set', 'duration=6m', '--seeds', '1..3'];
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
});
