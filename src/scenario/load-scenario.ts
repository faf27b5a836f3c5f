import AjvModule from 'ajv';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { SimulationSpec } from '../model/simulation-spec.js';
import { compileScenario, type CompileContext } from './compile-scenario.js';
import { formatPath, type Diagnostic } from './diagnostics.js';
import { ScenarioSchema, type Scenario } from './schema.js';
import { explainSchemaErrors } from './schema-errors.js';
import { positionOf } from './yaml-positions.js';

const Ajv = AjvModule.default;
const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile<Scenario>(ScenarioSchema);

export type LoadResult = { readonly ok: true; readonly spec: SimulationSpec } | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/**
 * Parses, validates and compiles one scenario file. YAML or JSON (JSON is YAML). Never throws
 * for bad input: every problem comes back as a diagnostic with file, line, column and field
 * path. Does no I/O; the caller reads the file.
 */
export function loadScenario(file: string, text: string, context: CompileContext = {}): LoadResult {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  for (const error of [...doc.errors, ...doc.warnings]) {
    const pos = counter.linePos(error.pos[0]);
    diagnostics.push({ file, line: pos.line, column: pos.col, path: '', message: `YAML: ${firstLine(error.message)}` });
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, diagnostics: [{ file, line: 1, column: 1, path: '', message: 'a scenario must be a mapping with name, duration and cluster' }] };
  }
  const at = (path: readonly (string | number)[], keyOf = false): { line: number; column: number } => positionOf(doc as Document, counter, path, keyOf);

  if (!validate(data)) {
    for (const p of explainSchemaErrors(validate.errors ?? [], data)) {
      const pos = at(p.path, p.atKey);
      diagnostics.push({ file, line: pos.line, column: pos.column, path: formatPath(p.path), message: p.message });
    }
    return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  }

  const compiled = compileScenario(data, context);
  if (!compiled.ok) {
    for (const p of compiled.problems) {
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
