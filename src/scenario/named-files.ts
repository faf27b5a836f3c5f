import { formatPath } from './diagnostics.js';
import { checkScenarioPath } from './scenario-path.js';
import { checkTrafficTrace, excerpt } from './traffic-trace.js';

/** Why a file a scenario names was refused, as a predicate (`is an absolute path; ...`, `cannot be read: no such file`). */
export interface NamedFileRefusal {
  readonly refused: string;
}

/**
 * Reads a file a scenario names, by its path relative to the scenario's folder: its text, a
 * refusal saying why not, or undefined when it cannot be read (a reader that knows no reason).
 */
export type NamedFileReader = (relativePath: string) => string | NamedFileRefusal | undefined;

type Path = readonly (string | number)[];

export interface NamedFiles {
  /** One per field whose file was refused or did not parse, at that field. */
  readonly problems: readonly { readonly path: Path; readonly message: string }[];
  /** Formatted paths of those fields: the compiler's own report of them is redundant. */
  readonly reported: ReadonlySet<string>;
  /** The compiler's reader: the text of every file that passed, undefined for the rest. */
  readonly readFile: (relativePath: string) => string | undefined;
}

/**
 * The gate between a scenario and the files it names (today the traffic traces,
 * `load.rps.trace`): each path must pass checkScenarioPath, be given by `read`, and parse
 * completely; otherwise the field gets a problem. Called by loadScenario after the schema check
 * and before compiling, so the compiler only ever sees files that passed.
 */
export function readNamedFiles(data: unknown, read: NamedFileReader | undefined): NamedFiles {
  const problems: { path: Path; message: string }[] = [];
  const texts = new Map<string, string>();
  for (const { path, named } of traceFields(data)) {
    const report = (message: string): void => void problems.push({ path, message });
    const quoted = `'${excerpt(named)}'`;
    const check = checkScenarioPath(named);
    if (!check.ok) {
      report(`traffic trace ${quoted} ${check.reason}`);
      continue;
    }
    const got = read?.(check.relative);
    if (got === undefined) {
      report(`cannot read traffic trace ${quoted}`);
      continue;
    }
    if (typeof got !== 'string') {
      report(`traffic trace ${quoted} ${got.refused}`);
      continue;
    }
    const parsed = checkTrafficTrace(got);
    if (!parsed.ok) {
      report(`${excerpt(named)}:${parsed.line}: ${parsed.message}`);
      continue;
    }
    texts.set(named, got);
  }
  return { problems, reported: new Set(problems.map((p) => formatPath(p.path))), readFile: (relative) => texts.get(relative) };
}

/** Every `load.rps.trace` string in the data, with its field path (services and workloads alike). */
function traceFields(data: unknown): { path: Path; named: string }[] {
  const found: { path: Path; named: string }[] = [];
  const stack: { value: unknown; path: Path }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: [...path, i] }));
    } else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      const rps = (record.load as Record<string, unknown> | undefined)?.rps as Record<string, unknown> | undefined;
      if (typeof rps === 'object' && rps !== null && typeof rps.trace === 'string') found.push({ path: [...path, 'load', 'rps', 'trace'], named: rps.trace });
      for (const [key, child] of Object.entries(record)) if (typeof child === 'object' && child !== null) stack.push({ value: child, path: [...path, key] });
    }
  }
  return found.sort((a, b) => formatPath(a.path).localeCompare(formatPath(b.path)));
}
