/** What the CLI may touch of the outside world; `bin/fleetsim.js` passes the real process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** Whether stderr is a terminal (progress bars and colour only then). */
  readonly isTTY: boolean;
  /** The terminal's width, when stdout is one; help text wraps to it (at most 110, default 100). */
  readonly columns?: number;
}

/** Exit codes, as documented in the README. */
export const ExitCode = {
  Ok: 0,
  /** A run finished but some `expect` block failed. */
  ExpectationFailed: 1,
  /** Bad input or usage: a scenario error, an unknown flag, a missing file. */
  BadInput: 2,
  /** A bug in fleetsim (an internal error); the message asks for a report. */
  Internal: 70,
} as const;

/**
 * A usage mistake (a bad flag or value) that ends a command with a one-line message, a pointer
 * to --help and exit code 2, no stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Bad input that is not a usage mistake (an output path that cannot be written): ends a command
 * with `error: <message>` on one line and exit code 2, no stack trace.
 */
export class BadInputError extends Error {
  override readonly name = 'BadInputError';
}
