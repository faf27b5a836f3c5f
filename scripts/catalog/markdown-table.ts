/**
 * Pipe tables out of Markdown documents (the AWS guides as published in awsdocs repositories,
 * and Karpenter's generated reference): rows of unescaped cell text, grouped by table.
 */

export interface MarkdownTable {
  /** Header cells, unescaped and trimmed. */
  readonly header: readonly string[];
  /** Body rows (the `| --- |` separator left out). */
  readonly rows: readonly (readonly string[])[];
  /** 1-based line of the header row, for messages. */
  readonly line: number;
  /** The nearest Markdown heading above the table (`## ...`, `### ...`), without the hashes. */
  readonly heading: string;
}

/**
 * The cells of one table row: splits on `|` that are not escaped (`\|` stays inside a cell, as
 * the guides use it between sizes), then drops the backslash of every escape (`a1\.medium`).
 */
export function tableCells(line: string): string[] {
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) {
      cell += body[++i];
    } else if (c === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell.trim());
  return cells;
}

const isRow = (line: string): boolean => line.trimStart().startsWith('|');
const isSeparator = (cells: readonly string[]): boolean => cells.every((c) => /^:?-+:?$/.test(c));

/** Every pipe table of `markdown`, in document order. */
export function markdownTables(markdown: string): MarkdownTable[] {
  const lines = markdown.split('\n');
  const tables: MarkdownTable[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const h = /^#{1,6}\s+(.*)$/.exec(line);
    if (h) {
      heading = h[1]!.trim();
      continue;
    }
    if (!isRow(line)) continue;
    const header = tableCells(line);
    const rows: string[][] = [];
    let j = i + 1;
    for (; j < lines.length && isRow(lines[j]!); j++) {
      const cells = tableCells(lines[j]!);
      if (!isSeparator(cells)) rows.push(cells);
    }
    tables.push({ header, rows, line: i + 1, heading });
    i = j - 1;
  }
  return tables;
}
