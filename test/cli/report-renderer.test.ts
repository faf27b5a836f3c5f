import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startReportRenderer } from '../../src/cli/report-renderer.js';
import type { RunReportData } from '../../src/report/html/report-data.js';
import { renderRunReportHtml } from '../../src/report/html/run-report-html.js';
import { compileCli, removeCompiledCli, ROOT } from '../support/compiled-cli.js';

/**
 * report.html's drawing process (src/cli/report-renderer.ts) runs compiled JavaScript: the suite
 * transpiles the CLI (test/support/compiled-cli.ts), as the sweep's worker tests do, and checks
 * that the page drawn there is the page drawn in this process, byte for byte, and what happens
 * when the process cannot draw it.
 */
const run = promisify(execFile);
let build: string;
let data: RunReportData;
let expected: string;
/** Entries that stand in for the drawing process, each a few lines of JavaScript. */
let fakes: string;

beforeAll(async () => {
  build = compileCli('fleetsim-render-test-').dir;
  const out = mkdtempSync(join(tmpdir(), 'fleetsim-render-'));
  // 16 minutes of the quick start: incidents, markers, a scale-out, every chart.
  const code = await main(['run', 'scenarios/quickstart.yaml', '--until', '16m', '--out', out, '-q'], { stdout: () => undefined, stderr: () => undefined, cwd: ROOT, isTTY: false });
  expect(code).toBe(0);
  data = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReportData;
  expected = await renderRunReportHtml(data);
  fakes = mkdtempSync(join(tmpdir(), 'fleetsim-render-fakes-'));
});

afterAll(() => {
  removeCompiledCli(build);
});

const compiledEntry = (): URL => pathToFileURL(join(build, 'dist', 'src', 'cli', 'report-render-child.js'));

function fakeEntry(name: string, source: string): URL {
  const path = join(fakes, name);
  writeFileSync(path, source);
  return pathToFileURL(path);
}

describe('the drawing process of report.html', () => {
  it('draws the same page as this process, and says what CPU time it took', async () => {
    const renderer = startReportRenderer(compiledEntry());
    expect(renderer.mode).toBe('process');
    const html = await renderer.render(data);
    renderer.stop();
    expect(renderer.mode).toBe('process');
    expect(html).toBe(expected);
    expect(renderer.processCpuS).toBeGreaterThan(0);
  });

  it('fleetsim run (compiled) writes the report.html that fleetsim report draws in one process', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-render-cli-'));
    const r = await run(process.execPath, [join(build, 'bin', 'fleetsim.js'), 'run', 'scenarios/quickstart.yaml', '--until', '16m', '--out', out, '-q'], { cwd: ROOT });
    expect(r.stderr).toBe('');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(expected);
  });

  it('draws in this process when there is no compiled entry (the TypeScript sources)', async () => {
    const renderer = startReportRenderer(pathToFileURL(join(fakes, 'missing.js')));
    expect(renderer.mode).toBe('in-process');
    expect(await renderer.render(data)).toBe(expected);
    expect(renderer.processCpuS).toBe(0);
  });

  it('draws in this process when the drawing process dies before it answers', async () => {
    const renderer = startReportRenderer(fakeEntry('dies.mjs', 'process.exit(3);\n'));
    expect(await renderer.render(data)).toBe(expected);
    expect(renderer.mode).toBe('in-process');
  });

  it('draws in this process when the drawing process cannot start', async () => {
    const renderer = startReportRenderer(fakeEntry('syntax-error.mjs', 'this is not JavaScript\n'));
    expect(await renderer.render(data)).toBe(expected);
    expect(renderer.mode).toBe('in-process');
  });

  it("rejects with the drawing process's own error when the renderer fails there", async () => {
    const entry = fakeEntry('fails.mjs', "process.once('message', () => process.send({ ok: false, message: 'Vega ERROR: no such field', stack: 'Error: Vega ERROR: no such field\\n    at chart' }, undefined, undefined, () => process.disconnect()));\n");
    const renderer = startReportRenderer(entry);
    await expect(renderer.render(data)).rejects.toThrow('Vega ERROR: no such field');
    renderer.stop();
  });

  it('a page abandoned by stop() is not drawn anywhere', async () => {
    const renderer = startReportRenderer(fakeEntry('never-answers.mjs', "process.on('message', () => undefined);\n"));
    const page = renderer.render(data);
    renderer.stop();
    await expect(page).rejects.toThrow(/ended \(SIGKILL\) before it answered/);
    expect(renderer.mode).toBe('process');
  });
});
