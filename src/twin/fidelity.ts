/**
 * How close a twin is to its source, measured on what the real pipeline makes of both (flow tables built from
 * packets the same way):
 * - Jensen-Shannon divergence (log base 2, so 0..1; Lin 1991, https://doi.org/10.1109/18.61115) of the protocol
 *   mix (packets per tcp / udp / icmp / other-ip / non-ip) and of the port mix (packets per service key: the
 *   source's top PORT_KEYS services, the rest pooled as "other").
 * - Normalised earth mover's distance: the Wasserstein-1 distance between the two empirical distributions of
 *   log10(1 + x), divided by the range of those log values over both samples (so 0..1), for flow size (bytes on
 *   the wire, both directions), flow duration (milliseconds) and flow inter-arrival (milliseconds between
 *   consecutive flow starts).
 */
import { jensenShannon } from '../baseline/robust-stats.ts'
import type { FlowSource } from '../baseline/flow-source.ts'
import { protocolBucket, serviceKeyOf, serviceName } from '../baseline/service-keys.ts'
import { FlowFlag } from '../flows/flow-columns.ts'

/** Services named individually in the port mix; the rest are "other". */
export const PORT_KEYS = 20

/** The targets. */
export const FIDELITY_TARGETS = Object.freeze({ jsd: 0.05, emd: 0.1 })

export interface FidelityReport {
  readonly protocolJsd: number
  readonly portJsd: number
  readonly sizeEmd: number
  readonly durationEmd: number
  readonly interArrivalEmd: number
  readonly source: { readonly flows: number; readonly packets: number }
  readonly twin: { readonly flows: number; readonly packets: number }
  /** True when every measure meets FIDELITY_TARGETS. */
  readonly pass: boolean
}

/** Wasserstein-1 distance between two samples (any order), on the values as given. */
export function wasserstein1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 || b.length === 0) return 0
  const x = Float64Array.from(a as ArrayLike<number>).sort()
  const y = Float64Array.from(b as ArrayLike<number>).sort()
  // Sweep the merged support: between consecutive points the two CDFs are constant.
  let i = 0
  let j = 0
  let prev = Math.min(x[0], y[0])
  let w = 0
  while (i < x.length || j < y.length) {
    const next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j]
    w += Math.abs(i / x.length - j / y.length) * (next - prev)
    prev = next
    while (i < x.length && x[i] === next) i++
    while (j < y.length && y[j] === next) j++
  }
  return w
}

/** Wasserstein-1 of log10(1 + x) values divided by their pooled range (0 when all values are equal). */
export function normalisedEmd(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length === 0 && b.length === 0) return 0
  if (a.length === 0 || b.length === 0) return 1
  const la = Float64Array.from(a as ArrayLike<number>, (v) => Math.log10(1 + Math.max(0, v)))
  const lb = Float64Array.from(b as ArrayLike<number>, (v) => Math.log10(1 + Math.max(0, v)))
  let lo = Infinity
  let hi = -Infinity
  for (const v of la) (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
  for (const v of lb) (lo = Math.min(lo, v)), (hi = Math.max(hi, v))
  const range = hi - lo
  return range > 0 ? wasserstein1(la, lb) / range : 0
}

/** Per-flow measures of one flow source. */
export interface FlowMeasures {
  readonly protocols: Map<string, number>
  /** Packets per service key (text). */
  readonly services: Map<string, number>
  readonly sizes: Float64Array
  readonly durationsMs: Float64Array
  readonly gapsMs: Float64Array
  readonly flows: number
  readonly packets: number
}

export function flowMeasures(src: FlowSource): FlowMeasures {
  const c = src.columns
  const protocols = new Map<string, number>()
  const byKey = new Map<number, number>()
  const sizes: number[] = []
  const durations: number[] = []
  const starts: number[] = []
  let packets = 0
  for (let i = 0; i < src.count; i++) {
    if ((c.flags[i] & FlowFlag.Tunnel) !== 0) continue
    const p = c.origPkts[i] + c.respPkts[i]
    packets += p
    const bucket = protocolBucket(c, i)
    protocols.set(bucket, (protocols.get(bucket) ?? 0) + p)
    const key = serviceKeyOf(c, i)
    byKey.set(key, (byKey.get(key) ?? 0) + p)
    sizes.push(c.origBytes[i] + c.respBytes[i])
    durations.push(Math.max(0, c.last[i] - c.first[i]) * 1000)
    starts.push(c.first[i])
  }
  starts.sort((x, y) => x - y)
  const gaps = new Float64Array(Math.max(0, starts.length - 1))
  for (let i = 1; i < starts.length; i++) gaps[i - 1] = (starts[i] - starts[i - 1]) * 1000
  const services = new Map<string, number>()
  for (const [k, n] of byKey) services.set(serviceName(k), n)
  return { protocols, services, sizes: Float64Array.from(sizes), durationsMs: Float64Array.from(durations), gapsMs: gaps, flows: sizes.length, packets }
}

/** The port mix with the source's top PORT_KEYS services named and everything else as "other". */
function portMix(services: Map<string, number>, named: ReadonlySet<string>): Map<string, number> {
  const out = new Map<string, number>()
  for (const [k, n] of services) {
    const key = named.has(k) ? k : 'other'
    out.set(key, (out.get(key) ?? 0) + n)
  }
  return out
}

/** Compares a twin's flows with its source's. */
export function compareFidelity(source: FlowMeasures, twin: FlowMeasures): FidelityReport {
  const named = new Set([...source.services].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, PORT_KEYS).map(([k]) => k))
  const protocolJsd = jensenShannon(source.protocols, twin.protocols)
  const portJsd = jensenShannon(portMix(source.services, named), portMix(twin.services, named))
  const sizeEmd = normalisedEmd(source.sizes, twin.sizes)
  const durationEmd = normalisedEmd(source.durationsMs, twin.durationsMs)
  const interArrivalEmd = normalisedEmd(source.gapsMs, twin.gapsMs)
  const pass =
    protocolJsd <= FIDELITY_TARGETS.jsd &&
    portJsd <= FIDELITY_TARGETS.jsd &&
    sizeEmd <= FIDELITY_TARGETS.emd &&
    durationEmd <= FIDELITY_TARGETS.emd &&
    interArrivalEmd <= FIDELITY_TARGETS.emd
  return {
    protocolJsd,
    portJsd,
    sizeEmd,
    durationEmd,
    interArrivalEmd,
    source: { flows: source.flows, packets: source.packets },
    twin: { flows: twin.flows, packets: twin.packets },
    pass,
  }
}
