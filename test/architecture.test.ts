import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The GUIDE's layering rules, enforced by reading imports: imports point down
 * (engine < model < policy < controllers < run), the edges (scenario, report, cli) look inward,
 * controller folders do not import each other, no module imports itself back through a chain
 * (type-only imports included), and nothing below cli touches the process, the console or the
 * wall clock.
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
  // The composition roots: run.ts, and run/ for harnesses that compose policies and actions without the kernel (placement-bench).
  run: ['engine', 'model', 'policy', 'controllers', 'run'],
  // Scenario validation uses policy parsers (the cluster query language, strategy checks).
  scenario: ['engine', 'model', 'policy', 'scenario'],
  report: ['engine', 'model', 'report'],
  experiments: ['engine', 'model', 'run', 'scenario', 'report', 'experiments'],
  // The public library API (src/api/index.ts): re-exports from every layer but cli.
  api: ['engine', 'model', 'policy', 'controllers', 'run', 'scenario', 'report', 'experiments'],
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

/**
 * The relative module specifiers a file imports: `import` and `import type`, `export ... from`,
 * side-effect imports, dynamic `import()` and `import('...').T` type queries. TypeScript's own
 * scanner reads them, so comments, strings and multi-line import lists cannot fool it.
 */
const importsOf = (file: string): string[] =>
  ts
    .preProcessFile(readFileSync(file, 'utf8'), true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((s) => s.startsWith('.'));

/** The source file an import specifier of `file` resolves to (`./x.js` -> `/abs/x.ts`). */
const resolveImport = (file: string, spec: string): string => resolve(dirname(file), spec).replace(/\.js$/, '.ts');

/** file -> the src/ files it imports. */
const importGraph = new Map(files.map((f) => [f, [...new Set(importsOf(f).map((spec) => resolveImport(f, spec)))]]));

/** A set of files that import each other, and one cycle through them to show how. */
interface ImportCycle {
  /** Every file of the strongly connected component, sorted. */
  readonly files: readonly string[];
  /** The shortest path from the component's first file back to itself: `[a, b, a]`. */
  readonly path: readonly string[];
}

/** Every import cycle in the graph: one per strongly connected component (Tarjan's algorithm). */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): ImportCycle[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) components.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((files) => ({ files, path: shortestCycle(graph, files[0]!, new Set(files)) }));
}

/** The shortest path start -> ... -> start within `within` (breadth-first). */
function shortestCycle(graph: ReadonlyMap<string, readonly string[]>, start: string, within: ReadonlySet<string>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of graph.get(v) ?? []) {
      if (!within.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = cameFrom.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  throw new Error(`no cycle through ${start}`);
}

describe('architecture', () => {
  it('every source file belongs to a known layer', () => {
    for (const file of files) expect(Object.keys(ALLOWED), relative(SRC, file)).toContain(layerOf(file));
  });

  it.each(files.map((f) => [relative(SRC, f), f]))('%s imports only from layers below it', (_name, file) => {
    const layer = layerOf(file);
    for (const spec of importsOf(file)) {
      const target = resolveImport(file, spec);
      const targetLayer = layerOf(target);
      if (CROSSING_IMPORTS.some(([from, to]) => from === relative(SRC, file) && to === relative(SRC, target))) continue;
      expect(ALLOWED[layer], `${relative(SRC, file)} imports ${spec} (${targetLayer})`).toContain(targetLayer);
    }
  });

  it('has no import cycles, type-only imports included', () => {
    const cycles = importCycles(importGraph).map(({ files, path }) => {
      const rest = files.filter((f) => !path.includes(f));
      return path.map((f) => relative(SRC, f)).join(' -> ') + (rest.length === 0 ? '' : ` (and other cycles through ${rest.map((f) => relative(SRC, f)).join(', ')})`);
    });
    expect(cycles).toEqual([]);
  });

  it('finds the cycles it is meant to find', () => {
    // A fixed graph, so the check above cannot pass by finding nothing: a component of four files
    // (a 3-cycle and a 2-cycle sharing b), a self-import, and an acyclic tail that must not count.
    const graph = new Map<string, string[]>([
      ['a', ['b', 'd']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e', 'd']],
    ]);
    graph.set('f', ['b']);
    graph.get('b')!.push('f');
    expect(importCycles(graph)).toEqual([
      { files: ['a', 'b', 'c', 'f'], path: ['a', 'b', 'c', 'a'] },
      { files: ['e'], path: ['e', 'e'] },
    ]);
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

  it('controllers keep start() and finish() for the run: no method of those names takes arguments', () => {
    // The run starts and finishes every part of its table by calling these (src/controllers/controller.ts);
    // a `start(task)` of another meaning would be called with no task.
    const method = /^\s+(?:(?:private|protected|public|readonly|static|async)\s+)*(start|finish)\s*(?:=\s*)?\(([^)]*)\)\s*(?::[^={;]*)?(?:=>\s*)?\{/gm;
    // The actions module is not a part of the run's table: its objects are the state's verbs.
    const parts = files.filter((f) => (layerOf(f) === 'controllers' && !relative(SRC, f).startsWith('controllers/actions/')) || layerOf(f) === 'policy');
    for (const file of parts) {
      const code = readFileSync(file, 'utf8');
      for (const m of code.matchAll(method)) expect(m[2]!.trim(), `${relative(SRC, file)}: ${m[0].trim()}`).toBe('');
    }
  });
});
