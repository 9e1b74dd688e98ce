/**
 * Isolation forest (Liu, Ting and Zhou, "Isolation Forest", ICDM 2008): random trees that split a random feature
 * at a random value between its min and max, grown on small subsamples to depth ceil(log2(subsample)). Anomalies
 * are isolated in few splits, so the score s(x) = 2^(-E[h(x)] / c(n)) is near 1 for them and at most about 0.5
 * for ordinary points; c(n) is the average path length of an unsuccessful binary-search-tree lookup. Per-feature
 * contributions: each split on x's path credits its feature with 1/depth (splits near the root isolate the most),
 * summed over trees and normalised, in the spirit of DIFFI (Carletti et al. 2023). Trees live in flat typed
 * arrays; randomness is seeded, so the same data gives the same scores.
 */

export interface ForestOptions {
  readonly trees?: number
  readonly subsample?: number
  readonly seed?: number
}

/** Average path length of an unsuccessful search in a binary search tree of n points (the paper's c(n)). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0
  if (n === 2) return 1
  return 2 * (Math.log(n - 1) + 0.5772156649) - (2 * (n - 1)) / n
}

function mulberry32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let x = s
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

export class IsolationForest {
  readonly dims: number
  private readonly maxNodes: number
  /** Per node: split feature (-1 for a leaf), split value, children, and for leaves the c(size) correction. */
  private readonly feature: Int16Array
  private readonly value: Float64Array
  private readonly left: Int32Array
  private readonly right: Int32Array
  private readonly leafAdjust: Float64Array
  private readonly roots: number[] = []
  private readonly norm: number
  private used = 0

  /** Grows the forest on `rows` points of `dims` features each (data[row * dims + f]). */
  constructor(data: Float64Array, rows: number, dims: number, options: ForestOptions = {}) {
    this.dims = dims
    const trees = Math.max(1, Math.floor(options.trees ?? 100))
    const sub = Math.max(2, Math.min(rows, Math.floor(options.subsample ?? 256)))
    const depthLimit = Math.ceil(Math.log2(sub))
    this.maxNodes = trees * (2 * sub + 1)
    this.feature = new Int16Array(this.maxNodes).fill(-1)
    this.value = new Float64Array(this.maxNodes)
    this.left = new Int32Array(this.maxNodes)
    this.right = new Int32Array(this.maxNodes)
    this.leafAdjust = new Float64Array(this.maxNodes)
    this.norm = averagePathLength(sub)
    const rand = mulberry32(options.seed ?? 42)
    const idx = new Int32Array(rows)
    for (let i = 0; i < rows; i++) idx[i] = i
    // The positions each tree's shuffle moved, put back afterwards: the next tree starts from the identity
    // again without rewriting all `rows` entries (tens of thousands, per tree).
    const moved = new Int32Array(sub)
    for (let t = 0; t < trees && rows > 0; t++) {
      // Partial Fisher-Yates: the first `sub` entries become a uniform sample without replacement.
      for (let i = 0; i < sub; i++) {
        const j = i + Math.floor(rand() * (rows - i))
        moved[i] = j
        const tmp = idx[i]
        idx[i] = idx[j]
        idx[j] = tmp
      }
      this.roots.push(this.grow(data, idx.slice(0, sub), depthLimit, rand))
      for (let i = 0; i < sub; i++) {
        idx[i] = i
        idx[moved[i]] = moved[i]
      }
    }
  }

  /** Builds one tree iteratively (no recursion on data-dependent depth: an explicit stack). */
  private grow(data: Float64Array, sample: Int32Array, depthLimit: number, rand: () => number): number {
    const root = this.used++
    const stack: { node: number; rows: Int32Array; depth: number }[] = [{ node: root, rows: sample, depth: 0 }]
    while (stack.length > 0) {
      const { node, rows, depth } = stack.pop() as { node: number; rows: Int32Array; depth: number }
      const split = depth < depthLimit && rows.length > 1 ? this.chooseSplit(data, rows, rand) : null
      if (split === null || this.used + 2 > this.maxNodes) {
        this.feature[node] = -1
        this.leafAdjust[node] = averagePathLength(rows.length)
        continue
      }
      const [f, v] = split
      const lo: number[] = []
      const hi: number[] = []
      // Indexed loops, not for-of: this runs once per analysis, mostly unoptimised, where an iterator result per
      // row is garbage.
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k]
        if (data[r * this.dims + f] < v) lo.push(r)
        else hi.push(r)
      }
      // The right child is always the node after the left one (walkTree relies on it).
      const l = this.used++
      const r = this.used++
      this.feature[node] = f
      this.value[node] = v
      this.left[node] = l
      this.right[node] = r
      stack.push({ node: l, rows: Int32Array.from(lo), depth: depth + 1 }, { node: r, rows: Int32Array.from(hi), depth: depth + 1 })
    }
    return root
  }

  /** A random feature that varies among the rows and a random value inside its range, or null. */
  private chooseSplit(data: Float64Array, rows: Int32Array, rand: () => number): [number, number] | null {
    const start = Math.floor(rand() * this.dims)
    for (let k = 0; k < this.dims; k++) {
      const f = (start + k) % this.dims
      let min = Infinity
      let max = -Infinity
      for (let k = 0; k < rows.length; k++) {
        const x = data[rows[k] * this.dims + f]
        if (x < min) min = x
        if (x > max) max = x
      }
      if (max > min) return [f, min + rand() * (max - min)]
    }
    return null
  }

  /**
   * Like score(), but gives up after the first `probeTrees` trees when the partial score is below `floor`: most
   * points are ordinary, and a partial average of path lengths already shows it. Returns the partial score then.
   */
  scoreAbove(point: ArrayLike<number>, floor: number, probeTrees = 10): number {
    let total = 0
    for (let t = 0; t < this.roots.length; t++) {
      let node = this.roots[t]
      let depth = 0
      while (this.feature[node] >= 0) {
        node = point[this.feature[node]] < this.value[node] ? this.left[node] : this.right[node]
        depth++
      }
      total += depth + this.leafAdjust[node]
      if (t + 1 === probeTrees && t + 1 < this.roots.length) {
        const partial = this.norm > 0 ? 2 ** (-(total / (t + 1)) / this.norm) : 0
        if (partial < floor) return partial
      }
    }
    const mean = this.roots.length > 0 ? total / this.roots.length : 0
    return this.norm > 0 ? 2 ** (-mean / this.norm) : 0
  }

  /**
   * scoreAbove for `n` points stored row by row in `points` (point i at [i * dims, (i + 1) * dims)), written to
   * out[0..n): the same numbers, found tree by tree over the whole batch rather than point by point, so that one
   * tree's nodes stay in cache while every point walks it (point by point, all trees' nodes are touched per
   * point). Each point's path lengths are still added in tree order, so the sums are bit for bit those of
   * scoreAbove. A floor of -Infinity gives score() for every point.
   */
  scoreManyAbove(points: Float64Array, n: number, floor: number, out: Float64Array, probeTrees = 10): void {
    const trees = this.roots.length
    const count = Math.max(0, Math.min(n, out.length, Math.floor(points.length / this.dims)))
    const totals = new Float64Array(count)
    // The same early stop as scoreAbove: after `probeTrees` trees, when more trees follow.
    const probe = Number.isInteger(probeTrees) && probeTrees >= 1 && probeTrees < trees ? probeTrees : trees
    let active = new Int32Array(count)
    for (let i = 0; i < count; i++) active[i] = i
    let live = count
    for (let t = 0; t < trees; t++) {
      if (t === probe && probe < trees) {
        let kept = 0
        for (let k = 0; k < live; k++) {
          const i = active[k]
          const partial = this.norm > 0 ? 2 ** (-(totals[i] / probe) / this.norm) : 0
          if (partial < floor) out[i] = partial
          else active[kept++] = i
        }
        live = kept
        active = active.subarray(0, live)
      }
      this.walkTree(this.roots[t], points, active, live, totals)
    }
    for (let k = 0; k < live; k++) {
      const i = active[k]
      const mean = trees > 0 ? totals[i] / trees : 0
      out[i] = this.norm > 0 ? 2 ** (-mean / this.norm) : 0
    }
  }

  /** Adds the path length of tree `root` to totals[i] for the first `live` point indices in `active`. */
  private walkTree(root: number, points: Float64Array, active: Int32Array, live: number, totals: Float64Array): void {
    const feature = this.feature
    const value = this.value
    const left = this.left
    const leafAdjust = this.leafAdjust
    const dims = this.dims
    for (let k = 0; k < live; k++) {
      const i = active[k]
      const at = i * dims
      let node = root
      let depth = 0
      // grow() makes every right child the node after its left one: the step is left + 0 or 1, not a branch
      // (which side a point goes is close to a coin flip, and mispredicted branches were most of the walk).
      for (let f = feature[node]; f >= 0; f = feature[node]) {
        node = left[node] + Number(!(points[at + f] < value[node]))
        depth++
      }
      totals[i] += depth + leafAdjust[node]
    }
  }

  /** Anomaly score of one point (0..1) and, when `contributions` is given, its per-feature credit (summing to 1). */
  score(point: ArrayLike<number>, contributions?: Float64Array): number {
    let total = 0
    if (contributions !== undefined) contributions.fill(0)
    for (const root of this.roots) {
      let node = root
      let depth = 0
      while (this.feature[node] >= 0) {
        const f = this.feature[node]
        if (contributions !== undefined) contributions[f] += 1 / (depth + 1)
        node = point[f] < this.value[node] ? this.left[node] : this.right[node]
        depth++
      }
      total += depth + this.leafAdjust[node]
    }
    if (contributions !== undefined) {
      let sum = 0
      for (let f = 0; f < contributions.length; f++) sum += contributions[f]
      if (sum > 0) for (let f = 0; f < contributions.length; f++) contributions[f] /= sum
    }
    const mean = this.roots.length > 0 ? total / this.roots.length : 0
    return this.norm > 0 ? 2 ** (-mean / this.norm) : 0
  }
}
