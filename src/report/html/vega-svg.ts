import { logger, parse, View, Warn } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG } from './chart-theme.js';

/**
 * Renders Vega-Lite charts to SVG text in Node: Vega-Lite compiles a chart to a Vega spec, Vega
 * runs it headless (no browser, no canvas: text widths are Vega's estimates) and serializes the
 * scene graph. Data must be inline (`data.values`): nothing is loaded.
 *
 * The charts of a page repeat a few shapes (every service's task chart is one spec with other
 * numbers), and Vega-Lite's compiler is the costliest step of a chart, so a renderer compiles
 * each shape once: a chart's inline data is lifted into named datasets, the spec without its data
 * is the shape's key. Vega's parser (the compiled spec to a dataflow description, its expressions
 * parsed and turned into code) is the next costliest step, so that too is done once per shape:
 * each chart of the shape gets a fresh Vega view of the parsed description, its own values put
 * into the datasets before the view first runs. Each chart still gets a fresh view, so its SVG
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
  /** Parsed Vega dataflow descriptions by shape (views only read them). */
  private readonly parsed = new Map<string, ReturnType<typeof parse>>();

  async render(spec: TopLevelSpec, idPrefix: string): Promise<string> {
    const { shape, datasets } = liftData(spec);
    const key = JSON.stringify(shape);
    let runtime = this.parsed.get(key);
    if (runtime === undefined) {
      const empty = Object.fromEntries(datasets.map(([name]) => [name, []]));
      runtime = parse(compile({ ...shape, datasets: empty } as TopLevelSpec, { config: CHART_CONFIG, logger: STRICT }).spec as Parameters<typeof parse>[0]);
      this.parsed.set(key, runtime);
    }
    const view = new View(runtime, { renderer: 'none', logger: STRICT });
    for (const [name, values] of datasets) view.data(name, values);
    try {
      const svg = await view.toSVG();
      return stableIds(markTitles(svg), idPrefix);
    } finally {
      view.finalize();
    }
  }
}

/** Renders one chart. */
export async function renderVegaLite(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  return new ChartRenderer().render(spec, idPrefix);
}

/**
 * The spec with every inline `data: {values}` replaced by `data: {name}` (`fleetsim_0`, ... in
 * order of appearance; one array used twice keeps one name, as Vega-Lite shares its source),
 * and the values by name.
 */
function liftData(spec: TopLevelSpec): { shape: object; datasets: [string, unknown[]][] } {
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
  return { shape: lift(spec) as object, datasets };
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
