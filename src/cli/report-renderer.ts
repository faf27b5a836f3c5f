import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { RunOutputs, StartedRunOutputs } from '../experiments/run-outputs.js';
import { readChartShapes } from './chart-shapes-file.js';
import type { RunReportData } from '../report/html/report-data.js';
import type { TextSink } from '../report/text-sink.js';

/** What the parent sends the drawing process: one page's data. */
export interface RenderRequest {
  readonly data: RunReportData;
}

/** The drawing process's answer: the page and the CPU time it used, or why it could not draw it. */
export type RenderReply = { readonly ok: true; readonly html: string; readonly cpuS: number } | { readonly ok: false; readonly message: string; readonly stack: string };

/**
 * V8 flags of the drawing process: no optimizing compiler (the interpreter and the Sparkplug
 * baseline only). A page is one pass over Vega's code, 36 charts at most: V8's optimizing
 * compiler, working on helper threads, spent about 0.3 s of CPU compiling Vega's hottest
 * functions for it and saved no time drawing it (its wall time is the same without), so a run's
 * page costs a third less CPU time with the tier off (docs/performance.md). The simulation, which
 * runs millions of events through the same functions, keeps every tier in its own process.
 */
export const RENDER_PROCESS_V8_FLAGS: readonly string[] = ['--max-opt=1'];

/** Where the compiled entry of the drawing process sits relative to this module. */
export const DEFAULT_RENDER_CHILD_URL = new URL('./report-render-child.js', import.meta.url);

/** The last stderr bytes of the drawing process kept for an error message. */
const STDERR_TAIL_BYTES = 4096;

/**
 * Draws one report.html for `fleetsim run`, in a process of its own when it can.
 *
 * `startReportRenderer` forks the drawing process, which loads Vega (about 0.1 s) at once;
 * `fleetsim run` starts it when the simulation has ended, so that the loading overlaps building
 * the summary (started with the run, the second busy process slowed the simulation more than the
 * loading saved: 8 interleaved runs of the 10,000-host day, 8.89 s median with it against 8.52 s
 * started at the end and 8.30 s without a report). `render` hands it the report's data, and the
 * run writes its other files while the page is drawn (run-outputs.ts: `finishReport`, then
 * `finish`). The page is byte for byte the one `renderRunReportHtml` draws in this process: the
 * same code on the same data (test/cli/report-renderer.test.ts). When there is no compiled entry
 * (vitest runs the TypeScript sources), or the process cannot start or dies before it answers, the
 * page is drawn in this process instead: a slower page, never a missing one.
 */
export interface ReportRenderer {
  /** Where the page is drawn. */
  readonly mode: 'process' | 'in-process';
  /** The page for `data`. Call once. */
  render(data: RunReportData): Promise<string>;
  /**
   * Resolves once the drawing process has the data `render` sent it (at once when the page is
   * drawn here). A run that goes on with synchronous work (writing its other files) waits for
   * this first: the data, larger than a pipe's buffer, goes out only while this process's event
   * loop turns, so the page would otherwise start only after that work.
   */
  handedOver(): Promise<void>;
  /** CPU seconds the drawing process used, once it has answered (0 when the page was drawn here). */
  readonly processCpuS: number;
  /** Ends the drawing process if it still runs (after a page, or when the run's outputs are abandoned). */
  stop(): void;
}

export function startReportRenderer(entryUrl: URL = DEFAULT_RENDER_CHILD_URL): ReportRenderer {
  const entry = fileURLToPath(entryUrl);
  if (!existsSync(entry)) return new InProcessRenderer();
  return new ProcessRenderer(entry);
}

class InProcessRenderer implements ReportRenderer {
  readonly mode = 'in-process';
  readonly processCpuS = 0;

  render(data: RunReportData): Promise<string> {
    return renderHere(data);
  }

  handedOver(): Promise<void> {
    return Promise.resolve();
  }

  stop(): void {}
}

class ProcessRenderer implements ReportRenderer {
  mode: 'process' | 'in-process' = 'process';
  processCpuS = 0;
  private readonly child: ChildProcess;
  /** Settles with the first reply, or rejects when the process fails first. */
  private readonly reply: Promise<RenderReply>;
  private stderrTail = '';
  private stopped = false;
  private sent: Promise<void> = Promise.resolve();

  constructor(entry: string) {
    this.child = fork(entry, [], { execArgv: [...RENDER_PROCESS_V8_FLAGS], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
    });
    this.reply = new Promise<RenderReply>((resolve, reject) => {
      this.child.once('message', (reply) => resolve(reply as RenderReply));
      this.child.on('error', reject);
      // 'close', not 'exit': it comes after the IPC channel has delivered every message the process sent.
      this.child.once('close', (code, signal) => reject(new Error(`the drawing process ended (${signal ?? `exit code ${code}`}) before it answered${this.stderrTail === '' ? '' : `: ${this.stderrTail.trim()}`}`)));
    });
    // Nobody may be waiting yet (the run is still going): a failure is seen when `render` awaits it.
    this.reply.catch(() => undefined);
  }

  async render(data: RunReportData): Promise<string> {
    let reply: RenderReply;
    try {
      // Written out when the callback runs (an error there: a closed channel, which ends in
      // 'close' above and settles the reply, so the callback only marks the hand-over).
      this.sent = new Promise((resolve) => this.child.send({ data } satisfies RenderRequest, () => resolve()));
      reply = await this.reply;
    } catch (error) {
      if (this.stopped) throw error;
      // The process could not start (e.g. a Node that refuses the V8 flag) or died: draw here.
      this.mode = 'in-process';
      this.stop();
      return renderHere(data);
    }
    if (!reply.ok) {
      // The renderer itself failed: the same code would fail here. Its own stack says where.
      const error = new Error(reply.message);
      error.stack = reply.stack;
      throw error;
    }
    this.processCpuS = reply.cpuS;
    return reply.html;
  }

  handedOver(): Promise<void> {
    return this.sent;
  }

  stop(): void {
    this.stopped = true;
    // SIGKILL: the process leaves SIGINT and SIGTERM to its parent (report-render-child.ts).
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

async function renderHere(data: RunReportData): Promise<string> {
  const { renderRunReportHtml } = await import('../report/html/run-report-html.js');
  return renderRunReportHtml(data, readChartShapes());
}

/**
 * How `fleetsim run` finishes a run and its page: the drawing process starts when the simulation
 * has ended, gets report.json's data, and draws the page while the run writes its other files;
 * then report.html goes into `open`. The drawing process is ended however this ends. Returns the
 * run's outputs, what the drawing process spent, and how long the run waited for the page once
 * its own files were written (bench/report-run.ts measures these).
 */
export async function finishRunWithPage(started: StartedRunOutputs, open: (name: 'report.html') => TextSink): Promise<{ readonly outputs: RunOutputs; readonly drawingCpuS: number; readonly waitS: number }> {
  const renderer = startReportRenderer();
  try {
    const page = renderer.render(started.finishReport()!);
    // Abandoned with the run if finishing fails (stop() below then ends its process).
    page.catch(() => undefined);
    // The page is drawn while the other files are written: once the drawing process has its data.
    await renderer.handedOver();
    const outputs = started.finish();
    const t0 = performance.now();
    open('report.html').write(await page);
    return { outputs, drawingCpuS: renderer.processCpuS, waitS: (performance.now() - t0) / 1000 };
  } finally {
    renderer.stop();
  }
}
