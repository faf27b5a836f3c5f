import yargs from 'yargs';
import { COMMANDS } from './command-table.js';
import { BadInputError, ExitCode, UsageError, type CliIo } from './io.js';
import { packageVersion } from './package-version.js';

/**
 * The fleetsim command line: a plain function of (argv, io) returning the exit code, so tests
 * call it directly. `bin/fleetsim.js` is the only caller that passes the real process. The
 * commands themselves are the modules of command-table.ts.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
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
    .epilogue('Exit codes: 0 ok, 1 an expectation failed, 2 bad input or usage. Docs: README.md')
    .exitProcess(false)
    .fail((message, error) => {
      // Usage problems: one line, no stack. yargs raises them as messages or as its own YError
      // (a flag without its value, a failed coerce such as wholeNumber's); any other error from
      // a handler is a bug and keeps its stack.
      if (error !== undefined && error !== null && !(error instanceof UsageError) && error.name !== 'YError') throw error;
      throw new UsageError(message ?? error?.message ?? 'invalid usage');
    });

  try {
    let printed = '';
    await parser.parse([...argv], {}, (_err, _argv, output) => {
      printed = output;
    });
    if (printed !== '') io.stdout(printed.endsWith('\n') ? printed : `${printed}\n`);
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\nRun 'fleetsim --help' for usage.\n`);
      return ExitCode.BadInput;
    }
    if (error instanceof BadInputError) {
      io.stderr(`error: ${error.message}\n`);
      return ExitCode.BadInput;
    }
    const e = error as Error;
    io.stderr(`internal error (a fleetsim bug; please report it with the command line): ${e.stack ?? String(e)}\n`);
    return ExitCode.Internal;
  }
}

/** `a, b or c`. */
function namesInProse(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)!}`;
}
