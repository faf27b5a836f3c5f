/**
 * What every section compiler shares: the problem list it reports into, unit parsing that
 * reports, and the few message shapes that recur across sections (unknown names, duplicates).
 */
import { suggest } from '../../engine/did-you-mean.js';
import type { Parsed } from '../units.js';

/** A field path in the scenario: `['services', 0, 'taskDefinition', 'cpu']`. */
export type Path = readonly (string | number)[];

export interface CompileProblem {
  readonly path: Path;
  readonly message: string;
}

/**
 * The problems found while compiling one scenario, in the order they were reported (the loader
 * sorts them by position; problems at one position keep this order). Sections never throw on
 * bad input: they report and go on with a fallback, so one pass finds every problem.
 */
export class Problems {
  readonly list: CompileProblem[] = [];

  readonly report = (path: Path, message: string): void => {
    this.list.push({ path, message });
  };

  /** The parsed value; or, after reporting the parse error at `path`, `fallback`. */
  readonly need = (parsed: Parsed, path: Path, fallback = 0): number => {
    if (parsed.ok) return parsed.value;
    this.report(path, parsed.message);
    return fallback;
  };

  get count(): number {
    return this.list.length;
  }
}

/** " (did you mean 'x'?)" with the nearest candidate, or "". */
export function nearest(name: string, candidates: Iterable<string>): string {
  const hits = suggest(name, candidates);
  return hits.length > 0 ? ` (did you mean '${hits[0]}'?)` : '';
}

/** Reports every name after the first of its kind: "duplicate <what> name 'x' (first defined at index i)". */
export function uniqueNames(names: readonly string[], pathOf: (i: number) => Path, what: string, problems: Problems): void {
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    const first = seen.get(n);
    if (first !== undefined) problems.report(pathOf(i), `duplicate ${what} name '${n}' (first defined at index ${first})`);
    else seen.set(n, i);
  });
}

/** "'<az>' is not one of the cluster's availability zones (a, b)" when `az` is not in `azs`. */
export function checkAz(az: string, azs: readonly string[], path: Path, problems: Problems): boolean {
  if (azs.includes(az)) return true;
  problems.report(path, `'${az}' is not one of the cluster's availability zones (${azs.join(', ')})`);
  return false;
}
