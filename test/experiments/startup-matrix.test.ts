import { describe, expect, it } from 'vitest';
import { runStartupMatrix, SEED_STARTUP_RANGES, sociEffect } from '../../src/experiments/startup-matrix.js';

describe("the seed's container start-up table", () => {
  const cells = runStartupMatrix({ samples: 40, seed: '7' });

  it.each(cells.map((c) => [c.platform, c.image, c] as const))('%s, %s image: the median lies in the seed range', (_p, _i, cell) => {
    expect(cell.p50).toBeGreaterThanOrEqual(cell.seedRange[0]);
    expect(cell.p50).toBeLessThanOrEqual(cell.seedRange[1]);
  });

  it('covers every cell of the seed table', () => {
    expect(cells.length).toBe(Object.keys(SEED_STARTUP_RANGES).length * 4);
  });

  it('SOCI cuts the large-image Fargate start by 40-70 %', () => {
    const soci = sociEffect({ samples: 40, seed: '7' });
    expect(soci.reduction).toBeGreaterThanOrEqual(0.4);
    expect(soci.reduction).toBeLessThanOrEqual(0.7);
  });
});
