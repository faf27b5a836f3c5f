import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The GUIDE's layering rules, enforced by reading imports: imports point down
 * (engine < model < policy < controllers < run), the edges (scenario, report, cli) look inward,
 * controller folders do not import each other, and nothing below cli touches the process,
 * the console or the wall clock.
 */
const SRC = resolve(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function layerOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes('/') ? rel.split('/')[0]! : rel.replace(/\.ts$/, '');
}

const ALLOWED: Record<string, readonly string[]> = {
  engine: ['engine'],
  model: ['engine', 'model'],
  policy: ['engine', 'model', 'policy'],
  controllers: ['engine', 'model', 'policy', 'controllers'],
  run: ['engine', 'model', 'policy', 'controllers'],
  // Scenario validation uses policy parsers (the cluster query language, strategy checks).
  scenario: ['engine', 'model', 'policy', 'scenario'],
  report: ['engine', 'model', 'report'],
  experiments: ['engine', 'model', 'run', 'scenario', 'report', 'experiments'],
  cli: ['engine', 'model', 'policy', 'controllers', 'run', 'scenario', 'report', 'experiments', 'cli'],
};

/**
 * Imports that cross the layering on purpose, each with its reason (file -> imported file, both
 * relative to src/):
 * - run.ts -> report/describe/index.ts: a scenario's `reason:` expectation holds when the text
 *   appears in an event's ECS/Kubernetes wording (what users copy from a console), and that wording
 *   is rendered in report/. The composition root hands the renderer to the ExpectationChecker, so
 *   no controller imports report/.
 */
const CROSSING_IMPORTS: readonly (readonly [string, string])[] = [['run.ts', 'report/describe/index.ts']];

const files = sourceFiles(SRC);
const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!).filter((s) => s.startsWith('.'));

describe('architecture', () => {
  it('every source file belongs to a known layer', () => {
    for (const file of files) expect(Object.keys(ALLOWED), relative(SRC, file)).toContain(layerOf(file));
  });

  it.each(files.map((f) => [relative(SRC, f), f]))('%s imports only from layers below it', (_name, file) => {
    const layer = layerOf(file);
    for (const spec of importsOf(file)) {
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      const targetLayer = layerOf(target);
      if (CROSSING_IMPORTS.some(([from, to]) => from === relative(SRC, file) && to === relative(SRC, target))) continue;
      expect(ALLOWED[layer], `${relative(SRC, file)} imports ${spec} (${targetLayer})`).toContain(targetLayer);
    }
  });

  it('controller folders do not import each other', () => {
    for (const file of files.filter((f) => layerOf(f) === 'controllers')) {
      const own = relative(join(SRC, 'controllers'), file).split('/');
      if (own.length < 2) continue;
      for (const spec of importsOf(file)) {
        const target = relative(join(SRC, 'controllers'), resolve(dirname(file), spec)).split('/');
        // controllers/actions/ is not a controller: it is the one way every controller changes state.
        if (target[0] === '..' || target.length < 2 || target[0] === 'actions') continue;
        expect(target[0], `${relative(SRC, file)} imports ${spec}`).toBe(own[0]);
      }
    }
  });

  it('nothing below cli touches the process, the console, timers or the wall clock', () => {
    const forbidden = /\b(Math\.random|Date\.now|new Date\(|performance\.now|setTimeout|setInterval|process\.|console\.)/;
    for (const file of files.filter((f) => layerOf(f) !== 'cli')) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      expect(forbidden.exec(code)?.[0], relative(SRC, file)).toBeUndefined();
    }
  });

  it('only cli touches the filesystem', () => {
    for (const file of files.filter((f) => layerOf(f) !== 'cli')) {
      expect(readFileSync(file, 'utf8'), relative(SRC, file)).not.toMatch(/from ['"](node:)?fs['"]/);
    }
  });
});
