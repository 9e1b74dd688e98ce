/**
 * Quantile grids: a distribution kept as its values at evenly spaced probabilities 0, 1/K, ..., 1, and sampled
 * back by inverse transform. Between grid points the value is interpolated on a log1p scale, because sizes,
 * durations and gaps span orders of magnitude and the twin's fidelity is judged on log-scaled values.
 */

/** Values at K+1 evenly spaced probabilities (K = points - 1) of `values` (any order); null when empty. */
export function quantileGrid(values: ArrayLike<number>, points: number): number[] | null {
  const n = values.length
  if (n === 0) return null
  const sorted = Float64Array.from(values as ArrayLike<number>).sort()
  const k = Math.max(1, points - 1)
  const out = new Array<number>(k + 1)
  for (let i = 0; i <= k; i++) {
    const pos = (i / k) * (n - 1)
    const lo = Math.floor(pos)
    const hi = Math.min(n - 1, lo + 1)
    out[i] = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
  }
  return out
}

/** A value drawn from a grid for u uniform in [0, 1). Values must be >= 0 (log1p interpolation). */
export function sampleGrid(grid: readonly number[], u: number): number {
  const k = grid.length - 1
  if (k <= 0) return grid.length === 1 ? grid[0] : 0
  const pos = u * k
  const i = Math.min(k - 1, Math.floor(pos))
  const a = Math.log1p(Math.max(0, grid[i]))
  const b = Math.log1p(Math.max(0, grid[i + 1]))
  return Math.expm1(a + (b - a) * (pos - i))
}

/**
 * Means of `cells` equal-count cells of the sorted values (all values, sorted, when there are at most `cells`):
 * unlike quantiles, their average is the sample mean, so a heavy tail keeps its weight.
 */
export function cellMeans(values: ArrayLike<number>, cells: number): number[] {
  const n = values.length
  const sorted = Float64Array.from(values as ArrayLike<number>).sort()
  if (n <= cells) return Array.from(sorted)
  const out = new Array<number>(cells)
  for (let i = 0; i < cells; i++) {
    const a = Math.floor((i * n) / cells)
    const b = Math.floor(((i + 1) * n) / cells)
    let s = 0
    for (let j = a; j < b; j++) s += sorted[j]
    out[i] = b > a ? s / (b - a) : sorted[a]
  }
  return out
}
