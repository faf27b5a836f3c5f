import type { CliIo, StopSignal } from './io.js';
import { InterruptedError } from './io.js';

/** The environment variable that holds the CLI at a named point, for the interruption tests only. */
export const PAUSE_VARIABLE = 'FLEETSIM_TEST_PAUSE_AT';

/** Named points a test may hold the CLI at (docs/outputs.md describes what each interruption leaves). */
export type PausePoint = 'simulating' | 'before-swap' | 'mid-swap';

/** How long a pause waits for the test's signal before going on (a stray variable must not hang a run). */
const PAUSE_LIMIT_MS = 60_000;

/**
 * How a command that writes answers SIGINT (Ctrl-C) and SIGTERM: it notes the signal and stops at
 * its next check (between simulation slices, before swapping outputs in), removes what it staged
 * and exits 130 or 143 (docs/outputs.md). Listening disables Node's default of dying at once, so
 * a command only watches while it has something to clean up, and checks often.
 *
 * Signals arrive on the event loop: synchronous work cannot see them, which is why `fleetsim run`
 * simulates in slices and yields (`poll`) between them.
 */
export class Interruption {
  private stopped: StopSignal | null = null;
  private readonly waiting: ((signal: StopSignal) => void)[] = [];
  private readonly listeners: { signal: StopSignal; listener: () => void }[] = [];

  private constructor(private readonly io: CliIo) {
    if (io.signals === undefined) return;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const listener = (): void => this.stop(signal);
      io.signals.on(signal, listener);
      this.listeners.push({ signal, listener });
    }
  }

  /** Starts listening on io.signals (nothing to listen on: a watcher that never fires). Call `dispose` when done. */
  static watch(io: CliIo): Interruption {
    return new Interruption(io);
  }

  /** Runs `work` while watching for signals, and stops watching when it ends, however it ends. */
  static async during<T>(io: CliIo, work: (interruption: Interruption) => Promise<T>): Promise<T> {
    const interruption = new Interruption(io);
    try {
      return await work(interruption);
    } finally {
      interruption.dispose();
    }
  }

  /** The signal that arrived, or null. */
  get signal(): StopSignal | null {
    return this.stopped;
  }

  /** Resolves with the signal once one arrives. */
  whenStopped(): Promise<StopSignal> {
    return this.stopped !== null ? Promise.resolve(this.stopped) : new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Throws InterruptedError with `message()` when a signal has arrived. */
  check(message: () => string): void {
    if (this.stopped !== null) throw new InterruptedError(this.stopped, message());
  }

  /** One turn of the event loop, so that a signal sent during synchronous work is delivered. */
  poll(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * Holds the CLI at `point` when FLEETSIM_TEST_PAUSE_AT names it: prints `paused at <point>` on
   * stderr and waits for a signal (at most a minute). A no-op otherwise. Tests use it to interrupt
   * a command at an exact step (test/cli/interruption.test.ts).
   */
  async pause(point: PausePoint): Promise<void> {
    if (this.io.env?.[PAUSE_VARIABLE] !== point) return;
    this.io.stderr(`paused at ${point}\n`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.whenStopped(), new Promise((resolve) => (timer = setTimeout(resolve, PAUSE_LIMIT_MS)))]);
    clearTimeout(timer);
  }

  /** Stops listening; Node's default (end the process) applies to signals again. */
  dispose(): void {
    for (const { signal, listener } of this.listeners) this.io.signals?.off(signal, listener);
    this.listeners.length = 0;
  }

  private stop(signal: StopSignal): void {
    if (this.stopped !== null) return;
    this.stopped = signal;
    for (const resolve of this.waiting.splice(0)) resolve(signal);
  }
}
