import type { Options, PositionalOptions } from 'yargs';
import { MAX_STARTUP_SAMPLES } from '../experiments/startup-matrix.js';
import { MAX_EVENT_LIMIT } from '../scenario/limits.js';
import { UsageError } from './io.js';
import { OUTPUT_FORMATS } from './output-format.js';

/**
 * A `coerce` for a count option: yargs turns `--samples abc` into NaN and lets 2.5 or 0 through;
 * this makes each a usage error (exit 2, one line) before the command runs. `max` bounds it
 * where a larger value would exhaust memory or the experiment's capacity (docs/limits.md).
 */
export function wholeNumber(flag: string, min = 1, max = Number.MAX_SAFE_INTEGER): (value: unknown) => number {
  return (value) => {
    refuseList(flag, value);
    const given = typeof value === 'number' && Number.isNaN(value) ? '' : ` ${String(value)}`;
    if (typeof value === 'number' && Number.isInteger(value) && value > max) throw new UsageError(`--${flag}${given}: at most ${max.toLocaleString('en-US')} (docs/limits.md)`);
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    throw new UsageError(`--${flag}${given}: must be a whole number, at least ${min}`);
  };
}

/** Longest seed the CLI takes; a seed is a label for the random streams, not data. */
export const MAX_SEED_LENGTH = 100;

/**
 * A `coerce` for `--seed`: the master seed every random stream of the run derives from (README,
 * "The seed"). Any text of 1 to MAX_SEED_LENGTH printable characters; `--seed ""` is an error,
 * not a run with an empty seed.
 */
export function seedValue(value: unknown): string {
  refuseList('seed', value);
  const text = String(value);
  if (text.trim() === '') throw new UsageError('--seed: must not be empty (a number or a word, e.g. --seed 7)');
  if (text.length > MAX_SEED_LENGTH) throw new UsageError(`--seed: at most ${MAX_SEED_LENGTH} characters, got ${text.length}`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new UsageError('--seed: must not contain control characters');
  return text;
}

/** A coerce sees an option given twice as an array; say that rather than "must be a number". */
function refuseList(flag: string, value: unknown): void {
  if (Array.isArray(value)) throw new UsageError(`--${flag} is given ${value.length} times (${value.map(String).join(', ')}); give it once`);
}

/**
 * The options that several commands take, defined once so that a flag has one type, one alias
 * and one meaning everywhere. A command uses an entry as it is, or spreads it and states only
 * what differs for it: a description naming its own input or default folder, a narrower choice.
 *
 * Every option that takes a value says `nargs: 1`: without it yargs reads `--until -1h` as the
 * flags -1 and -h and prints the help (exit 0); with it the value is taken and checked.
 */
export const SHARED_OPTIONS = {
  /** Replaces the seed of the scenario (or workload) the command runs. */
  seed: { type: 'string', nargs: 1, coerce: seedValue, describe: "Override the scenario's seed (README: The seed)" },
  /** Where the command writes its files. */
  out: { type: 'string', nargs: 1, describe: 'Output directory' },
  /** kubectl's -o for commands that print data (output-format.ts). */
  output: { alias: 'o', nargs: 1, choices: OUTPUT_FORMATS, default: 'table', describe: 'Output format (kubectl convention)' },
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors' },
  /** The simulation's event limit (the engine stops a runaway scenario with an error). */
  maxEvents: { type: 'number', nargs: 1, coerce: wholeNumber('max-events', 1, MAX_EVENT_LIMIT), describe: 'Hard limit on simulated events' },
  /** The most hosts a run may have at once (src/scenario/limits.ts, DEFAULT_MAX_HOSTS). */
  maxHosts: { type: 'number', nargs: 1, coerce: wholeNumber('max-hosts'), describe: 'Most hosts a run may have at once (default 100,000; docs/limits.md)' },
  /** Tasks simulated per cell of a start-up table. */
  samples: { type: 'number', nargs: 1, coerce: wholeNumber('samples', 1, MAX_STARTUP_SAMPLES), describe: 'Tasks per cell' },
} as const satisfies Record<string, Options>;

/** The scenario file positional of `run` and `sweep`. */
export const SCENARIO_POSITIONAL = { type: 'string', demandOption: true, describe: 'Scenario file (YAML or JSON)' } as const satisfies PositionalOptions;

/**
 * `--seed` and `--out` of the commands that reproduce a table of the seed document (start-up,
 * scaling, cost and summary tables): seed 1 and the table's file under results/ by default, so
 * that running the bare command regenerates the committed report.
 */
export function reportTableOptions(defaultOut: string) {
  return {
    seed: { type: 'string', nargs: 1, coerce: seedValue, default: '1' },
    out: { type: 'string', nargs: 1, default: defaultOut },
  } as const satisfies Record<string, Options>;
}
