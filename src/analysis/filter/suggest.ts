/** "Did you mean" for misspelt field names and symbolic values: the closest candidates by edit distance. */

const MAX_COMPARED = 64

/**
 * Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of neighbours cost 1),
 * on at most MAX_COMPARED characters of each string so a pasted paragraph costs no more than a name.
 */
export function editDistance(a: string, b: string): number {
  const s = a.slice(0, MAX_COMPARED)
  const t = b.slice(0, MAX_COMPARED)
  const w = t.length + 1
  let prev2 = new Array<number>(w).fill(0)
  let prev = Array.from({ length: w }, (_, j) => j)
  let cur = new Array<number>(w).fill(0)
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, prev2[j - 2] + 1)
      cur[j] = d
    }
    ;[prev2, prev, cur] = [prev, cur, prev2]
  }
  return prev[t.length]
}

/**
 * The candidate closest to `word` (case-insensitive), if it is close enough to be a likely typo: within one
 * edit for short words, a third of the length for longer ones. Ties go to the earlier candidate.
 */
export function closest(word: string, candidates: Iterable<string>): string | null {
  const w = word.toLowerCase()
  if (w.length > MAX_COMPARED) return null // not a misspelt name
  const limit = Math.max(1, Math.floor(w.length / 3))
  let best: string | null = null
  let bestDistance = limit + 1
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase())
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}
