import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Statements in the docs that can be checked against the tree, checked so they cannot go stale. */
const ROOT = resolve(__dirname, '..');

describe("README's 'How it works'", () => {
  it('lists every folder and top-level file of src/, and nothing that is not there', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /## How it works\n\n```\nsrc\/\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const listed = [...block.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!);
    const actual = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).map((d) => (d.isDirectory() ? `${d.name}/` : d.name));
    expect(listed.length).toBeGreaterThan(0);
    expect([...listed].sort()).toEqual([...actual].sort());
  });
});
