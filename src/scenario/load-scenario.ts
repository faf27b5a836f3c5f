import AjvModule from 'ajv';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { SimulationSpec } from '../model/simulation-spec.js';
import { compileScenario, type CompileContext } from './compile-scenario.js';
import { formatPath, type Diagnostic } from './diagnostics.js';
import { readNamedFiles, type NamedFileReader } from './named-files.js';
import { ScenarioSchema, type Scenario } from './schema.js';
import { explainSchemaErrors } from './schema-errors.js';
import { numbersOutOfRange } from './number-limits.js';
import { DUPLICATE_KEY, duplicateKeys, explainYamlError, TOO_DEEP, toData, tooDeep } from './yaml-limits.js';
import { positionOf } from './yaml-positions.js';

const Ajv = AjvModule.default;
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile<Scenario>(ScenarioSchema);

/** What loading may need from outside: the files a scenario names (named-files.ts). */
export interface LoadContext {
  /** Reads a file the scenario names, by its path relative to the scenario's folder. */
  readonly readFile?: NamedFileReader;
  /** The most hosts a run may have at once (`--max-hosts`; default DEFAULT_MAX_HOSTS, src/scenario/limits.ts). */
  readonly maxHosts?: number;
}

export type LoadResult = { readonly ok: true; readonly spec: SimulationSpec } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Parses, validates and compiles one scenario file. YAML or JSON (JSON is YAML). Never throws
 * for bad input: every problem comes back as a diagnostic with file, line, column and field
 * path. Does no I/O; the caller reads the file.
 */
export function loadScenario(file: string, text: string, context: LoadContext = {}): LoadResult {
  const counter = new LineCounter();
  // Repeated keys are found by duplicateKeys (yaml's own check is quadratic in a mapping's size).
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  const diagnostics: Diagnostic[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    const pos = counter.linePos(error.pos[0]);
    const message = explainYamlError(firstLine(error.message));
    // Past its depth limit the parser reports an error at every level: the first says it all.
    if (message === TOO_DEEP) return { ok: false, diagnostics: [{ file, line: pos.line, column: pos.col, path: '', message }] };
    diagnostics.push({ file, line: pos.line, column: pos.col, path: '', message });
  }
  for (const offset of duplicateKeys(doc)) {
    const pos = counter.linePos(offset);
    diagnostics.push({ file, line: pos.line, column: pos.col, path: '', message: DUPLICATE_KEY });
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  const located = (offset: number, message: string): LoadResult => {
    const pos = counter.linePos(offset);
    return { ok: false, diagnostics: [{ file, line: pos.line, column: pos.col, path: '', message }] };
  };
  const deep = tooDeep(doc);
  if (deep !== undefined) return located(deep, TOO_DEEP);
  const converted = toData(doc);
  if (!converted.ok) return located(converted.offset, converted.message);

  const data: unknown = converted.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, diagnostics: [{ file, line: 1, column: 1, path: '', message: 'a scenario must be a mapping with name, duration and cluster' }] };
  }
  const at = (path: readonly (string | number)[], keyOf = false): { line: number; column: number } => positionOf(doc as Document, counter, path, keyOf);

  // Numbers no field may hold first (a 1e308, a .nan): the schema's message for them would only say the type.
  const outOfRange = numbersOutOfRange(data);
  const numberPaths = new Set(outOfRange.map((p) => formatPath(p.path)));
  for (const p of outOfRange) {
    const pos = at(p.path);
    diagnostics.push({ file, line: pos.line, column: pos.column, path: formatPath(p.path), message: p.message });
  }
  if (!validate(data) || diagnostics.length > 0) {
    for (const p of explainSchemaErrors(validate.errors ?? [], data)) {
      if (numberPaths.has(formatPath(p.path))) continue;
      const pos = at(p.path, p.atKey);
      diagnostics.push({ file, line: pos.line, column: pos.column, path: formatPath(p.path), message: p.message });
    }
    return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  }

  const named = readNamedFiles(data, context.readFile);
  const compiled = compileScenario(data, { readFile: named.readFile, ...(context.maxHosts === undefined ? {} : { maxHosts: context.maxHosts }) } satisfies CompileContext);
  if (!compiled.ok || named.problems.length > 0) {
    const problems = compiled.ok ? [] : compiled.problems.filter((p) => !named.reported.has(formatPath(p.path)));
    for (const p of [...named.problems, ...problems]) {
      const pos = at(p.path);
      diagnostics.push({ file, line: pos.line, column: pos.column, path: formatPath(p.path), message: p.message });
    }
    return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  }
  return { ok: true, spec: compiled.spec };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => a.line - b.line || a.column - b.column);
}
