/**
 * The scenario field reference (docs/scenario-reference.md), rendered from the schema: one
 * table per mapping (the top level, `cluster`, each list's items, ...) with every field's type,
 * default and description. Generated, never written by hand: `npm run docs:scenario` rewrites
 * it and a test fails when the committed file differs, so it cannot fall behind the format.
 *
 * A mapping that appears in several places (a container's app faults, a target group, a bound)
 * is described once, at its first place, and linked from the others.
 */

/** A JSON Schema node, read-only (the scenario schema is plain JSON Schema). */
type Node = Readonly<Record<string, unknown>>;

interface Section {
  readonly path: string;
  readonly node: Node;
  /** Set when the mapping is one form of a field that also takes other forms (anyOf). */
  readonly form: boolean;
}

/** Renders the reference for `schema` (the root object of the scenario format). */
export function renderScenarioReference(schema: Node): string {
  const sections: Section[] = [];
  const firstPlace = new Map<unknown, string>();
  const collect = (node: Node, path: string, form: boolean): void => {
    const properties = propertiesOf(node);
    if (properties === undefined || firstPlace.has(properties)) return;
    firstPlace.set(properties, path);
    sections.push({ path, node, form });
    for (const [key, child] of fieldsOf(node)) visit(child, path === '' ? key : `${path}.${key}`);
  };
  const visit = (node: Node, path: string): void => {
    if (propertiesOf(node) !== undefined) collect(node, path, false);
    const items = node.items;
    if (isNode(items)) visit(items, `${path}[]`);
    for (const branch of alternatives(node)) if (propertiesOf(branch) !== undefined) collect(branch, path, true);
  };
  collect(schema, '', false);

  const out: string[] = [
    '# Scenario field reference',
    '',
    '<!-- Generated from src/scenario/schema/ by `npm run docs:scenario`; do not edit by hand. -->',
    '',
    'Every field of the scenario format, generated from the schema that validates scenario files',
    '(`npx fleetsim schema` prints it as JSON Schema). [scenario-format.md](scenario-format.md)',
    'explains how the sections fit together. Durations are `500ms`, `90s`, `5m`, `2h`, `1h30m` or',
    'a number of seconds; a field without a default is required where the table says so, else',
    "absent (the description says what absence means). `path[]` is a list's items.",
    '',
  ];
  for (const section of sections) {
    const title = section.path === '' ? 'Top level' : `\`${section.path}\``;
    out.push(`## ${title}`, '');
    const description = stringOf(section.node.description);
    if (section.form) out.push(`The mapping form of \`${section.path}\`${description === undefined ? '.' : ` (the field takes: ${description})`}`, '');
    else if (description !== undefined) out.push(description, '');
    const required = new Set(Array.isArray(section.node.required) ? section.node.required.map(String) : []);
    const constraints = sizeRule(section.node, 'Properties', 'field');
    if (constraints !== '') out.push(`Give ${constraints}.`, '');
    out.push('| field | type | default | description |', '|---|---|---|---|');
    for (const [key, child] of fieldsOf(section.node)) {
      const childPath = section.path === '' ? key : `${section.path}.${key}`;
      const type = typeText(child, childPath, firstPlace);
      const fallback = child.default === undefined ? (required.has(key) ? 'required' : '') : valueText(child.default);
      out.push(`| \`${key}\` | ${cell(type)} | ${cell(fallback)} | ${cell(stringOf(child.description) ?? '')} |`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Every object node of `schema` whose `properties` lack a description, as paths (for the test that forbids them). */
export function undescribedFields(schema: Node): string[] {
  const missing: string[] = [];
  const seen = new Set<unknown>();
  const visit = (node: Node, path: string): void => {
    const properties = propertiesOf(node);
    if (properties !== undefined && !seen.has(properties)) {
      seen.add(properties);
      for (const [key, child] of fieldsOf(node)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if (stringOf(child.description) === undefined) missing.push(childPath);
        visit(child, childPath);
      }
    }
    if (isNode(node.items)) visit(node.items, `${path}[]`);
    for (const branch of alternatives(node)) visit(branch, path);
  };
  visit(schema, '');
  return missing;
}

function typeText(node: Node, path: string, firstPlace: ReadonlyMap<unknown, string>): string {
  // A title names a value in units (duration, size, CPU quantity) that a plain type would not.
  if (typeof node.title === 'string' && propertiesOf(node) === undefined) return node.title;
  if (Array.isArray(node.enum)) return `one of ${node.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  const branches = alternatives(node);
  if (branches.length > 0) return branches.map((b) => typeText(b, path, firstPlace)).join(', or ');
  const types = Array.isArray(node.type) ? node.type.map(String) : typeof node.type === 'string' ? [node.type] : [];
  if (types.length > 1) return types.map(typeWord).join(' or ');
  switch (types[0]) {
    case 'integer':
    case 'number':
      return `${types[0]}${range(node)}`;
    case 'string':
      return typeof node.pattern === 'string' ? `string matching \`${node.pattern}\`` : node.minLength === 1 ? 'non-empty string' : 'string';
    case 'array': {
      const items = isNode(node.items) ? typeText(node.items, `${path}[]`, firstPlace) : 'values';
      const size = sizeRule(node, 'Items', 'item');
      return `list of ${items}${size === '' ? '' : ` (${size})`}`;
    }
    case 'object': {
      const properties = propertiesOf(node);
      if (properties !== undefined) {
        const at = firstPlace.get(properties) ?? path;
        return `mapping, see [\`${at}\`](#${slug(`\`${at}\``)})`;
      }
      if (isNode(node.additionalProperties)) return `mapping of names to ${typeText(node.additionalProperties, path, firstPlace)}`;
      return 'mapping';
    }
    default:
      return types[0] ?? 'any value';
  }
}

function typeWord(type: string): string {
  return type === 'integer' ? 'integer' : type;
}

function range(node: Node): string {
  const min = typeof node.minimum === 'number' ? `≥ ${node.minimum}` : typeof node.exclusiveMinimum === 'number' ? `> ${node.exclusiveMinimum}` : '';
  const max = typeof node.maximum === 'number' ? `≤ ${node.maximum.toLocaleString('en-US')}` : '';
  const parts = [min, max].filter((p) => p !== '');
  return parts.length === 0 ? '' : `, ${parts.join(', ')}`;
}

/** "at least 1 item", "1 to 6 items", "exactly 1 field": from min/max Items or Properties. */
function sizeRule(node: Node, kind: 'Items' | 'Properties', noun: string): string {
  const min = node[`min${kind}`];
  const max = node[`max${kind}`];
  const plural = (n: number): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
  if (typeof min === 'number' && typeof max === 'number') return min === max ? `exactly ${plural(min)}` : `${min.toLocaleString('en-US')} to ${plural(max)}`;
  if (typeof min === 'number') return `at least ${plural(min)}`;
  if (typeof max === 'number') return `at most ${plural(max)}`;
  return '';
}

function valueText(value: unknown): string {
  return `\`${typeof value === 'string' && value !== '' ? value : JSON.stringify(value)}\``;
}

/** The node's `properties` object (its identity marks a mapping used in several places), if it has one. */
function propertiesOf(node: Node): Node | undefined {
  return isNode(node.properties) ? node.properties : undefined;
}

/** The node's fields, in schema order. */
function fieldsOf(node: Node): [string, Node][] {
  return Object.entries(propertiesOf(node) ?? {}).flatMap(([key, child]) => (isNode(child) ? [[key, child] as [string, Node]] : []));
}

function alternatives(node: Node): Node[] {
  return Array.isArray(node.anyOf) ? node.anyOf.filter(isNode) : [];
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A table cell: no line breaks, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}
