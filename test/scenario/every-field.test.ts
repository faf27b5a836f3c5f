import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scenarioFileReader } from '../../src/cli/scenario-files.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { SCENARIO_SCHEMA } from '../../src/scenario/schema.js';
import { ROOT } from '../support/scenario-runner.js';

/**
 * Scenarios that between them set every field of the format (test/fixtures/every-field-*.yaml,
 * and for `imports` and `imageSizes` the import fixtures, test/fixtures/imports/*.yaml), so every
 * field goes through the schema and its section compiler at least once. A new field fails here
 * until a fixture sets it.
 */
const FIXTURES = ['test/fixtures/every-field-ecs.yaml', 'test/fixtures/every-field-eks.yaml', 'test/fixtures/imports/ecs.yaml', 'test/fixtures/imports/eks.yaml'];
const TRAFFIC = 'time_s,rps\n0,5\n300,20\n';

type Node = Readonly<Record<string, unknown>>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every field of the schema, as (its mapping's `properties`, key), with a path for messages; a mapping used in several places counts once. */
function schemaFields(node: Node, path: string, out: Map<Node, Map<string, string>>): Map<Node, Map<string, string>> {
  if (isNode(node.properties) && !out.has(node.properties)) {
    const fields = new Map<string, string>();
    out.set(node.properties, fields);
    for (const [key, child] of Object.entries(node.properties)) {
      const at = path === '' ? key : `${path}.${key}`;
      fields.set(key, at);
      if (isNode(child)) schemaFields(child, at, out);
    }
  }
  if (isNode(node.items)) schemaFields(node.items, `${path}[]`, out);
  if (Array.isArray(node.anyOf)) for (const branch of node.anyOf) if (isNode(branch)) schemaFields(branch, path, out);
  return out;
}

/** Marks the fields `value` sets, walking it alongside its schema `node`. */
function cover(node: Node, value: unknown, covered: Set<string>, fields: Map<Node, Map<string, string>>): void {
  if (Array.isArray(value) && isNode(node.items)) for (const item of value) cover(node.items, item, covered, fields);
  if (!isNode(value)) return;
  const forms = [node, ...(Array.isArray(node.anyOf) ? node.anyOf.filter(isNode) : [])];
  for (const form of forms) {
    if (!isNode(form.properties)) continue;
    for (const [key, child] of Object.entries(value)) {
      const schema = form.properties[key];
      if (!isNode(schema)) continue;
      covered.add(fields.get(form.properties)!.get(key)!);
      cover(schema, child, covered, fields);
    }
  }
}

describe('every field of the format', () => {
  it.each(FIXTURES)('%s loads and compiles', (file) => {
    const loaded = loadScenario(file, readFileSync(join(ROOT, file), 'utf8'), { readFile: (f) => (f === 'traffic.csv' ? TRAFFIC : scenarioFileReader(ROOT, file)(f)) });
    expect(loaded.ok ? [] : loaded.diagnostics.map((d) => `${d.line}:${d.column} ${d.path}: ${d.message}`)).toEqual([]);
  });

  it('is set by one of the fixtures', () => {
    const fields = schemaFields(SCENARIO_SCHEMA, '', new Map());
    const covered = new Set<string>();
    for (const file of FIXTURES) cover(SCENARIO_SCHEMA, parse(readFileSync(join(ROOT, file), 'utf8')), covered, fields);
    const missing = [...fields.values()].flatMap((byKey) => [...byKey.values()]).filter((path) => !covered.has(path));
    expect(missing).toEqual([]);
  });
});
