import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SimulationError } from '../engine/errors.js';
import { executeSweepRun, type SweepInput, type SweepRunResult } from '../experiments/sweep.js';
import type { Interruption } from './interruption.js';
import type { StopSignal } from './io.js';

/** A request to a sweep worker: run this index of the run set. */
export interface WorkerRequest {
  readonly run: number;
}

/** A sweep worker's answer to one request. */
export type WorkerReply =
  | { readonly ok: true; readonly result: SweepRunResult }
  | { readonly ok: false; readonly run: number; readonly simulation: boolean; readonly message: string; readonly stack: string };

/** A run that failed. `simulation`: the simulation stopped it (e.g. the event limit), not a bug. */
export class SweepRunFailed extends Error {
  override readonly name = 'SweepRunFailed';
  constructor(
    readonly run: number,
    readonly simulation: boolean,
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

/** The pool was stopped by a signal (interruption.ts) after `done` runs; nothing was written. */
export class SweepStopped extends Error {
  override readonly name = 'SweepStopped';
  constructor(
    readonly signal: StopSignal,
    readonly done: number,
  ) {
    super(`stopped by ${signal} after ${done} runs`);
  }
}

export interface PoolOptions {
  /** Worker threads to use; 1 (or a single run) runs in this thread. */
  readonly workers: number;
  /**
   * The worker entry. Default: `sweep-worker.js` beside this module, which exists in the
   * compiled CLI (dist/src/cli/). When running the TypeScript sources (vitest), it does not: the
   * pool then runs in this thread and says so in `PoolOutcome.mode`.
   */
  readonly workerUrl?: URL;
  /** Called after each finished run with the number done so far. */
  readonly onProgress?: (done: number) => void;
  /**
   * Stops the pool on SIGINT/SIGTERM: workers are terminated at once; in this thread the pool
   * yields between runs to notice the signal. It then rejects with SweepStopped.
   */
  readonly interruption?: Interruption;
  /**
   * The most memory a worker's JavaScript heap may take, MiB (V8's old generation: the
   * simulation's state lives there). A run that needs more stops its worker and fails the sweep
   * with SweepRunFailed naming the run and the limit. Default DEFAULT_WORKER_MEMORY_MB; runs in
   * this thread are not limited by it.
   */
  readonly workerMemoryMb?: number;
}

/**
 * A sweep worker's default heap limit, MiB: the largest run the scenario limits allow (the scale
 * benchmark's 100,000 hosts or 400,000 tasks) peaks at 1.7 GB of resident memory, heap included
 * (results/bench.md), so 2 GiB holds any run that fits them; without a limit each worker could
 * grow to Node's own (about 4 GB), times the CPUs (docs/limits.md).
 */
export const DEFAULT_WORKER_MEMORY_MB = 2048;

export interface PoolOutcome {
  /** Results in the order of the `runs` argument. */
  readonly results: SweepRunResult[];
  readonly mode: 'in-process' | 'workers' | 'in-process: no compiled worker entry';
  readonly workers: number;
}

/** Where the compiled worker entry sits relative to this module. */
export const DEFAULT_WORKER_URL = new URL('./sweep-worker.js', import.meta.url);

/**
 * Runs the given run indexes of a sweep, on `workers` worker threads (each handed the next run
 * when it finishes one) or in this thread. Results do not depend on where a run ran: every run
 * is `executeSweepRun(input, index)`, a pure function. The first failing run stops the pool
 * and rejects with `SweepRunFailed`.
 */
export async function runSweepPool(input: SweepInput, runs: readonly number[], options: PoolOptions): Promise<PoolOutcome> {
  const url = options.workerUrl ?? DEFAULT_WORKER_URL;
  const threads = Math.max(1, Math.min(options.workers, runs.length));
  if (threads <= 1) return { results: await runInProcess(input, runs, options), mode: 'in-process', workers: 1 };
  if (!existsSync(fileURLToPath(url))) return { results: await runInProcess(input, runs, options), mode: 'in-process: no compiled worker entry', workers: 1 };
  return { results: await runOnWorkers(input, runs, url, threads, options), mode: 'workers', workers: threads };
}

async function runInProcess(input: SweepInput, runs: readonly number[], { onProgress, interruption }: PoolOptions): Promise<SweepRunResult[]> {
  const results: SweepRunResult[] = [];
  for (const run of runs) {
    if (interruption !== undefined) {
      // Runs are synchronous: a turn of the event loop between them lets a signal in.
      await interruption.poll();
      if (interruption.signal !== null) throw new SweepStopped(interruption.signal, results.length);
    }
    try {
      results.push(executeSweepRun(input, run));
    } catch (error) {
      const e = error as Error;
      throw new SweepRunFailed(run, error instanceof SimulationError, e.message, e.stack ?? String(e));
    }
    onProgress?.(results.length);
  }
  return results;
}

function runOnWorkers(input: SweepInput, runs: readonly number[], url: URL, threads: number, { onProgress, interruption, workerMemoryMb = DEFAULT_WORKER_MEMORY_MB }: PoolOptions): Promise<SweepRunResult[]> {
  const position = new Map(runs.map((run, i) => [run, i]));
  const results = new Array<SweepRunResult>(runs.length);
  const workers: Worker[] = [];
  /** The run each worker is on, to name it when the worker dies. */
  const current = new Map<Worker, number>();
  let next = 0;
  let done = 0;
  let settled = false;
  return new Promise((resolve, reject) => {
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      void Promise.all(workers.map((w) => w.terminate())).then(
        () => (error === undefined ? resolve(results) : reject(error)),
        () => (error === undefined ? resolve(results) : reject(error)),
      );
    };
    void interruption?.whenStopped().then((signal) => finish(new SweepStopped(signal, done)));
    const feed = (worker: Worker): void => {
      if (next >= runs.length) return;
      current.set(worker, runs[next]!);
      worker.postMessage({ run: runs[next++]! } satisfies WorkerRequest);
    };
    for (let k = 0; k < threads; k++) {
      const worker = new Worker(url, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: workerMemoryMb } });
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if (settled) return;
        if (!reply.ok) {
          finish(new SweepRunFailed(reply.run, reply.simulation, reply.message, reply.stack));
          return;
        }
        results[position.get(reply.result.run)!] = reply.result;
        done++;
        onProgress?.(done);
        if (done === runs.length) finish();
        else feed(worker);
      });
      worker.on('error', (error) => {
        const run = current.get(worker);
        // Out of memory is the run's size, not a bug: say which run and how to give it more.
        if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' && run !== undefined) {
          finish(new SweepRunFailed(run, true, outOfMemory(workerMemoryMb), error.stack ?? String(error)));
        } else finish(error);
      });
      worker.on('exit', (code) => {
        if (!settled) finish(new Error(`a sweep worker exited with code ${code} before the sweep finished`));
      });
      feed(worker);
    }
  });
}

/** The message of a run that ran out of its worker's memory. */
export function outOfMemory(limitMb: number): string {
  return `the run needs more memory than a sweep worker may use (${limitMb.toLocaleString('en-US')} MiB; docs/limits.md): raise it with --worker-memory if the machine has it, or make the run smaller`;
}
