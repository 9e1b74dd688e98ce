/**
 * Selection helpers of the window levels: the k-th smallest count (to find the busiest hosts' cut without
 * sorting every host) and ordering kept rows by host id.
 */

/**
 * The value that would sit at index `rank` of `a` sorted ascending (Hoare's quickselect, median-of-three
 * pivot); reorders `a`. Iterative, and each round shrinks the range, so it always ends.
 */
export function kthSmallest(a: Float64Array, rank: number): number {
  let lo = 0
  let hi = a.length - 1
  while (hi > lo) {
    const mid = (lo + hi) >>> 1
    // Median of three as the pivot value: sorted runs (many equal counts) stay linear.
    const x = a[lo]
    const y = a[mid]
    const z = a[hi]
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y
    let i = lo
    let j = hi
    while (i <= j) {
      while (a[i] < pivot) i++
      while (a[j] > pivot) j--
      if (i <= j) {
        const t = a[i]
        a[i] = a[j]
        a[j] = t
        i++
        j--
      }
    }
    if (rank <= j) hi = j
    else if (rank >= i) lo = i
    else return a[rank]
  }
  return a[rank]
}

/** Sorts row numbers by their host id (host ids of one window are distinct), without a comparator call per pair. */
export function sortRowsByHost(rows: number[], host: Uint32Array): void {
  const n = rows.length
  if (n < 2) return
  // Host id (< 2^32) * 2^21 + position in rows stays below 2^53, so one numeric sort of doubles orders both.
  if (n >= 1 << 21) {
    rows.sort((a, b) => host[a] - host[b])
    return
  }
  const keys = new Float64Array(n)
  for (let j = 0; j < n; j++) keys[j] = host[rows[j]] * 2097152 + j
  keys.sort()
  const copy = rows.slice()
  for (let j = 0; j < n; j++) rows[j] = copy[keys[j] % 2097152]
}
