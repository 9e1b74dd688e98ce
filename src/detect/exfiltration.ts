/**
 * Exfiltration: an internal host sending much more to an external destination than it receives, in volume.
 * Self-contained: per (internal host, external destination) the bytes sent, when they pass `minBytes` and are
 * `ratio` times the bytes received (an upload, not a download). With a baseline: the host's outbound bytes per
 * window after the period against its baseline band (robust z-score and a factor over its usual peak), so a
 * host that never uploads much stands out at smaller volumes.
 */
import { FlowKind } from '../flows/flow-key.ts'
import { MAD_TO_SIGMA } from '../baseline/robust-stats.ts'
import { MITRE, severityFrom, type Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import type { Detector } from './detector.ts'

export type ExfilParams = {
  minBytes: number
  ratio: number
  zThreshold: number
  baselineFactor: number
  minWindowBytes: number
}

interface Edge {
  host: number
  peer: number
  out: number
  in: number
  flows: number[]
  first: number
  last: number
}

export const exfiltration: Detector<ExfilParams> = {
  id: 'exfiltration',
  name: 'Exfiltration',
  method: 'Outbound volume and out/in byte ratio per internal host and external destination, and outbound bytes per window against the host\'s baseline band',
  categories: ['exfiltration'],
  modes: 'both',
  optIn: false,
  params: {
    minBytes: { default: 50e6, min: 1e3, max: 1e13, unit: 'bytes', label: 'Volume', help: 'Bytes sent to one external destination (self-contained check).' },
    ratio: { default: 10, min: 1, max: 1e6, label: 'Out/in ratio', help: 'Bytes sent per byte received from it: an upload, not a download.' },
    zThreshold: { default: 8, min: 1, max: 1000, label: 'Robust z', help: 'With a baseline: robust z-score of the host\'s outbound bytes per window.' },
    baselineFactor: { default: 5, min: 1, max: 1e6, label: 'Over usual peak', help: 'With a baseline: the window must also exceed the host\'s usual 95th percentile this many times.' },
    minWindowBytes: { default: 5e6, min: 1e3, max: 1e13, unit: 'bytes', label: 'Window volume', help: 'With a baseline: bytes per window below this are never exfiltration.' },
  },
  run(ctx, p) {
    const c = ctx.c
    const edgesByHost = new Map<number, Map<number, Edge>>()
    const perHost = new Map<number, Map<number, number>>()
    const ws = ctx.baseline?.baseline.windowSeconds ?? 60
    // Bytes each internal host sent outside: hosts that never reach the smaller volume threshold are skipped.
    const sent = new Float64Array(ctx.source.addresses.size + 1)
    for (let id = 0; id < ctx.count; id++) {
      if (c.kind[id] !== FlowKind.IP || c.first[id] < ctx.compareFrom) continue
      const aIn = ctx.classes.isInternal(c.origAddr[id])
      if (aIn !== ctx.classes.isInternal(c.respAddr[id])) sent[aIn ? c.origAddr[id] : c.respAddr[id]] += aIn ? c.origBytes[id] : c.respBytes[id]
    }
    const floor = ctx.baseline === null ? p.minBytes : Math.min(p.minBytes, p.minWindowBytes)
    for (let id = 0; id < ctx.count; id++) {
      if (c.kind[id] !== FlowKind.IP || c.first[id] < ctx.compareFrom) continue
      if (sent[c.origAddr[id]] < floor && sent[c.respAddr[id]] < floor) continue
      const a = c.origAddr[id]
      const b = c.respAddr[id]
      const aIn = ctx.classes.isInternal(a)
      const bIn = ctx.classes.isInternal(b)
      if (aIn === bIn || !ctx.classes.isHost(a) || !ctx.classes.isHost(b)) continue
      const host = aIn ? a : b
      const peer = aIn ? b : a
      const out = aIn ? c.origBytes[id] : c.respBytes[id]
      const inb = aIn ? c.respBytes[id] : c.origBytes[id]
      let byPeer = edgesByHost.get(host)
      if (byPeer === undefined) {
        byPeer = new Map()
        edgesByHost.set(host, byPeer)
      }
      let e = byPeer.get(peer)
      if (e === undefined) {
        e = { host, peer, out: 0, in: 0, flows: [], first: c.first[id], last: c.last[id] }
        byPeer.set(peer, e)
      }
      e.out += out
      e.in += inb
      if (e.flows.length < 200) e.flows.push(id)
      e.last = Math.max(e.last, c.last[id])
      if (ctx.baseline !== null) {
        let m = perHost.get(host)
        if (m === undefined) {
          m = new Map()
          perHost.set(host, m)
        }
        const w = Math.floor(c.first[id] / ws)
        m.set(w, (m.get(w) ?? 0) + out)
      }
    }
    const out: Alert[] = []
    const flagged = new Set<number>()
    for (const e of [...edgesByHost.values()].flatMap((m) => [...m.values()])) {
      if (e.out < p.minBytes || e.out < p.ratio * e.in) continue
      flagged.add(e.host)
      out.push(alertFor(ctx, e.host, [e.peer], e.flows, e.first, e.last, e.out, e.in, null, p))
    }
    for (const [host, windows] of perHost) {
      if (flagged.has(host)) continue
      const known = ctx.baseline?.hosts.get(ctx.addr(host)) ?? null
      if (known === null) continue
      const center = known.bytesOut.median * ws
      const sigma = Math.max(MAD_TO_SIGMA * known.bytesOut.mad * ws, 1)
      let worst: [number, number] | null = null
      for (const [w, bytes] of windows) {
        const z = (bytes - center) / sigma
        if (bytes >= p.minWindowBytes && z >= p.zThreshold && bytes >= p.baselineFactor * known.bytesOut.p95 * ws && (worst === null || bytes > worst[1])) worst = [w, bytes]
      }
      if (worst === null) continue
      const peers = [...(edgesByHost.get(host)?.values() ?? [])].sort((a, b) => b.out - a.out)
      const t0 = worst[0] * ws
      out.push(alertFor(ctx, host, peers.slice(0, 10).map((e) => e.peer), peers.flatMap((e) => e.flows).slice(0, 200), t0, t0 + ws, worst[1], peers.reduce((s, e) => s + e.in, 0), center, p))
    }
    return out
  },
}

function mb(x: number): string {
  return `${(x / 1e6).toFixed(1)} MB`
}

function alertFor(ctx: DetectContext, host: number, peers: number[], flows: number[], start: number, end: number, outBytes: number, inBytes: number, baselineWindow: number | null, p: ExfilParams): Alert {
  const ratio = outBytes / Math.max(1, inBytes)
  const strength = Math.min(1, Math.log10(outBytes / (baselineWindow === null ? p.minBytes : p.minWindowBytes) + 1))
  return ctx.alert({
    detector: 'exfiltration', category: 'exfiltration', severity: severityFrom(0.35 + 0.5 * strength), confidence: baselineWindow === null ? 0.5 + 0.2 * Math.min(1, Math.log10(ratio) / 3) : 0.7,
    start, end, src: [host], dst: peers,
    metric: baselineWindow === null ? 'bytes sent to one external destination' : 'outbound bytes per window',
    unit: 'bytes', observed: outBytes, baseline: baselineWindow ?? p.minBytes, baselineSource: baselineWindow === null ? 'default' : 'baseline',
    evidence: flows,
    explanation: baselineWindow === null
      ? `${ctx.addr(host)} sent ${mb(outBytes)} to ${ctx.addr(peers[0])} and received ${mb(inBytes)} (${ratio.toFixed(0)}x more out than in): a large upload to an outside address.`
      : `${ctx.addr(host)} sent ${mb(outBytes)} outside the network in one window, against a usual ${mb(baselineWindow)}; top destinations ${peers.slice(0, 3).map((h) => ctx.addr(h)).join(', ')}.`,
    mitre: MITRE.exfilAlternative,
  })
}
