import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { CliIo } from './io.js';

/**
 * One fleetsim command: a module under `cli/commands/` exports these four members, in the shape
 * of a yargs command module, except that its handler also gets the `CliIo` and returns the exit
 * code instead of ending the process.
 *
 * `A` is what `builder` declares; the handler's parameter type must accept it, so a flag the
 * handler reads but the builder never declares (or declares with another type) fails to compile.
 */
export interface CliCommand<A> {
  /** The yargs command string: the name, then its positionals (`run <scenario>`). */
  readonly command: string;
  /** The one line `fleetsim --help` shows for it. */
  readonly describe: string;
  /** Declares the positionals, options (see shared-options.ts) and examples. */
  readonly builder: (y: Argv) => Argv<A>;
  /** Runs the command; returns its exit code (io.ts). Throws only for bugs and `UsageError`. */
  readonly handler: (args: ArgumentsCamelCase<A>, io: CliIo) => number | Promise<number>;
}

/** A command whose argument types were checked against its handler, ready to be registered. */
export interface RegisteredCommand {
  /** The command's name (the first word of its command string). */
  readonly name: string;
  /** Adds the command to `parser`; running it passes its exit code to `exit`. */
  register(parser: Argv, io: CliIo, exit: (code: number) => void): void;
}

/**
 * Checks one command module's types (`A` inferred from its builder, accepted by its handler) and
 * erases them, so commands with different arguments fit in one table.
 */
export function registered<A>(module: CliCommand<A>): RegisteredCommand {
  return {
    name: module.command.split(' ')[0]!,
    register(parser, io, exit) {
      parser.command(module.command, module.describe, module.builder, async (args) => exit(await module.handler(args, io)));
    },
  };
}
