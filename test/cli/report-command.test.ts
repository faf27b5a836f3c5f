import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../support/cli-runner.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'fleetsim-report-'));

describe('fleetsim report', () => {
  it('rebuilds the report.html the run wrote, byte for byte, from report.json alone', async () => {
    const out = tmp();
    expect((await cli('run', 'scenarios/quickstart.yaml', '--out', out, '-q')).code).toBe(0);
    const written = readFileSync(join(out, 'report.html'), 'utf8');
    for (const f of readdirSync(out)) if (f !== 'report.json') rmSync(join(out, f));
    const r = await cli('report', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${join(out, 'report.html')}\n`);
    expect(readdirSync(out).sort()).toEqual(['report.html', 'report.json']);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(written);
  });

  it('a folder without report.json is bad input: one line, exit 2', async () => {
    const dir = tmp();
    const r = await cli('report', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${dir}: no report.json (not the output folder of fleetsim run)\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a report.json that is not one is bad input, named with what is wrong', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'report.json'), '{"format": "fleetsim-report/1", "scenario": "x"');
    const broken = await cli('report', dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`^error: ${join(dir, 'report.json')}: not valid JSON \\(.*\\)\\n$`));
    writeFileSync(join(dir, 'report.json'), '{"format": "fleetsim-report/0"}');
    const other = await cli('report', dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(`error: ${join(dir, 'report.json')}: format "fleetsim-report/0", expected fleetsim-report/1: written by another fleetsim version; run the scenario again\n`);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});
