/**
 * Where each part of a scenario assembled from imports came from, so that a schema or compiler
 * problem in it points at the line of the task definition, manifest or template that set it (or
 * at the scenario line that overrode it), not at a scenario line that does not exist.
 *
 * Importers mark the objects they build with the source object they read; the overlay marks
 * the objects it merges (overlay.ts). A field path of the assembled scenario is located by its
 * deepest marked object: a field the object maps explicitly, else the object's source path with
 * the rest of the field path appended (most fields keep their API name; where one does not, the
 * position falls back to the deepest part that exists in the file).
 */
import type { Path } from '../sections/problems.js';
import type { SourceDocument, SourcePath } from './source-document.js';

export interface Origin {
  readonly doc: SourceDocument;
  readonly path: SourcePath;
}

interface Mark {
  readonly origin: Origin;
  /** Fields of the object whose origin is not `origin.path` + their key. */
  readonly fields: ReadonlyMap<string, Origin>;
}

export class Origins {
  private readonly marks = new WeakMap<object, Mark>();

  /** Marks `value` as read from `path` of `doc`; `fields` names the source of keys that moved. Returns `value`. */
  mark<T extends object>(value: T, doc: SourceDocument, path: SourcePath, fields: Readonly<Record<string, SourcePath>> = {}): T {
    this.marks.set(value, { origin: { doc, path }, fields: new Map(Object.entries(fields).map(([k, p]) => [k, { doc, path: p }])) });
    return value;
  }

  /** Marks `merged` as `from` was marked, with `overrides` for the keys that came from elsewhere. */
  inherit<T extends object>(merged: T, from: object | undefined, overrides: ReadonlyMap<string, Origin>, fallback: Origin): T {
    const base = from === undefined ? undefined : this.marks.get(from);
    const fields = new Map(base?.fields ?? []);
    for (const [key, origin] of overrides) fields.set(key, origin);
    this.marks.set(merged, { origin: base?.origin ?? fallback, fields });
    return merged;
  }

  /** The origin of `value` itself, when marked. */
  of(value: unknown): Origin | undefined {
    return typeof value === 'object' && value !== null ? this.marks.get(value)?.origin : undefined;
  }

  /** Where the field at `path` of `root` came from, or undefined when nothing on the way is marked. */
  locate(root: unknown, path: Path): Origin | undefined {
    let node: unknown = root;
    let found: { mark: Mark; depth: number } | undefined;
    for (let depth = 0; ; depth++) {
      const mark = typeof node === 'object' && node !== null ? this.marks.get(node) : undefined;
      if (mark !== undefined) found = { mark, depth };
      if (depth === path.length || typeof node !== 'object' || node === null) break;
      node = (node as Record<string | number, unknown>)[path[depth]!];
    }
    if (found === undefined) return undefined;
    const rest = path.slice(found.depth);
    const moved = rest.length > 0 ? found.mark.fields.get(String(rest[0])) : undefined;
    if (moved !== undefined) return { doc: moved.doc, path: [...moved.path, ...rest.slice(1)] };
    return { doc: found.mark.origin.doc, path: [...found.mark.origin.path, ...rest] };
  }
}
