/** How many single-character edits (insert, delete, replace) turn `a` into `b` (Levenshtein). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const replace = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, replace));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known word closest to a mistyped one, within two edits (a typo, not a different word), as
 * vitest and git suggest; case is ignored, and the first listed wins a tie.
 *
 * @example
 * didYouMean('rnu', ['run', 'rules']) // 'run'
 */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  let best: { word: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && distance < (best?.distance ?? 3)) best = { word: candidate, distance };
  }
  return best?.word;
}
