import { SimulationError } from '../engine/errors.js';
import { userFsErrorLine } from './fs-error.js';
import { BadInputError, ExitCode, InterruptedError, UsageError, type CliIo } from './io.js';

/**
 * The CLI's one error boundary: turns whatever a command threw into its message on stderr and
 * the exit code. Everything the user caused (a bad flag, an unwritable --out, a file-system
 * error on an input, a run stopped by a signal) is one line and exit 2 (130/143 for signals);
 * only what is left, a bug, prints its stack and exits 70.
 */
export function exitOnError(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr(`error: ${oneLine(error.message)}\nRun 'fleetsim --help' for usage.\n`);
    return ExitCode.BadInput;
  }
  if (error instanceof BadInputError) {
    io.stderr(`error: ${oneLine(error.message)}\n`);
    return ExitCode.BadInput;
  }
  if (error instanceof InterruptedError) {
    io.stderr(`${oneLine(error.message)}\n`);
    return error.signal === 'SIGINT' ? ExitCode.Interrupted : ExitCode.Terminated;
  }
  // A run that cannot go on (the event limit) is the scenario's doing; commands usually say so
  // with the scenario's name first, this is the net under them.
  if (error instanceof SimulationError) {
    io.stderr(`error: ${oneLine(error.message)}\n`);
    return ExitCode.BadInput;
  }
  const fsLine = userFsErrorLine(error);
  if (fsLine !== undefined) {
    io.stderr(`error: ${fsLine}\n`);
    return ExitCode.BadInput;
  }
  const e = error as Error;
  io.stderr(`internal error (a fleetsim bug; please report it with the command line): ${e?.stack ?? String(e)}\n`);
  return ExitCode.Internal;
}

/** A message on one line (user messages must not span lines): later lines are joined with '; ', or a space after a colon. */
export function oneLine(message: string): string {
  let joined = '';
  for (const line of message.split(/\r?\n/)) {
    const text = line.trim();
    if (text !== '') joined = joined === '' ? text : `${joined}${joined.endsWith(':') ? ' ' : '; '}${text}`;
  }
  return joined;
}

/** Longest run of non-space characters (a path, a value) printed whole; longer ones are cut in the middle. */
const LONGEST_WORD = 120;

/**
 * Cuts every run of more than LONGEST_WORD non-space characters to its first 60 and last 40, so an
 * error about a 5,000-character path or value stays a readable line (main.ts applies it to all
 * of stderr).
 */
export function clipLongWords(text: string): string {
  return text.replace(new RegExp(`\\S{${LONGEST_WORD + 1},}`, 'g'), (word) => `${word.slice(0, 60)}...${word.slice(-40)}`);
}
