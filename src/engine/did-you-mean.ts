/**
 * "Did you mean" suggestions for misspelt names (scenario keys, instance types, services).
 *
 * Pure and domain-free, so every layer may use it. Ranks candidates by Damerau-Levenshtein
 * distance (a transposition counts as one edit), keeps those within a distance that scales with
 * the word's length, and breaks ties alphabetically so suggestions are deterministic.
 */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  // Three rolling rows are enough for the transposition rule.
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, prev2[j - 2]! + 1);
      }
      cur[j] = best;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/**
 * Up to `limit` candidates close to `word`, closest first. Comparison is case-insensitive.
 * A candidate that starts with the word (or the word with it) is always considered close,
 * so `c5.larg` suggests `c5.large` and `m5` suggests `m5.large`.
 */
export function suggest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const w = word.toLowerCase();
  const maxDistance = Math.max(2, Math.floor(w.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    let score = editDistance(w, c);
    if (score > maxDistance && (c.startsWith(w) || w.startsWith(c))) score = maxDistance;
    if (score <= maxDistance) scored.push({ name: candidate, score });
  }
  scored.sort((x, y) => x.score - y.score || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.name);
}

/** " (did you mean `a` or `b`?)" or "" — ready to append to an error message. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const hits = suggest(word, candidates);
  if (hits.length === 0) return '';
  const quoted = hits.map((h) => `'${h}'`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  return ` (did you mean ${list}?)`;
}
