import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAUSE_VARIABLE, type PausePoint } from '../../src/cli/interruption.js';
import { compileCli, removeCompiledCli, ROOT } from '../support/compiled-cli.js';
import { cli } from '../support/cli-runner.js';

/**
 * Ctrl-C and SIGTERM at every step of `fleetsim run`, including the swap of the outputs: the
 * compiled CLI runs as a real process, held at a named point (FLEETSIM_TEST_PAUSE_AT, which only
 * these tests set) until the signal comes. Whatever the point, --out holds either the complete
 * previous set or the complete new set, byte for byte, and nothing is left beside it.
 */
let build: { dir: string; bin: string };

beforeAll(() => {
  build = compileCli('fleetsim-interrupt-test-');
});

afterAll(() => {
  removeCompiledCli(build?.dir);
});

/** The previous run (seed 1, one hour) and the interrupted one (seed 2, five days: many slices). */
const OLD = ['run', 'scenarios/quickstart.yaml', '--seed', '1', '--until', '1h', '-q'];
const NEW = ['run', 'scenarios/quickstart.yaml', '--seed', '2', '--until', '5d', '-q'];

type Digests = Record<string, string>;

function digests(dir: string): Digests {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]),
  );
}

/** What a writer may leave beside `out`: its lock, staging and previous folders. */
function leftovers(out: string): string[] {
  return readdirSync(dirname(out)).filter((e) => e.startsWith(`${basename(out)}.`));
}

/** Runs the compiled CLI; `onPause` is called when it prints `paused at <point>`. */
function spawnCli(args: string[], pause: PausePoint | undefined, onPause: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [build.bin, ...args], { cwd: ROOT, env: { ...process.env, ...(pause === undefined ? {} : { [PAUSE_VARIABLE]: pause }) } });
  let stderr = '';
  let paused = false;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (paused || pause === undefined || !stderr.includes(`paused at ${pause}\n`)) return;
    paused = true;
    onPause(child);
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

describe('interrupting fleetsim run', () => {
  let old: Digests;
  let fresh: Digests;
  const prepare = async (): Promise<string> => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-interrupt-')), 'out');
    expect((await cli(...OLD, '--out', out)).code).toBe(0);
    expect(digests(out)).toEqual(old);
    return out;
  };

  beforeAll(async () => {
    const a = join(mkdtempSync(join(tmpdir(), 'fleetsim-interrupt-')), 'old');
    const b = join(mkdtempSync(join(tmpdir(), 'fleetsim-interrupt-')), 'new');
    expect((await cli(...OLD, '--out', a)).code).toBe(0);
    expect((await cli(...NEW, '--out', b)).code).toBe(0);
    old = digests(a);
    fresh = digests(b);
    expect(Object.keys(old).length).toBe(7);
    expect(fresh).not.toEqual(old);
  });

  it.each([
    ['SIGINT', 'simulating', 130],
    ['SIGTERM', 'simulating', 143],
    ['SIGINT', 'before-swap', 130],
  ] as const)('%s while %s: exit %i, the previous outputs intact, no staging left', async (signal, point, exit) => {
    const out = await prepare();
    const r = await spawnCli([...NEW, '--out', out], point, (child) => child.kill(signal));
    expect(r.code, r.stderr).toBe(exit);
    expect(r.stderr).toBe(`paused at ${point}\n${r.stderr.split('\n')[1]}\n`);
    expect(r.stderr).toMatch(new RegExp(`^interrupted.*nothing written: ${out} is as it was$`, 'm'));
    expect(digests(out)).toEqual(old);
    expect(leftovers(out)).toEqual([]);
  });

  it('SIGINT in the middle of the swap completes it: the complete new set, exit 130, nothing left', async () => {
    const out = await prepare();
    const r = await spawnCli([...NEW, '--out', out], 'mid-swap', (child) => {
      // Between the two renames: the previous set is aside and --out does not exist.
      expect(existsSync(out)).toBe(false);
      child.kill('SIGINT');
    });
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(new RegExp(`\\ninterrupted after the outputs were written: ${out} holds this run's complete set\\n$`));
    expect(digests(out)).toEqual(fresh);
    expect(leftovers(out)).toEqual([]);
  });

  it('a process killed in the middle of the swap (SIGKILL) is repaired by the next writer: the previous set comes back', async () => {
    const out = await prepare();
    const r = await spawnCli([...NEW, '--out', out], 'mid-swap', (child) => child.kill('SIGKILL'));
    expect(r.signal).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
    expect(leftovers(out).map((e) => e.replace(/-\d+-[0-9a-f]+$/, '')).sort()).toEqual(['out.lock', 'out.previous', 'out.staging']);
    // The next run takes over the dead writer's lock, moves the previous set back and removes the
    // staging folder before it starts; it then stops at its event limit and changes nothing.
    const next = await cli(...NEW, '--max-events', '100', '--out', out);
    expect(next.code).toBe(2);
    expect(next.stderr).toMatch(/event limit of 100 events reached/);
    expect(digests(out)).toEqual(old);
    expect(leftovers(out)).toEqual([]);
  });
});

/** Runs the compiled CLI and sends it `signal` once `ready()` holds (polled every 50 ms). */
/** CPU time (user + system, every thread) a Linux process has used, from /proc/<pid>/stat; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
  // utime and stime are the 14th and 15th fields of the line, in clock ticks (100 a second on Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function signalWhen(args: string[], signal: NodeJS.Signals, ready: (pid: number) => boolean): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [build.bin, ...args], { cwd: ROOT });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const poll = setInterval(() => {
    if (child.pid === undefined || !ready(child.pid)) return;
    clearInterval(poll);
    child.kill(signal);
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(poll);
  return { code, stderr };
}

describe('interrupting without a pause point', () => {
  it('Ctrl-C during a long run is answered between slices: exit 130, --out never created, nothing left', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-interrupt-')), 'out');
    // The lock appears once the run listens for signals and is about to simulate. 100 days at a
    // sample every 10 s (864,001 timeline rows) is about as long as the run's limits allow.
    const r = await signalWhen(['run', 'scenarios/quickstart.yaml', '--until', '100d', '-q', '--out', out], 'SIGINT', () => existsSync(`${out}.lock`));
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/^interrupted at \S+ of 100d simulated; nothing written: .* is as it was\n$/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(out)).toEqual([]);
  });

  it('SIGTERM during a sweep on worker threads stops the workers: exit 143, nothing written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fleetsim-interrupt-')), 'sweep');
    // A sweep shows nothing while it runs. Once it has used three seconds of CPU it is past its
    // checks (about one second of CPU) and far from its end (200 runs of 30 simulated days, about
    // 270,000 events each, take half a minute of CPU or more). CPU time, not wall time: on a
    // loaded machine three wall-clock seconds may come before the signal handlers are installed.
    const r = await signalWhen(['sweep', 'scenarios/quickstart.yaml', '--set', 'duration=30d', '--seeds', '1..200', '--workers', '2', '-q', '--out', out], 'SIGTERM', (pid) => cpuSeconds(pid) > 3);
    expect(r.code, r.stderr).toBe(143);
    expect(r.stderr).toMatch(/^interrupted after \d+ of 200 runs; nothing written: .* is as it was\n$/);
    expect(existsSync(out)).toBe(false);
    expect(leftovers(out)).toEqual([]);
  });
});
