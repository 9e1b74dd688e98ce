/**
 * Path strings for long series. A line with more points than twice the pixel columns is reduced to the first,
 * smallest, largest and last point of each column, in time order: the M4 aggregation of Jugel et al., "M4: A
 * Visualization-Oriented Time Series Data Aggregation" (VLDB 2014), which draws the same pixels as the full
 * series with at most four points per column. 100,000 points become at most ~4 x width path commands.
 *
 * Non-finite times or values break the line (a gap), they are never drawn as zero.
 */

export type ToPixel = (v: number) => number

/** Two decimals are plenty for screen pixels and keep path strings short. */
function r(v: number): string {
  return String(Math.round(v * 100) / 100)
}

/** The path "M x,y L x,y ..." through the points, reduced per pixel column when there are many. */
export function linePath(times: ArrayLike<number>, values: ArrayLike<number>, x: ToPixel, y: ToPixel, columns: number): string {
  const n = Math.min(times.length, values.length)
  const out: string[] = []
  let penDown = false
  const emit = (i: number): void => {
    out.push(`${penDown ? 'L' : 'M'}${r(x(times[i]))},${r(y(values[i]))}`)
    penDown = true
  }
  if (n <= 2 * Math.max(1, columns)) {
    for (let i = 0; i < n; i++) {
      if (Number.isFinite(times[i]) && Number.isFinite(values[i])) emit(i)
      else penDown = false
    }
    return out.join('')
  }
  let col = NaN
  let first = -1
  let last = -1
  let lo = -1
  let hi = -1
  const flush = (): void => {
    if (first < 0) return
    let done = first
    emit(first)
    const a = Math.min(lo, hi)
    const b = Math.max(lo, hi)
    if (a > done) emit((done = a))
    if (b > done) emit((done = b))
    if (last > done) emit(last)
    first = -1
  }
  for (let i = 0; i < n; i++) {
    const t = times[i]
    const v = values[i]
    if (!Number.isFinite(t) || !Number.isFinite(v)) {
      flush()
      penDown = false
      col = NaN
      continue
    }
    const c = Math.floor(x(t))
    if (c !== col || first < 0) {
      flush()
      col = c
      first = last = lo = hi = i
      continue
    }
    last = i
    if (v < values[lo]) lo = i
    if (v > values[hi]) hi = i
  }
  flush()
  return out.join('')
}

/**
 * The closed area between `lower` and `upper` (a baseline band). Long series keep, per pixel column, the
 * lowest lower bound and the highest upper bound, so the band is never drawn narrower than the data.
 */
export function bandPath(
  times: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  x: ToPixel,
  y: ToPixel,
  columns: number,
): string {
  const n = Math.min(times.length, lower.length, upper.length)
  const reduce = n > 2 * Math.max(1, columns)
  const out: string[] = []
  let xs: number[] = []
  let los: number[] = []
  let his: number[] = []
  const close = (): void => {
    if (xs.length > 0) {
      const top = xs.map((px, k) => `${r(px)},${r(y(his[k]))}`)
      const bottom = xs.map((px, k) => `${r(px)},${r(y(los[k]))}`).reverse()
      out.push(`M${top.join('L')}L${bottom.join('L')}Z`)
    }
    xs = []
    los = []
    his = []
  }
  // Column being accumulated (reduce mode): its first and last x and its extremes.
  let col = NaN
  let x0 = 0
  let x1 = 0
  let cLo = 0
  let cHi = 0
  const pushColumn = (): void => {
    if (Number.isNaN(col)) return
    xs.push(x0)
    los.push(cLo)
    his.push(cHi)
    if (x1 !== x0) {
      xs.push(x1)
      los.push(cLo)
      his.push(cHi)
    }
    col = NaN
  }
  for (let i = 0; i < n; i++) {
    const t = times[i]
    const lo = lower[i]
    const hi = upper[i]
    if (!Number.isFinite(t) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
      pushColumn()
      close()
      continue
    }
    const px = x(t)
    if (!reduce) {
      xs.push(px)
      los.push(lo)
      his.push(hi)
      continue
    }
    const c = Math.floor(px)
    if (c === col) {
      x1 = px
      cLo = Math.min(cLo, lo)
      cHi = Math.max(cHi, hi)
      continue
    }
    pushColumn()
    col = c
    x0 = x1 = px
    cLo = lo
    cHi = hi
  }
  pushColumn()
  close()
  return out.join('')
}
