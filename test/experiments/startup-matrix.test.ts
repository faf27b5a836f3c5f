import { describe, expect, it } from 'vitest';
import { runStartupMatrix, SEED_STARTUP_RANGES, sociEffect, STARTUP_TABLE_SEEDS, type StartupCell } from '../../src/experiments/startup-matrix.js';

describe("the seed's container start-up table", () => {
  const cells = runStartupMatrix({ samples: 40, seed: '7' });

  it.each(cells.map((c) => [c.platform, c.image, c] as const))('%s, %s image: the median lies in the seed range', (_p, _i, cell) => {
    expect(cell.p50).toBeGreaterThanOrEqual(cell.seedRange[0]);
    expect(cell.p50).toBeLessThanOrEqual(cell.seedRange[1]);
  });

  it('covers every cell of the seed table, each over the table\'s seeds', () => {
    expect(cells.length).toBe(Object.keys(SEED_STARTUP_RANGES).length * 4);
    for (const c of cells) {
      expect(c.seeds).toBe(STARTUP_TABLE_SEEDS);
      expect(c.spread.n).toBe(STARTUP_TABLE_SEEDS);
      expect(c.spread.p5).toBeLessThanOrEqual(c.p50);
      expect(c.spread.p95).toBeGreaterThanOrEqual(c.p50);
    }
  });

  it('gives the same verdict in every cell when regenerated from another base seed', () => {
    const verdicts = (cs: readonly StartupCell[]): string[] => cs.map((c) => `${c.platform}/${c.image}: ${c.p50 >= c.seedRange[0] && c.p50 <= c.seedRange[1] ? 'in range' : 'out of range'}`);
    expect(verdicts(runStartupMatrix({ samples: 40, seed: '8' }))).toEqual(verdicts(cells));
  });

  it('SOCI cuts the large-image Fargate start by 40-70 %', () => {
    const soci = sociEffect({ samples: 40, seed: '7' });
    expect(soci.reduction).toBeGreaterThanOrEqual(0.4);
    expect(soci.reduction).toBeLessThanOrEqual(0.7);
  });
});
