import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { cli } from '../support/cli-runner.js';

/**
 * Careless and hostile input at the CLI's edges (issue 21): every command of the command table,
 * every option its --help lists, given bad values, and every file argument given paths that are
 * not what they should be. None may crash (exit 70, a stack trace), hang (the test's timeout), or
 * answer with more than one line of error: each is `error: <what is wrong>` naming the option or
 * the file, exit 2 (a command that only prints may exit 0 for a value that happens to be valid).
 */
let dir: string;
/** A path under a regular file: refused as an output before anything runs. */
let never: string;
const paths: Record<string, string> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fleetsim-hostile-'));
  writeFileSync(join(dir, 'file'), 'a regular file');
  never = join(dir, 'file', 'never');
  paths.fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [paths.fifo]);
  paths.utf16 = join(dir, 'utf16.yaml');
  writeFileSync(paths.utf16, Buffer.from('\ufeffname: x\nduration: 1m\n', 'utf16le'));
  paths.binary = join(dir, 'binary.yaml');
  writeFileSync(paths.binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
  paths.latin1 = join(dir, 'latin1.yaml');
  writeFileSync(paths.latin1, Buffer.from('name: caf\xe9\n', 'latin1'));
  paths.huge = join(dir, 'huge.yaml');
  writeFileSync(paths.huge, '');
  truncateSync(paths.huge, 64 * 1024 * 1024); // sparse: 64 MiB from stat, nothing on disk
  paths.loop = join(dir, 'loop.yaml');
  symlinkSync(paths.loop, paths.loop);
  paths.folder = join(dir, 'folder');
  mkdirSync(paths.folder);
});

/** Values for options that take one. */
const BAD_VALUES = ['', '-1h', '-5', '0', '1.5', 'abc', '1e308', 'NaN', 'x'.repeat(300), '../../etc/passwd', '/dev/zero'];
/** Values for --out: places no command may write (and, for commands that write a folder, a file; for those that write a file, a folder). */
const BAD_OUTS = (folder: boolean): string[] => ['', '/', '/proc/x', '/sys/x', '/dev/zero', '/etc/fleetsim', '/usr', never, folder ? join(dir, 'file') : dir];
/** Paths for file arguments (scenario, workload, shard folder). */
const BAD_INPUTS = (): string[] => [
  '/dev/zero',
  '/dev/urandom',
  '/dev/null',
  '-',
  'no-such-file.yaml',
  never,
  'x'.repeat(5000),
  paths.fifo!,
  paths.utf16!,
  paths.binary!,
  paths.latin1!,
  paths.huge!,
  paths.loop!,
  paths.folder!,
];

/** The arguments that make each command stop before real work whatever an option's value is. */
const BASE: Record<string, string[]> = {
  run: ['no-such-scenario.yaml'],
  validate: ['no-such-scenario.yaml'],
  schema: [],
  'max-pods': ['c5.large'],
  catalog: [],
  'startup-table': [],
  'scaling-table': [],
  sweep: ['no-such-scenario.yaml'],
  merge: ['no-such-folder'],
  compare: ['no-such-workload.yaml'],
  'cost-tables': [],
  'summary-table': [],
  import: ['no-such-definitions.json'],
  export: ['no-such-scenario.yaml'],
  'placement-bench': ['--hosts', '3'],
};

/** The options `fleetsim <command> --help` lists (without --help and --version), and which take no value or a list. */
async function optionsOf(command: string): Promise<{ name: string; takes: 'value' | 'switch' | 'list' }[]> {
  const help = (await cli(command, '--help')).stdout;
  // An option's entry runs from its line to the next option's (descriptions wrap).
  const entries = help.split(/\n(?= {2}(?:-\w, )? *--)/);
  return entries.flatMap((entry) => {
    const name = /^ {2}(?:-\w, )? *--([a-z][\w-]*)/.exec(entry)?.[1];
    if (name === undefined || name === 'help' || name === 'version') return [];
    return [{ name, takes: entry.includes('[boolean]') ? 'switch' : entry.includes('[array]') ? 'list' : 'value' }];
  });
}

/** What is wrong with how the CLI answered `argv`, or undefined when it answered with one line of error (or passed, if it may). */
async function problemWith(argv: string[], mayPass: boolean): Promise<string | undefined> {
  const r = await cli(...argv);
  const what = `${JSON.stringify(argv).slice(0, 200)} -> exit ${r.code}: ${r.stderr.slice(0, 300)}`;
  if (r.code === 70 || /internal error|\n\s+at /.test(r.stderr)) return `crashed: ${what}`;
  if (r.code === 0 && mayPass) return undefined;
  if (r.code !== 2) return `exit ${r.code}, not 2: ${what}`;
  const lines = r.stderr.replace(/Run 'fleetsim --help' for usage\.\n$/, '').split('\n').filter((l) => l !== '');
  if (lines.length !== 1) return `${lines.length} lines: ${what}`;
  if (lines[0]!.length > 400) return `a line of ${lines[0]!.length} characters: ${what}`;
  return undefined;
}

async function problemsWith(cases: readonly (readonly [string[], boolean])[]): Promise<string[]> {
  const problems: string[] = [];
  for (const [argv, mayPass] of cases) {
    const problem = await problemWith(argv, mayPass);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

describe.each(COMMANDS.map((c) => c.name))('fleetsim %s with bad options and paths', (command) => {
  it('bad option values: one line, exit 2 (never 70, never a stack trace)', async () => {
    expect(BASE[command], `BASE has no entry for ${command}`).toBeDefined();
    const options = await optionsOf(command);
    const writes = options.some((o) => o.name === 'out');
    const cases: [string[], boolean][] = [];
    for (const { name, takes } of options) {
      // A switch or a list stops at a value that starts with '-' (`--quiet -1h` is -1 and -h: the help, exit 0).
      const values = name === 'out' ? BAD_OUTS(!command.endsWith('-table') && command !== 'cost-tables') : BAD_VALUES.filter((v) => takes === 'value' || !v.startsWith('-'));
      for (const value of values) {
        const out = name === 'out' || !writes ? [] : ['--out', never];
        cases.push([[command, ...BASE[command]!, `--${name}`, value, ...out], !writes]);
      }
    }
    expect(await problemsWith(cases)).toEqual([]);
  });

  it('an option given twice is an error naming it', async () => {
    const problems: string[] = [];
    for (const { name, takes } of await optionsOf(command)) {
      if (takes !== 'value') continue; // a list is repeatable by design; a switch takes no value
      const value = name === 'output' ? ['json', 'csv'] : ['1', '2'];
      const r = await cli(command, ...BASE[command]!, `--${name}`, value[0]!, `--${name}`, value[1]!);
      if (!r.stderr.startsWith(`error: --${name} is given 2 times (${value.join(', ')}); give it once\n`)) problems.push(`${command} --${name}: exit ${r.code}: ${r.stderr}`);
    }
    expect(problems).toEqual([]);
  });

  it('file arguments that are devices, FIFOs, folders, links in a loop, too large or not UTF-8 text: one line, exit 2, no hang', async () => {
    const writes = (await optionsOf(command)).some((o) => o.name === 'out');
    const out = writes ? ['--out', never] : [];
    const cases: [string[], boolean][] = [];
    if (['run', 'validate', 'sweep', 'compare', 'import'].includes(command)) {
      for (const path of BAD_INPUTS()) cases.push([[command, path, ...out], false]);
    } else if (command === 'summary-table') {
      for (const path of BAD_INPUTS()) cases.push([[command, '--workload', path, '--out', join(dir, 'summary.md')], false]);
    } else if (command === 'merge') {
      for (const path of BAD_INPUTS()) cases.push([[command, path, '--out', join(dir, 'merged')], false]);
    }
    expect(await problemsWith(cases)).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['binary.yaml', 'fifo', 'file', 'folder', 'huge.yaml', 'latin1.yaml', 'loop.yaml', 'utf16.yaml']);
  });
});
