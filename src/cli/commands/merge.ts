import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { mergeSweepParts, parseSweepPart, PART_FILE, renderSweepCsv, renderSweepMarkdown, renderSweepPart, type SweepPart } from '../../experiments/sweep-report.js';
import { OutputDir, writeOutputDir } from '../file-output.js';
import { readInputText } from '../input-file.js';
import { Interruption } from '../interruption.js';
import { BadInputError, ExitCode, type CliIo } from '../io.js';
import { SHARED_OPTIONS } from '../shared-options.js';

export const command = 'merge <dirs..>';
export const describe = 'Combine the shard outputs of one sweep into sweep.csv, sweep.md and sweep.html';

export function builder(y: Argv) {
  return y
    .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'Shard output directories, or a directory holding shard-<n>/ folders' })
    .option('out', { ...SHARED_OPTIONS.out, demandOption: true })
    .option('quiet', SHARED_OPTIONS.quiet)
    .example('$0 merge results/shard-* --out results/sweep', 'Merge every shard')
    .example('$0 merge /results --out /results/merged', 'The same, for /results/shard-0, /results/shard-1, ...');
}

export interface MergeArgs {
  /**
   * Shard output directories, each holding the `sweep.json` that `fleetsim sweep --shard` wrote,
   * or a directory whose `shard-<n>` subdirectories are (so no shell glob is needed in a Job).
   */
  readonly dirs: readonly string[];
  readonly out: string;
  readonly quiet?: boolean;
}

/**
 * `fleetsim merge DIR... --out DIR`: combines the shards of one sweep into the `sweep.csv`,
 * `sweep.md`, `sweep.html` and `sweep.json` the unsharded sweep writes (byte for byte), atomically. Exit 2
 * with one clear line when a directory holds no part, or the parts are of different sweeps, or
 * a shard is missing or given twice.
 */
export async function handler(args: MergeArgs, io: CliIo): Promise<number> {
  const outDir = OutputDir.check(io, args.out, MERGE_FILES);
  const shardDirs = args.dirs.flatMap((d) => expandShardParent(io.cwd, d));
  const input = [...args.dirs, ...shardDirs].find((d) => sameFolder(resolve(io.cwd, d), outDir));
  if (input !== undefined) throw new BadInputError(`--out ${args.out} is one of the folders being merged (${input}); merging into it would replace the shard it holds, so name another folder`);
  const parts: { source: string; part: SweepPart }[] = [];
  for (const dir of shardDirs) {
    const read = readInputText(resolve(io.cwd, dir, PART_FILE), MAX_PART_BYTES);
    if (!read.ok) {
      io.stderr(`error: ${dir}: ${read.code === 'ENOENT' || read.code === 'ENOTDIR' ? `no ${PART_FILE} (not the output directory of fleetsim sweep)` : `cannot read ${PART_FILE}: ${read.code ?? read.reason}`}\n`);
      return ExitCode.BadInput;
    }
    const parsed = parseSweepPart(read.text, dir);
    if (!parsed.ok) {
      io.stderr(`error: ${parsed.message}\n`);
      return ExitCode.BadInput;
    }
    parts.push({ source: dir, part: parsed.value });
  }
  const merged = mergeSweepParts(parts);
  if (!merged.ok) {
    io.stderr(`error: ${merged.message}\n`);
    return ExitCode.BadInput;
  }
  const { header, results } = merged.value;
  // Loaded here, not at start-up: it brings Vega, which the CLI's other commands never need.
  const { renderSweepHtml } = await import('../../experiments/sweep-html.js');
  const html = await renderSweepHtml(header, results);
  await Interruption.during(io, (interruption) =>
    writeOutputDir(io, args.out, MERGE_FILES, interruption, (out) => {
      out.open('sweep.csv').write(renderSweepCsv(header, results));
      out.open(PART_FILE).write(renderSweepPart(header, { index: 0, count: 1 }, results));
      out.open('sweep.md').write(renderSweepMarkdown(header, results));
      out.open('sweep.html').write(html);
    }),
  );
  if (!args.quiet) io.stdout(`merged ${parts.length} shard${parts.length === 1 ? '' : 's'} of sweep ${header.sweepId} of ${header.scenario} (${header.totalRuns} runs) -> ${args.out}/: sweep.csv, ${PART_FILE}, sweep.md, sweep.html\n`);
  return ExitCode.Ok;
}

/** What merge writes (the files of an unsharded sweep). */
const MERGE_FILES = ['sweep.csv', PART_FILE, 'sweep.md', 'sweep.html'];

/**
 * Largest sweep.json read: V8's longest string is 2^29 - 24 characters (about 512 MiB), so a
 * larger part could not be parsed at all.
 */
const MAX_PART_BYTES = 512 * 1024 * 1024 - 1024;

/** Whether two absolute paths name the same folder (symbolic links followed where they exist). */
function sameFolder(a: string, b: string): boolean {
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return real(a) === real(b);
}

/** `dir` itself when it holds a part file; else its `shard-<n>` subdirectories that do, by n; else `dir`. */
function expandShardParent(cwd: string, dir: string): string[] {
  const abs = resolve(cwd, dir);
  if (existsSync(join(abs, PART_FILE))) return [dir];
  let names: string[];
  try {
    names = readdirSync(abs);
  } catch {
    return [dir];
  }
  const shards = names
    .filter((n) => /^shard-\d+$/.test(n) && existsSync(join(abs, n, PART_FILE)))
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)))
    .map((n) => join(dir, n));
  return shards.length > 0 ? shards : [dir];
}
