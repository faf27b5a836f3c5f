import { logger, parse, View, Warn } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG } from './chart-theme.js';

/**
 * Renders a Vega-Lite chart to SVG text in Node: Vega-Lite compiles it to a Vega spec, Vega
 * runs it headless (no browser, no canvas: text widths are Vega's estimates) and serializes the
 * scene graph. Data must be inline (`data.values`): nothing is loaded.
 *
 * Two rewrites make the SVG fit a self-contained page and stay byte-identical for the same input:
 * - every mark Vega labels for assistive technology (`aria-label`, from the `tooltip` or
 *   `description` encoding) gets that text as an SVG `<title>` child, which browsers show on
 *   hover: the tooltips of a page without scripts;
 * - Vega numbers clip paths and gradients from a counter that lives as long as the process, so
 *   ids are renumbered per chart under `idPrefix`.
 */
export async function renderVegaLite(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const vega = compile(spec, { config: CHART_CONFIG, logger: STRICT }).spec;
  const view = new View(parse(vega), { renderer: 'none', logger: STRICT });
  try {
    const svg = await view.toSVG();
    return stableIds(markTitles(svg), idPrefix);
  } finally {
    view.finalize();
  }
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
