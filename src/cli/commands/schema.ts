import type { Argv } from 'yargs';
import { SCENARIO_SCHEMA } from '../../scenario/schema.js';
import { ExitCode, type CliIo } from '../io.js';

export const command = 'schema';
export const describe = 'Print the JSON Schema of scenario files (for editor autocompletion)';

export function builder(y: Argv) {
  return y.example('$0 schema > scenario.schema.json', 'Save it for your editor');
}

/** `fleetsim schema`: prints the scenario JSON Schema (committed as docs/scenario.schema.json). */
export function handler(_args: unknown, io: CliIo): number {
  io.stdout(`${JSON.stringify(SCENARIO_SCHEMA, null, 2)}\n`);
  return ExitCode.Ok;
}
