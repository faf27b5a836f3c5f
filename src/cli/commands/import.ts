import { basename, isAbsolute, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { LineCounter, parseAllDocuments, parseDocument, stringify, type Document } from 'yaml';
import { applyImports } from '../../scenario/import/apply-imports.js';
import { detectImportKind } from '../../scenario/import/detect-kind.js';
import { renderImportedScenario } from '../../scenario/import/render-scenario.js';
import { sourceDocument } from '../../scenario/import/source-document.js';
import { formatDiagnostic } from '../../scenario/diagnostics.js';
import { loadScenario } from '../../scenario/load-scenario.js';
import { IMPORT_KINDS, type ImportKind } from '../../scenario/schema/imports.js';
import { formatImportReport } from '../import-report.js';
import { readInputText } from '../input-file.js';
import { ExitCode, UsageError, type CliIo } from '../io.js';
import { formatDiagnostics } from '../read-scenario.js';
import { MAX_TRACE_BYTES } from '../scenario-files.js';

export const command = 'import <files..>';
export const describe = 'Turn ECS, Kubernetes and CloudFormation definitions into a self-contained scenario (with where each part came from)';

export function builder(y: Argv) {
  return y
    .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Definition files (JSON or YAML); KIND=FILE names the kind' })
    .option('output', { alias: 'o', choices: ['yaml', 'json'] as const, default: 'yaml' as const, describe: 'The scenario as YAML (with comments) or JSON' })
    .option('name', { type: 'string', default: 'imported', describe: "The scenario's name" })
    .option('duration', { type: 'string', default: '30m', describe: 'How long the scenario simulates' })
    .example('$0 import task-definition.json service.json -o yaml > scenario.yaml', 'A scenario from describe-task-definition and describe-services output')
    .example('$0 import cloudFormation=cdk.out/ApiStack.template.json', 'Name the kind when fleetsim cannot tell it from the content');
}

export interface ImportArgs {
  readonly files: readonly string[];
  readonly output: 'yaml' | 'json';
  readonly name: string;
  readonly duration: string;
}

/**
 * `fleetsim import <files...>`: the scenario the files describe, as a scenario file that imports
 * them would assemble it, written out self-contained on stdout; the import report on stderr,
 * and what the scenario still needs to run (a subnet's CIDR the definitions do not give) on
 * stderr and at its top. Exit 2 for a file that cannot be read or understood.
 */
export function handler(args: ImportArgs, io: CliIo): number {
  const texts = new Map<string, string>();
  const imports: Record<string, string>[] = [];
  for (const given of args.files) {
    const [kind, file] = splitKind(given);
    // Bounded as the files a scenario imports are (scenario-files.ts): regular UTF-8 files within the limit.
    const read = readInputText(resolve(io.cwd, file), MAX_TRACE_BYTES);
    if (!read.ok) {
      io.stderr(`${file}: error: cannot read definitions: ${read.reason}\n`);
      return ExitCode.BadInput;
    }
    const text = read.text;
    const detected = kind ?? detectImportKind(firstDocument(text));
    if (detected === undefined) {
      io.stderr(`${file}: error: not an ECS task definition or service, Application Auto Scaling output, Kubernetes manifest or CloudFormation template; name its kind (${IMPORT_KINDS.map((k) => `${k}=${file}`).join(', ')})\n`);
      return ExitCode.BadInput;
    }
    const name = uniqueName(io.cwd, file, texts);
    texts.set(name, text);
    imports.push({ [detected]: name });
  }
  // A scenario of nothing but these imports, beside the current folder.
  const scenarioText = stringify({ name: args.name, duration: args.duration, imports });
  const scenarioFile = 'imported.yaml';
  const readImport = (named: string): string | undefined => texts.get(named);
  const counter = new LineCounter();
  const doc = parseDocument(scenarioText, { lineCounter: counter });
  const data = doc.toJS() as Record<string, unknown>;
  const applied = applyImports(data, sourceDocument(scenarioFile, doc as Document, counter, data), readImport);
  if (!applied.ok) {
    io.stderr(formatDiagnostics(applied.diagnostics));
    return ExitCode.BadInput;
  }
  io.stderr(formatImportReport(args.files.join(' '), applied.report));
  // What the definitions do not say and a run needs (a subnet's CIDR, a desired count): the
  // scenario is written all the same, for the user to complete, with these at its top.
  const loaded = loadScenario(scenarioFile, scenarioText, { readFile: readImport });
  const missing = loaded.ok ? [] : loaded.diagnostics.map((d) => `needs editing before it runs: ${formatDiagnostic(d)}`);
  if (missing.length > 0) io.stderr(formatDiagnostics(loaded.ok ? [] : loaded.diagnostics));
  const header = [`fleetsim import ${args.files.join(' ')}`, ...missing];
  const { imports: _imports, imageSizes: _sizes, ...scenario } = applied.data;
  io.stdout(args.output === 'json' ? `${JSON.stringify(scenario, null, 2)}\n` : renderImportedScenario(scenario, applied.originOf, applied.report, header));
  return ExitCode.Ok;
}

/** `kind=file` names the kind; a plain path leaves it to detection. */
function splitKind(given: string): [ImportKind | undefined, string] {
  const at = given.indexOf('=');
  if (at <= 0) return [undefined, given];
  const kind = given.slice(0, at);
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new UsageError(`${given}: '${kind}' is not a kind of import (${IMPORT_KINDS.join(', ')})`);
  return [kind as ImportKind, given.slice(at + 1)];
}

/** The first document's data, for detection; undefined when the text does not parse. */
function firstDocument(text: string): unknown {
  const docs = parseAllDocuments(text);
  return Array.isArray(docs) && docs[0] !== undefined && docs[0].errors.length === 0 ? docs[0].toJS() : undefined;
}

/** The name a file is imported and reported by: its path from the current folder, or its base name when it lies outside it. */
function uniqueName(cwd: string, file: string, taken: ReadonlyMap<string, string>): string {
  const rel = relative(cwd, resolve(cwd, file));
  const name = rel.startsWith('..') || isAbsolute(rel) ? basename(file) : rel;
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${n}-${name}`;
  return unique;
}
