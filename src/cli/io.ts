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
  /**
   * Where SIGINT and SIGTERM arrive (the real process in bin/fleetsim.js). Absent in tests that
   * call main() in process: nothing then listens for signals.
   */
  readonly signals?: SignalSource;
  /** Environment variables the CLI reads (absent: none). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The signals a command that writes files answers by cleaning up (interruption.ts). */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The part of `process` that delivers signals. */
export interface SignalSource {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
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
  /** Stopped by SIGINT (Ctrl-C) after removing what it had staged: 128 + 2, as shells report it. */
  Interrupted: 130,
  /** Stopped by SIGTERM after removing what it had staged: 128 + 15. */
  Terminated: 143,
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

/**
 * A command stopped by SIGINT or SIGTERM (interruption.ts): its staged outputs are removed and
 * the CLI exits 130 or 143 with one line saying what was kept.
 */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor(
    readonly signal: StopSignal,
    message: string,
  ) {
    super(message);
  }
}
