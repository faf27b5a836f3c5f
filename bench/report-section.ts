/**
 * results/bench.md holds the report benchmark's section (bench/report-run.ts) beside what
 * bench/run-all.ts writes; each rewrites only its own part. The section runs from its heading to
 * an HTML comment that closes it (invisible when the Markdown is shown).
 */
const START = '## HTML report:';
const END = '<!-- end of the HTML report section (bench/report-run.ts) -->';

/** The report section of a bench.md text, closing comment included; undefined when it has none. */
export function reportSection(text: string): string | undefined {
  const start = text.indexOf(START);
  const end = start < 0 ? -1 : text.indexOf(END, start);
  return end < 0 ? undefined : text.slice(start, end + END.length);
}

/** `text` with its report section replaced by `lines` (appended when it has none). */
export function withReportSection(text: string, lines: readonly string[]): string {
  const section = `${lines.join('\n')}\n${END}`;
  const old = reportSection(text);
  return old === undefined ? `${text.trimEnd()}\n\n${section}\n` : text.replace(old, () => section);
}
