/**
 * The tables of the scaling report (issue 8), as Markdown: time against file size and memory against flow count.
 * Pure formatting over measured rows, so it is tested without running anything.
 */

/** One measured run of the many-flow stress (bench/many-flows-stress.ts). */
export interface StressRow {
  /** Flows the generator wrote. */
  readonly generatedFlows: number
  readonly bytes: number
  readonly packets: number
  readonly detect: boolean
  /** Flows the analysis reported (an estimate past the flow cap). */
  readonly flows: number
  /** Counts the summary says it estimated (e.g. 'flows', 'conversations'); empty when every count is exact. */
  readonly estimates: readonly string[]
  readonly wallSeconds: number
  readonly cpuSeconds: number | null
  readonly peakRssBytes: number | null
}

/** One measured run of the full analysis on a capture of a given size. */
export interface SizeRow {
  readonly capture: string
  readonly bytes: number
  readonly packets: number
  readonly flows: number
  readonly wallSeconds: number
  readonly cpuSeconds: number | null
  readonly peakRssBytes: number | null
}

/**
 * Which counts of an `analyze --json` summary are estimates: every true top-level `xxxEstimated` flag, plus
 * conversations when the conversation tables overflowed and top talkers marked inexact.
 */
export function estimateSwitches(summary: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = []
  for (const [key, value] of Object.entries(summary)) {
    if (key.endsWith('Estimated') && value === true) out.push(key.slice(0, -'Estimated'.length))
  }
  const conv = summary.conversations
  if (conv !== null && typeof conv === 'object' && (conv as Record<string, unknown>).overflowPackets !== 0 && !out.includes('conversations')) {
    const overflow = (conv as Record<string, unknown>).overflowPackets
    if (typeof overflow === 'number' && overflow > 0) out.push('conversations')
  }
  const talkers = summary.topTalkers
  if (Array.isArray(talkers) && talkers.some((t) => t !== null && typeof t === 'object' && (t as Record<string, unknown>).exact === false)) out.push('topTalkers')
  return out
}

const fixed = (n: number | null, digits: number): string => (n === null || !Number.isFinite(n) ? 'n/a' : n.toFixed(digits))
const grouped = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : 'n/a')
const mb = (n: number | null): string => (n === null ? 'n/a' : (n / 1e6).toFixed(0))

function markdown(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n')
}

/** Time against file size: one row per capture, with throughput per wall and per CPU second. */
export function sizeTable(rows: readonly SizeRow[]): string {
  return markdown(
    ['capture', 'size MB', 'packets', 'flows', 'wall s', 'cpu s', 'MB per cpu-s', 'µs cpu per packet', 'peak RSS MB'],
    rows.map((r) => [
      r.capture,
      mb(r.bytes),
      grouped(r.packets),
      grouped(r.flows),
      fixed(r.wallSeconds, 1),
      fixed(r.cpuSeconds, 1),
      r.cpuSeconds === null || r.cpuSeconds <= 0 ? 'n/a' : grouped(r.bytes / 1e6 / r.cpuSeconds),
      r.cpuSeconds === null || r.packets <= 0 ? 'n/a' : fixed((r.cpuSeconds * 1e6) / r.packets, 2),
      mb(r.peakRssBytes),
    ]),
  )
}

/** Memory against flow count: one row per stress run, with the estimate switches and the memory target. */
export function stressTable(rows: readonly StressRow[], targetPeakBytes: number): string {
  const sorted = [...rows].sort((a, b) => a.generatedFlows - b.generatedFlows || Number(b.detect) - Number(a.detect))
  return markdown(
    ['flows written', 'detection', 'size MB', 'packets', 'flows reported', 'estimated', 'wall s', 'cpu s', 'peak RSS MB', `<= ${mb(targetPeakBytes)} MB`],
    sorted.map((r) => [
      grouped(r.generatedFlows),
      r.detect ? 'on' : 'off',
      mb(r.bytes),
      grouped(r.packets),
      grouped(r.flows),
      r.estimates.length === 0 ? 'no' : r.estimates.join(', '),
      fixed(r.wallSeconds, 1),
      fixed(r.cpuSeconds, 1),
      mb(r.peakRssBytes),
      r.peakRssBytes === null ? 'unknown' : r.peakRssBytes <= targetPeakBytes ? 'met' : 'MISSED',
    ]),
  )
}

/**
 * Least-squares line cost = fixed + perUnit * size through the measured rows: the fixed part is start-up (Node,
 * the TypeScript loader, compilation), the slope the cost that grows. Null with fewer than two distinct sizes.
 */
export function linearFit(points: readonly { readonly size: number; readonly cost: number | null }[]): { fixed: number; perUnit: number } | null {
  const usable = points.filter((p): p is { size: number; cost: number } => p.cost !== null && Number.isFinite(p.cost))
  const n = usable.length
  if (n < 2) return null
  const mx = usable.reduce((s, p) => s + p.size, 0) / n
  const my = usable.reduce((s, p) => s + p.cost, 0) / n
  let sxx = 0
  let sxy = 0
  for (const p of usable) {
    sxx += (p.size - mx) ** 2
    sxy += (p.size - mx) * (p.cost - my)
  }
  if (sxx === 0) return null
  const perUnit = sxy / sxx
  return { fixed: my - perUnit * mx, perUnit }
}

/**
 * How a cost grows between the smallest and the largest row: the exponent k in cost ∝ size^k (1 = linear).
 * Null with fewer than two usable rows.
 */
export function growthExponent(points: readonly { readonly size: number; readonly cost: number | null }[]): number | null {
  const usable = points.filter((p): p is { size: number; cost: number } => p.cost !== null && p.cost > 0 && p.size > 0)
  if (usable.length < 2) return null
  const lo = usable.reduce((a, b) => (b.size < a.size ? b : a))
  const hi = usable.reduce((a, b) => (b.size > a.size ? b : a))
  if (hi.size === lo.size) return null
  return Math.log(hi.cost / lo.cost) / Math.log(hi.size / lo.size)
}
