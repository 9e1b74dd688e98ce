/**
 * Global per-window packet and byte counts for the rate detectors: the packet-accurate window series when the
 * input was a capture, else the flows spread over the windows they span. Empty windows between the first and
 * the last are filled with zeros (the series lists only windows that saw packets).
 */
import { chooseWindowSeconds } from '../baseline/period.ts'
import { spreadOverBins } from '../baseline/service-keys.ts'
import type { DetectContext } from './context.ts'

export interface WindowRates {
  readonly seconds: number
  /** Index of the first window (window start = (first + i) * seconds). */
  readonly first: number
  readonly packets: Float64Array
  readonly bytes: Float64Array
}

const MAX_WINDOWS = 1_000_000

export function windowRates(ctx: DetectContext): WindowRates | null {
  return ctx.memo('window-rates', () => build(ctx))
}

function build(ctx: DetectContext): WindowRates | null {
  const s = ctx.source.series
  if (s !== null && s.start.length > 0) {
    const ws = s.bucketSeconds
    const first = Math.floor(s.start[0] / ws + 1e-9)
    const last = Math.floor(s.start[s.start.length - 1] / ws + 1e-9)
    const n = Math.min(MAX_WINDOWS, last - first + 1)
    const packets = new Float64Array(n)
    const bytes = new Float64Array(n)
    for (let r = 0; r < s.start.length; r++) {
      const w = Math.floor(s.start[r] / ws + 1e-9) - first
      if (w >= 0 && w < n) {
        packets[w] += s.packets[r]
        bytes[w] += s.bytes[r]
      }
    }
    return { seconds: ws, first, packets, bytes }
  }
  if (ctx.count === 0 || !(ctx.end >= ctx.start)) return null
  const ws = chooseWindowSeconds(ctx.end - ctx.start)
  const first = Math.floor(ctx.start / ws)
  const n = Math.min(MAX_WINDOWS, Math.floor(ctx.end / ws) - first + 1)
  const packets = new Float64Array(n)
  const bytes = new Float64Array(n)
  const c = ctx.c
  for (let id = 0; id < ctx.count; id++) {
    spreadOverBins(c.first[id], c.last[id], c.origPkts[id] + c.respPkts[id], ws, (b, v) => {
      if (b - first >= 0 && b - first < n) packets[b - first] += v
    })
    spreadOverBins(c.first[id], c.last[id], c.origBytes[id] + c.respBytes[id], ws, (b, v) => {
      if (b - first >= 0 && b - first < n) bytes[b - first] += v
    })
  }
  return { seconds: ws, first, packets, bytes }
}

/** Flows that started in [t0, t1), busiest (by bytes) first, at most `limit`. */
export function flowsIn(ctx: DetectContext, t0: number, t1: number, limit = 100): number[] {
  const c = ctx.c
  const out: number[] = []
  for (let id = 0; id < ctx.count; id++) if (c.first[id] >= t0 && c.first[id] < t1) out.push(id)
  out.sort((a, b) => c.origBytes[b] + c.respBytes[b] - (c.origBytes[a] + c.respBytes[a]))
  return out.slice(0, limit)
}

/** The hosts that sent the most bytes in the given flows, busiest first. */
export function topSenders(ctx: DetectContext, flows: readonly number[], limit = 5): number[] {
  const c = ctx.c
  const bytes = new Map<number, number>()
  for (const id of flows) {
    bytes.set(c.origAddr[id], (bytes.get(c.origAddr[id]) ?? 0) + c.origBytes[id])
    bytes.set(c.respAddr[id], (bytes.get(c.respAddr[id]) ?? 0) + c.respBytes[id])
  }
  return [...bytes].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([h]) => h)
}
