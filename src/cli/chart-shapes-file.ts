import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reportChartShapes } from '../report/html/chart-shapes.js';
import { chartShapesStamp, compileChartShapes, type ParsedShape, type ParsedShapes } from '../report/html/vega-svg.js';

/**
 * The report's chart shapes compiled ahead of time: `npm run build` writes them beside the
 * compiled CLI (dist/src/cli/chart-shapes.jsonl, `node dist/src/cli/build-chart-shapes.js`), and
 * the processes that draw a run's report.html read them, so that drawing a page neither loads
 * Vega-Lite nor compiles and parses a chart (about a sixth of the drawing process's CPU time on the
 * 10,000-host day: docs/performance.md). Nothing depends on the file: without it (the TypeScript
 * sources under vitest, a build without that step) or with one from another Vega or chart config
 * (its stamp), each shape is compiled when first drawn, and the page is the same bytes.
 *
 * The file is lines of JSON: the stamp, then each shape's key and its parsed description. A page
 * draws a few of the shapes, so a description is parsed only when a chart asks for it.
 */
export const CHART_SHAPES_URL = new URL('./chart-shapes.jsonl', import.meta.url);

/** The shapes in `url`, or none when it is missing, unreadable or stamped for another Vega or config. */
export function readChartShapes(url: URL = CHART_SHAPES_URL): ParsedShapes {
  let lines: string[];
  try {
    lines = readFileSync(fileURLToPath(url), 'utf8').split('\n');
  } catch {
    return new Map();
  }
  if (lines[0] !== JSON.stringify(chartShapesStamp())) return new Map();
  const text = new Map<string, string>();
  for (let i = 1; i + 1 < lines.length; i += 2) text.set(JSON.parse(lines[i]!) as string, lines[i + 1]!);
  return new FileShapes(text);
}

/** A file's shapes, each parsed when first asked for. */
class FileShapes implements ParsedShapes {
  private readonly parsed = new Map<string, ParsedShape>();

  constructor(private readonly text: ReadonlyMap<string, string>) {}

  get(key: string): ParsedShape | undefined {
    let shape = this.parsed.get(key);
    if (shape === undefined) {
      const line = this.text.get(key);
      if (line === undefined) return undefined;
      this.parsed.set(key, (shape = JSON.parse(line) as ParsedShape));
    }
    return shape;
  }
}

/** Compiles the shapes of a run's report and writes them to `url` (whole or not at all); returns how many. */
export async function writeChartShapes(url: URL = CHART_SHAPES_URL): Promise<number> {
  const shapes = await compileChartShapes(reportChartShapes());
  const lines = [JSON.stringify(chartShapesStamp())];
  for (const [key, shape] of shapes) lines.push(JSON.stringify(key), JSON.stringify(shape));
  const path = fileURLToPath(url);
  writeFileSync(`${path}.tmp`, `${lines.join('\n')}\n`);
  renameSync(`${path}.tmp`, path);
  return shapes.size;
}
