import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli } from '../support/cli-runner.js';


const tmp = (): string => mkdtempSync(join(tmpdir(), 'fleetsim-'));
const OUTPUTS = ['cost.csv', 'events.csv', 'metrics.csv', 'report.html', 'report.json', 'scaling.csv', 'summary.json', 'tasks.csv', 'timeline.csv'];

describe('fleetsim run', () => {
  it('writes every output and a readable summary', async () => {
    const out = tmp();
    const r = await cli('run', 'scenarios/quickstart.yaml', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
    expect(r.stdout).toMatch(/service web: desired 9, running 9/);
    expect(r.stdout).toMatch(/expectations: 3 passed, 0 failed/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.passed).toBe(true);
    expect(readFileSync(join(out, 'tasks.csv'), 'utf8').split('\n')[0]).toMatch(/^task_id,service,/);
    expect(readFileSync(join(out, 'timeline.csv'), 'utf8').split('\n').length).toBeGreaterThan(100);
  });

  it('is deterministic: the same seed gives byte-identical files; another seed differs', async () => {
    const a = tmp();
    const b = tmp();
    const c = tmp();
    await cli('run', 'scenarios/quickstart.yaml', '--out', a, '-q');
    await cli('run', 'scenarios/quickstart.yaml', '--out', b, '-q');
    await cli('run', 'scenarios/quickstart.yaml', '--out', c, '-q', '--seed', '7');
    for (const f of OUTPUTS) expect(readFileSync(join(b, f)), f).toEqual(readFileSync(join(a, f)));
    expect(readFileSync(join(c, 'tasks.csv'), 'utf8')).not.toEqual(readFileSync(join(a, 'tasks.csv'), 'utf8'));
  });

  it('exits 1 when an expectation fails, and says which', async () => {
    const dir = tmp();
    const file = join(dir, 'fail.yaml');
    const text = readFileSync(join(ROOT, 'scenarios/quickstart.yaml'), 'utf8').replace('running: 9, stopped', 'running: 10, stopped');
    writeFileSync(file, text);
    const r = await cli('run', file, '--out', join(dir, 'out'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}at end: web running = 10/);
  });

  it('stops a runaway scenario at the event limit with a clear error (exit 2), leaving old outputs intact', async () => {
    const out = tmp();
    writeFileSync(join(out, 'summary.json'), 'previous');
    const r = await cli('run', 'test/fixtures/runaway.yaml', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/runaway\.yaml: error: event limit of 200,000 events reached/);
    // One line that says where to replay from: the time, the event and the seed.
    expect(r.stderr).toMatch(/^[^\n]* at simulated time \d+ ms \(event #\d+, seed 1\); [^\n]*\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out)).toEqual(['summary.json']);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe('previous');
  });

  it('--no-events skips events.csv (and removes one an earlier run left), with the same other outputs', async () => {
    const out = tmp();
    await cli('run', 'scenarios/quickstart.yaml', '--out', out, '-q');
    const tasks = readFileSync(join(out, 'tasks.csv'), 'utf8');
    const r = await cli('run', 'scenarios/quickstart.yaml', '--out', out, '--no-events');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS.filter((f) => f !== 'events.csv'));
    expect(readFileSync(join(out, 'tasks.csv'), 'utf8')).toBe(tasks);
    expect(r.stdout).toMatch(/outputs: .*\{summary\.json,tasks\.csv,/);
    expect(r.stdout).not.toMatch(/events\.csv/);
  });

  it('an --out that cannot be written is bad input: one line, exit 2', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'file'), 'not a folder');
    const r = await cli('run', 'scenarios/quickstart.yaml', '--out', join(dir, 'file', 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: cannot write ${join(dir, 'file', 'out')}: a parent is not a directory\n`);
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('--until shortens the run', async () => {
    const r = await cli('run', 'scenarios/quickstart.yaml', '--out', tmp(), '--until', '2m', '-o', 'json');
    expect(JSON.parse(r.stdout).durationS).toBe(120);
  });
});

describe('fleetsim validate', () => {
  it.each([
    ['test/fixtures/broken-yaml.yaml', /^test\/fixtures\/broken-yaml\.yaml:\d+:\d+: error: YAML: /],
    ['test/fixtures/unknown-key.yaml', /^test\/fixtures\/unknown-key\.yaml:9:5: error: unknown key 'desiredCont' \(did you mean 'desiredCount'\?\) \(at services\[0\]\.desiredCont\)$/m],
    ['test/fixtures/wrong-type.yaml', /^test\/fixtures\/wrong-type\.yaml:8:24: error: must be a whole number, got 'two' \(at cluster\.autoScalingGroups\[0\]\.desiredCapacity\)$/m],
    ['test/fixtures/negative-count.yaml', /^test\/fixtures\/negative-count\.yaml:7:19: error: must be at least 0, got -3 \(at services\[0\]\.desiredCount\)$/m],
  ])('%s: file:line:col message, exit 2, no stack trace', async (file, pattern) => {
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('accepts every scenario in scenarios/', async () => {
    const files = readdirSync(join(ROOT, 'scenarios'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => `scenarios/${f}`);
    const r = await cli('validate', ...files);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a missing file is bad input, not a crash', async () => {
    const r = await cli('validate', 'nope.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nope.yaml:1:1: error: cannot read scenario: no such file\n');
  });

  it('-o json lists each file', async () => {
    const r = await cli('validate', 'scenarios/quickstart.yaml', 'test/fixtures/negative-count.yaml', '-o', 'json');
    expect(JSON.parse(r.stdout)).toMatchObject([{ file: 'scenarios/quickstart.yaml', valid: true }, { valid: false, problems: 1 }]);
  });
});

describe('fleetsim (other commands and usage)', () => {
  it('schema prints a JSON Schema that matches the committed docs/scenario.schema.json', async () => {
    const r = await cli('schema');
    const schema = JSON.parse(r.stdout);
    expect(schema.title).toBe('fleetsim scenario');
    expect(readFileSync(join(ROOT, 'docs/scenario.schema.json'), 'utf8')).toBe(r.stdout);
  });

  it('max-pods prints the published figures as JSON rows', async () => {
    const r = await cli('max-pods', 'c5.large', 'c5.18xlarge', '-o', 'json');
    expect(JSON.parse(r.stdout)).toEqual([
      { instanceType: 'c5.large', maxPods: 29 },
      { instanceType: 'c5.18xlarge', maxPods: 737 },
    ]);
    const pd = await cli('max-pods', 'c5.large', '--prefix-delegation', '-o', 'csv');
    expect(pd.stdout).toBe('instanceType,maxPods\nc5.large,110\n');
  });

  it('an unknown instance type suggests the nearest names', async () => {
    const r = await cli('max-pods', 'c5.larg');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown instance type 'c5\.larg' \(did you mean 'c5\.large'/);
  });

  it('catalog filters by family', async () => {
    const r = await cli('catalog', '--family', 'c6g', '-o', 'json');
    const rows = JSON.parse(r.stdout) as { instanceType: string }[];
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((x) => x.instanceType.startsWith('c6g.'))).toBe(true);
  });

  it('usage errors exit 2 with one line and a pointer to --help', async () => {
    const r = await cli('run');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: .*\nRun 'fleetsim --help' for usage\.\n$/);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('run', 'scenarios/quickstart.yaml', '--bogus-flag')).code).toBe(2);
  });

  it.each([
    [['run', 'scenarios/quickstart.yaml', '--max-events', 'abc'], 'error: --max-events: must be a whole number, at least 1'],
    [['run', 'scenarios/quickstart.yaml', '--max-events', '0'], 'error: --max-events 0: must be a whole number, at least 1'],
    [['startup-table', '--samples', '2.5'], 'error: --samples 2.5: must be a whole number, at least 1'],
    [['summary-table', '--samples', 'x'], 'error: --samples: must be a whole number, at least 1'],
    [['sweep', 'scenarios/quickstart.yaml', '--workers', '0'], 'error: --workers 0: must be a whole number, at least 1'],
    [['sweep', 'scenarios/quickstart.yaml', '--set'], 'error: Not enough arguments following: set'],
  ])('a bad option value is a usage error before anything runs: %j', async (argv, message) => {
    const out = mkdtempSync(join(tmpdir(), 'fleetsim-usage-'));
    const r = await cli(...argv, '--out', join(out, 'never'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${message}\nRun 'fleetsim --help' for usage.\n`);
    expect(r.stdout).toBe('');
    expect(readdirSync(out)).toEqual([]);
  });

  it('--help shows commands and examples; --version prints the version', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/fleetsim run <scenario>/);
    expect((await cli('run', '--help')).stdout).toMatch(/Examples:/);
    expect((await cli('--version')).stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
