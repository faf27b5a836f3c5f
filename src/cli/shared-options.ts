import type { Options, PositionalOptions } from 'yargs';
import { OUTPUT_FORMATS } from './output-format.js';

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
  maxEvents: { type: 'number', describe: 'Hard limit on simulated events' },
  /** Tasks simulated per cell of a start-up table. */
  samples: { type: 'number', describe: 'Tasks per cell' },
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
