/**
 * Writes the generated data module's text: a header naming the source and date of every column,
 * then one row per line. Deterministic: the text depends only on the build and SOURCES (no clock,
 * no environment), so regenerating from the same inputs gives the same bytes.
 */
import type { CatalogBuild, ExclusionReason } from './build-catalog.js';
import { COLUMN_SOURCES, SOURCES, type SourceId } from './sources.js';

/** Where the module lives, relative to the repository root. */
export const DATA_MODULE_PATH = 'src/model/catalog/generated/instance-types.data.ts';

type Plain = string | number | boolean | readonly Plain[] | { readonly [key: string]: Plain | undefined };

/** A TypeScript literal for `value`, on one line: `{ a: 1, b: 'x', c: [1, 2] }`. */
function literal(value: Plain): string {
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v: Plain) => literal(v)).join(', ')}]`;
  const entries = Object.entries(value as { readonly [key: string]: Plain | undefined }).filter(([, v]) => v !== undefined);
  return `{ ${entries.map(([k, v]) => `${k}: ${literal(v!)}`).join(', ')} }`;
}

/** Wraps `words` into comment lines of at most `width` characters after the ` * ` prefix. */
function wrap(text: string, indent: string, width = 96): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function sourceLine(id: SourceId): string {
  const s = SOURCES[id];
  return `[${id}] ${s.repository} ${s.path} @ ${s.commit} (${s.date}): ${s.title}.`;
}

function header(build: CatalogBuild): string[] {
  const families = new Set(build.types.map((t) => t.family)).size;
  const byReason = new Map<ExclusionReason, string[]>();
  for (const { name, reason } of build.excluded) byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
  const out: string[] = [
    'GENERATED FILE, do not edit: `npm run catalog:generate` (scripts/catalog/) writes it from the',
    'raw inputs under ../shared/data/catalog-sources/ and test/scripts/catalog-generate.test.ts checks',
    'that regenerating gives these bytes. docs/instance-catalog.md explains every column.',
    '',
    `${build.types.length} instance types of ${families} families; ${build.eniMaxPods.size} of them in eni-max-pods.txt.`,
    '',
    'Sources (figures and facts only; each file is checked against its git blob id before use):',
  ];
  for (const id of Object.keys(SOURCES) as SourceId[]) out.push(...wrap(`- ${sourceLine(id)}`, '  '));
  out.push('', 'Columns:');
  for (const c of COLUMN_SOURCES) {
    const from = c.sources.map((id) => `[${id}] ${SOURCES[id].date}`).join(', ');
    out.push(...wrap(`- ${c.columns}: ${from}${c.rule ? `; ${c.rule}` : ''}.`, '  '));
  }
  out.push('');
  out.push(...wrap(`Taken from [karpenterReferenceV1120] (dropped by later references, still priced in us-east-1 and listed by the VPC CNI): ${build.fromOlderReference.join(', ') || 'none'}.`, ''));
  if (build.unusable.length > 0) out.push('', ...wrap(`Source figures not used (not possible values): ${build.unusable.join(', ')}.`, ''));
  for (const [reason, names] of [...byReason].sort(([a], [b]) => (a < b ? -1 : 1))) {
    out.push('', ...wrap(`Left out (${reason}, ${names.length}): ${names.join(', ')}.`, ''));
  }
  return out;
}

/** The full text of the generated module. */
export function renderDataModule(build: CatalogBuild): string {
  const comment = header(build).map((l) => (l === '' ? ' *' : ` * ${l}`));
  const rows = build.types.map((t) => `  ${literal(t as unknown as Plain)},`);
  const pods = [...build.eniMaxPods].map(([name, pods]) => `  ${literal(name)}: ${pods},`);
  return [
    '/**',
    ...comment,
    ' */',
    "import type { InstanceType } from '../instance-type.js';",
    '',
    '/** Every catalog type, in catalog order (families by name; sizes by vCPUs, memory, bare metal last). */',
    'export const GENERATED_INSTANCE_TYPES: readonly InstanceType[] = [',
    ...rows,
    '];',
    '',
    "/** AWS's published max pods (eni-max-pods.txt) of every catalog type the list has. */",
    'export const PUBLISHED_ENI_MAX_PODS: Readonly<Record<string, number>> = {',
    ...pods,
    '};',
    '',
  ].join('\n');
}
