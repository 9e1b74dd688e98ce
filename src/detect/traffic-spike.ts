/**
 * Traffic spikes and drops: the robust z-score (median/MAD) of packets and bytes per window against the
 * baseline's bands, or, without a baseline, against the input's own windows (a minority of odd windows cannot
 * move the median). A window is flagged when |z| passes `zThreshold` and the rate also changed by `ratio`;
 * consecutive flagged windows make one alert naming the busiest hosts of the spike. The first and last windows
 * are skipped: they are usually cut short by the start and end of the capture.
 */
import { MAD_TO_SIGMA, median, mad } from '../baseline/robust-stats.ts'
import { severityFrom, type Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import type { Detector } from './detector.ts'
import { flowsIn, topSenders, windowRates } from './window-rates.ts'

export type TrafficSpikeParams = {
  zThreshold: number
  ratio: number
  minPackets: number
  minWindows: number
  minMedian: number
  drops: boolean
}

export const trafficSpike: Detector<TrafficSpikeParams> = {
  id: 'traffic-spike',
  name: 'Traffic spike and drop',
  method: 'Robust z-score (median and MAD) of packet and byte rates per window, against the baseline band or the input itself',
  categories: ['traffic-spike'],
  modes: 'both',
  optIn: false,
  params: {
    zThreshold: { default: 6, min: 1, max: 100, step: 0.5, label: 'Robust z', help: 'Robust standard deviations from the median that flag a window.' },
    ratio: { default: 3, min: 1, max: 1000, step: 0.5, label: 'Change factor', help: 'The rate must also be this many times above (or below) the median.' },
    minPackets: { default: 200, min: 1, max: 1e9, integer: true, label: 'Minimum packets', help: 'Quieter windows are never spikes, and drops need a median this busy.' },
    minMedian: { default: 10, min: 0, max: 1e9, label: 'Normal traffic', help: 'Packets per window the median must reach: against near-silence every burst would be a spike.' },
    minWindows: { default: 20, min: 3, max: 1e6, integer: true, label: 'Windows needed', help: 'Without a baseline, the input needs this many windows for its own median to mean anything.' },
    drops: { default: true, label: 'Report drops', help: 'Also report windows far below normal (an outage, a dead link, a stopped service).' },
  },
  run(ctx, p) {
    const r = windowRates(ctx)
    if (r === null) return []
    const ws = r.seconds
    const b = ctx.baseline?.baseline.global ?? null
    let centerP: number
    let madP: number
    let centerB: number
    let madB: number
    if (b !== null && b.packets.windows > 0) {
      // Baseline bands are per second; the series here counts per window.
      centerP = b.packets.median * ws
      madP = b.packets.mad * ws
      centerB = b.bytes.median * ws
      madB = b.bytes.mad * ws
    } else {
      if (r.packets.length < p.minWindows) return []
      const inner = (a: Float64Array): Float64Array => a.subarray(1, Math.max(1, a.length - 1))
      centerP = median(inner(r.packets))
      madP = mad(inner(r.packets), centerP)
      centerB = median(inner(r.bytes))
      madB = mad(inner(r.bytes), centerB)
    }
    if (centerP < p.minMedian) return []
    // Counts are at least as noisy as Poisson: the spread never goes below sqrt(median).
    const sigmaP = Math.max(MAD_TO_SIGMA * madP, Math.sqrt(Math.max(1, centerP)))
    const sigmaB = Math.max(MAD_TO_SIGMA * madB, Math.sqrt(Math.max(1, centerB)) * 100)
    const flags = new Int8Array(r.packets.length)
    for (let w = 1; w < r.packets.length - 1; w++) {
      const t = (r.first + w) * ws
      if (t < ctx.compareFrom) continue
      const zp = (r.packets[w] - centerP) / sigmaP
      const zb = (r.bytes[w] - centerB) / sigmaB
      const up = (zp >= p.zThreshold && r.packets[w] >= p.ratio * centerP) || (zb >= p.zThreshold && r.bytes[w] >= p.ratio * centerB)
      if (up && r.packets[w] >= p.minPackets) flags[w] = 1
      else if (p.drops && centerP >= p.minPackets && zp <= -p.zThreshold && r.packets[w] * p.ratio <= centerP) flags[w] = -1
    }
    const out: Alert[] = []
    for (let w = 1; w < flags.length; w++) {
      if (flags[w] === 0 || flags[w - 1] === flags[w]) continue
      let end = w
      while (end + 1 < flags.length && flags[end + 1] === flags[w]) end++
      out.push(spikeAlert(ctx, r.first, ws, w, end, flags[w] === 1, r.packets, centerP, sigmaP, b !== null))
    }
    return out
  },
}

function spikeAlert(ctx: DetectContext, first: number, ws: number, w0: number, w1: number, up: boolean, packets: Float64Array, center: number, sigma: number, fromBaseline: boolean): Alert {
  let peak = w0
  for (let w = w0; w <= w1; w++) if (up ? packets[w] > packets[peak] : packets[w] < packets[peak]) peak = w
  const t0 = (first + w0) * ws
  const t1 = (first + w1 + 1) * ws
  const flows = up ? flowsIn(ctx, t0, t1, 100) : []
  const hosts = up ? topSenders(ctx, flows) : []
  const z = (packets[peak] - center) / sigma
  const rate = packets[peak] / ws
  const factor = center > 0 ? packets[peak] / center : Infinity
  const where = fromBaseline ? 'the baseline' : 'this input'
  return ctx.alert({
    detector: 'traffic-spike',
    category: 'traffic-spike',
    severity: up ? severityFrom(0.2 + 0.15 * Math.min(4, Math.log2(Math.max(1, factor)))) : 'medium',
    confidence: Math.min(0.95, 0.5 + Math.min(0.45, Math.abs(z) / 40)),
    start: t0,
    end: t1,
    src: hosts,
    dst: [],
    metric: 'packets per second',
    unit: 'packets/s',
    observed: rate,
    baseline: center / ws,
    baselineSource: fromBaseline ? 'baseline' : 'self',
    evidence: flows,
    explanation: up
      ? `Traffic rose to ${rate.toFixed(1)} packets/s (${Number.isFinite(factor) ? `${factor.toFixed(1)}x` : 'from nothing against'} the median of ${(center / ws).toFixed(1)}/s in ${where}; robust z ${z.toFixed(1)}) for ${w1 - w0 + 1} window(s) of ${ws} s${hosts.length > 0 ? `; busiest hosts ${hosts.slice(0, 3).map((h) => ctx.addr(h)).join(', ')}` : ''}.`
      : `Traffic fell to ${rate.toFixed(1)} packets/s against a median of ${(center / ws).toFixed(1)}/s in ${where} (robust z ${z.toFixed(1)}) for ${w1 - w0 + 1} window(s) of ${ws} s: an outage, a stopped service or a capture gap.`,
    mitre: null,
    key: up ? 'up' : 'down',
  })
}
