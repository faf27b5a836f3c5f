/**
 * The per-run "accounted for" report of imported definitions (issue 15): every imported field
 * that fleetsim does not model, each once, with its file, line, column, field path and why; the
 * warnings for fields that would change the answer; and the defaults fleetsim assumed for what
 * a definition does not say (a missing image size). `fleetsim run` and `validate` print it and
 * summary.json carries it (only for scenarios that import definitions).
 */
import type { Diagnostic } from '../diagnostics.js';
import type { SourceDocument, SourcePath } from './source-document.js';

/** ignored: does not change the simulation; warning: would, and is not modelled; default: fleetsim assumed a value. */
export type ImportNoteKind = 'ignored' | 'warning' | 'default';

export interface ImportNote {
  readonly kind: ImportNoteKind;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The field as the imported file spells it, e.g. `taskDefinition.containerDefinitions[0].logConfiguration`. */
  readonly path: string;
  readonly why: string;
}

/** What one scenario imported: its files by kind, and the notes in file and position order. */
export interface ImportReport {
  readonly files: readonly { readonly file: string; readonly kind: string }[];
  readonly notes: readonly ImportNote[];
}

/** `file:line:col: ignored: path: why` — the one-line form of a note, as diagnostics are written. */
export function formatImportNote(n: ImportNote): string {
  return `${n.file}:${n.line}:${n.column}: ${n.kind === 'default' ? 'note' : n.kind}: ${n.path === '' ? '' : `${n.path}: `}${n.why}`;
}

/**
 * Collects notes and problems while definitions are imported. Problems are errors (an unknown
 * field, a reference that does not resolve); notes never stop a load.
 */
/**
 * A field of the scenario's own sections (`['services', {serviceName: 'api'}, 'loadBalancer']`,
 * a mapping step matching a list item by name) that, when the scenario sets it, makes a note moot:
 * the default it reports was overridden.
 */
export type OwnField = readonly (string | Readonly<Record<string, string>>)[];

export class ImportLog {
  readonly notes: ImportNote[] = [];
  private readonly moot = new Map<ImportNote, OwnField>();
  readonly problems: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  /** Notes a field once; `unless`: the scenario field that, when set, overrides what the note says. */
  note(kind: ImportNoteKind, doc: SourceDocument, path: SourcePath, why: string, unless?: OwnField): void {
    const at = doc.locate(path);
    const described = doc.describe(path);
    // One line per field: CloudFormation resources imported twice (a service and its target) say it once.
    const key = `${kind}|${doc.file}|${described}|${why}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const note = { kind, file: doc.file, line: at.line, column: at.column, path: described, why };
    this.notes.push(note);
    if (unless !== undefined) this.moot.set(note, unless);
  }

  /** A problem at `path`; `atKey`: at the field's key (an unknown field), not its value. */
  problem(doc: SourceDocument, path: SourcePath, message: string, atKey = false): void {
    const at = doc.locate(path, atKey);
    this.problems.push({ file: doc.file, line: at.line, column: at.column, path: doc.describe(path), message });
  }

  /** The notes the scenario `own` did not make moot, sorted by file, then position. */
  sortedNotes(own: unknown): ImportNote[] {
    return this.notes
      .filter((n) => {
        const field = this.moot.get(n);
        return field === undefined || valueOf(own, field) === undefined;
      })
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.kind.localeCompare(b.kind));
  }
}

/** The value at `field` of `data`, or undefined. */
function valueOf(data: unknown, field: OwnField): unknown {
  let node = data;
  for (const step of field) {
    if (typeof step === 'string') node = typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>)[step] : undefined;
    else {
      const [key, name] = Object.entries(step)[0]!;
      node = Array.isArray(node) ? node.find((item) => typeof item === 'object' && item !== null && (item as Record<string, unknown>)[key] === name) : undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}
