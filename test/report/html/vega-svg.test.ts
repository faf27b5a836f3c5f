import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { renderVegaLite } from '../../../src/report/html/vega-svg.js';

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

  it('a spec Vega-Lite would draw other than written is an error, not a console warning', async () => {
    const bad = { ...spec([{ x: 1, y: 2 }]), mark: { type: 'text' }, encoding: { x: { field: 'x', type: 'quantitative' }, x2: { field: 'y' } } } as unknown as TopLevelSpec;
    await expect(renderVegaLite(bad, 'bad')).rejects.toThrow(/Vega WARN.*x2 dropped/);
  });
});
