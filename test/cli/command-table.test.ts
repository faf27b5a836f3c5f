import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { ROOT, cli } from '../support/cli-runner.js';

/** The table of commands against the command modules, the help and the README's CLI reference. */
const names = COMMANDS.map((c) => c.name);

describe('the command table', () => {
  it('registers every module under src/cli/commands/, once, by its file name', () => {
    const modules = readdirSync(join(ROOT, 'src', 'cli', 'commands')).map((f) => f.replace(/\.ts$/, ''));
    expect([...names].sort()).toEqual(modules.sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('fleetsim --help lists every command in the order of the table', async () => {
    const help = (await cli('--help')).stdout;
    const listed = [...help.matchAll(/^ {2}fleetsim (\S+)/gm)].map((m) => m[1]);
    expect(listed).toEqual(names);
  });

  it.each(names)('fleetsim %s --help shows its usage line and examples', async (name) => {
    const r = await cli(name, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^fleetsim ${name}\\b`));
    expect(r.stdout).toMatch(/\nExamples:\n {2}fleetsim /);
  });

  it("the README's CLI reference has a line for every command", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const reference = /## CLI reference\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const documented = [...reference.matchAll(/^fleetsim ([a-z][a-z-]*)/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...names].sort());
  });
});
