/**
 * A recorded traffic trace (`load.rps.trace`): CSV rows `time_s,rps`, an optional header on the
 * first line, blank lines ignored. Every row must parse: a trace that silently loses rows (a
 * `;`-separated export, a stray text line) would run with the wrong traffic and exit 0.
 */

/** Highest rps a trace row may have. Request counts are summed in doubles, exact to 2^53; at 10^8 rps a run stays exact for over two years of simulated time, and no real service is near it (docs/limits.md). */
export const MAX_TRACE_RPS = 100_000_000;

/** Latest time a trace row may have, seconds: the simulator's clock counts whole ms in a double (2^53 ms). */
const MAX_TRACE_TIME_S = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

/** Characters of a bad line an error message quotes; an error never echoes more of a file than this. */
export const EXCERPT_CHARS = 40;

export type TraceParse = { readonly ok: true; readonly points: number } | { readonly ok: false; readonly line: number; readonly message: string };

const NUMBER = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Checks every row of a trace's text. Returns the number of points, or the first bad line (1-based)
 * with a message in the form `expected 'time_s,rps', got '<excerpt>'`. The compiler builds the
 * points from the same text (compile-scenario.ts); this is the strict gate in front of it.
 */
export function checkTrafficTrace(text: string): TraceParse {
  const lines = text.split(/\r?\n/);
  let points = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = line.split(',').map((c) => c.trim());
    if (i === 0 && cells[0] !== undefined && !NUMBER.test(cells[0]) && !line.includes(';') && cells.length === 2) continue; // a header
    const bad = (why = ''): TraceParse => ({ ok: false, line: i + 1, message: `expected 'time_s,rps'${why}, got '${excerpt(line)}'` });
    if (cells.length !== 2) return bad(line.includes(';') || line.includes('\t') ? ' (comma-separated)' : '');
    const [t, v] = cells as [string, string];
    if (!NUMBER.test(t) || !NUMBER.test(v)) return bad();
    const time = Number(t);
    const rps = Number(v);
    if (!(time <= MAX_TRACE_TIME_S)) return { ok: false, line: i + 1, message: `time ${excerpt(t)} s is beyond what the simulator's clock counts` };
    if (!(rps <= MAX_TRACE_RPS)) return { ok: false, line: i + 1, message: `rps ${excerpt(v)} is more than the limit of ${MAX_TRACE_RPS.toLocaleString('en-US')} (docs/limits.md)` };
    points++;
  }
  if (points === 0) return { ok: false, line: 1, message: "no rows: expected lines of 'time_s,rps'" };
  return { ok: true, points };
}

/** At most EXCERPT_CHARS of a line, with control and non-ASCII characters escaped, so a binary or hostile file cannot flood or garble the terminal. */
export function excerpt(text: string): string {
  const head = text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}...` : text;
  // eslint-disable-next-line no-control-regex
  return head.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
