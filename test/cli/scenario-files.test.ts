import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkScenarioPath } from '../../src/scenario/scenario-path.js';
import { checkTrafficTrace, excerpt, MAX_TRACE_RPS } from '../../src/scenario/traffic-trace.js';
import { ROOT, cli } from '../support/cli-runner.js';

/**
 * Files a scenario names stay inside its folder (issue 21): the traffic trace of `load.rps.trace`
 * is resolved against the scenario's folder and refused, at the field's line and column, when it
 * is absolute, leaves the folder by `..` or a symbolic link, is a URL, or is not a regular text
 * file; a trace must parse completely. No error quotes more than a short excerpt of a file.
 */
const SECRET = `SECRET-${'s'.repeat(200)}`;
let root: string;
let folder: string;
let scenario: (trace: string) => string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'fleetsim-scenario-files-'));
  folder = join(root, 'scenario');
  mkdirSync(join(folder, 'sub'), { recursive: true });
  mkdirSync(join(root, 'outside'));
  writeFileSync(join(root, 'outside', 'secret.csv'), `${SECRET}\n0,10\n`);
  writeFileSync(join(folder, 'traffic.csv'), 'time_s,rps\n0,10\n60,30\n');
  writeFileSync(join(folder, 'sub', 'traffic.csv'), '0,10\n');
  symlinkSync('traffic.csv', join(folder, 'inner-link.csv'));
  symlinkSync(join(root, 'outside', 'secret.csv'), join(folder, 'link.csv'));
  symlinkSync(join(root, 'outside'), join(folder, 'data'));
  symlinkSync('/dev/zero', join(folder, 'zero.csv'));
  symlinkSync('/etc/passwd', join(folder, 'passwd.csv'));
  execFileSync('mkfifo', [join(folder, 'fifo.csv')]);
  writeFileSync(join(folder, 'empty.csv'), '');
  writeFileSync(join(folder, 'header-only.csv'), 'time_s,rps\n');
  writeFileSync(join(folder, 'semicolons.csv'), '0;100\n60;200\n');
  writeFileSync(join(folder, 'huge-rps.csv'), 'time_s,rps\n0,10\n60,1e308\n');
  writeFileSync(join(folder, 'negative.csv'), '0,10\n60,-5\n');
  writeFileSync(join(folder, 'secret-row.csv'), `0,10\n${SECRET},1\n`);
  writeFileSync(join(folder, 'binary.csv'), Buffer.from([0, 1, 2, 3, 0xff]));
  const base = readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8').replace(/\nevents:[\s\S]*$/, '\n');
  scenario = (trace) => {
    const file = join(folder, 's.yaml');
    writeFileSync(file, `${base.trimEnd()}\n    load: { rps: { trace: '${trace.replace(/'/g, "''")}' }, cpuPerRequest: 20ms }\n`);
    return file;
  };
});

/** The line and column of the trace field in the scenario `scenario()` writes. */
function traceField(file: string): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes('trace:'));
  return `${file}:${line + 1}:${lines[line]!.indexOf('trace:') + 8}`;
}

describe('a traffic trace the scenario names', () => {
  it.each(['traffic.csv', './traffic.csv', 'sub/traffic.csv', 'sub/../traffic.csv', 'inner-link.csv'])('%s, inside the folder, is read', async (trace) => {
    const r = await cli('validate', scenario(trace));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it.each([
    ['../outside/secret.csv', "leaves the scenario's folder ('..'); keep the file beside the scenario or below it"],
    ['sub/../../outside/secret.csv', "leaves the scenario's folder ('..'); keep the file beside the scenario or below it"],
    ['/etc/passwd', "is an absolute path; name the file relative to the scenario's folder"],
    ['/dev/zero', "is an absolute path; name the file relative to the scenario's folder"],
    ['link.csv', "is a symbolic link to a file outside the scenario's folder"],
    ['data/secret.csv', "is a symbolic link to a file outside the scenario's folder"],
    ['zero.csv', "is a symbolic link to a file outside the scenario's folder"],
    ['passwd.csv', "is a symbolic link to a file outside the scenario's folder"],
    ['https://example.com/traffic.csv', "is a URL; fleetsim reads only files in the scenario's folder"],
    ['file:///etc/passwd', "is a URL; fleetsim reads only files in the scenario's folder"],
    ['~/.aws/credentials', "starts with '~', which is not expanded here; name the file relative to the scenario's folder"],
    ['sub\\..\\..\\secret.csv', "contains '\\'; separate folders with '/'"],
    ['fifo.csv', 'is a FIFO (named pipe), not a regular file'],
    ['sub', 'is a directory'],
    ['binary.csv', 'is not a text file (a NUL byte at offset 0: binary, or UTF-16 without a byte-order mark)'],
    ['missing.csv', 'cannot be read: no such file'],
  ])("%s is refused at the field's line and column, exit 2, quoting nothing of the file", async (trace, reason) => {
    const file = scenario(trace);
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${traceField(file)}: error: traffic trace '${excerpt(trace)}' ${reason} (at services[0].load.rps.trace)\n`);
    expect(r.stderr).not.toContain('SECRET');
    expect(r.stderr).not.toContain('root:');
  });

  it.each([
    ['empty.csv', "empty.csv:1: no rows: expected lines of 'time_s,rps'"],
    ['header-only.csv', "header-only.csv:1: no rows: expected lines of 'time_s,rps'"],
    ['semicolons.csv', "semicolons.csv:1: expected 'time_s,rps' (comma-separated), got '0;100'"],
    ['huge-rps.csv', `huge-rps.csv:3: rps 1e308 is more than the limit of ${MAX_TRACE_RPS.toLocaleString('en-US')} (docs/limits.md)`],
    ['negative.csv', "negative.csv:2: expected 'time_s,rps', got '60,-5'"],
    ['secret-row.csv', `secret-row.csv:2: expected 'time_s,rps', got '${SECRET.slice(0, 40)}...'`],
  ])('%s must parse completely: the first bad line, with at most a short excerpt', async (trace, message) => {
    const file = scenario(trace);
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${traceField(file)}: error: ${message} (at services[0].load.rps.trace)\n`);
    expect(r.stderr).not.toContain(SECRET.slice(0, 60));
  });

  it('run, sweep and compare refuse the same path before running anything', async () => {
    const file = scenario('../outside/secret.csv');
    const out = join(root, 'never');
    for (const argv of [['run', file], ['sweep', file, '--seeds', '1..3'], ['compare', file]]) {
      const r = await cli(...argv, '--out', out);
      expect(r.code, argv[0]).toBe(2);
      expect(r.stderr, argv[0]).toMatch(/^.*s\.yaml:\d+:\d+: error: traffic trace '\.\.\/outside\/secret\.csv' leaves the scenario's folder/);
    }
  });
});

describe('checkScenarioPath (the lexical rule every reader applies)', () => {
  it.each([
    ['traffic.csv', 'traffic.csv'],
    ['./a/b.csv', 'a/b.csv'],
    ['a/../b.csv', 'b.csv'],
    ['a//b.csv', 'a/b.csv'],
  ])('%s is allowed, as %s', (named, relative) => {
    expect(checkScenarioPath(named)).toEqual({ ok: true, relative });
  });

  it.each(['', ' ', '..', '../x', 'a/../../x', '/x', 'C:\\x', '\\\\server\\x', 'a\\b', 'http://x/y', 'data:text/csv,0,1', 'x\u0000y', '.', 'a/', '~/x', 'x'.repeat(1025)])('%j is refused', (named) => {
    expect(checkScenarioPath(named).ok).toBe(false);
  });
});

describe('checkTrafficTrace', () => {
  it('counts the points of a trace with a header, blank lines and CRLF line ends', () => {
    expect(checkTrafficTrace('time_s,rps\r\n0,10\r\n\r\n60, 20.5\r\n')).toEqual({ ok: true, points: 2 });
  });

  it.each([
    ['0,10\nx,1\n', 2],
    ['0,10\n60,\n', 2],
    ['0,10\n60,0x10\n', 2],
    ['0,10\n-1,5\n', 2],
    ['0,10,3\n', 1],
    ['0,Infinity\n', 1],
    ['1e400,1\n', 1],
    ['time_s,rps\n\ntime_s,rps\n0,1\n', 3],
  ])('%j: an error at line %i', (text, line) => {
    const r = checkTrafficTrace(text);
    expect(r.ok ? 0 : r.line).toBe(line);
  });

  it('excerpts escape control characters and stop at 40 characters', () => {
    expect(excerpt('a\u0000b\u001b[31m')).toBe('a\\u0000b\\u001b[31m');
    expect(excerpt('y'.repeat(100))).toBe(`${'y'.repeat(40)}...`);
  });
});
