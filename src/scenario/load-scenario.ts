import AjvModule from 'ajv';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { SimulationSpec } from '../model/simulation-spec.js';
import { compileScenario, type CompileContext } from './compile-scenario.js';
import { formatPath, type Diagnostic } from './diagnostics.js';
import { readNamedFiles, type NamedFileReader } from './named-files.js';
import { ScenarioSchema, type Scenario } from './schema.js';
import { explainSchemaErrors } from './schema-errors.js';
import { applyImports } from './import/apply-imports.js';
import type { ImportReport } from './import/import-notes.js';
import { sourceDocument } from './import/source-document.js';
import { numbersOutOfRange } from './number-limits.js';
import { DUPLICATE_KEY, duplicateKeys, explainYamlError, TOO_DEEP, toData, tooDeep } from './yaml-limits.js';
import { positionOf } from './yaml-positions.js';

const Ajv = AjvModule.default;
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile<Scenario>(ScenarioSchema);

/** What loading may need from outside: the files a scenario names (named-files.ts): its traffic traces and the definitions it imports. */
export interface LoadContext {
  /** Reads a file the scenario names, by its path relative to the scenario's folder. */
  readonly readFile?: NamedFileReader;
  /** The most hosts a run may have at once (`--max-hosts`; default DEFAULT_MAX_HOSTS, src/scenario/limits.ts). */
  readonly maxHosts?: number;
}

export type LoadResult =
  | {
      readonly ok: true;
      readonly spec: SimulationSpec;
      /** The scenario's sections as the compiler took them (with its imports applied). */
      readonly scenario: Scenario;
      /** Present when the scenario imports definitions. */
      readonly imports?: ImportReport;
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

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

  let data: unknown = converted.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, diagnostics: [{ file, line: 1, column: 1, path: '', message: 'a scenario must be a mapping with name, duration and cluster' }] };
  }
  let place = (path: readonly (string | number)[], keyOf = false): Omit<Diagnostic, 'message'> => ({ file, ...positionOf(doc as Document, counter, path, keyOf), path: formatPath(path) });
  let imports: ImportReport | undefined;
  if ('imports' in data) {
    // Imported definitions become the scenario's sections, the scenario's own fields laid over
    // them; a problem in an imported field is located in the file it came from. The files are
    // read through the same reader as traces (context.readFile: kept in the scenario's folder).
    const applied = applyImports(data as Record<string, unknown>, sourceDocument(file, doc as Document, counter, data), context.readFile);
    if (!applied.ok) return { ok: false, diagnostics: sortDiagnostics(applied.diagnostics) };
    const own = place;
    place = (path, keyOf = false) => {
      const origin = applied.locate(path);
      if (origin === undefined || origin.doc.file === file) return own(origin?.path ?? path, keyOf);
      return { file: origin.doc.file, ...origin.doc.locate(origin.path), path: origin.doc.describe(origin.path) };
    };
    data = applied.data;
    imports = applied.report;
  }

  // Numbers no field may hold first (a 1e308, a .nan): the schema's message for them would only say the type.
  const outOfRange = numbersOutOfRange(data);
  const numberPaths = new Set(outOfRange.map((p) => formatPath(p.path)));
  for (const p of outOfRange) diagnostics.push({ ...place(p.path), message: p.message });
  if (!validate(data) || diagnostics.length > 0) {
    for (const p of explainSchemaErrors(validate.errors ?? [], data)) {
      if (!numberPaths.has(formatPath(p.path))) diagnostics.push({ ...place(p.path, p.atKey), message: p.message });
    }
    return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  }

  const named = readNamedFiles(data, context.readFile);
  const compiled = compileScenario(data, { readFile: named.readFile, ...(context.maxHosts === undefined ? {} : { maxHosts: context.maxHosts }) } satisfies CompileContext);
  if (!compiled.ok || named.problems.length > 0) {
    const problems = compiled.ok ? [] : compiled.problems.filter((p) => !named.reported.has(formatPath(p.path)));
    for (const p of [...named.problems, ...problems]) diagnostics.push({ ...place(p.path), message: p.message });
    return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  }
  return imports === undefined ? { ok: true, spec: compiled.spec, scenario: data } : { ok: true, spec: compiled.spec, scenario: data, imports };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
