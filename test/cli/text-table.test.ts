import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutTable } from '../../src/cli/text-table.js';
import { cli } from '../support/cli-runner.js';

describe('tables on a terminal', () => {
  const rows = [
    ['NAME', 'A', 'B', 'C'],
    ['first', '1', '22', '333'],
    ['second', '4444', '5', '6'],
  ];

  it('side by side when they fit, the last column unpadded', () => {
    expect(layoutTable(rows, { width: 100, gap: '   ' })).toEqual(['NAME     A      B    C', 'first    1      22   333', 'second   4444   5    6']);
  });

  it('split into tables that repeat the first column when they do not, every line within the width', () => {
    const lines = layoutTable(rows, { width: 16, gap: '  ', right: (i) => i > 0 });
    expect(lines).toEqual(['NAME       A   B', 'first      1  22', 'second  4444   5', '', 'NAME      C', 'first   333', 'second    6']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(16);
  });

  it.each([
    [['catalog'], 100],
    [['compare', 'scenarios/seed/web-api.yaml', '--variants', 'ecs-fargate', 'ecs-ec2', 'ecs-ec2-ri', 'eks-fargate', '--out'], 100],
  ])('fleetsim %j fits %i columns', async (argv, width) => {
    const r = await cli(...argv, ...(argv.at(-1) === '--out' ? [join(mkdtempSync(join(tmpdir(), 'fleetsim-width-')), 'out')] : []));
    expect(r.code).toBe(0);
    const long = r.stdout.split('\n').filter((l) => l.length > width);
    expect(long).toEqual([]);
  });
});
