/**
 * `npm run catalog:generate`: regenerates src/model/catalog/generated/instance-types.data.ts from
 * the raw inputs under ../shared/data/catalog-sources/ and prints what it wrote. Exit 2 with one
 * line when an input is missing or not the file SOURCES names.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCatalog } from './build-catalog.js';
import { catalogSourcesDir, missingSources, readCatalogTables } from './read-inputs.js';
import { DATA_MODULE_PATH, renderDataModule } from './render-module.js';

/** The repository root: the nearest directory above this file with a package.json (works from dist/ too). */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no package.json above scripts/catalog');
    dir = parent;
  }
  return dir;
}

function main(): number {
  const root = repoRoot();
  const sources = catalogSourcesDir(root);
  const missing = missingSources(sources);
  if (missing.length > 0) {
    console.error(`error: ${sources}: missing ${missing.join(', ')} (see its README.md and docs/instance-catalog.md)`);
    return 2;
  }
  const build = buildCatalog(readCatalogTables(sources));
  const text = renderDataModule(build);
  const out = join(root, DATA_MODULE_PATH);
  const before = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  const families = new Set(build.types.map((t) => t.family)).size;
  console.log(`${DATA_MODULE_PATH}: ${build.types.length} instance types of ${families} families${before === text ? ' (unchanged)' : ''}`);
  console.log(`  from the older Karpenter reference: ${build.fromOlderReference.join(', ') || 'none'}`);
  console.log(`  left out: ${build.excluded.length} (${[...new Set(build.excluded.map((e) => e.reason))].join('; ')})`);
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
