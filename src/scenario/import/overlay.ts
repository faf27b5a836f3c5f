/**
 * The scenario's own sections laid over what its imports set: the scenario wins, field by field.
 * Mappings merge key by key; lists of named things (services by serviceName, workloads,
 * containers, groups, NodePools by name, subnets by id) merge item by item, an item the imports
 * lack being added after theirs; any other value replaces the imported one, and `null` removes
 * it (`autoScaling: null` drops an imported scaling policy). Pure: builds new objects, marking
 * each with where its fields came from (origins.ts).
 */
import type { Path } from '../sections/problems.js';
import { isObject } from './account-fields.js';
import type { Origin, Origins } from './origins.js';
import type { SourceDocument } from './source-document.js';

/** The keys lists of named things are merged by, tried in order. */
const NAME_KEYS = ['serviceName', 'name', 'id', 'fileSystemId'] as const;

export function overlay(imported: unknown, own: unknown, path: Path, scenario: SourceDocument, origins: Origins): unknown {
  if (own === undefined) return imported;
  if (own === null) return undefined;
  if (isObject(imported) && isObject(own)) {
    const merged: Record<string, unknown> = {};
    const fromScenario = new Map<string, Origin>();
    for (const key of new Set([...Object.keys(imported), ...Object.keys(own)])) {
      const value = overlay(imported[key], own[key], [...path, key], scenario, origins);
      if (value !== undefined) merged[key] = value;
      if (own[key] !== undefined) fromScenario.set(key, { doc: scenario, path: [...path, key] });
    }
    return origins.inherit(merged, imported, fromScenario, { doc: scenario, path });
  }
  if (Array.isArray(imported) && Array.isArray(own)) {
    const key = NAME_KEYS.find((k) => [...imported, ...own].every((item) => isObject(item) && typeof item[k] === 'string'));
    if (key !== undefined) return mergeNamed(imported as Record<string, unknown>[], own as Record<string, unknown>[], key, path, scenario, origins);
  }
  return typeof own === 'object' ? markTree(own, path, scenario, origins) : own;
}

/** Items of `own` merge into the imported item of the same name; the rest follow the imported ones. */
function mergeNamed(imported: readonly Record<string, unknown>[], own: readonly Record<string, unknown>[], key: string, path: Path, scenario: SourceDocument, origins: Origins): unknown[] {
  const ownIndex = new Map(own.map((item, i) => [item[key] as string, i]));
  const merged: unknown[] = imported.map((item) => {
    const i = ownIndex.get(item[key] as string);
    return i === undefined ? item : overlay(item, own[i], [...path, i], scenario, origins);
  });
  const importedNames = new Set(imported.map((item) => item[key] as string));
  own.forEach((item, i) => {
    if (!importedNames.has(item[key] as string)) merged.push(markTree(item, [...path, i], scenario, origins));
  });
  return merged.filter((item) => item !== undefined);
}

/** A value from the scenario placed at a new index: marked, so its problems point at the scenario's lines. */
function markTree(value: object, path: Path, scenario: SourceDocument, origins: Origins): object {
  return origins.mark(value, scenario, path);
}
