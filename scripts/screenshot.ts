import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { main } from '../src/cli/main.js';

/**
 * `npm run screenshot`: regenerates docs/report-screenshot.png, the picture of a report in the
 * README and docs/report.md. Runs a war story with `fleetsim run`, opens its report.html in
 * headless Chromium (Debian's `chromium` on PATH; puppeteer-core never downloads a browser) and
 * captures the page from its header to the end of the first chart.
 */
const SCENARIO = 'scenarios/war-stories/ecs-task-that-wouldnt-die.yaml';
const OUT = 'docs/report-screenshot.png';

const dir = mkdtempSync(join(tmpdir(), 'fleetsim-screenshot-'));
try {
  const io = { stdout: (s: string) => void process.stdout.write(s), stderr: (s: string) => void process.stderr.write(s), cwd: process.cwd(), isTTY: false };
  const code = await main(['run', SCENARIO, '--out', dir, '-q'], io);
  if (code > 1) throw new Error(`fleetsim run ${SCENARIO} exited ${code}`);
  const executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  const browser = await puppeteer.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 900, deviceScaleFactor: 1 });
    await page.goto(`file://${join(dir, 'report.html')}`, { waitUntil: 'load' });
    // The page is not scrolled, so the first figure's bottom in the viewport is its bottom on the page.
    const bottom = await page.$eval('figure', (f) => f.getBoundingClientRect().bottom);
    await page.screenshot({ path: OUT, clip: { x: 0, y: 0, width: 1000, height: Math.ceil(bottom) + 16 } });
  } finally {
    await browser.close();
  }
  process.stdout.write(`wrote ${OUT}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
