import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { protectedReason } from '../../src/cli/output-path.js';
import { cli } from '../support/cli-runner.js';

/**
 * All-or-nothing outputs (docs/outputs.md): a command stages beside --out and swaps the whole set
 * in; a lock refuses a second writer; what dead writers left is cleaned up; --out may not be a
 * place whose contents a swap would destroy. (Interruptions: interruption.test.ts.)
 */
const tmp = (): string => mkdtempSync(join(tmpdir(), 'fleetsim-outputs-'));
const QUICK = ['run', 'scenarios/quickstart.yaml', '-q'];
const OUTPUTS = ['cost.csv', 'events.csv', 'metrics.csv', 'report.html', 'report.json', 'scaling.csv', 'summary.json', 'tasks.csv', 'timeline.csv'];

/** What a writer may leave beside `out`. */
const leftovers = (out: string): string[] => readdirSync(dirname(out)).filter((e) => e.startsWith(`${basename(out)}.`));

/** The id of a process that has ended (for stale locks and staging folders). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('the lock on --out', () => {
  it('refuses a second writer while the first is alive, naming it; the output and the lock are left as they were', async () => {
    const out = join(tmp(), 'out');
    writeFileSync(`${out}.lock`, `1\n2026-01-01T00:00:00.000Z\n`); // pid 1 is always alive
    const r = await cli(...QUICK, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: ${out} is being written by another fleetsim (process 1, since 2026-01-01T00:00:00.000Z); wait for it to finish, or remove ${out}.lock if that process is not fleetsim\n`);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(out)).toEqual(['out.lock']);
  });

  it('two runs started together on one --out: one writes, the other is refused', async () => {
    const out = join(tmp(), 'out');
    const [a, b] = await Promise.all([cli(...QUICK, '--out', out), cli(...QUICK, '--seed', '7', '--out', out)]);
    expect([a.code, b.code].sort()).toEqual([0, 2]);
    expect((a.code === 2 ? a : b).stderr).toMatch(/is being written by another fleetsim \(process \d+/);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
    expect(leftovers(out)).toEqual([]);
  });

  it('a lock left by a process that has died is taken over', async () => {
    const out = join(tmp(), 'out');
    writeFileSync(`${out}.lock`, `${deadPid()}\n`);
    const r = await cli(...QUICK, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(leftovers(out)).toEqual([]);
  });
});

describe('what dead writers left', () => {
  it('their staging folders beside --out are removed at start; a live writer’s are not', async () => {
    const out = join(tmp(), 'out');
    const dead = `${out}.staging-${deadPid()}-0badc0de`;
    const live = `${out}.staging-1-0badc0de`;
    mkdirSync(dead);
    writeFileSync(join(dead, 'events.csv'), 'x'.repeat(1000));
    mkdirSync(live);
    expect((await cli(...QUICK, '--out', out)).code).toBe(0);
    expect(existsSync(dead)).toBe(false);
    expect(leftovers(out)).toEqual([basename(live)]);
  });

  it('staging folders an older fleetsim left inside --out go with the swap', async () => {
    const out = join(tmp(), 'out');
    mkdirSync(join(out, '.staging-AbC123'), { recursive: true });
    expect((await cli(...QUICK, '--out', out)).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(OUTPUTS);
  });
});

describe('what --out may be', () => {
  it('a folder holding anything but this command’s outputs is refused, not replaced', async () => {
    const out = join(tmp(), 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, 'summary.json'), 'previous');
    const r = await cli(...QUICK, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: cannot write ${out}: it holds files fleetsim does not write here (notes.txt); outputs replace the whole folder, so name a new or empty one\n`);
    expect(readdirSync(out).sort()).toEqual(['notes.txt', 'summary.json']);
    expect(leftovers(out)).toEqual([]);
  });

  it('the root folder, the home folder and system folders are refused before anything is written', async () => {
    const before = readdirSync('/');
    for (const out of ['/', '/proc/x', '/sys/fleetsim', '/dev/fleetsim', '/etc/fleetsim', '/usr', '/usr/local/fleetsim', '/tmp', '/var', '/home']) {
      const r = await cli(...QUICK, '--out', out);
      expect(r.code, out).toBe(2);
      expect(r.stderr, out).toMatch(/^error: cannot write \S+: is (the root folder|inside a system folder|a system folder|a top-level folder).*; choose a folder of your own\n$/);
    }
    for (const command of [['startup-table', '--samples', '1'], ['scaling-table'], ['cost-tables']]) {
      const r = await cli(...command, '--out', '/etc/fleetsim.md');
      expect(r.stderr, command[0]).toBe('error: cannot write /etc/fleetsim.md: is inside a system folder (/etc); choose a folder of your own\n');
      expect(r.stdout, command[0]).toBe('');
    }
    expect(readdirSync('/')).toEqual(before);
  });

  it('protectedReason: the home folder itself, not a folder inside it', () => {
    expect(protectedReason('/home/ana', '/home/ana')).toBe('is your home folder');
    expect(protectedReason('/home/ana/', '/home/ana')).toBe('is your home folder');
    expect(protectedReason('/home/ana/results', '/home/ana')).toBeUndefined();
    expect(protectedReason('/tmp/x', '/home/ana')).toBeUndefined();
    expect(protectedReason('/usr/local/x', '/home/ana')).toBe('is inside a system folder (/usr)');
    expect(protectedReason('/proc', '/home/ana')).toBe('is a system folder (/proc)');
  });

  it('a symbolic link to a system folder is refused like the folder', async () => {
    const dir = tmp();
    const { symlinkSync } = await import('node:fs');
    symlinkSync('/etc', join(dir, 'etc'));
    const r = await cli(...QUICK, '--out', join(dir, 'etc', 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is inside a system folder \(\/etc\)/);
  });

  it('merge refuses an --out that is one of its inputs, and leaves the shard as it was', async () => {
    const dir = tmp();
    const shard = join(dir, 'shard-0');
    expect((await cli('sweep', 'scenarios/quickstart.yaml', '--seeds', '1..2', '--shard', '0/2', '--out', shard, '-q')).code).toBe(0);
    const before = readFileSync(join(shard, 'sweep.json'), 'utf8');
    for (const out of [shard, `${shard}/`, join(dir, '.', 'shard-0')]) {
      const r = await cli('merge', shard, '--out', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: --out .* is one of the folders being merged \(.*shard-0\); merging into it would replace the shard it holds, so name another folder\n$/);
    }
    const parent = await cli('merge', dir, '--out', shard);
    expect(parent.code).toBe(2);
    expect(readFileSync(join(shard, 'sweep.json'), 'utf8')).toBe(before);
  });
});
