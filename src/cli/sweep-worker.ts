import { parentPort, workerData } from 'node:worker_threads';
import { SimulationError } from '../engine/errors.js';
import { executeSweepRun, type SweepInput } from '../experiments/sweep.js';
import type { WorkerReply, WorkerRequest } from './sweep-pool.js';

/**
 * Worker-thread entry of `fleetsim sweep` (compiled to dist/src/cli/sweep-worker.js; the pool
 * starts it by a URL relative to its own module). Receives the sweep input once as
 * `workerData`, then run indexes one at a time; answers each with the run's result or its error.
 * Does no file I/O: every file the scenario needs came with the input.
 */
const input = workerData as SweepInput;
const port = parentPort!;

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { ok: true, result: executeSweepRun(input, request.run) };
  } catch (error) {
    const e = error as Error;
    reply = { ok: false, run: request.run, simulation: error instanceof SimulationError, message: e.message, stack: e.stack ?? String(e) };
  }
  port.postMessage(reply);
});
