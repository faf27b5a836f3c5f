import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** fleetsim's version from its package.json, for `--version`; 'unknown' when none is found. */
export function packageVersion(): string {
  // Walk up from this file to the package root; works from src/ (tests) and dist/src/ (bin).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'fleetsim' && pkg.version !== undefined) return pkg.version;
    } catch {
      // not here; keep walking
    }
    dir = dirname(dir);
  }
  return 'unknown';
}
