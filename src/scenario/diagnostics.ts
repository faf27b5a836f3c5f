/**
 * Problems found in a scenario file, each with its position. Collected, never thrown mid-parse,
 * so one run of `fleetsim validate` reports them all.
 */
export interface Diagnostic {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** Field path such as `services[0].taskDefinition.cpu`, or '' for the whole file. */
  readonly path: string;
  readonly message: string;
}

/** `file:line:col: error: message (at path)` — the one-line form editors and CI parse. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.path === '' ? '' : ` (at ${d.path})`;
  return `${d.file}:${d.line}:${d.column}: error: ${d.message}${where}`;
}

/** `['services', 0, 'cpu']` -> `services[0].cpu`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}
