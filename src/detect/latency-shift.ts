/**
 * Latency, jitter and retransmission shifts per window of TCP flows (by start time). Latency and jitter: the
 * window's median handshake RTT and median flow jitter against the baseline medians (a factor and an absolute
 * difference must both be passed; baseline only). Retransmission storm: retransmitted / all packets of the
 * window's TCP flows, against an absolute ceiling (self-contained) or a multiple of the baseline ratio. Each
 * alert names the servers with the most retransmissions or the slowest handshakes in the window.
 */
import { FlowKind, IPPROTO_TCP } from '../flows/flow-key.ts'
import { median } from '../baseline/robust-stats.ts'
import type { Alert, AlertCategory } from './alert.ts'
import type { DetectContext } from './context.ts'
import type { Detector } from './detector.ts'

export type LatencyParams = {
  windowSeconds: number
  factor: number
  minRttShift: number
  minJitterShift: number
  minSamples: number
  retransRatio: number
  retransFactor: number
  minPackets: number
}

interface Win {
  rtt: number[]
  jitter: number[]
  retrans: number
  packets: number
  readonly flows: number[]
}

export const latencyShift: Detector<LatencyParams> = {
  id: 'latency-shift',
  name: 'Latency, jitter and retransmission shifts',
  method: 'Per-window median handshake RTT and jitter against the baseline medians, and the TCP retransmission ratio against a ceiling or the baseline ratio',
  categories: ['latency-shift', 'retransmission-storm'],
  modes: 'both',
  optIn: false,
  params: {
    windowSeconds: { default: 60, min: 1, max: 86400, unit: 's', label: 'Window', help: 'Windows of flows (by start time) compared with the baseline.' },
    factor: { default: 3, min: 1, max: 1000, step: 0.5, label: 'Factor', help: 'Median RTT or jitter this many times the baseline median.' },
    minRttShift: { default: 0.02, min: 0, max: 60, unit: 's', label: 'RTT shift', help: 'And at least this much slower in absolute terms.' },
    minJitterShift: { default: 0.01, min: 0, max: 60, unit: 's', label: 'Jitter shift', help: 'And at least this much more jitter.' },
    minSamples: { default: 10, min: 1, max: 1e6, integer: true, label: 'Samples', help: 'Flows with an RTT (or jitter) in a window needed to judge it.' },
    retransRatio: { default: 0.1, min: 0.001, max: 1, step: 0.01, label: 'Retransmission ceiling', help: 'Retransmitted share of TCP packets that is a storm without a baseline.' },
    retransFactor: { default: 5, min: 1, max: 1000, label: 'Retransmission factor', help: 'With a baseline: this many times its ratio (and at least 3%).' },
    minPackets: { default: 500, min: 1, max: 1e9, integer: true, label: 'Minimum packets', help: 'TCP packets a window needs before its ratio means anything.' },
  },
  run(ctx, p) {
    const c = ctx.c
    const wins = new Map<number, Win>()
    // Flows come in start order, so most fall in the window of the flow before: it is kept at hand.
    let lastW = NaN
    let last: Win | undefined
    for (let id = 0; id < ctx.count; id++) {
      if (c.kind[id] !== FlowKind.IP || c.proto[id] !== IPPROTO_TCP || c.first[id] < ctx.compareFrom) continue
      const w = Math.floor(c.first[id] / p.windowSeconds)
      let e = w === lastW ? last : wins.get(w)
      if (e === undefined) {
        e = { rtt: [], jitter: [], retrans: 0, packets: 0, flows: [] }
        wins.set(w, e)
      }
      lastW = w
      last = e
      if (Number.isFinite(c.handshakeRtt[id])) e.rtt.push(c.handshakeRtt[id])
      if (Number.isFinite(c.jitter[id])) e.jitter.push(c.jitter[id])
      e.retrans += c.retransOrig[id] + c.retransResp[id]
      e.packets += c.origPkts[id] + c.respPkts[id]
      e.flows.push(id)
    }
    const g = ctx.baseline?.baseline.global ?? null
    const out: Alert[] = []
    for (const [w, e] of [...wins].sort((a, b) => a[0] - b[0])) {
      const t0 = w * p.windowSeconds
      if (g !== null && g.rtt !== null && e.rtt.length >= p.minSamples && mayReach(e.rtt, p.factor * g.rtt.p50)) {
        const m = median(e.rtt)
        if (m >= p.factor * g.rtt.p50 && m - g.rtt.p50 >= p.minRttShift) out.push(shift(ctx, 'latency-shift', 'median handshake RTT', m, g.rtt.p50, t0, p, e, 'rtt'))
      }
      if (g !== null && g.jitter !== null && e.jitter.length >= p.minSamples && mayReach(e.jitter, p.factor * g.jitter.p50)) {
        const m = median(e.jitter)
        if (m >= p.factor * g.jitter.p50 && m - g.jitter.p50 >= p.minJitterShift) out.push(shift(ctx, 'latency-shift', 'median jitter', m, g.jitter.p50, t0, p, e, 'jitter'))
      }
      if (e.packets >= p.minPackets) {
        const ratio = e.retrans / e.packets
        const limit = g !== null ? Math.max(0.03, p.retransFactor * g.retransmissionRatio) : p.retransRatio
        if (ratio >= limit) out.push(shift(ctx, 'retransmission-storm', 'retransmitted share of TCP packets', ratio, g !== null ? g.retransmissionRatio : p.retransRatio, t0, p, e, 'retrans'))
      }
    }
    return out
  },
}

/**
 * False when the median of `values` cannot reach `level` because even their largest is clearly below it: the
 * window is then judged without sorting its samples (most windows of ordinary traffic). The margin keeps
 * the median's interpolation rounding on the safe side.
 */
function mayReach(values: readonly number[], level: number): boolean {
  let max = -Infinity
  for (const v of values) if (v > max) max = v
  return !(max < level - Math.abs(level) * 1e-9)
}

function shift(ctx: DetectContext, category: AlertCategory, metric: string, observed: number, reference: number, t0: number, p: LatencyParams, e: Win, what: 'rtt' | 'jitter' | 'retrans'): Alert {
  const c = ctx.c
  const score = (id: number): number => (what === 'retrans' ? c.retransOrig[id] + c.retransResp[id] : what === 'rtt' ? c.handshakeRtt[id] : c.jitter[id])
  const flows = e.flows.filter((id) => Number.isFinite(score(id)) && score(id) > 0).sort((a, b) => score(b) - score(a)).slice(0, 100)
  const servers = [...new Set(flows.map((id) => c.respAddr[id]))].slice(0, 10)
  const fromBaseline = ctx.baseline !== null
  const unit = what === 'retrans' ? 'ratio' : 's'
  const fmt = (x: number): string => (what === 'retrans' ? `${(100 * x).toFixed(1)}%` : `${(1000 * x).toFixed(1)} ms`)
  const factor = reference > 0 ? observed / reference : Infinity
  return ctx.alert({
    detector: 'latency-shift', category, severity: factor >= 10 ? 'medium' : 'low', confidence: Math.min(0.9, 0.5 + Math.min(0.4, Math.log10(Math.max(1, factor)) / 3)),
    start: t0, end: t0 + p.windowSeconds, src: [], dst: servers, metric, unit, observed, baseline: reference, baselineSource: fromBaseline ? 'baseline' : 'default',
    evidence: flows,
    explanation: `The ${metric} of TCP flows starting in this ${p.windowSeconds} s window was ${fmt(observed)} against ${fmt(reference)} ${fromBaseline ? 'in the baseline' : '(ceiling)'}${servers.length > 0 ? `; most affected servers ${servers.slice(0, 3).map((h) => ctx.addr(h)).join(', ')}` : ''}.`,
    mitre: null, key: what,
  })
}
