import { formatCount, MAX_SCENARIO_NUMBER } from './limits.js';

/** A number in the data that no field may hold, with its path. */
export interface NumberProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Every number in a scenario's data that is not finite (`.inf`, `.nan`) or whose magnitude is
 * above MAX_SCENARIO_NUMBER (2^53 - 1): the net under every numeric field, including those whose
 * schema states no tighter bound, so that no `1e308` reaches a computation (where it becomes
 * Infinity, NaN, or a loop that never ends). Fields with a real bound (a quota, an API range) say
 * it in the schema; this catches the rest. Walks with an explicit stack, as deep data is allowed
 * up to the nesting limit.
 */
export function numbersOutOfRange(data: unknown): NumberProblem[] {
  const problems: NumberProblem[] = [];
  const stack: { value: unknown; path: readonly (string | number)[] }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) problems.push({ path, message: `must be a finite number, got ${Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf'}` });
      else if (Math.abs(value) > MAX_SCENARIO_NUMBER) problems.push({ path, message: `${value} is too large: numbers in a scenario are at most ${formatCount(MAX_SCENARIO_NUMBER)} (2^53 - 1; docs/limits.md)` });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
    }
  }
  return problems;
}
