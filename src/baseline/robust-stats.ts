/**
 * Robust statistics for baselines: median and MAD (median absolute deviation), quantiles, an exponentially
 * weighted moving average with its variance, and the robust z-score built from them. Median/MAD resist the
 * outliers an attack adds to the learning period (half the windows would have to be bad to move the median);
 * the EWMA tracks drift for a live band. All functions copy before sorting and never throw on empty input.
 */

/** 1.4826 * MAD estimates the standard deviation of normally distributed data (the MAD's consistency constant). */
export const MAD_TO_SIGMA = 1.4826

/** Per-window rate statistics of one quantity (values are per second, so bands compare across window sizes). */
export interface Band {
  readonly median: number
  /** Raw median absolute deviation (multiply by MAD_TO_SIGMA for a standard-deviation estimate). */
  readonly mad: number
  readonly p95: number
  readonly max: number
  /** EWMA and EWM standard deviation at the end of the learning period. */
  readonly ewma: number
  readonly ewmStd: number
  /** Windows the band was learned from (empty windows included as zeros). */
  readonly windows: number
}

export const EMPTY_BAND: Band = Object.freeze({ median: 0, mad: 0, p95: 0, max: 0, ewma: 0, ewmStd: 0, windows: 0 })

/** Quantile q (0..1) of sorted values by linear interpolation; 0 for none. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length
  if (n === 0) return 0
  const pos = Math.min(1, Math.max(0, q)) * (n - 1)
  const lo = Math.floor(pos)
  const hi = Math.min(n - 1, lo + 1)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo)
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length)
  let k = 0
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[k++] = values[i]
  return out.subarray(0, k).sort()
}

export function median(values: ArrayLike<number>): number {
  return quantileSorted(sortedCopy(values), 0.5)
}

/** Median absolute deviation from the median (raw, unscaled). */
export function mad(values: ArrayLike<number>, center = median(values)): number {
  const dev = new Float64Array(values.length)
  let k = 0
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) dev[k++] = Math.abs(values[i] - center)
  return quantileSorted(dev.subarray(0, k).sort(), 0.5)
}

/**
 * Robust z-score of x against a median and raw MAD. When the MAD is 0 (most windows equal, e.g. idle), the
 * spread falls back to `floor` so one busy window against an idle baseline is scored by its size, not infinity.
 */
export function robustZ(x: number, center: number, rawMad: number, floor = 1): number {
  const sigma = Math.max(MAD_TO_SIGMA * rawMad, floor)
  return (x - center) / sigma
}

/** EWMA with smoothing factor alpha over the values in order; returns the final mean and standard deviation. */
export function ewma(values: ArrayLike<number>, alpha = 0.1): { mean: number; std: number } {
  let mean = NaN
  let variance = 0
  for (let i = 0; i < values.length; i++) {
    const x = values[i]
    if (!Number.isFinite(x)) continue
    if (Number.isNaN(mean)) {
      mean = x
      continue
    }
    // West's incremental form of the exponentially weighted variance.
    const diff = x - mean
    const incr = alpha * diff
    mean += incr
    variance = (1 - alpha) * (variance + diff * incr)
  }
  return { mean: Number.isNaN(mean) ? 0 : mean, std: Math.sqrt(Math.max(0, variance)) }
}

/** A band from per-window values (already rates per second), in time order. */
export function bandOf(values: ArrayLike<number>, alpha = 0.1): Band {
  const sorted = sortedCopy(values)
  if (sorted.length === 0) return EMPTY_BAND
  const m = quantileSorted(sorted, 0.5)
  const e = ewma(values, alpha)
  return {
    median: m,
    mad: mad(sorted, m),
    p95: quantileSorted(sorted, 0.95),
    max: sorted[sorted.length - 1],
    ewma: e.mean,
    ewmStd: e.std,
    windows: sorted.length,
  }
}

/** Quantile q of a sample made of `zeros` zeros plus the sorted non-negative values `sorted` (its first `count`). */
function quantileWithZeros(sorted: ArrayLike<number>, zeros: number, q: number, count = sorted.length): number {
  const n = count + zeros
  if (n === 0) return 0
  const pos = Math.min(1, Math.max(0, q)) * (n - 1)
  const lo = Math.floor(pos)
  const hi = Math.min(n - 1, lo + 1)
  const low = withZerosAt(sorted, zeros, lo)
  return low + (withZerosAt(sorted, zeros, hi) - low) * (pos - lo)
}

// Helpers at module level rather than closures: bands are computed per host and field, thousands per baseline.
function withZerosAt(sorted: ArrayLike<number>, zeros: number, i: number): number {
  return i < zeros ? 0 : sorted[i - zeros]
}

/** The k-th of the sorted deviations with `zeros` copies of m merged in after the first `below` of them. */
function mergedDeviation(dev: Float64Array, below: number, zeros: number, m: number, k: number): number {
  return k < below ? dev[k] : k < below + zeros ? m : dev[k - zeros]
}

/**
 * The band of a mostly idle series given sparsely: `windows` windows in all, of which those listed in
 * `active` (ascending window offsets) have the non-negative values `values`; the rest are zero. Same result
 * as bandOf on the dense series, at the cost of the active windows only (the EWMA walks zero runs up to 200
 * steps, after which its weight on the past is below 1e-9).
 */
export function bandOfSparse(active: ArrayLike<number>, values: ArrayLike<number>, windows: number, alpha = 0.1): Band {
  if (windows <= 0) return EMPTY_BAND
  const zeros = Math.max(0, windows - values.length)
  // Sorted values and deviations go to reused buffers: a baseline computes thousands of these small bands.
  const n = sortFiniteInto(values, 0)
  const sorted = SPARSE_SCRATCH[0]
  const m = quantileWithZeros(sorted, zeros, 0.5, n)
  const dev = SPARSE_SCRATCH[1]
  for (let i = 0; i < n; i++) dev[i] = Math.abs(sorted[i] - m)
  sortScratch(1, n)
  // The zeros all deviate by m: in the sorted deviations they sit, `zeros` copies of m, before the first
  // deviation larger than m. The k-th of that merged sequence is read without building it.
  let below = 0
  while (below < n && dev[below] <= m) below++
  const total = n + zeros
  const pos = 0.5 * (total - 1)
  const lo = Math.floor(pos)
  const kthLo = total === 0 ? 0 : mergedDeviation(dev, below, zeros, m, lo)
  const madValue = total === 0 ? 0 : kthLo + (mergedDeviation(dev, below, zeros, m, Math.min(total - 1, lo + 1)) - kthLo) * (pos - lo)
  let mean = 0
  let variance = 0
  let prev = -1
  let started = false
  for (let i = 0; i < active.length; i++) {
    const gap = Math.min(200, started ? active[i] - prev - 1 : active[i])
    for (let g = 0; g < gap; g++) {
      if (!started) {
        started = true
        continue
      }
      variance = (1 - alpha) * (variance + alpha * mean * mean)
      mean *= 1 - alpha
    }
    const x = values[i]
    if (!started) {
      mean = x
      started = true
    } else {
      const diff = x - mean
      const incr = alpha * diff
      mean += incr
      variance = (1 - alpha) * (variance + diff * incr)
    }
    prev = active[i]
  }
  // Trailing idle windows decay the average too.
  for (let g = Math.min(200, windows - 1 - prev); started && g > 0; g--) {
    variance = (1 - alpha) * (variance + alpha * mean * mean)
    mean *= 1 - alpha
  }
  return {
    median: m,
    mad: madValue,
    p95: quantileWithZeros(sorted, zeros, 0.95, n),
    max: n > 0 ? sorted[n - 1] : 0,
    ewma: mean,
    ewmStd: Math.sqrt(Math.max(0, variance)),
    windows,
  }
}

/** Two reused buffers of bandOfSparse (values, deviations), grown on demand. */
const SPARSE_SCRATCH: [Float64Array, Float64Array] = [new Float64Array(256), new Float64Array(256)]

/** Copies the finite values into scratch buffer `which`, sorted ascending as Float64Array.sort would; returns how many. */
function sortFiniteInto(values: ArrayLike<number>, which: 0 | 1): number {
  // Both buffers grow together: the deviations of these values go to the other one.
  if (SPARSE_SCRATCH[0].length < values.length) {
    SPARSE_SCRATCH[0] = new Float64Array(values.length * 2)
    SPARSE_SCRATCH[1] = new Float64Array(values.length * 2)
  }
  const out = SPARSE_SCRATCH[which]
  let k = 0
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[k++] = values[i]
  sortScratch(which, k)
  return k
}

/** Sorts the first n entries of a scratch buffer: insertion sort for the usual few dozen, the built-in sort beyond. */
function sortScratch(which: 0 | 1, n: number): void {
  const a = SPARSE_SCRATCH[which]
  if (n > 64) {
    a.subarray(0, n).sort()
    return
  }
  for (let i = 1; i < n; i++) {
    const x = a[i]
    let j = i - 1
    while (j >= 0 && sortsAfter(a[j], x)) {
      a[j + 1] = a[j]
      j--
    }
    a[j + 1] = x
  }
}

/** Float64Array.sort's order: ascending, with -0 before +0. */
function sortsAfter(a: number, b: number): boolean {
  return a > b || (a === 0 && b === 0 && 1 / a > 1 / b)
}

/** Quantile summary of a sample (e.g. durations); null when there is no sample. */
export interface Quantiles {
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly n: number
}

export function quantilesOf(values: ArrayLike<number>): Quantiles | null {
  const sorted = sortedCopy(values)
  if (sorted.length === 0) return null
  return { p50: quantileSorted(sorted, 0.5), p90: quantileSorted(sorted, 0.9), p99: quantileSorted(sorted, 0.99), n: sorted.length }
}

/** Upper edge of a band: median + k robust standard deviations, never below `floor`. */
export function bandUpper(b: Band, k: number, floor = 0): number {
  return Math.max(floor, b.median + k * MAD_TO_SIGMA * b.mad)
}

/** Shannon entropy in bits of the characters of s (0 for an empty string). */
export function charEntropy(s: string): number {
  if (s.length === 0) return 0
  // Byte-range characters are counted in a reused array (DNS names are ASCII); others in a map.
  const counts = ENTROPY_SCRATCH
  let wide: Map<number, number> | null = null
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 256) counts[c]++
    else {
      wide ??= new Map()
      wide.set(c, (wide.get(c) ?? 0) + 1)
    }
  }
  let h = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 256 || counts[c] === 0) continue
    const p = counts[c] / s.length
    h -= p * Math.log2(p)
    counts[c] = 0
  }
  if (wide !== null) {
    for (const n of wide.values()) {
      const p = n / s.length
      h -= p * Math.log2(p)
    }
  }
  return h
}

const ENTROPY_SCRATCH = new Uint32Array(256)

/** Jensen-Shannon divergence in bits (0..1) between two distributions given as key -> weight (normalised here). */
export function jensenShannon(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let sa = 0
  let sb = 0
  for (const v of a.values()) sa += Math.max(0, v)
  for (const v of b.values()) sb += Math.max(0, v)
  if (sa === 0 || sb === 0) return sa === sb ? 0 : 1
  const keys = new Set([...a.keys(), ...b.keys()])
  let js = 0
  for (const k of keys) {
    const p = Math.max(0, a.get(k) ?? 0) / sa
    const q = Math.max(0, b.get(k) ?? 0) / sb
    const m = (p + q) / 2
    if (p > 0) js += 0.5 * p * Math.log2(p / m)
    if (q > 0) js += 0.5 * q * Math.log2(q / m)
  }
  return Math.min(1, Math.max(0, js))
}
