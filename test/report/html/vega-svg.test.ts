import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { timeAxis } from '../../../src/report/html/charts/chart.js';
import { timeChart } from '../../../src/report/html/charts/time-chart.js';
import { ChartRenderer, renderVegaLite } from '../../../src/report/html/vega-svg.js';

const spec = (values: readonly { x: number; y: number }[]): TopLevelSpec => ({
  width: 120,
  height: 60,
  data: { values: [...values] },
  mark: { type: 'point', clip: true },
  encoding: { x: { field: 'x', type: 'quantitative', scale: { domain: [0, 5] } }, y: { field: 'y', type: 'quantitative' }, description: { field: 'y' } },
});

describe('renderVegaLite', () => {
  it('draws SVG in Node and turns each mark label into a hover title', async () => {
    const svg = await renderVegaLite(spec([{ x: 1, y: 2 }, { x: 3, y: 7 }]), 'c');
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).toMatch(/<path role="graphics-symbol"[^>]*><title>2<\/title><\/path>/);
    expect(svg).toMatch(/<title>7<\/title>/);
  });

  it('numbers clip paths per chart, so ids do not depend on what the process drew before', async () => {
    const first = await renderVegaLite(spec([{ x: 1, y: 2 }]), 'fig-a');
    for (let i = 0; i < 3; i++) await renderVegaLite(spec([{ x: i, y: i }]), 'other');
    const again = await renderVegaLite(spec([{ x: 1, y: 2 }]), 'fig-a');
    expect(first).toMatch(/id="fig-a-1"/);
    expect(first).toMatch(/url\(#fig-a-1\)/);
    expect(again).toBe(first);
  });

  it('a renderer that parsed a shape once draws each chart of it as a fresh renderer would, in any order', async () => {
    // Layered time charts of one shape (lines, a target, markers: several datasets), other numbers.
    const chart = (k: number) =>
      timeChart({
        series: [{ name: 'running', t: [0, 60, 120 + k], v: [k, 2 * k, 3] }, { name: 'desired', t: [0, 90], v: [4, 4 + k] }],
        axis: timeAxis(600),
        yTitle: 'tasks',
        targets: [{ label: 'target', value: 3 + k }],
        markers: [{ atS: 30 + k, kind: 'scale', label: 'S', text: `scaled ${k}` }],
      }).spec;
    const alone = await Promise.all([1, 2, 3].map(async (k) => new ChartRenderer().render(chart(k), `c${k}`)));
    expect(new Set(alone).size).toBe(3);
    const shared = new ChartRenderer();
    const order = [2, 1, 3, 1, 2];
    const drawn: string[] = [];
    for (const k of order) drawn.push(await shared.render(chart(k), `c${k}`));
    expect(drawn).toEqual(order.map((k) => alone[k - 1]));
  });

  it('time charts differing only in their run (names, titles, axis, all zeros) are one shape, each drawn with its own settings', async () => {
    const chart = (k: number) =>
      timeChart({
        series: k === 3 ? [{ name: 'idle', t: [0, 60], v: [0, 0] }] : [{ name: `series-${k}`, t: [0, 60], v: [k, 2 * k] }, { name: 'other', t: [0, 30], v: [1, 1] }],
        axis: timeAxis(k === 2 ? 6 * 3600 : 600),
        yTitle: `title-${k}`,
        steps: true,
        integer: true,
      }).spec;
    const shared = new ChartRenderer();
    const drawn: string[] = [];
    for (const k of [1, 2, 3]) drawn.push(await shared.render(chart(k), `c${k}`));
    expect(shared.shapes).toBe(1);
    const labels = (svg: string) => [...svg.matchAll(/>([^<>]+)<\/text>/g)].map((m) => m[1]);
    expect(labels(drawn[0]!)).toEqual(expect.arrayContaining(['series-1', 'other', 'title-1', 'minutes into the run', '10.0']));
    expect(labels(drawn[1]!)).toEqual(expect.arrayContaining(['series-2', 'other', 'title-2', 'hours into the run', '6.0']));
    expect(labels(drawn[1]!)).not.toContain('series-1');
    // All zeros: the value axis spans 0 to 1, not 0 to 0.
    expect(labels(drawn[2]!)).toEqual(expect.arrayContaining(['idle', 'title-3', '0', '1']));
    for (const [i, k] of [1, 2, 3].entries()) expect(drawn[i]).toBe(await new ChartRenderer().render(chart(k), `c${k}`));
  });

  it('a spec Vega-Lite would draw other than written is an error, not a console warning', async () => {
    const bad = { ...spec([{ x: 1, y: 2 }]), mark: { type: 'text' }, encoding: { x: { field: 'x', type: 'quantitative' }, x2: { field: 'y' } } } as unknown as TopLevelSpec;
    await expect(renderVegaLite(bad, 'bad')).rejects.toThrow(/Vega WARN.*x2 dropped/);
  });
});
