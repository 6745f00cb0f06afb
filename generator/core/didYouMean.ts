/** The closest candidate to a mistyped word, when one is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  // An abbreviation (`gen` for `generate`) is as likely as a typo.
  const prefixed = candidates.filter((c) => word.length >= 2 && c.startsWith(word.toLowerCase()));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  // A typo changes a few characters, not most of the word.
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3))
    ? best
    : undefined;
}

/** " Did you mean --out?" or "" when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[], prefix = ""): string {
  const match = closest(word, candidates);
  return match === undefined ? "" : ` Did you mean ${prefix}${match}?`;
}

/** Damerau-free Levenshtein distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length]!;
}
