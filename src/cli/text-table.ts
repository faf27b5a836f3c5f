/** How wide tables may be when the terminal's width is not known (output to a file or a pipe). */
export const DEFAULT_TABLE_WIDTH = 100;

/** The width tables may use on this CLI's stdout: the terminal's (at least 40), else DEFAULT_TABLE_WIDTH. */
export function tableWidth(io: { readonly columns?: number }): number {
  return io.columns === undefined || io.columns <= 0 ? DEFAULT_TABLE_WIDTH : Math.max(40, io.columns);
}

export interface TableLayout {
  /** The widest a line may be. */
  readonly width: number;
  /** Between columns. */
  readonly gap: string;
  /** Right-align these columns (numbers); the rest are left-aligned. */
  readonly right?: (column: number) => boolean;
}

/**
 * Lays rows of text cells out in aligned columns, each line at most `layout.width` wide: when the
 * columns do not fit side by side, they are split into several tables, one below the other
 * (separated by a blank line), each repeating the first column, which names the row. A line
 * ends without padding. Only a single column wider than `width` can make a longer line.
 */
export function layoutTable(rows: readonly (readonly string[])[], layout: TableLayout): string[] {
  const columns = rows[0]?.length ?? 0;
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const groups: number[][] = [];
  let group = [0];
  let used = widths[0] ?? 0;
  for (let i = 1; i < columns; i++) {
    const add = layout.gap.length + widths[i]!;
    if (used + add > layout.width && group.length > 1) {
      groups.push(group);
      group = [0];
      used = widths[0]!;
    }
    group.push(i);
    used += add;
  }
  groups.push(group);
  const lines: string[] = [];
  for (const [g, indexes] of groups.entries()) {
    if (g > 0) lines.push('');
    for (const row of rows) {
      const cells = indexes.map((i) => (layout.right?.(i) ? row[i]!.padStart(widths[i]!) : row[i]!.padEnd(widths[i]!)));
      lines.push(cells.join(layout.gap).trimEnd());
    }
  }
  return lines;
}
