/**
 * A scenario assembled from imports written back as one self-contained scenario file
 * (`fleetsim import <files...> -o yaml`): its sections in the usual order, without `imports` and
 * `imageSizes` (image sizes are written on each container), each imported part with a comment
 * saying which file and line it came from, and the import report's warnings and defaults at the
 * top, so that a user sees (and can edit) what fleetsim understood.
 */
import { Document, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { isObject, type Json } from './account-fields.js';
import { formatImportNote, type ImportReport } from './import-notes.js';
import type { Origin } from './origins.js';

/** The top-level keys in the order scenario files write them. */
const ORDER = ['name', 'description', 'seed', 'duration', 'sampleInterval', 'maxEvents', 'cluster', 'services', 'workloads', 'events', 'expect', 'pricing'];

export function renderImportedScenario(data: Json, originOf: (value: unknown) => Origin | undefined, report: ImportReport, header: readonly string[]): string {
  const ordered: Record<string, unknown> = {};
  for (const key of ORDER) if (data[key] !== undefined) ordered[key] = data[key];
  const doc = new Document(ordered);
  annotate(doc.contents, ordered, undefined, originOf, () => undefined);
  const ignored = report.notes.filter((n) => n.kind === 'ignored').length;
  doc.commentBefore = [
    ...header,
    `Imported from ${report.files.map((f) => `${f.file} (${f.kind})`).join(', ')}.`,
    ...report.notes.filter((n) => n.kind !== 'ignored').map(formatImportNote),
    `${ignored} imported field(s) do not affect the simulation and are left out (fleetsim validate lists them).`,
  ]
    .map((line) => ` ${line}`)
    .join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** Whether `origin` is a part of `parent` in the same file (and so needs no comment of its own). */
function within(origin: Origin, parent: Origin): boolean {
  return origin.doc === parent.doc && parent.path.every((segment, i) => origin.path[i] === segment);
}

/** Comments each imported mapping that starts a new part (a list item, or a part read from elsewhere) with where it came from. */
function annotate(node: unknown, value: unknown, parent: Origin | undefined, originOf: (value: unknown) => Origin | undefined, comment: (text: string) => void, listItem = false): void {
  const origin = isObject(value) ? originOf(value) : undefined;
  if (origin !== undefined && (listItem || parent === undefined || !within(origin, parent))) {
    const at = origin.doc.locate(origin.path);
    const path = origin.doc.describe(origin.path);
    comment(` from ${origin.doc.file}:${at.line}${path === '' ? '' : ` (${path})`}`);
  }
  const here = origin ?? parent;
  if (isMap(node) && isObject(value)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = pair.key as Node;
      annotate(pair.value, value[String(pair.key.value)], here, originOf, (text) => (key.commentBefore = text));
    }
  } else if (isSeq(node) && Array.isArray(value)) {
    node.items.forEach((item, i) => annotate(item, value[i], here, originOf, (text) => ((item as Node).commentBefore = text), true));
  }
}
