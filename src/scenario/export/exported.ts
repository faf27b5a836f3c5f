/**
 * What `fleetsim export` produces: the documents of the other orchestrator (Kubernetes
 * manifests, or the AWS CLI inputs that create an ECS service), each with a comment, and the
 * list of what does not translate, each with the field it comes from and why. Rendered as one
 * multi-document YAML stream.
 */
import { Document } from 'yaml';

export interface ExportedDocument {
  /** What the document is and how to apply it (`aws ecs register-task-definition --cli-input-yaml ...`). */
  readonly comment: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Untranslated {
  /** The scenario field it comes from, e.g. `services[0].placementStrategy[1]`. */
  readonly path: string;
  readonly why: string;
}

export class Export {
  readonly documents: ExportedDocument[] = [];
  readonly untranslated: Untranslated[] = [];

  add(comment: string, data: Readonly<Record<string, unknown>>): void {
    this.documents.push({ comment, data });
  }

  lost(path: string, why: string): void {
    this.untranslated.push({ path, why });
  }
}

/** The documents as one YAML stream, the untranslated list in the first document's comment. */
export function renderExport(exported: Export, header: readonly string[]): string {
  const lost = exported.untranslated.map((u) => `  ${u.path}: ${u.why}`);
  const intro = [...header, ...(lost.length === 0 ? ['Everything the scenario sets translates.'] : ['What does not translate:', ...lost])];
  return exported.documents
    .map((d, i) => {
      const doc = new Document(d.data, { aliasDuplicateObjects: false });
      doc.commentBefore = [...(i === 0 ? [...intro, ''] : []), d.comment].map((line) => (line === '' ? '' : ` ${line}`)).join('\n');
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}

/** `{ key: value }` when value is defined, else `{}`. */
export function set(key: string, value: unknown): Record<string, unknown> {
  return value === undefined || value === null ? {} : { [key]: value };
}
