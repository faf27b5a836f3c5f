/**
 * Validation of scheduler profile input (plugin names, weights, plugin args) that may come
 * straight from a scenario file. Errors are exceptions carrying a field path and, for misspelt
 * names, a "did you mean" — bad input, not a placement outcome (GUIDE rule 4).
 */
import { didYouMean } from '../../engine/did-you-mean.js';

export class SchedulerConfigError extends Error {
  override readonly name = 'SchedulerConfigError';
}

export function fail(path: string, message: string): never {
  throw new SchedulerConfigError(`${path}: ${message}`);
}

/** An object with only the allowed keys (an unknown key names the closest allowed one). */
export function readObject(value: unknown, path: string, allowed: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, `must be an object, got ${describe(value)}`);
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, `unknown field${didYouMean(key, allowed)}; allowed: ${allowed.join(', ') || '(none)'}`);
  }
  return obj;
}

export function readArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) fail(path, `must be a list, got ${describe(value)}`);
  return value;
}

export function readInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, `must be an integer, got ${describe(value)}`);
  if (value < min || value > max) fail(path, `${value} is not in the valid range [${min}, ${max}]`);
  return value;
}

export function readString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') fail(path, `must be a non-empty string, got ${describe(value)}`);
  return value;
}

export function readEnum<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string') fail(path, `must be one of ${allowed.join(', ')}, got ${describe(value)}`);
  if (!(allowed as readonly string[]).includes(value)) fail(path, `'${value}' is not one of ${allowed.join(', ')}${didYouMean(value, allowed)}`);
  return value as T;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
