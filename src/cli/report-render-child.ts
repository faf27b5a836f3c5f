import type { RunReportData } from '../report/html/report-data.js';
import { readChartShapes } from './chart-shapes-file.js';
import type { RenderReply, RenderRequest } from './report-renderer.js';

/**
 * Entry of the process that draws report.html for `fleetsim run` (compiled to
 * dist/src/cli/report-render-child.js; report-renderer.ts forks it by a URL relative to its own
 * module). It loads the renderer (Vega) and the chart shapes `npm run build` compiled
 * (chart-shapes-file.ts) as soon as it starts, which happens while the parent builds its summary,
 * then waits for one page's data, answers with the page and the CPU time this process used, and
 * ends. It reads no other file and writes none: the parent writes the page.
 *
 * Signals: SIGINT and SIGTERM sent to the terminal's process group reach this process too; it
 * leaves them to the parent, which decides whether the run's outputs are kept and stops this
 * process when they are not. A parent that dies closes the IPC channel, and this process ends.
 */
const renderer = import('../report/html/run-report-html.js');
// An import that fails is reported with the request (an unhandled rejection would end the process silently).
renderer.catch(() => undefined);
// The chart shapes `npm run build` compiled (none without the file: each is then compiled when first drawn).
const shapes = readChartShapes();

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => undefined);
process.on('disconnect', () => process.exit(0));

process.once('message', (request: RenderRequest) => {
  void answer(request.data).then((reply) => process.send!(reply, undefined, undefined, () => process.disconnect()));
});

async function answer(data: RunReportData): Promise<RenderReply> {
  try {
    const { renderRunReportHtml } = await renderer;
    const html = await renderRunReportHtml(data, shapes);
    const cpu = process.cpuUsage();
    return { ok: true, html, cpuS: (cpu.user + cpu.system) / 1e6 };
  } catch (error) {
    const e = error as Error;
    return { ok: false, message: e.message, stack: e.stack ?? String(e) };
  }
}
