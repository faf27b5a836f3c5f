import type { Options, PositionalOptions } from 'yargs';
import { UsageError } from './io.js';
import { OUTPUT_FORMATS } from './output-format.js';

/**
 * A `coerce` for a count option: yargs turns `--samples abc` into NaN and lets 2.5 or 0 through;
 * this makes each a usage error (exit 2, one line) before the command runs.
 */
export function wholeNumber(flag: string, min = 1): (value: unknown) => number {
  return (value) => {
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    const given = typeof value === 'number' && Number.isNaN(value) ? '' : ` ${String(value)}`;
    throw new UsageError(`--${flag}${given}: must be a whole number, at least ${min}`);
  };
}

/**
 * The options that several commands take, defined once so that a flag has one type, one alias
 * and one meaning everywhere. A command uses an entry as it is, or spreads it and states only
 * what differs for it: a description naming its own input or default folder, a narrower choice.
 */
export const SHARED_OPTIONS = {
  /** Replaces the seed of the scenario (or workload) the command runs. */
  seed: { type: 'string', describe: "Override the scenario's seed" },
  /** Where the command writes its files. */
  out: { type: 'string', describe: 'Output directory' },
  /** kubectl's -o for commands that print data (output-format.ts). */
  output: { alias: 'o', choices: OUTPUT_FORMATS, default: 'table', describe: 'Output format (kubectl convention)' },
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'Print nothing but errors' },
  /** The simulation's event limit (the engine stops a runaway scenario with an error). */
  maxEvents: { type: 'number', coerce: wholeNumber('max-events'), describe: 'Hard limit on simulated events' },
  /** Tasks simulated per cell of a start-up table. */
  samples: { type: 'number', coerce: wholeNumber('samples'), describe: 'Tasks per cell' },
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
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: defaultOut },
  } as const satisfies Record<string, Options>;
}
