import { CHART_CSS } from './chart-theme.js';
import type { Chart, DataTable } from './charts/chart.js';
import { ChartRenderer, type ParsedShapes } from './vega-svg.js';

/**
 * The HTML page every report shares: one self-contained file (styles inline, charts as inline
 * SVG, no script, nothing fetched), readable in light and dark schemes, printable, and with each
 * chart's data as a table behind a disclosure. Nothing in it depends on when or where it was
 * made, so the same input gives the same bytes.
 */

/** One chart of a section, or a note when there is nothing to draw. */
export interface Figure {
  /** The figure's id (its anchor) and its `data-chart` name, which tests look up. */
  readonly id: string;
  readonly title: string;
  /** What the chart shows and how it was measured (plain text). */
  readonly caption: string;
  /** Null: `empty` is said instead. */
  readonly chart: Chart | null;
  readonly empty?: string;
}

export interface Section {
  readonly id: string;
  readonly title: string;
  /** Already escaped HTML placed before the figures. */
  readonly html?: string;
  readonly figures: readonly Figure[];
}

export interface Page {
  readonly title: string;
  /** Already escaped HTML of the page's header (title, facts, verdicts). */
  readonly header: string;
  readonly sections: readonly Section[];
  /** Already escaped HTML of the footer. */
  readonly footer: string;
}

/**
 * Renders every chart (one after another: Vega runs on this thread) and assembles the page.
 * `shapes`: chart shapes compiled ahead of time (vega-svg.ts); the page is the same without them.
 */
export async function renderPage(page: Page, shapes?: ParsedShapes): Promise<string> {
  const out: string[] = [];
  out.push('<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<title>${escapeHtml(page.title)}</title>`, `<style>\n${PAGE_CSS}\n${CHART_CSS}\n</style>`, '</head>', '<body>');
  out.push(`<header>\n${page.header}\n</header>`);
  const withFigures = page.sections.filter((s) => s.figures.length > 0 || s.html !== undefined);
  out.push('<nav aria-label="Contents"><ul>', ...withFigures.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`), '</ul></nav>', '<main>');
  const charts = new ChartRenderer(shapes);
  for (const section of withFigures) {
    out.push(`<section id="${section.id}">`, `<h2>${escapeHtml(section.title)}</h2>`);
    if (section.html !== undefined) out.push(section.html);
    for (const f of section.figures) out.push(await renderFigure(f, charts));
    out.push('</section>');
  }
  out.push('</main>', `<footer>\n${page.footer}\n</footer>`, '</body>', '</html>', '');
  return out.join('\n');
}

async function renderFigure(f: Figure, charts: ChartRenderer): Promise<string> {
  const head = `<figure id="${f.id}" data-chart="${f.id}">\n<figcaption><h3>${escapeHtml(f.title)}</h3><p>${escapeHtml(f.caption)}</p></figcaption>`;
  if (f.chart === null) return `${head}\n<p class="empty">${escapeHtml(f.empty ?? 'Nothing to draw in this run.')}</p>\n</figure>`;
  const svg = await charts.render(f.chart.spec, f.id);
  return `${head}\n<div class="chart">${svg}</div>\n<details><summary>Data table</summary>${tableHtml(f.chart.table)}</details>\n</figure>`;
}

/** A data table as HTML (numbers right-aligned). */
export function tableHtml(t: DataTable): string {
  const head = `<tr>${t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = t.rows.map((r) => `<tr>${r.map((c) => (typeof c === 'number' ? `<td class="n">${formatCell(c)}</td>` : `<td>${escapeHtml(c ?? '')}</td>`)).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

function formatCell(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 1000) / 1000);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const PAGE_CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1b1f24;--muted:#59626d;--ink:#1b1f24;--axis:#6b7280;--grid:#e2e5e9;--marker:#3f4752;--card:#f5f6f8;--border:#d3d8de;--pass:#116329;--fail:#b42318;--link:#0a58a8}
@media (prefers-color-scheme: dark){:root{--bg:#15181c;--fg:#e5e8eb;--muted:#a3abb5;--ink:#e5e8eb;--axis:#9aa3ad;--grid:#2d3339;--marker:#c7ced6;--card:#1d2127;--border:#363d45;--pass:#63d384;--fail:#ff8f85;--link:#80bbff}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1000px;padding:1.5rem 1rem 3rem;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
h1{font-size:1.6rem;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:2.5rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid var(--border)}
h3{font-size:1rem;margin:0}
.description{color:var(--muted);margin:0 0 1rem}
dl.facts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:0 0 1rem}
dl.facts div{display:flex;gap:.4rem}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;font-weight:600}
ul.verdicts,ol.incidents{padding-left:0;list-style:none;margin:.5rem 0}
ul.verdicts li,ol.incidents li{margin:.2rem 0}
.badge{display:inline-block;min-width:3.2em;padding:0 .35em;margin-right:.5em;border:1px solid currentColor;border-radius:3px;font:600 .8rem/1.5 ui-monospace,monospace;text-align:center}
.pass .badge{color:var(--pass)}
.fail .badge{color:var(--fail)}
.incident-id{font:600 .85rem ui-monospace,monospace}
.note{color:var(--muted);font-size:.9rem}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:.5rem .75rem;margin:1rem 0;list-style:none;background:var(--card);border:1px solid var(--border);border-radius:6px}
figure{margin:1.25rem 0;padding:.75rem;background:var(--card);border:1px solid var(--border);border-radius:6px}
figcaption p{margin:.2rem 0 .5rem;color:var(--muted);font-size:.9rem}
.chart svg{display:block;max-width:100%;height:auto}
.empty{color:var(--muted);font-style:italic}
details{margin-top:.5rem}
summary{cursor:pointer;color:var(--link)}
.table-wrap{max-height:24rem;overflow:auto;margin-top:.5rem}
table{border-collapse:collapse;font-size:.85rem}
th,td{padding:.15rem .5rem;border-bottom:1px solid var(--border);text-align:left;vertical-align:top}
th{position:sticky;top:0;background:var(--card)}
td.n{text-align:right;font-variant-numeric:tabular-nums}
footer{margin-top:3rem;color:var(--muted);font-size:.85rem}
@media print{
:root{--bg:#ffffff;--fg:#000000;--muted:#444444;--ink:#000000;--axis:#555555;--grid:#dddddd;--marker:#333333;--card:#ffffff;--border:#bbbbbb;--pass:#000000;--fail:#000000;--link:#000000}
body{max-width:none;padding:0;font-size:11pt}
nav,details{display:none}
figure{break-inside:avoid;border:none;padding:0}
h2{break-after:avoid}
a{text-decoration:none}
}`.trim();
