/**
 * An approximate TwinModel from a baseline alone (src/baseline/types.ts), for `simulate --baseline`. A baseline
 * keeps summaries, not samples, so the twin is rebuilt from them: flow shapes drawn from each service's byte
 * and duration quantiles (p50/p90/p99), pairs from the baseline's edges matched to the services their server
 * answered, Poisson flow arrivals at the period's mean rate shaped by its hour-of-day mix, SNI names. Fidelity
 * is lower than a twin learned from the capture itself (no joint shapes, no DNS names).
 */
import type { Baseline } from '../../baseline/types.ts'
import type { Quantiles } from '../../baseline/robust-stats.ts'
import { cellMeans } from './quantile-grid.ts'
import { Rng } from './rng.ts'
import { TWIN_LIMITS, TWIN_MODEL_KIND, TWIN_MODEL_VERSION, type FlowShape, type HostRole, type TwinApp, type TwinModel, type TwinService } from './types.ts'

const SHAPES = 128
const GAP_CELLS = 256
const PROTOS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, arp: 0 }
/** Typical payload bytes per packet when only byte totals are known (mixes full segments and ACKs). */
const BYTES_PER_PACKET = 600

/** A value at probability u from p50/p90/p99, log-linear between them and to p99 * 2 at the top. */
function fromQuantiles(q: Quantiles, u: number): number {
  const pts: [number, number][] = [
    [0, q.p50 / 8],
    [0.5, q.p50],
    [0.9, q.p90],
    [0.99, q.p99],
    [1, q.p99 * 2],
  ]
  for (let i = 1; i < pts.length; i++) {
    if (u <= pts[i][0]) {
      const [u0, v0] = pts[i - 1]
      const [u1, v1] = pts[i]
      const a = Math.log1p(Math.max(0, v0))
      const b = Math.log1p(Math.max(0, v1))
      return Math.expm1(a + ((b - a) * (u - u0)) / (u1 - u0))
    }
  }
  return q.p99
}

function appOf(proto: number, port: number, key: string): TwinApp {
  if (key === 'arp') return 'arp'
  if (proto === 1 || proto === 58) return 'echo'
  if (proto === 17 && (port === 53 || port === 5353 || port === 5355)) return 'dns'
  if (proto === 6 && port === 443) return 'tls'
  if (proto === 6 && port === 80) return 'http'
  return 'raw'
}

export function learnTwinFromBaseline(b: Baseline): TwinModel {
  const rng = new Rng(0xba5e)
  const hosts = b.hosts.slice(0, TWIN_LIMITS.hosts)
  const index = new Map(hosts.map((h, i) => [h.addr, i]))
  const serves = new Map(hosts.map((h) => [h.addr, new Set(h.served)]))
  const edgesBy = new Map<string, [number, number, number][]>()
  for (const e of b.edges) {
    const [c, s] = e.split('>')
    const ci = index.get(c)
    const si = index.get(s)
    if (ci === undefined || si === undefined) continue
    for (const key of serves.get(s) ?? []) {
      const list = edgesBy.get(key) ?? []
      if (list.length < TWIN_LIMITS.edgesPerService) list.push([ci, si, 1])
      edgesBy.set(key, list)
    }
  }
  const services: TwinService[] = []
  for (const s of b.services.slice(0, TWIN_LIMITS.services)) {
    const [name, portText] = s.key.split('/')
    const proto = PROTOS[name]
    if (proto === undefined) continue
    const port = Number(portText ?? 0) || 0
    if ((proto === 1 && port !== 8) || (proto === 58 && port !== 128)) continue
    const edges = edgesBy.get(s.key) ?? []
    if (edges.length === 0 || s.flows <= 0) continue
    const shapes: FlowShape[] = []
    for (let i = 0; i < SHAPES; i++) {
      const u = (i + rng.next()) / SHAPES
      const bytes = s.bytes ? fromQuantiles(s.bytes, u) : 500
      const duration = s.durations ? fromQuantiles(s.durations, (u + rng.next()) % 1) : 0.1
      const packets = Math.max(proto === 6 ? 6 : 2, Math.round(bytes / BYTES_PER_PACKET))
      const orig = Math.max(1, Math.round(packets * 0.45))
      shapes.push([orig, packets - orig, Math.round(bytes * 0.3), Math.round(bytes * 0.7), duration, 0])
    }
    services.push({
      key: s.key,
      proto,
      port,
      tailPorts: [],
      app: appOf(proto, port, s.key),
      flows: s.flows,
      hours: null,
      edges,
      shapes,
      rtt: s.rtt ? [s.rtt.p50 / 4, s.rtt.p50, s.rtt.p90, s.rtt.p99] : null,
    })
  }
  const span = Math.max(1e-3, b.source.end - b.source.start)
  const rate = b.global.totalFlows / span
  // Poisson arrivals: exponential gaps, kept as the means of equal-count cells of the quantile function.
  const expo = Array.from({ length: GAP_CELLS * 4 }, (_, i) => -Math.log(1 - (i + 0.5) / (GAP_CELLS * 4)) / Math.max(rate, 1e-9))
  const hour = b.global.hourOfDay
  const mean = hour ? hour.reduce((x, y) => x + y, 0) / 24 : 0
  const roles = (h: (typeof hosts)[number]): HostRole => (h.served.length > 0 && h.used.length > 0 ? 'both' : h.served.length > 0 ? 'server' : 'client')
  return {
    kind: TWIN_MODEL_KIND,
    version: TWIN_MODEL_VERSION,
    source: { kind: 'baseline', fileName: b.source.fileName, start: b.source.start, end: b.source.end, flows: b.global.totalFlows, packets: b.global.totalPackets, skippedFlows: 0 },
    hosts: hosts.map((h) => ({ addr: h.addr, internal: h.internal, role: roles(h), mac: null })),
    gatewayMac: null,
    services,
    arrivals: {
      flowsPerSecond: rate,
      gaps: cellMeans(expo, GAP_CELLS),
      firstStart: b.source.start,
      activeSeconds: span,
      hourProfile: hour && mean > 0 ? hour.map((x) => Math.max(0.02, x / mean)) : null,
    },
    dns: [],
    sni: b.global.tls.sni.slice(0, TWIN_LIMITS.names).map((name) => ({ name, weight: 1 })).filter((n) => /^[A-Za-z0-9_.-]{1,253}$/.test(n.name)),
    tls: [],
    httpHosts: [],
    rtt: b.global.rtt ? [b.global.rtt.p50 / 4, b.global.rtt.p50, b.global.rtt.p90, b.global.rtt.p99] : null,
    jitter: b.global.jitter ? [0, b.global.jitter.p50, b.global.jitter.p90, b.global.jitter.p99] : null,
  }
}
