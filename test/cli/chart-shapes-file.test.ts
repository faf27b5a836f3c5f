import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readChartShapes, writeChartShapes } from '../../src/cli/chart-shapes-file.js';
import { reportChartShapes } from '../../src/report/html/chart-shapes.js';
import { compileChartShapes } from '../../src/report/html/vega-svg.js';

describe('the chart shapes file npm run build writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleetsim-shapes-'));
  const url = pathToFileURL(join(dir, 'chart-shapes.jsonl'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back every shape as compiled, and nothing else', async () => {
    expect(await writeChartShapes(url)).toBe(35);
    const read = readChartShapes(url);
    const compiled = await compileChartShapes(reportChartShapes());
    for (const [key, shape] of compiled) expect(read.get(key)).toEqual(JSON.parse(JSON.stringify(shape)));
    expect(read.get('{"mark":"point"}')).toBeUndefined();
  });

  it('is ignored when it is missing, or was made for another Vega or chart config', () => {
    expect(readChartShapes(pathToFileURL(join(dir, 'missing.jsonl'))).get('x')).toBeUndefined();
    const lines = readFileSync(url, 'utf8').split('\n');
    const stale = pathToFileURL(join(dir, 'stale.jsonl'));
    writeFileSync(stale, [JSON.stringify('{"vega":"0.0.0"}'), ...lines.slice(1)].join('\n'));
    const key = JSON.parse(lines[1]!) as string;
    expect(readChartShapes(url).get(key)).toBeDefined();
    expect(readChartShapes(stale).get(key)).toBeUndefined();
  });
});
