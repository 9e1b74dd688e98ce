/**
 * Traffic spikes and drops: the robust z-score (median/MAD) of packets and bytes per window against the
 * baseline's bands, or, without a baseline, against the input's own windows (a minority of odd windows cannot
 * move the median). A window is flagged when |z| passes `zThreshold` and the rate also changed by `ratio`;
 * consecutive flagged windows make one alert naming the busiest hosts of the spike. The first and last windows
 * are skipped: they are usually cut short by the start and end of the capture.
 *
 * A spike must also pass the reference's own tail. Window counts are heavy-tailed (one bulk transfer fills a
 * window), so the MAD, which ignores the busiest 50%, says nothing of how tall normal bursts get. The tail is
 * taken as exponential through the reference's median and 95th percentile, P(X > x) = 0.05 exp(-(x - p95) / b)
 * with b = (p95 - median) / ln 10, and the flagging level is where that probability falls to the per-window
 * share of the false-alarm budget: `alarmsPerHour` times the hours tested, divided by the windows tested
 * (Bonferroni), so the budget holds per hour however many windows an input has.
 */
import { MAD_TO_SIGMA, bandOf, type Band } from '../baseline/robust-stats.ts'
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
  alarmsPerHour: number
  drops: boolean
}

/** Share of windows above a band's 95th percentile. */
const P95_TAIL = 0.05

/**
 * The count a window must reach to be a spike by the band's tail: p95 + b ln(0.05 / pWindow), b the
 * exponential tail scale through the median and p95 (see the file comment). Never below p95.
 */
export function tailLevel(median: number, p95: number, pWindow: number): number {
  // From 0.5 above the median to 0.05 above p95: a factor of 10 over p95 - median.
  const scale = Math.max(0, p95 - median) / Math.LN10
  return p95 + scale * Math.max(0, Math.log(P95_TAIL / pWindow))
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
    alarmsPerHour: { default: 0.1, min: 1e-6, max: 100, step: 0.05, label: 'False alarms per hour', help: 'Spikes ordinary traffic may raise per hour: sets how far beyond the normal bursts (the reference\'s tail) a window must go, shared over all the windows tested.' },
    drops: { default: true, label: 'Report drops', help: 'Also report windows far below normal (an outage, a dead link, a stopped service).' },
  },
  run(ctx, p) {
    const r = windowRates(ctx)
    if (r === null) return []
    const ws = r.seconds
    const b = ctx.baseline?.baseline.global ?? null
    let refP: Band
    let refB: Band
    if (b !== null && b.packets.windows > 0) {
      // Baseline bands are per second; the series here counts per window.
      refP = perWindow(b.packets, ws)
      refB = perWindow(b.bytes, ws)
    } else {
      if (r.packets.length < p.minWindows) return []
      const inner = (a: Float64Array): Float64Array => a.subarray(1, Math.max(1, a.length - 1))
      refP = bandOf(inner(r.packets))
      refB = bandOf(inner(r.bytes))
    }
    const centerP = refP.median
    const centerB = refB.median
    if (centerP < p.minMedian) return []
    // Counts are at least as noisy as Poisson: the spread never goes below sqrt(median).
    const sigmaP = Math.max(MAD_TO_SIGMA * refP.mad, Math.sqrt(Math.max(1, centerP)))
    const sigmaB = Math.max(MAD_TO_SIGMA * refB.mad, Math.sqrt(Math.max(1, centerB)) * 100)
    let tested = 0
    for (let w = 1; w < r.packets.length - 1; w++) if ((r.first + w) * ws >= ctx.compareFrom) tested++
    const pWindow = Math.min(P95_TAIL, (p.alarmsPerHour * ((tested * ws) / 3600)) / Math.max(1, tested))
    const tailP = tailLevel(centerP, refP.p95, pWindow)
    const tailB = tailLevel(centerB, refB.p95, pWindow)
    const flags = new Int8Array(r.packets.length)
    for (let w = 1; w < r.packets.length - 1; w++) {
      const t = (r.first + w) * ws
      if (t < ctx.compareFrom) continue
      const zp = (r.packets[w] - centerP) / sigmaP
      const zb = (r.bytes[w] - centerB) / sigmaB
      const up = (zp >= p.zThreshold && r.packets[w] >= p.ratio * centerP && r.packets[w] > tailP) || (zb >= p.zThreshold && r.bytes[w] >= p.ratio * centerB && r.bytes[w] > tailB)
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

function perWindow(band: Band, ws: number): Band {
  return { ...band, median: band.median * ws, mad: band.mad * ws, p95: band.p95 * ws, max: band.max * ws, ewma: band.ewma * ws, ewmStd: band.ewmStd * ws }
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
