/**
 * The global part of a baseline: rate bands per window (packets, bytes and the application counters from the
 * packet-accurate window series when there is one, flows and failures from the flow table), protocol and port
 * mix, session durations, handshake RTT, jitter, retransmission ratio, DNS name shape, TLS fingerprints and the
 * hour-of-day profile.
 */
import { App } from '../model/packet-batch.ts'
import { FlowFlag } from '../flows/flow-columns.ts'
import { FlowKind, IPPROTO_TCP } from '../flows/flow-key.ts'
import type { AddressClasses } from './address-class.ts'
import { splitName, subdomainEntropy, isLocalOrReverse } from './dns-names.ts'
import type { FlowSource } from './flow-source.ts'
import { Outcome } from './flow-outcome.ts'
import type { ResolvedPeriod } from './period.ts'
import { bandOf, quantilesOf, type Band } from './robust-stats.ts'
import { protocolBucket, serviceKeyOf, serviceName, spreadOverBins } from './service-keys.ts'
import { BASELINE_LIMITS, type GlobalBaseline, type MixEntry } from './types.ts'

/** Windows [first, last] of the period at `ws` seconds. */
export function periodWindows(p: ResolvedPeriod, ws: number): { first: number; count: number } {
  const first = Math.floor(p.start / ws)
  const last = Math.max(first, Math.ceil(p.end / ws) - 1)
  return { first, count: Math.min(1_000_000, last - first + 1) }
}

/** Per-window values of one series column inside the period, empty windows as 0, as rates per second. */
function seriesRates(source: FlowSource, column: Float64Array, p: ResolvedPeriod, ws: number): Float64Array {
  const s = source.series
  const { first, count } = periodWindows(p, ws)
  const out = new Float64Array(count)
  if (s === null) return out
  for (let r = 0; r < s.start.length; r++) {
    const w = Math.floor(s.start[r] / ws + 1e-9) - first
    if (w >= 0 && w < count) out[w] += column[r] / ws
  }
  return out
}

function mixOf(counts: Map<string, number>, cap: number): MixEntry[] {
  let total = 0
  for (const v of counts.values()) total += v
  if (total === 0) return []
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  const kept = sorted.slice(0, cap - 1)
  const rest = sorted.slice(cap - 1).reduce((s, [, v]) => s + v, 0)
  const out = kept.map(([key, v]) => ({ key, share: v / total }))
  if (rest > 0) out.push({ key: 'other', share: rest / total })
  return out
}

function addCapped(set: Set<string>, value: string | null | undefined): void {
  if (value && set.size < BASELINE_LIMITS.fingerprints) set.add(value.slice(0, BASELINE_LIMITS.stringLength))
}

/** Hour of the day (UTC) of a time in seconds, as Date.getUTCHours gives it; -1 when Date would be invalid. */
function utcHour(t: number): number {
  const ms = Math.trunc(t * 1000)
  if (!(Math.abs(ms) <= 8.64e15)) return -1
  return ((Math.floor(ms / 3_600_000) % 24) + 24) % 24
}

/** Subdomain entropy of a query name, null for local and reverse names; cached per distinct name (they repeat). */
function nameEntropy(qname: string, cache: Map<string, number | null>): number | null {
  let e = cache.get(qname)
  if (e === undefined) {
    const split = splitName(qname)
    e = isLocalOrReverse(split.domain) ? null : subdomainEntropy(split.sub)
    if (cache.size < 100_000) cache.set(qname, e)
  }
  return e
}

export function learnGlobal(source: FlowSource, p: ResolvedPeriod, ws: number, outcomes: Uint8Array, classes: AddressClasses): GlobalBaseline {
  const c = source.columns
  const { first, count } = periodWindows(p, ws)
  const flowsPer = new Float64Array(count)
  const failedPer = new Float64Array(count)
  const pktsPer = new Float64Array(count)
  const bytesPer = new Float64Array(count)
  const dnsPer = new Float64Array(count)
  const tlsPer = new Float64Array(count)
  const synPer = new Float64Array(count)
  const protoMix = new Map<string, number>()
  const portMix = new Map<number, number>()
  const durations: number[] = []
  const rtts: number[] = []
  const jitters: number[] = []
  const nameLengths: number[] = []
  const nameEntropies: number[] = []
  const ja3 = new Set<string>()
  const ja4 = new Set<string>()
  const sni = new Set<string>()
  const hours = new Float64Array(24)
  let retrans = 0
  let tcpPackets = 0
  let flows = 0
  let packets = 0
  let bytes = 0
  let tlsHandshakes = 0
  const entropies = new Map<string, number | null>()
  const binAdd = (arr: Float64Array) => (b: number, v: number) => {
    const w = b - first
    if (w >= 0 && w < count) arr[w] += v / ws
  }
  const addPkts = binAdd(pktsPer)
  const addBytes = binAdd(bytesPer)
  for (let id = 0; id < source.count; id++) {
    const t = c.first[id]
    if (t < p.start || t >= p.end) continue
    flows++
    const w = Math.floor(t / ws) - first
    const pk = c.origPkts[id] + c.respPkts[id]
    const by = c.origBytes[id] + c.respBytes[id]
    packets += pk
    bytes += by
    if (w >= 0 && w < count) {
      flowsPer[w] += 1 / ws
      if (outcomes[id] === Outcome.Failure) failedPer[w] += 1 / ws
    }
    if (source.series === null) {
      spreadOverBins(t, c.last[id], pk, ws, addPkts)
      spreadOverBins(t, c.last[id], by, ws, addBytes)
    }
    // With a packet series the protocol mix comes from it (below): the flows' counts would be thrown away.
    if (source.series === null) {
      const bucket = protocolBucket(c, id)
      protoMix.set(bucket, (protoMix.get(bucket) ?? 0) + pk)
    }
    if (classes.isHost(c.respAddr[id])) {
      const key = serviceKeyOf(c, id)
      portMix.set(key, (portMix.get(key) ?? 0) + pk)
    }
    durations.push(c.last[id] - t)
    if (Number.isFinite(c.handshakeRtt[id])) rtts.push(c.handshakeRtt[id])
    if (Number.isFinite(c.jitter[id])) jitters.push(c.jitter[id])
    if (c.proto[id] === IPPROTO_TCP && c.kind[id] === FlowKind.IP) {
      retrans += c.retransOrig[id] + c.retransResp[id]
      tcpPackets += pk
      if ((c.flags[id] & FlowFlag.SynSeen) !== 0 && w >= 0 && w < count && source.series === null) synPer[w] += 1 / ws
    }
    const hour = utcHour(t)
    if (hour >= 0) hours[hour]++
    const app = c.app[id]
    if (app === App.None || source.facts === null) continue
    // The two facts read through narrow accessors: get() would build a facts object and unpack DNS facts.
    const qname = source.facts.dnsQuestionName(id)
    if (qname !== null) {
      if (w >= 0 && w < count && source.series === null) dnsPer[w] += 1 / ws
      const entropy = nameEntropy(qname, entropies)
      if (entropy !== null) {
        nameLengths.push(qname.length)
        nameEntropies.push(entropy)
      }
    }
    const hello = source.facts.clientHello(id)
    if (hello !== null) {
      tlsHandshakes++
      if (w >= 0 && w < count && source.series === null) tlsPer[w] += 1 / ws
      addCapped(ja3, hello.ja3Hash)
      addCapped(ja4, hello.ja4)
      addCapped(sni, hello.sni)
    }
  }
  const s = source.series
  const rates = (col: Float64Array | undefined, fallback: Float64Array): Band => bandOf(s !== null && col !== undefined ? seriesRates(source, col, p, ws) : fallback)
  if (s !== null) {
    const names = ['tcp', 'udp', 'icmp', 'other-ip', 'non-ip'] as const
    const cols = [s.tcp, s.udp, s.icmp, s.otherIp, s.nonIp]
    protoMix.clear()
    names.forEach((n, k) => {
      const v = seriesRates(source, cols[k], p, ws).reduce((a, b) => a + b, 0) * ws
      if (v > 0) protoMix.set(n, v)
    })
  }
  const spanSeconds = p.end - p.start
  let hourTotal = 0
  for (const h of hours) hourTotal += h
  return {
    packets: rates(s?.packets, pktsPer),
    bytes: rates(s?.bytes, bytesPer),
    flows: bandOf(flowsPer),
    failed: bandOf(failedPer),
    dnsQueries: rates(s?.dnsQueries, dnsPer),
    tlsHandshakes: rates(s?.tlsHandshakes, tlsPer),
    synPackets: rates(s?.tcpSyn, synPer),
    protocolMix: mixOf(protoMix, BASELINE_LIMITS.mixEntries),
    portMix: mixOf(new Map([...portMix].map(([k, v]) => [serviceName(k), v])), BASELINE_LIMITS.mixEntries),
    durations: quantilesOf(durations),
    rtt: quantilesOf(rtts),
    jitter: quantilesOf(jitters),
    retransmissionRatio: tcpPackets > 0 ? retrans / tcpPackets : 0,
    dnsNameLength: quantilesOf(nameLengths),
    dnsNameEntropy: quantilesOf(nameEntropies),
    tls: { handshakes: tlsHandshakes, ja3: [...ja3].sort(), ja4: [...ja4].sort(), sni: [...sni].sort() },
    hourOfDay: spanSeconds >= 86400 && hourTotal > 0 ? [...hours].map((h) => h / hourTotal) : null,
    totalFlows: flows,
    totalPackets: s !== null ? seriesRates(source, s.packets, p, ws).reduce((a, b) => a + b, 0) * ws : packets,
    totalBytes: s !== null ? seriesRates(source, s.bytes, p, ws).reduce((a, b) => a + b, 0) * ws : bytes,
  }
}
