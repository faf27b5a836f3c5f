import { formatImportNote, type ImportReport } from '../scenario/import/import-notes.js';

/**
 * The import report of a scenario that imports definitions, as `fleetsim run` and `validate`
 * print it on stderr: a line saying what was imported and how many fields were not modelled,
 * then the warnings, the defaults assumed and every ignored field, one `file:line:col` line each
 * (summary.json carries the same under `imports`).
 */
export function formatImportReport(scenario: string, report: ImportReport): string {
  const count = (kind: string): number => report.notes.filter((n) => n.kind === kind).length;
  const files = report.files.map((f) => `${f.file} (${f.kind})`).join(', ');
  const head = `${scenario}: imported ${files}: ${count('warning')} warning(s), ${count('default')} default(s) assumed, ${count('ignored')} field(s) ignored as not affecting the simulation`;
  const order = { warning: 0, default: 1, ignored: 2 } as const;
  const lines = [...report.notes].sort((a, b) => order[a.kind] - order[b.kind]).map(formatImportNote);
  return `${[head, ...lines].join('\n')}\n`;
}
