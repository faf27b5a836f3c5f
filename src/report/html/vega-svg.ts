import { logger, parse, View, Warn } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG } from './chart-theme.js';

/**
 * Renders Vega-Lite charts to SVG text in Node: Vega-Lite compiles a chart to a Vega spec, Vega
 * runs it headless (no browser, no canvas: text widths are Vega's estimates) and serializes the
 * scene graph. Data must be inline (`data.values`): nothing is loaded.
 *
 * The charts of a page repeat a few shapes (every service's task chart is one spec with other
 * numbers), and Vega-Lite's compiler and Vega's parser are the costliest steps of a chart, so a
 * renderer compiles and parses each shape once: a chart's inline data is lifted into named
 * datasets, the spec without its data is the shape's key, and a chart of a known shape gets a copy
 * of the parsed dataflow with its own values in those datasets. Each chart still gets a fresh
 * Vega view, so its SVG does not depend on the charts drawn before it.
 *
 * Two rewrites make the SVG fit a self-contained page and stay byte-identical for the same input:
 * - every mark Vega labels for assistive technology (`aria-label`, from the `tooltip` or
 *   `description` encoding) gets that text as an SVG `<title>` child, which browsers show on
 *   hover: the tooltips of a page without scripts;
 * - Vega numbers clip paths and gradients from a counter that lives as long as the process, so
 *   ids are renumbered per chart under `idPrefix`.
 */
export class ChartRenderer {
  /** Each shape's Vega dataflow, parsed once (see RuntimeTemplate). */
  private readonly shapes = new Map<string, RuntimeTemplate>();

  async render(spec: TopLevelSpec, idPrefix: string): Promise<string> {
    const { shape, datasets } = liftData(spec);
    const key = JSON.stringify(shape);
    let template = this.shapes.get(key);
    if (template === undefined) this.shapes.set(key, (template = runtimeTemplate(shape, datasets)));
    const view = new View(template.instantiate(new Map(datasets)), { renderer: 'none', logger: STRICT });
    try {
      const svg = await view.toSVG();
      return stableIds(markTitles(svg), idPrefix);
    } finally {
      view.finalize();
    }
  }
}

/** Vega's runtime dataflow spec (what `parse` returns and `new View` takes). */
type Runtime = ReturnType<typeof parse>;

/**
 * A chart shape's Vega dataflow with its datasets left out: `instantiate` gives a fresh copy (a
 * view may change what it is given) with a chart's values where the datasets are ingested.
 * Vega-Lite compiles a shape to a Vega spec, and Vega parses that spec into this dataflow
 * (expressions turned into code, scales and encoders wired); neither reads the values of inline
 * datasets, which the dataflow only ingests when the view starts, so both are done once per
 * shape. The copies are plain JSON: the parser's output is serializable by design (Vega can
 * ship a parsed spec to another process).
 */
interface RuntimeTemplate {
  instantiate(values: ReadonlyMap<string, unknown[]>): Runtime;
}

function runtimeTemplate(shape: object, datasets: readonly (readonly [string, unknown[]])[]): RuntimeTemplate {
  // Placeholder arrays, one per dataset, found again by identity in the parsed dataflow.
  const placeholders = new Map<unknown[], string>(datasets.map(([name]) => [[], name]));
  const byName = new Map([...placeholders].map(([array, name]) => [name, array]));
  const vega = compile({ ...shape, datasets: Object.fromEntries(datasets.map(([name]) => [name, []])) } as TopLevelSpec, { config: CHART_CONFIG, logger: STRICT }).spec as { data?: { name: string; values?: unknown }[] };
  for (const d of vega.data ?? []) if (byName.has(d.name)) d.values = byName.get(d.name);
  const runtime = parse(vega as Parameters<typeof parse>[0]);
  // Where each dataset is ingested: paths to the objects holding `$ingest` (one path array,
  // pushed and popped, copied only for a find).
  const ingests: { path: readonly (string | number)[]; name: string }[] = [];
  const path: (string | number)[] = [];
  const find = (node: object): void => {
    const ingest = (node as { $ingest?: unknown }).$ingest;
    if (Array.isArray(ingest) && placeholders.has(ingest)) {
      ingests.push({ path: [...path], name: placeholders.get(ingest)! });
      return;
    }
    const fields = node as Record<string, unknown>;
    for (const k in fields) {
      const v = fields[k];
      if (v === null || typeof v !== 'object') continue;
      path.push(Array.isArray(node) ? Number(k) : k);
      find(v);
      path.pop();
    }
  };
  find(runtime);
  const json = JSON.stringify(runtime);
  return {
    instantiate(values) {
      const copy = JSON.parse(json) as Runtime;
      for (const { path, name } of ingests) {
        let node = copy as unknown as Record<string | number, unknown>;
        for (const k of path) node = node[k] as Record<string | number, unknown>;
        node.$ingest = values.get(name) ?? [];
      }
      return copy;
    },
  };
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
