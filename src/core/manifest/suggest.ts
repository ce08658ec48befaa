// Typo suggestions: the nearest allowed spelling by edit distance (optimal string alignment).
// Suggests only when the candidate is close enough to be a plausible typo; never invents a name.

/** Edit distance with adjacent transpositions; case differences cost half an edit. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const ca = a[i - 1] ?? '';
      const cb = b[j - 1] ?? '';
      const cost = ca === cb ? 0 : ca.toLowerCase() === cb.toLowerCase() ? 0.5 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      let best = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb)
        best = Math.min(best, ((d[i - 2] as number[])[j - 2] ?? 0) + 1);
      row[j] = best;
    }
  }
  return (d[rows - 1] as number[])[cols - 1] ?? 0;
}

/**
 * The candidate nearest to `input`, if within a third of its length (at least 2 edits allowed); ties go to the first.
 */
export function nearest(input: string, candidates: Iterable<string>): string | undefined {
  if (input.length > 256) return undefined;
  const limit = Math.max(2, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === input || candidate.length > 256) continue;
    const distance = editDistance(input, candidate);
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
