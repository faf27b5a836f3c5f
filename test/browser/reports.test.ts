import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cli } from '../support/cli-runner.js';

/**
 * The HTML reports in a real browser: Debian's `chromium` (installed by .ci/run; locally
 * `apt-get install -y chromium`), driven headless with puppeteer-core, which never downloads a
 * browser of its own. Each report is made by the CLI, opened from disk, and must load without a
 * console error, a failed request or any request at all besides itself (the page is
 * self-contained); every chart it should have must be drawn (marks and axis labels, a visible
 * size); every in-page link must land on an element. Screenshots (light, dark, print) go to
 * test/browser/output/ (git-ignored) for a person to look at.
 */
const OUTPUT = join(ROOT, 'test', 'browser', 'output');

/** The reports and the charts each must draw (figure ids: src/report/html and src/experiments). */
const REPORTS: readonly { name: string; file: string; charts: readonly string[] }[] = [
  {
    name: 'quickstart',
    file: 'quickstart/report.html',
    charts: ['svc-1-tasks', 'svc-1-startup', 'cluster-capacity-type', 'cluster-instance-types', 'cluster-azs', 'cluster-cpu', 'cluster-memory', 'cost-accumulated', 'cost-monthly'],
  },
  {
    name: 'war-story',
    file: 'war-story/report.html',
    charts: ['svc-1-tasks', 'svc-1-startup', 'svc-1-requests', 'svc-1-errors', 'svc-1-latency', 'svc-1-cpu', 'cluster-capacity-type', 'network-addresses', 'network-prefixes', 'cost-accumulated', 'cost-monthly'],
  },
  {
    name: 'target-tracking',
    file: 'target-tracking/report.html',
    charts: ['svc-1-tasks', 'svc-1-requests', 'svc-1-errors', 'svc-1-cpu', 'scaling-gantt', 'cluster-capacity-type', 'network-addresses'],
  },
  {
    name: 'compare',
    file: 'compare/compare.html',
    charts: ['compare-running', 'compare-errors', 'compare-addresses', 'compare-cost', 'compare-time-to-serving', 'compare-monthly-cost', 'compare-addresses-peak', 'compare-break-even'],
  },
  {
    name: 'sweep',
    file: 'sweep/sweep.html',
    charts: ['metric-1-distribution', 'metric-1-band', 'metric-6-distribution', 'metric-6-band'],
  },
  {
    name: 'risk',
    file: 'risk/risk.html',
    charts: ['expectation-rates', 'incident-rates', 'incident-first', 'metric-1'],
  },
];

/** Debian's chromium, or a clear failure saying how to get it. */
function chromium(): string {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error("no `chromium` on PATH: install Debian's package (apt-get install -y chromium; .ci/run does it)");
  }
}

/**
 * The DOM as the page callbacks below use it: they run in the browser, while this file is
 * type-checked without the DOM library (src/ must not see browser globals).
 */
interface DomElement {
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement> & Iterable<DomElement>;
  getBoundingClientRect(): { width: number; height: number };
  getBBox(): { width: number; height: number };
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
}
declare const document: { getElementById(id: string): DomElement | null; querySelectorAll(selector: string): ArrayLike<DomElement> & Iterable<DomElement> };

let browser: Browser;

beforeAll(async () => {
  rmSync(OUTPUT, { recursive: true, force: true });
  mkdirSync(OUTPUT, { recursive: true });
  const made = await Promise.all([
    cli('run', 'scenarios/quickstart.yaml', '--out', join(OUTPUT, 'quickstart'), '-q'),
    cli('run', 'scenarios/war-stories/ecs-task-that-wouldnt-die.yaml', '--out', join(OUTPUT, 'war-story'), '-q'),
    cli('run', 'scenarios/load/ecs-target-tracking.yaml', '--out', join(OUTPUT, 'target-tracking'), '-q'),
    cli('compare', 'scenarios/seed/web-api.yaml', '--out', join(OUTPUT, 'compare')),
    cli('sweep', 'scenarios/quickstart.yaml', '--set', 'services[0].desiredCount=4,6,8', '--seeds', '1..3', '--workers', '1', '--out', join(OUTPUT, 'sweep'), '-q'),
    cli('run', 'scenarios/war-stories/fargate-spot-termination-during-deploy.yaml', '--seeds', '1..4', '--workers', '1', '--out', join(OUTPUT, 'risk'), '-q'),
  ]);
  for (const r of made) expect(r.stderr).toBe('');
  browser = await puppeteer.launch({ executablePath: chromium(), args: ['--no-sandbox', '--disable-gpu'] });
}, 240_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens a report from disk; resolves with what went wrong while it loaded. */
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  const url = `file://${join(OUTPUT, file)}`;
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
  page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()} (${r.failure()?.errorText ?? ''})`));
  page.on('request', (r) => {
    if (r.url() !== url) problems.push(`request beyond the page: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}

/** What a figure shows in the page: its SVG's size, drawn marks, axis labels and data table rows; null without an SVG. */
function chartState(page: Page, id: string): Promise<{ width: number; height: number; marks: number; axisLabels: number; rows: number } | null> {
  return page.evaluate((figureId) => {
    const figure = document.getElementById(figureId);
    const svg = figure?.querySelector('.chart svg');
    if (!figure || !svg) return null;
    const box = svg.getBoundingClientRect();
    const marks = [...svg.querySelectorAll('.role-mark [role="graphics-symbol"], .role-mark path, .role-mark line, .role-mark text')].filter((m) => {
      const b = m.getBBox();
      return b.width > 0 || b.height > 0;
    }).length;
    const axisLabels = [...svg.querySelectorAll('.role-axis-label text')].filter((t) => (t.textContent ?? '').trim() !== '').length;
    const rows = figure.querySelectorAll('details table tbody tr').length;
    return { width: box.width, height: box.height, marks, axisLabels, rows };
  }, id);
}

/** In-page links (contents, incidents) whose target is missing. */
function danglingLinks(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href')!.slice(1)).filter((id) => document.getElementById(id) === null));
}

describe.each(REPORTS)('$name report in headless Chromium', ({ name, file, charts }) => {
  it('loads with no console error and no request beyond itself, and draws every chart it should', async () => {
    const { page, problems } = await open(file);
    try {
      for (const id of charts) {
        const chart = await chartState(page, id);
        expect(chart, `${name}: chart ${id}`).not.toBeNull();
        expect(chart!.width, `${name}: ${id} width`).toBeGreaterThan(100);
        expect(chart!.height, `${name}: ${id} height`).toBeGreaterThan(40);
        expect(chart!.marks, `${name}: ${id} marks drawn`).toBeGreaterThan(0);
        expect(chart!.axisLabels, `${name}: ${id} axis labels`).toBeGreaterThan(1);
        expect(chart!.rows, `${name}: ${id} data table rows`).toBeGreaterThan(0);
      }
      expect(await danglingLinks(page)).toEqual([]);
      await page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      await page.screenshot({ path: join(OUTPUT, `${name}-dark.png`), fullPage: true });
      await page.emulateMediaType('print');
      await page.screenshot({ path: join(OUTPUT, `${name}-print.png`), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});

describe('the browser checks', () => {
  it('catch a console error, a request beyond the page, a chart without its SVG and a dangling link', async () => {
    const page = readFileSync(join(OUTPUT, 'quickstart', 'report.html'), 'utf8');
    const tampered = page
      .replace('<main>', '<main><img src="http://127.0.0.1:9/missing.png" alt=""><a href="#nowhere">x</a><script>console.error("boom")</script>')
      .replace(/(<figure id="cluster-cpu"[\s\S]*?)<div class="chart">[\s\S]*?<\/div>\n<details>/, '$1<details>');
    mkdirSync(join(OUTPUT, 'tampered'), { recursive: true });
    writeFileSync(join(OUTPUT, 'tampered', 'report.html'), tampered);
    const opened = await open('tampered/report.html');
    try {
      expect(await chartState(opened.page, 'cluster-cpu')).toBeNull();
      expect(await chartState(opened.page, 'cluster-memory')).not.toBeNull();
      expect(await danglingLinks(opened.page)).toEqual(['nowhere']);
      expect(opened.problems.some((p) => p.includes('console error: boom'))).toBe(true);
      expect(opened.problems.some((p) => p.includes('request beyond the page: http://127.0.0.1:9/missing.png'))).toBe(true);
      expect(opened.problems.some((p) => p.startsWith('failed request: http://127.0.0.1:9/missing.png'))).toBe(true);
    } finally {
      await opened.page.close();
    }
  }, 60_000);
});
