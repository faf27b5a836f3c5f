import { logger, parse, View, Warn, version as vegaVersion } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG } from './chart-theme.js';

/**
 * Renders Vega-Lite charts to SVG text in Node: Vega-Lite compiles a chart to a Vega spec, Vega
 * runs it headless (no browser, no canvas: text widths are Vega's estimates) and serializes the
 * scene graph. Data must be inline (`data.values`): nothing is loaded.
 *
 * The charts of a page repeat a few shapes (every service's task chart is one spec with other
 * numbers), and Vega-Lite's compiler is the costliest step of a chart, so a renderer compiles
 * each shape once: a chart's inline data is lifted into named datasets and its top-level
 * parameters' values into signal values (a template's settings: charts/time-chart.ts), and the
 * spec without them is the shape's key. Vega's parser (the compiled spec to a dataflow description, its expressions
 * parsed and turned into code) is the next costliest step, so that too is done once per shape:
 * each chart of the shape gets a fresh Vega view of the parsed description, its own values put
 * into the datasets and signals before the view first runs. Each chart still gets a fresh view, so its SVG
 * does not depend on the charts drawn before it (and is byte for byte the SVG of a view made
 * from the spec with the values inline).
 *
 * Two rewrites make the SVG fit a self-contained page and stay byte-identical for the same input:
 * - every mark Vega labels for assistive technology (`aria-label`, from the `tooltip` or
 *   `description` encoding) gets that text as an SVG `<title>` child, which browsers show on
 *   hover: the tooltips of a page without scripts;
 * - Vega numbers clip paths and gradients from a counter that lives as long as the process, so
 *   ids are renumbered per chart under `idPrefix`.
 */
export class ChartRenderer {
  /** Parsed Vega dataflow descriptions by shape, compiled here (views only read them). */
  private readonly parsed = new Map<string, ParsedShape>();

  /** `ahead`: shapes compiled ahead of time (compileChartShapes), used instead of compiling them here. */
  constructor(private readonly ahead: ParsedShapes = new Map()) {}

  /** How many shapes this renderer has compiled and parsed itself (not counting those it had ahead of time). */
  get shapes(): number {
    return this.parsed.size;
  }

  async render(spec: TopLevelSpec, idPrefix: string): Promise<string> {
    const { shape, datasets, signals } = liftInputs(spec);
    const key = JSON.stringify(shape);
    let runtime = this.ahead.get(key) ?? this.parsed.get(key);
    if (runtime === undefined) {
      runtime = await parseShape(shape, datasets);
      this.parsed.set(key, runtime);
    }
    const view = new View(runtime, { renderer: 'none', logger: STRICT });
    for (const [name, values] of datasets) view.data(name, values);
    for (const [name, value] of signals) view.signal(name, value);
    try {
      const svg = await view.toSVG();
      return stableIds(markTitles(svg), idPrefix);
    } finally {
      view.finalize();
    }
  }
}

/** A chart shape's Vega dataflow description: what Vega's parser makes of the compiled spec (plain data: it survives JSON). */
export type ParsedShape = ReturnType<typeof parse>;

/** Parsed shapes by shape key (a Map, or a file's shapes parsed when first asked for). */
export interface ParsedShapes {
  get(key: string): ParsedShape | undefined;
}

/**
 * Compiles and parses the shapes of `specs` (charts whose run-specific values are data and
 * parameters, so that one spec stands for all the charts of its shape), by shape key: what a
 * `ChartRenderer` given them need not compile. Vega-Lite's compiler and Vega's parser are the
 * costliest steps of a page's first charts (their code runs cold), so `npm run build` does this
 * for the shapes a run's report draws (chart-shapes.ts) and `fleetsim run`'s drawing process
 * loads the result (src/cli/chart-shapes-file.ts).
 */
export async function compileChartShapes(specs: readonly TopLevelSpec[]): Promise<Map<string, ParsedShape>> {
  const out = new Map<string, ParsedShape>();
  for (const spec of specs) {
    const { shape, datasets } = liftInputs(spec);
    const key = JSON.stringify(shape);
    if (!out.has(key)) out.set(key, await parseShape(shape, datasets));
  }
  return out;
}

/**
 * What a parsed shape depends on besides its key: Vega's version and the charts' config. A file
 * of shapes compiled ahead of time is used only when its stamp is this one.
 */
export function chartShapesStamp(): string {
  return JSON.stringify({ vega: vegaVersion, config: CHART_CONFIG });
}

/** Compiles (Vega-Lite, loaded on first use: a process that has every shape ahead of time never loads it) and parses one shape. */
async function parseShape(shape: object, datasets: readonly [string, unknown[]][]): Promise<ParsedShape> {
  const { compile } = await import('vega-lite');
  const empty = Object.fromEntries(datasets.map(([name]) => [name, []]));
  return parse(compile({ ...shape, datasets: empty } as TopLevelSpec, { config: CHART_CONFIG, logger: STRICT }).spec as Parameters<typeof parse>[0]);
}

/** Renders one chart. */
export async function renderVegaLite(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  return new ChartRenderer().render(spec, idPrefix);
}

/**
 * The spec with every inline `data: {values}` replaced by `data: {name}` (`fleetsim_0`, ... in
 * order of appearance; one array used twice keeps one name, as Vega-Lite shares its source),
 * and the values by name; and its top-level parameters' values (`params: [{name, value}]`) set
 * to null, and the values by name (a template's run-specific settings: charts/time-chart.ts).
 */
function liftInputs(spec: TopLevelSpec): { shape: object; datasets: [string, unknown[]][]; signals: [string, unknown][] } {
  const names = new Map<unknown[], string>();
  const datasets: [string, unknown[]][] = [];
  const lift = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(lift);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'data' && v !== null && typeof v === 'object' && Array.isArray((v as { values?: unknown }).values) && Object.keys(v).length === 1) {
        const values = (v as { values: unknown[] }).values;
        let name = names.get(values);
        if (name === undefined) {
          names.set(values, (name = `fleetsim_${names.size}`));
          datasets.push([name, values]);
        }
        out[k] = { name };
      } else out[k] = lift(v);
    }
    return out;
  };
  const shape = lift(spec) as { params?: { name: string; value?: unknown }[] };
  const signals: [string, unknown][] = [];
  if (Array.isArray(shape.params)) {
    shape.params = shape.params.map((p) => {
      if (!('value' in p)) return p;
      signals.push([p.name, p.value]);
      return { ...p, value: null };
    });
  }
  return { shape, datasets, signals };
}

/**
 * Vega and Vega-Lite report a spec they cannot draw as intended (an encoding dropped, a bad
 * field) as a warning on the console; here it is an error, so a chart is drawn as specified or
 * not at all, and nothing is printed.
 */
const STRICT = logger(Warn, undefined, (_method, level, args) => {
  throw new Error(`Vega ${level}: ${args.map(String).join(' ')}`);
});

/**
 * `<path aria-label="x: 1" role="graphics-symbol" .../>` -> `<path role="graphics-symbol" ...><title>x: 1</title></path>`,
 * and `<text aria-label="..." role="graphics-symbol" ...>5</text>` -> `<text role="graphics-symbol" ...><title>...</title>5</text>`.
 */
function markTitles(svg: string): string {
  return svg
    .replace(/<(\w+) aria-label="([^"]*)" role="graphics-symbol"([^>]*?)\/>/g, '<$1 role="graphics-symbol"$3><title>$2</title></$1>')
    .replace(/<(\w+) aria-label="([^"]*)" role="graphics-symbol"([^>]*?[^/])>/g, '<$1 role="graphics-symbol"$3><title>$2</title>');
}

/** Every `id="..."` and its `url(#...)` references renamed `<prefix>-1`, `<prefix>-2`, ... in order of appearance. */
function stableIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\bid="([^"]+)"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size + 1}`);
  if (ids.size === 0) return svg;
  return svg.replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${ids.get(id)!}"`).replace(/url\(#([^)]+)\)/g, (whole, id: string) => (ids.has(id) ? `url(#${ids.get(id)!})` : whole));
}
