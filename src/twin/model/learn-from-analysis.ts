/**
 * Learns a TwinModel from the flows of an analysed capture (a FlowSource): hosts and their roles, services with
 * their client/server pairs and a bounded reservoir of flow shapes (joint packets, bytes, duration, outcome),
 * the flow arrival gaps with the hour-of-day profile, DNS names, TLS fingerprints and SNI, HTTP hosts, RTT and
 * jitter. Two passes over the flow columns; objects per host, service and name, none per flow.
 */
import { AddrClass, AddressClasses, INTERNAL, NOT_A_HOST } from '../../baseline/address-class.ts'
import type { FlowSource } from '../../baseline/flow-source.ts'
import { serviceKeyOf, serviceName, serviceProto } from '../../baseline/service-keys.ts'
import { ConnState } from '../../flows/conn-state.ts'
import { FlowFlag } from '../../flows/flow-columns.ts'
import { FlowKind, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from '../../flows/flow-key.ts'
import { collectAppFacts } from './learn-facts.ts'
import { cellMeans, quantileGrid } from './quantile-grid.ts'
import { Rng } from './rng.ts'
import { TWIN_LIMITS, TWIN_MODEL_KIND, TWIN_MODEL_VERSION, type FlowShape, type HostRole, type TwinApp, type TwinHost, type TwinModel, type TwinService } from './types.ts'

const DAY = 86400
const GAP_CELLS = 1024
const RTT_POINTS = 33
/** Service keys are proto * 65536 + port; the tail of a protocol is keyed proto * 65536 + this. */
const TAIL = 65536 - 1
const ARP_KEY = 256 * 65536
const LEARN_SEED = 0x7a11
/** Addresses whose frames carry their own MAC (or a group MAC) rather than the router's. */
const ON_LINK = INTERNAL | AddrClass.Multicast | AddrClass.Broadcast

export interface LearnTwinOptions {
  readonly fileName?: string | null
}

/** Whether the generator can re-create flows of this key (TCP, UDP, ICMP/ICMPv6 echo and errors, ARP). */
function reproducible(key: number): boolean {
  if (key === ARP_KEY) return true
  const proto = serviceProto(key)
  if (proto === IPPROTO_TCP || proto === IPPROTO_UDP) return true
  const type = key % 65536
  if (proto === IPPROTO_ICMP) return type === 8 || ICMP_ERRORS.has(type)
  return proto === IPPROTO_ICMPV6 && (type === 128 || ICMPV6_ERRORS.has(type))
}

/** ICMP errors the generator writes: destination unreachable and time exceeded (RFC 792; RFC 4443 types 1, 3). */
export const ICMP_ERRORS: ReadonlySet<number> = new Set([3, 11])
export const ICMPV6_ERRORS: ReadonlySet<number> = new Set([1, 3])

function appOf(proto: number, port: number, key: number, tlsShare: number, httpShare: number): TwinApp {
  if (key === ARP_KEY) return 'arp'
  if (proto === IPPROTO_ICMP) return ICMP_ERRORS.has(port) ? 'icmp-error' : 'echo'
  if (proto === IPPROTO_ICMPV6) return ICMPV6_ERRORS.has(port) ? 'icmp-error' : 'echo'
  if (proto === IPPROTO_UDP && (port === 53 || port === 5353 || port === 5355)) return 'dns'
  if (proto === IPPROTO_TCP && (tlsShare > 0.5 || port === 443)) return 'tls'
  if (proto === IPPROTO_TCP && (httpShare > 0.5 || port === 80)) return 'http'
  return 'raw'
}

function outcomeOf(state: number, respPkts: number): number {
  if (state === ConnState.S0 || (state === ConnState.SH && respPkts === 0)) return 1 // attempt
  if (state === ConnState.REJ || state === ConnState.RSTOS0) return 2 // rejected
  return 0
}

interface ServiceAcc {
  key: number
  flows: number
  hours: number[]
  edges: Map<number, number>
  shapes: FlowShape[]
  seen: number
  cap: number
  rtts: number[]
  tailPorts: number[]
  tailSeen: number
  tls: number
  http: number
}

/** Learns a twin model from a finished analysis' flows. */
export function learnTwinFromFlows(src: FlowSource, options: LearnTwinOptions = {}): TwinModel {
  const c = src.columns
  const classes = new AddressClasses(src.addresses)
  const rng = new Rng(LEARN_SEED)
  const span = src.end > src.start ? src.end - src.start : 0
  const daily = span >= DAY
  // Pass 1: flows per service key, so the tail and the reservoir sizes are known before pass 2.
  const perKey = new Map<number, number>()
  let skipped = 0
  let packets = 0
  for (let i = 0; i < src.count; i++) {
    packets += c.origPkts[i] + c.respPkts[i]
    const key = usableKey(src, i)
    if (key < 0 || !reproducible(key)) {
      skipped++
      continue
    }
    perKey.set(key, (perKey.get(key) ?? 0) + 1)
  }
  const ranked = [...perKey].sort((a, b) => b[1] - a[1] || a[0] - b[0])
  const kept = new Set(ranked.slice(0, TWIN_LIMITS.services - 4).map(([k]) => k))
  const total = ranked.reduce((s, [, n]) => s + n, 0)
  const accs = new Map<number, ServiceAcc>()
  const accOf = (key: number): ServiceAcc => {
    let a = accs.get(key)
    if (!a) {
      const n = kept.has(key) ? (perKey.get(key) ?? 0) : 0
      const cap = Math.min(TWIN_LIMITS.shapesPerService, Math.max(32, Math.ceil((TWIN_LIMITS.shapesTotal * n) / Math.max(1, total))))
      a = { key, flows: 0, hours: new Array<number>(24).fill(0), edges: new Map(), shapes: [], seen: 0, cap, rtts: [], tailPorts: [], tailSeen: 0, tls: 0, http: 0 }
      accs.set(key, a)
    }
    return a
  }
  // Hosts: index by address id, counting flows as originator and responder.
  const hostIndex = new Map<number, number>()
  const hostIds: number[] = []
  const asOrig: number[] = []
  const asResp: number[] = []
  const hostMac: number[] = []
  const hostOf = (id: number, mac: number, orig: boolean): number => {
    let h = hostIndex.get(id)
    if (h === undefined) {
      h = hostIds.length
      hostIndex.set(id, h)
      hostIds.push(id)
      asOrig.push(0)
      asResp.push(0)
      hostMac.push(0)
    }
    if (orig) asOrig[h]++
    else asResp[h]++
    if (hostMac[h] === 0 && mac > 0) hostMac[h] = mac
    return h
  }
  const externalMacs = new Map<number, number>()
  const starts: number[] = []
  const rttAll: number[] = []
  const jitterAll: number[] = []
  // Pass 2: per-flow accumulation.
  for (let i = 0; i < src.count; i++) {
    const key = usableKey(src, i)
    if (key < 0 || !reproducible(key)) continue
    const proto = serviceProto(key)
    const tail = !kept.has(key)
    const a = accOf(tail ? proto * 65536 + TAIL : key)
    a.flows++
    const first = c.first[i]
    starts.push(first)
    if (daily) a.hours[new Date(first * 1000).getUTCHours()]++
    const oc = classes.of(c.origAddr[i])
    const rc = classes.of(c.respAddr[i])
    const o = hostOf(c.origAddr[i], (oc & ON_LINK) !== 0 ? c.origMac[i] : 0, true)
    const r = hostOf(c.respAddr[i], (rc & ON_LINK) !== 0 ? c.respMac[i] : 0, false)
    if ((rc & INTERNAL) === 0 && (rc & NOT_A_HOST) === 0 && c.respMac[i] > 0) externalMacs.set(c.respMac[i], (externalMacs.get(c.respMac[i]) ?? 0) + 1)
    if ((oc & INTERNAL) === 0 && (oc & NOT_A_HOST) === 0 && c.origMac[i] > 0) externalMacs.set(c.origMac[i], (externalMacs.get(c.origMac[i]) ?? 0) + 1)
    const edge = o * 1048576 + r
    a.edges.set(edge, (a.edges.get(edge) ?? 0) + 1)
    const shape: FlowShape = [c.origPkts[i], c.respPkts[i], c.origBytes[i], c.respBytes[i], Math.max(0, c.last[i] - first), proto === IPPROTO_TCP ? outcomeOf(c.state[i], c.respPkts[i]) : 0]
    a.seen++
    if (a.shapes.length < a.cap) a.shapes.push(shape)
    else {
      const j = rng.below(a.seen)
      if (j < a.cap) a.shapes[j] = shape
    }
    if (tail) {
      a.tailSeen++
      const port = key % 65536
      if (a.tailPorts.length < TWIN_LIMITS.tailPorts) a.tailPorts.push(port)
      else {
        const j = rng.below(a.tailSeen)
        if (j < TWIN_LIMITS.tailPorts) a.tailPorts[j] = port
      }
    }
    const rtt = c.synAckRtt[i]
    if (Number.isFinite(rtt) && rtt >= 0) {
      a.rtts.push(rtt)
      rttAll.push(rtt)
    }
    const jit = c.jitter[i]
    if (Number.isFinite(jit) && jit >= 0 && c.origPkts[i] + c.respPkts[i] > 2) jitterAll.push(jit)
    const app = c.app[i]
    if (app === 2) a.tls++
    else if (app === 3) a.http++
  }
  const facts = collectAppFacts(src)
  const hosts = buildHosts(src, hostIds, asOrig, asResp, hostMac, classes)
  const services = buildServices([...accs.values()], hosts.remap, daily)
  const gatewayMac = [...externalMacs].sort((x, y) => y[1] - x[1])[0]
  return {
    kind: TWIN_MODEL_KIND,
    version: TWIN_MODEL_VERSION,
    source: { kind: 'capture', fileName: options.fileName ?? null, start: src.start, end: src.end, flows: src.count, packets, skippedFlows: skipped },
    hosts: hosts.list,
    gatewayMac: gatewayMac ? src.addresses.format(gatewayMac[0]) : null,
    services,
    arrivals: arrivalsOf(starts, span, daily),
    dns: facts.dns,
    sni: facts.sni,
    tls: facts.tls,
    httpHosts: facts.httpHosts,
    rtt: quantileGrid(rttAll, RTT_POINTS),
    jitter: quantileGrid(jitterAll, RTT_POINTS),
  }
}

/** The service key of flow i, or -1 for flows the twin leaves out (tunnel outers, no transport header). */
function usableKey(src: FlowSource, i: number): number {
  const c = src.columns
  if ((c.flags[i] & (FlowFlag.Tunnel | FlowFlag.NoTransport)) !== 0) return -1
  if (c.kind[i] === FlowKind.L2) return -1
  return serviceKeyOf(c, i)
}

function buildHosts(src: FlowSource, ids: number[], asOrig: number[], asResp: number[], macs: number[], classes: AddressClasses): { list: TwinHost[]; remap: Int32Array } {
  const order = ids.map((_, h) => h).sort((x, y) => asOrig[y] + asResp[y] - (asOrig[x] + asResp[x]) || x - y)
  const keep = order.slice(0, TWIN_LIMITS.hosts)
  const remap = new Int32Array(ids.length).fill(-1)
  const list: TwinHost[] = []
  for (const h of keep) {
    remap[h] = list.length
    const cls = classes.of(ids[h])
    const role: HostRole = asOrig[h] > 0 && asResp[h] > 0 ? 'both' : asResp[h] > 0 ? 'server' : 'client'
    list.push({
      addr: src.addresses.format(ids[h]),
      internal: (cls & INTERNAL) !== 0,
      role,
      mac: macOf(src, macs[h], cls),
    })
  }
  return { list, remap }
}

/** The MAC a host's frames carry: a group MAC only for a group address (a unicast host never sends from one). */
function macOf(src: FlowSource, mac: number, cls: number): string | null {
  if (mac <= 0) return null
  const text = src.addresses.format(mac)
  const group = (parseInt(text.slice(0, 2), 16) & 1) === 1
  return group && (cls & (AddrClass.Multicast | AddrClass.Broadcast)) === 0 ? null : text
}

function buildServices(accs: ServiceAcc[], remap: Int32Array, daily: boolean): TwinService[] {
  const out: TwinService[] = []
  for (const a of accs.sort((x, y) => y.flows - x.flows || x.key - y.key)) {
    const proto = serviceProto(a.key)
    const port = a.key === ARP_KEY ? 0 : a.key % 65536
    const tail = port === TAIL && a.key !== ARP_KEY
    const edges = [...a.edges]
      .map(([e, w]) => [remap[Math.floor(e / 1048576)], remap[e % 1048576], w] as const)
      .filter(([cl, sv]) => cl >= 0 && sv >= 0)
      .sort((x, y) => y[2] - x[2] || x[0] - y[0] || x[1] - y[1])
      .slice(0, TWIN_LIMITS.edgesPerService)
    if (edges.length === 0 || a.shapes.length === 0) continue
    out.push({
      key: tail ? `${serviceName(proto * 65536).split('/')[0]}/other` : serviceName(a.key),
      proto,
      port: tail ? 0 : port,
      tailPorts: tail ? a.tailPorts : [],
      app: tail ? 'raw' : appOf(proto, port, a.key, a.tls / a.flows, a.http / a.flows),
      flows: a.flows,
      hours: daily ? a.hours : null,
      edges,
      shapes: a.shapes,
      rtt: quantileGrid(a.rtts, RTT_POINTS),
    })
  }
  return out
}

function arrivalsOf(starts: number[], span: number, daily: boolean): TwinModel['arrivals'] {
  starts.sort((a, b) => a - b)
  let profile: number[] | null = null
  if (daily && starts.length > 0) {
    const counts = new Array<number>(24).fill(0)
    for (const t of starts) counts[new Date(t * 1000).getUTCHours()]++
    // A floor keeps an hour with no flows from meaning "infinitely long gaps" at generation.
    const floor = starts.length / 24 / 50
    const mean = counts.reduce((s, x) => s + Math.max(floor, x), 0) / 24
    profile = counts.map((x) => Math.max(floor, x) / mean)
  }
  const gaps: number[] = []
  for (let i = 1; i < starts.length; i++) {
    const g = starts[i] - starts[i - 1]
    gaps.push(profile ? g * profile[new Date(starts[i] * 1000).getUTCHours()] : g)
  }
  const first = starts.length > 0 ? starts[0] : 0
  const meanGap = gaps.length > 0 ? (starts[starts.length - 1] - first) / gaps.length : span > 0 ? span : 1
  return {
    flowsPerSecond: span > 0 ? starts.length / span : 0,
    gaps: gaps.length > 0 ? cellMeans(gaps, GAP_CELLS) : [meanGap],
    firstStart: first,
    activeSeconds: starts.length > 0 ? starts[starts.length - 1] - first + meanGap : 0,
    hourProfile: profile,
  }
}
