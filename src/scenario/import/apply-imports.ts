/**
 * A scenario's `imports:` applied: each file read through the loader's reader (and only through
 * it: named-files.ts's NamedFileReader, which the CLI provides with the folder confinement of
 * cli/scenario-files.ts), its path checked by scenario-path.ts first, parsed with positions, accounted for field by field by the importer of its kind, linked
 * across files, and assembled into the scenario's own sections, over which the scenario's fields
 * are then laid (overlay.ts). What comes back is a scenario like a hand-written one, for the
 * schema and the compiler as usual, with the means to locate its fields in the files they came
 * from and the report of everything that was not modelled.
 */
import { posix } from 'node:path';
import AjvModule from 'ajv';
import type { Diagnostic } from '../diagnostics.js';
import { formatPath } from '../diagnostics.js';
import type { NamedFileReader } from '../named-files.js';
import { checkScenarioPath } from '../scenario-path.js';
import { explainSchemaErrors } from '../schema-errors.js';
import { DEFAULT_REGION } from '../schema/cluster.js';
import { Optional, Type } from '../schema/fields.js';
import { ImageSizes, IMPORT_KINDS, Imports, type ImportKind } from '../schema/imports.js';
import { defaultAvailabilityZones } from '../sections/cluster.js';
import { nearest, type Path } from '../sections/problems.js';
import { isObject, type Json } from './account-fields.js';
import { assembleCluster } from './assemble-cluster.js';
import { linkEcsServices } from './ecs/link-ecs.js';
import { readApplicationAutoScaling, readEcsService, readEcsTaskDefinition } from './ecs/read-ecs.js';
import { readTemplate } from './cloudformation/read-template.js';
import { readKubernetes } from './kubernetes/kubernetes-object.js';
import { linkKubernetes } from './kubernetes/link-kubernetes.js';
import type { Data, ImportContext } from './import-context.js';
import { ImportLog, type ImportReport } from './import-notes.js';
import { ImportedSystem } from './imported-system.js';
import { Origins, type Origin } from './origins.js';
import { overlay } from './overlay.js';
import { parseSource, type SourceDocument } from './source-document.js';


export type AppliedImports =
  | {
      readonly ok: true;
      /** The scenario with its imports applied and its own fields laid over them. */
      readonly data: Json;
      /** Where the field at a path of `data` came from (undefined: the scenario itself). */
      readonly locate: (path: Path) => Origin | undefined;
      /** Where an object of `data` came from, when it was imported or moved. */
      readonly originOf: (value: unknown) => Origin | undefined;
      readonly report: ImportReport;
    }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/**
 * The largest definitions file imported (docs/limits.md): 4 MiB, four times the largest template
 * CloudFormation accepts (1 MB from S3). Measured: a 4 MiB template of 6,600 resources validates
 * in 9 s at 340 MB; 16 MiB took 24 s at 970 MB, most of it in the garbage collector.
 */
export const MAX_DEFINITION_BYTES = 4 * 1024 * 1024;

const Ajv = AjvModule.default;
const validateSection = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(Type.Object({ imports: Imports, imageSizes: Optional(ImageSizes) }));

/** One kind's reader: every document of one imported file (named by `entry`, at `at` in the scenario) into the system. */
type KindReader = (docs: readonly SourceDocument[], system: ImportedSystem, ctx: ImportContext, entry: Json, at: EntryProblems) => void;

/** Problems about an import entry, reported at its fields in the scenario. */
type EntryProblems = (field: string, message: string) => void;

const READERS: Readonly<Record<ImportKind, KindReader>> = {
  ecsTaskDefinition: (docs, system, ctx) => docs.forEach((doc) => readEcsTaskDefinition(doc, system, ctx)),
  ecsService: (docs, system, ctx) => docs.forEach((doc) => readEcsService(doc, system, ctx)),
  applicationAutoScaling: (docs, system, ctx) => docs.forEach((doc) => readApplicationAutoScaling(doc, system, ctx)),
  kubernetes: (docs, system, ctx) => readKubernetes(docs, system.kubernetes, ctx),
  cloudFormation: (docs, system, ctx, entry, problem) => {
    const file = String(entry.cloudFormation);
    // AWS::StackName: the file's name up to its first dot (ApiStack.template.json: ApiStack).
    const stackName = posix.basename(file).split('.')[0]!;
    const parameters = isObject(entry.parameters) ? entry.parameters : {};
    const undeclared = (name: string, declared: readonly string[]): void => problem(`parameters.${name}`, `the template declares no parameter '${name}'${nearest(name, declared)}`);
    for (const doc of docs) readTemplate(doc, system, ctx, { parameters, stackName, undeclared });
  },
};

/**
 * Applies `data.imports` (the scenario `scenario`, already parsed) with `read`. Never throws;
 * every problem, in the scenario or in an imported file, comes back located.
 */
export function applyImports(data: Json, scenario: SourceDocument, read: NamedFileReader | undefined): AppliedImports {
  const located = (path: Path, message: string): Diagnostic => {
    const at = scenario.locate(path);
    return { file: scenario.file, line: at.line, column: at.column, path: formatPath(path), message };
  };
  if (!validateSection(data)) return { ok: false, diagnostics: explainSchemaErrors(validateSection.errors ?? [], data).map((p) => located(p.path, p.message)) };
  const entries = data.imports as readonly Json[];
  const cluster = isObject(data.cluster) ? data.cluster : {};
  const region = typeof cluster.region === 'string' ? cluster.region : DEFAULT_REGION;
  const ctx: ImportContext = {
    log: new ImportLog(),
    origins: new Origins(),
    imageSizes: (data.imageSizes as Readonly<Record<string, string | number>> | undefined) ?? {},
    region,
    availabilityZones: Array.isArray(cluster.availabilityZones) ? cluster.availabilityZones.map(String) : defaultAvailabilityZones(region),
  };
  const system = new ImportedSystem();
  const diagnostics: Diagnostic[] = [];
  const files: { file: string; kind: string }[] = [];
  entries.forEach((entry, i) => {
    const kinds = IMPORT_KINDS.filter((k) => entry[k] !== undefined);
    if (kinds.length !== 1) {
      diagnostics.push(located(['imports', i], `name one file of one kind: ${kinds.length === 0 ? 'none' : kinds.join(' and ')} given (kinds: ${IMPORT_KINDS.join(', ')})`));
      return;
    }
    const kind = kinds[0]!;
    const named = String(entry[kind]);
    if (entry.parameters !== undefined && kind !== 'cloudFormation') {
      diagnostics.push(located(['imports', i, 'parameters'], 'parameters are the values of a CloudFormation template\'s Parameters: only a cloudFormation import takes them'));
      return;
    }
    const at: Path = ['imports', i, kind];
    const check = checkScenarioPath(named);
    if (!check.ok) {
      diagnostics.push(located(at, `${kind} '${named}' ${check.reason}`));
      return;
    }
    const text = read?.(check.relative);
    if (typeof text !== 'string') {
      diagnostics.push(located(at, `${kind} '${named}' ${text === undefined ? 'cannot be read' : text.refused}`));
      return;
    }
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > MAX_DEFINITION_BYTES) {
      diagnostics.push(located(at, `${kind} '${named}' is ${(bytes / 2 ** 20).toFixed(1)} MiB, more than the ${MAX_DEFINITION_BYTES / 2 ** 20} MiB fleetsim reads of one definitions file (docs/limits.md)`));
      return;
    }
    // Shown beside the scenario's own name, so that `examples/ecs/s.yaml` imports `examples/ecs/t.json`.
    const shown = posix.join(posix.dirname(scenario.file), check.relative);
    const parsed = parseSource(shown, text, documentLabel);
    if (!parsed.ok) {
      diagnostics.push({ file: shown, line: parsed.line, column: parsed.column, path: '', message: parsed.message });
      return;
    }
    if (parsed.documents.length === 0) {
      diagnostics.push(located(at, `${kind} '${named}' is empty`));
      return;
    }
    files.push({ file: shown, kind });
    READERS[kind](parsed.documents, system, ctx, entry, (field, message) => diagnostics.push(located(['imports', i, ...field.split('.')], message)));
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const imported = importedScenario(system, ctx);
  if (ctx.log.problems.length > 0) return { ok: false, diagnostics: ctx.log.problems };
  const merged = overlay(imported, data, [], scenario, ctx.origins) as Json;
  return { ok: true, data: merged, locate: (path) => ctx.origins.locate(merged, path), originOf: (value) => ctx.origins.of(value), report: { files, notes: ctx.log.sortedNotes(data) } };
}

/** The sections the imports set, before the scenario's own are laid over them. */
function importedScenario(system: ImportedSystem, ctx: ImportContext): Data {
  const services = linkEcsServices(system, ctx);
  const workloads = linkKubernetes(system.kubernetes, system, ctx);
  const cluster = assembleCluster(system.cluster, ctx);
  return {
    ...(cluster === undefined ? {} : { cluster }),
    ...(services.length === 0 ? {} : { services }),
    ...(workloads.length === 0 ? {} : { workloads }),
  };
}

/** How a document of a file is named in messages (`Deployment/web`): only a file of several documents needs it. */
function documentLabel(data: unknown, index: number, count: number): string {
  if (count <= 1) return '';
  const kind = isObject(data) && typeof data.kind === 'string' ? data.kind : 'document';
  const name = isObject(data) && isObject(data.metadata) && typeof data.metadata.name === 'string' ? data.metadata.name : String(index + 1);
  return `${kind}/${name}`;
}
