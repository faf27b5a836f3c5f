import { stringify } from 'csv-stringify/sync';
import { DEFAULT_TABLE_WIDTH, layoutTable } from './text-table.js';

/** kubectl's convention: commands that print data take -o table|json|csv. */
export type OutputFormat = 'table' | 'json' | 'csv';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'csv'];

/**
 * Renders rows (objects with the same keys) in the chosen format. Tables are left-aligned text
 * columns with a header in capitals (kubectl style), at most `width` wide (text-table.ts); JSON
 * is an array; CSV has a header row.
 */
export function renderRows(rows: readonly Record<string, string | number | boolean | null>[], columns: readonly string[], format: OutputFormat, width = DEFAULT_TABLE_WIDTH): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') return stringify([columns as string[], ...rows.map((r) => columns.map((c) => r[c] ?? ''))]);
  const header = columns.map((c) => c.replace(/MiB/g, 'Mib').replace(/([a-z\d])([A-Z])/g, '$1_$2').toUpperCase());
  const cells = rows.map((r) => columns.map((c) => String(r[c] ?? '')));
  // Wider than the terminal (e.g. catalog's twelve columns): split, repeating the first column.
  return `${layoutTable([header, ...cells], { width, gap: '   ' }).join('\n')}\n`;
}
