/**
 * SYN, UDP and ICMP floods against one target: the packets sent toward a host per second in its busiest window,
 * with how little came back. SYN flood: connection attempts that never completed a handshake (half-open),
 * counted per SYN packet, when they are most of the attempts on the target. UDP flood: datagrams toward the
 * target with few answers. ICMP flood: echo requests and other non-error ICMP toward the target. DHCP flood:
 * DHCP client messages from one MAC at a rate no lease needs (starvation and server exhaustion). Rates are
 * self-contained thresholds (a capture that is all flood has no quiet period to compare with), floors a
 * baseline never raises: a flood inside the learning period is still a flood.
 */
import { FlowFlag } from '../flows/flow-columns.ts'
import { FlowKind, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from '../flows/flow-key.ts'
import { AddrClass } from '../baseline/address-class.ts'
import { isIcmpError } from '../baseline/flow-outcome.ts'
import { MITRE, severityFrom, type Alert, type AlertCategory } from './alert.ts'
import type { DetectContext } from './context.ts'
import type { Detector } from './detector.ts'
import { TargetTable, type TargetBins } from './victim-bins.ts'

export type FloodParams = {
  windowSeconds: number
  synRate: number
  halfOpenRatio: number
  udpRate: number
  udpAnswerRatio: number
  icmpRate: number
  minPackets: number
  dhcpRate: number
}

const BIN = 1

export const flood: Detector<FloodParams> = {
  id: 'flood',
  name: 'SYN, UDP and ICMP flood',
  method: 'Packets toward one target per second in its busiest window, with the half-open ratio (SYN) or the answer ratio (UDP), against rate thresholds',
  categories: ['syn-flood', 'udp-flood', 'icmp-flood'],
  modes: 'both',
  optIn: false,
  params: {
    windowSeconds: { default: 10, min: 1, max: 3600, unit: 's', label: 'Window', help: 'Length of the window whose rate is compared with the thresholds.' },
    synRate: { default: 100, min: 1, max: 1e7, unit: '/s', label: 'SYN rate', help: 'Half-open connection attempts per second toward one host.' },
    halfOpenRatio: { default: 0.5, min: 0, max: 1, step: 0.05, label: 'Half-open share', help: 'Share of the attempts on the host that must be half-open (a busy server completes most).' },
    udpRate: { default: 500, min: 1, max: 1e8, unit: '/s', label: 'UDP rate', help: 'Datagrams per second toward one host.' },
    udpAnswerRatio: { default: 0.2, min: 0, max: 1, step: 0.05, label: 'UDP answer ratio', help: 'Above this share of answered datagrams the traffic is an exchange, not a flood.' },
    icmpRate: { default: 100, min: 1, max: 1e8, unit: '/s', label: 'ICMP rate', help: 'ICMP messages per second toward one host (ping -f sends 100/s).' },
    dhcpRate: { default: 20, min: 1, max: 1e6, unit: '/s', label: 'DHCP rate', help: 'DHCP client messages per second from one MAC (a client sends a handful per lease; starvation tools send hundreds).' },
    minPackets: { default: 200, min: 1, max: 1e9, integer: true, label: 'Minimum packets', help: 'Fewer packets in the window never make a flood, however short the window.' },
  },
  run(ctx, p) {
    const c = ctx.c
    // First pass: each flow's class, and the packets toward each (target, class); only targets that could
    // reach minPackets are binned.
    const totals = new TargetTotals(ctx.source.addresses.size + 1)
    const kinds = floodClasses(ctx, totals)
    const tables = binTargets(ctx, kinds, totals, p.minPackets)
    const categories = ['syn-flood', 'udp-flood', 'icmp-flood'] as const
    const rates = [p.synRate, p.udpRate, p.icmpRate]
    const found: { t: TargetBins; category: AlertCategory; rate: number; judged: Judged }[] = []
    const flooded = [new Map<number, TargetBins>(), new Map<number, TargetBins>(), new Map<number, TargetBins>()]
    for (let table = 0; table < 3; table++) {
      for (const t of tables[table].byTarget.values()) {
        const judged = judge(t, categories[table], rates[table], p)
        if (judged === null) continue
        found.push({ t, category: categories[table], rate: rates[table], judged })
        flooded[table].set(t.target, t)
      }
    }
    if (found.length > 0) {
      // The same flows as the binning pass, in the same order, for the flooded targets only.
      for (let id = 0; id < ctx.count; id++) {
        const k = kinds[id]
        if (k === Cls.None) continue
        const dst = c.respAddr[id]
        const table = tableOf(k)
        if (totals.get(dst, table) < p.minPackets) continue
        flooded[table].get(dst)?.addMember(id, c.origAddr[id])
      }
    }
    const out: Alert[] = found.map((f) => floodAlert(ctx, f.t, f.category, f.rate, f.judged))
    out.push(...dhcpFloods(ctx, p))
    return out
  },
}

/** Time bins of the targets whose totals reach minPackets, one table per class (TCP attempts, UDP, ICMP). */
function binTargets(ctx: DetectContext, kinds: Uint8Array, totals: TargetTotals, minPackets: number): TargetTable[] {
  const c = ctx.c
  const respAddr = c.respAddr
  const first = c.first
  const tables = [new TargetTable(), new TargetTable(), new TargetTable()]
  for (let id = 0; id < ctx.count; id++) {
    const k = kinds[id]
    if (k === Cls.None) continue
    const dst = respAddr[id]
    const table = tableOf(k)
    if (totals.get(dst, table) < minPackets) continue
    // Completed handshakes count as attempts that were answered, so a busy server is not a SYN flood victim.
    // Bins only: a target's flows and sources are gathered below once its bins made it a flood.
    if (k === Cls.Completed) tables[0].of(dst).addCounts(first[id], first[id], 0, 1, BIN)
    else tables[table].of(dst).addCounts(first[id], c.last[id], c.origPkts[id], k === Cls.HalfOpen ? 0 : c.respPkts[id], BIN)
  }
  return tables
}

/**
 * Packets per (target address id, table): four counters per id in one typed array rather than a Map entry per
 * key and a lookup per flow. Counts are whole packets and saturate at 2^32 - 1, past any minPackets (at most
 * 1e9), so every comparison with it comes out as with exact sums. Ids past the table (not expected) use a Map.
 */
class TargetTotals {
  private readonly counts: Uint32Array
  private readonly others = new Map<number, number>()

  constructor(private readonly size: number) {
    this.counts = new Uint32Array(4 * size)
  }

  add(target: number, table: number, packets: number): void {
    if (target < this.size) {
      const i = target * 4 + table
      this.counts[i] = Math.min(0xffffffff, this.counts[i] + packets)
    } else this.others.set(target * 4 + table, (this.others.get(target * 4 + table) ?? 0) + packets)
  }

  get(target: number, table: number): number {
    return target < this.size ? this.counts[target * 4 + table] : (this.others.get(target * 4 + table) ?? 0)
  }
}

const Cls = Object.freeze({ None: 0, HalfOpen: 1, Completed: 2, Udp: 3, Icmp: 4 })

/** The target table a class counts in: 0 for TCP attempts (half-open or completed), 1 UDP, 2 ICMP. */
function tableOf(k: number): number {
  return k === Cls.HalfOpen || k === Cls.Completed ? 0 : k === Cls.Udp ? 1 : 2
}

/**
 * Which flood count each flow feeds: half-open or completed TCP attempt, UDP, non-error ICMP, or none (0); and
 * in the same pass the packets sent in the half-open, UDP and ICMP flows toward each target, added to
 * `totals` in flow order. The columns are held in locals: this loop runs once per analysis, mostly before V8
 * optimises it.
 */
function floodClasses(ctx: DetectContext, totals: TargetTotals): Uint8Array {
  const c = ctx.c
  const kinds = new Uint8Array(ctx.count)
  const kind = c.kind
  const flags = c.flags
  const respAddr = c.respAddr
  const proto = c.proto
  const origPkts = c.origPkts
  const classes = ctx.classes
  const skipped = FlowFlag.Tunnel | FlowFlag.NoTransport
  const notTarget = AddrClass.Multicast | AddrClass.Unspecified
  for (let id = 0; id < ctx.count; id++) {
    if (kind[id] !== FlowKind.IP) continue
    const f = flags[id]
    if ((f & skipped) !== 0 || (classes.of(respAddr[id]) & notTarget) !== 0) continue
    const p = proto[id]
    let k: number = Cls.None
    if (p === IPPROTO_TCP) {
      if ((f & FlowFlag.Handshake) !== 0) k = Cls.Completed
      else if ((f & FlowFlag.SynSeen) !== 0 && !originatorAcked(ctx, id)) k = Cls.HalfOpen
    } else if (p === IPPROTO_UDP) k = Cls.Udp
    else if ((p === IPPROTO_ICMP || p === IPPROTO_ICMPV6) && !isIcmpError(p, c.origPort[id])) k = Cls.Icmp
    kinds[id] = k
    if (k !== Cls.None && k !== Cls.Completed) totals.add(respAddr[id], tableOf(k), origPkts[id])
  }
  return kinds
}

const WHAT: Readonly<Record<string, string>> = {
  'syn-flood': 'half-open TCP connection attempts (SYN without a completed handshake)',
  'udp-flood': 'UDP datagrams',
  'icmp-flood': 'ICMP messages',
}

/** A target's busiest window judged a flood: its attempts, length in seconds, rate, and the ratio found. */
interface Judged {
  readonly attempts: number
  readonly active: number
  readonly observed: number
  readonly ratioText: string
  readonly sure: number
}

/** Whether the target's bins make a flood (thresholds on the busiest window), from its counts alone. */
function judge(t: TargetBins, category: AlertCategory, rate: number, p: FloodParams): Judged | null {
  const bins = Math.max(1, Math.round(p.windowSeconds / BIN))
  const w = t.busiestWindow(bins)
  if (w.attempts < p.minPackets) return null
  const active = w.activeBins * BIN
  const observed = w.attempts / active
  if (observed < rate) return null
  let ratioText = ''
  let sure = 0.6
  if (category === 'syn-flood') {
    const share = w.attempts / (w.attempts + w.answers)
    if (share < p.halfOpenRatio) return null
    ratioText = `; ${(100 * share).toFixed(0)}% of the attempts never completed`
    sure = 0.5 + 0.4 * share
  } else if (category === 'udp-flood') {
    const answered = w.answers / Math.max(1, w.attempts)
    if (answered > p.udpAnswerRatio) return null
    ratioText = `; ${(100 * Math.min(1, answered)).toFixed(0)}% answered`
    sure = 0.6 + 0.3 * (1 - Math.min(1, answered))
  }
  return { attempts: w.attempts, active, observed, ratioText, sure }
}

/** The alert of a flooded target, once its flows and sources were added (TargetBins.addMember). */
function floodAlert(ctx: DetectContext, t: TargetBins, category: AlertCategory, rate: number, j: Judged): Alert {
  const { attempts, active, observed, ratioText, sure } = j
  const excess = Math.min(1, Math.log10(observed / rate + 1) / 2)
  const sources = t.sources.size
  const spread = sources > 1 ? ` from ${sources} sources${sources >= 50 ? ' (distributed)' : ''}` : ` from ${ctx.addr([...t.sources][0] ?? 0)}`
  const srcList = [...t.sources].slice(0, 50)
  return ctx.alert({
    detector: 'flood',
    category,
    severity: severityFrom(0.55 + 0.45 * excess),
    confidence: Math.min(0.99, sure + 0.1 * excess),
    start: t.first,
    end: t.last,
    src: srcList,
    srcCount: sources,
    dst: [t.target],
    ports: category === 'syn-flood' || category === 'udp-flood' ? topPorts(ctx, t.flows) : [],
    metric: `${WHAT[category]} per second`,
    unit: 'packets/s',
    observed,
    baseline: rate,
    baselineSource: 'default',
    evidence: t.flows,
    evidenceCount: t.flowCount,
    explanation: `${ctx.addr(t.target)} received ${Math.round(attempts)} ${WHAT[category]} within ${active} s (${Math.round(observed)} per second, threshold ${rate}/s)${spread}${ratioText}.`,
    mitre: MITRE.networkFlood,
  })
}

function topPorts(ctx: DetectContext, flows: readonly number[]): number[] {
  const counts = new Map<number, number>()
  for (const f of flows.slice(0, 2000)) counts.set(ctx.c.respPort[f], (counts.get(ctx.c.respPort[f]) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([port]) => port)
}

/** DHCP client messages (UDP to port 67) per sending MAC (or address when the link has none). */
function dhcpFloods(ctx: DetectContext, p: FloodParams): Alert[] {
  const c = ctx.c
  const byClient = new TargetTable()
  // UDP flows only (ctx.lists), in flow order.
  const udp = ctx.lists.udp
  for (let k = 0; k < udp.length; k++) {
    const id = udp[k]
    if (c.respPort[id] !== 67) continue
    const client = c.origMac[id] !== 0 ? c.origMac[id] : c.origAddr[id]
    // Sources of the table are the servers here: the client is the key.
    byClient.of(client).add(id, c.respAddr[id], c.first[id], c.last[id], c.origPkts[id], c.respPkts[id], BIN)
  }
  const out: Alert[] = []
  const bins = Math.max(1, Math.round(p.windowSeconds / BIN))
  for (const t of byClient.byTarget.values()) {
    const w = t.busiestWindow(bins)
    const rate = w.attempts / (w.activeBins * BIN)
    if (w.attempts < Math.min(p.minPackets, 50) || rate < p.dhcpRate) continue
    out.push(ctx.alert({
      detector: 'flood', category: 'udp-flood', severity: severityFrom(0.5 + 0.4 * Math.min(1, Math.log10(rate / p.dhcpRate + 1))), confidence: 0.75,
      start: t.first, end: t.last, src: [t.target], dst: [...t.sources].slice(0, 50), dstCount: t.sources.size, ports: [67],
      metric: 'DHCP client messages per second', unit: 'messages/s', observed: rate, baseline: p.dhcpRate, baselineSource: 'default',
      evidence: t.flows, evidenceCount: t.flowCount,
      explanation: `${ctx.addr(t.target)} sent ${Math.round(w.attempts)} DHCP client messages within ${w.activeBins * BIN} s (${rate.toFixed(0)} per second, threshold ${p.dhcpRate}/s) to ${t.sources.size} server address${t.sources.size === 1 ? '' : 'es'}: a DHCP flood (starvation or server exhaustion).`,
      mitre: MITRE.networkFlood, key: 'dhcp',
    }))
  }
  return out
}

/**
 * The originator acknowledged or sent data (Zeek history 'A' or 'D'): the handshake happened out of sight
 * (asymmetric capture), which a flooder never does.
 */
function originatorAcked(ctx: DetectContext, id: number): boolean {
  if (ctx.c.origPkts[id] <= 1) return false
  const h = ctx.c.historyOf(id)
  return h.includes('A') || h.includes('D')
}
