import yargs, { type MiddlewareFunction } from 'yargs';
import { COMMANDS } from './command-table.js';
import { clipLongWords, exitOnError } from './error-boundary.js';
import { ExitCode, UsageError, type CliIo } from './io.js';
import { packageVersion } from './package-version.js';

/**
 * The fleetsim command line: a plain function of (argv, io) returning the exit code, so tests
 * call it directly. `bin/fleetsim.js` is the only caller that passes the real process. The
 * commands themselves are the modules of command-table.ts.
 */
export async function main(argv: readonly string[], given: CliIo): Promise<number> {
  // Every message is bounded: a pasted 5,000-character path is cut in the middle (error-boundary.ts).
  const io: CliIo = { ...given, stderr: (text) => given.stderr(clipLongWords(text)) };
  let code: number = ExitCode.Ok;
  const parser = yargs()
    .scriptName('fleetsim')
    .usage('fleetsim — a discrete-event simulator of ECS and EKS on AWS\n\nUsage: $0 <command> [options]');
  for (const command of COMMANDS) command.register(parser, io, (exit) => (code = exit));
  parser
    .demandCommand(1, `Name a command: ${namesInProse(COMMANDS.map((c) => c.name))}.`)
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(packageVersion())
    .alias('v', 'version')
    .wrap(Math.min(110, io.columns ?? 100))
    .epilogue('Exit codes: 0 ok, 1 an expectation failed, 2 bad input or usage, 130/143 stopped by Ctrl-C/SIGTERM. Limits: docs/limits.md. Docs: README.md')
    .exitProcess(false)
    // Before yargs validates choices, so `-o json -o csv` is reported as given twice.
    .middleware(((argv: Record<string, unknown>, y: { getOptions(): ParsedOptionTable }) => void refuseRepeatedScalars(argv, y.getOptions())) as unknown as MiddlewareFunction, true)
    .fail((message, error) => {
      // Usage problems: one line, no stack. yargs raises them as messages or as its own YError
      // (a flag without its value, a failed coerce such as wholeNumber's); any other error from
      // a handler is a bug and keeps its stack.
      if (error !== undefined && error !== null && !(error instanceof UsageError) && error.name !== 'YError') throw error;
      throw new UsageError(message ?? error?.message ?? 'invalid usage');
    });

  try {
    // yargs reads a lone '-' as an empty string; no command reads standard input, so say so.
    const dash = argv.indexOf('-');
    if (dash !== -1 && !argv.slice(0, dash).includes('--')) throw new UsageError(STDIN_UNSUPPORTED);
    let printed = '';
    await parser.parse([...argv], {}, (_err, _argv, output) => {
      printed = output;
    });
    if (printed !== '') io.stdout(printed.endsWith('\n') ? printed : `${printed}\n`);
    return code;
  } catch (error) {
    return exitOnError(error, io);
  }
}

const STDIN_UNSUPPORTED = "'-' (standard input) is not supported: save the scenario to a file (the files a scenario names are found beside it)";

/** yargs' option table of the command being run (`getOptions()`, which its own `check` reads). */
interface ParsedOptionTable {
  readonly array: readonly string[];
  readonly alias: Readonly<Record<string, readonly string[]>>;
}

/**
 * yargs turns an option given twice (`--seed 1 --seed 2`) into an array; for an option that takes
 * one value that is a mistake the user should hear about, not a seed of `["1","2"]`.
 */
function refuseRepeatedScalars(argv: Record<string, unknown>, options: ParsedOptionTable): true {
  // yargs keeps both spellings of a flag (instance-type, instanceType); compare them camel-cased.
  const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const lists = new Set(options.array.map(camel));
  for (const [key, value] of Object.entries(argv)) {
    if (key === '_' || key === '$0' || !Array.isArray(value)) continue;
    const names = [key, ...(options.alias[key] ?? []), ...Object.keys(options.alias).filter((k) => options.alias[k]!.includes(key))];
    if (names.some((n) => lists.has(camel(n)))) continue;
    const flag = names.filter((n) => n.length > 1).sort((a, b) => b.length - a.length)[0] ?? key;
    throw new UsageError(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is given ${value.length} times (${value.map(String).join(', ')}); give it once`);
  }
  return true;
}

/** `a, b or c`. */
function namesInProse(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}
