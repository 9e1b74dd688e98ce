/**
 * Test helpers: synthetic traffic as packet descriptions (flows/test-batch.ts), run through a real
 * CaptureAnalysis and PacketTaps, so detector tests exercise the flow table, statistics and taps as a capture
 * would. Used by tests only; the engine never imports it.
 */
import { CaptureAnalysis } from '../analysis/capture-analysis.ts'
import { BaselineIndex } from '../baseline/baseline-index.ts'
import { flowSourceOf } from '../baseline/flow-source.ts'
import { learnBaseline } from '../baseline/learn-baseline.ts'
import type { Baseline } from '../baseline/types.ts'
import { endpoint, seg, toBatches, type PacketSpec } from '../flows/test-batch.ts'
import type { AppFact } from '../model/app-facts.ts'
import { DetectContext } from './context.ts'
import { PacketTaps } from './taps/packet-taps.ts'

/** A packet with optional Ethernet MACs (the flow test helper leaves them out). */
export type Pkt = PacketSpec & { readonly smac?: string; readonly dmac?: string }

export interface Built {
  readonly analysis: CaptureAnalysis
  readonly taps: PacketTaps
}

/** Feeds packets (sorted by time here) through an analysis and taps, then finishes it. */
export function build(packets: readonly Pkt[], finish = true): Built {
  const sorted = [...packets].sort((a, b) => a.t - b.t)
  const analysis = new CaptureAnalysis()
  const taps = new PacketTaps()
  const batches = toBatches(analysis.ctx, sorted, 4096)
  let row = 0
  for (const b of batches) {
    for (let i = 0; i < b.count; i++) {
      const p = sorted[row++]
      if (p.smac !== undefined) b.srcMac[i] = endpoint(analysis.ctx, p.smac).addr
      if (p.dmac !== undefined) b.dstMac[i] = endpoint(analysis.ctx, p.dmac).addr
    }
    analysis.consume(b)
    taps.consume(b, analysis.ctx)
  }
  if (finish) analysis.finish(sorted.length > 0 ? sorted[sorted.length - 1].t : null)
  return { analysis, taps }
}

/** A detect context over the packets, with a baseline when given (or learned from the first `fraction`). */
export function contextOf(packets: readonly Pkt[], baseline: Baseline | number | null = null): DetectContext {
  const { analysis, taps } = build(packets)
  const source = flowSourceOf(analysis)
  const b = typeof baseline === 'number' ? learnBaseline(source, { period: { kind: 'fraction', fraction: baseline } }) : baseline
  return new DetectContext(source, b === null ? null : new BaselineIndex(b), taps)
}

let seq = 1000

/** A complete TCP connection: handshake, `requests` request/response exchanges, FIN close. */
export function tcpSession(t: number, client: string, server: string, opts: { up?: number; down?: number; requests?: number; gap?: number } = {}): Pkt[] {
  const up = opts.up ?? 100
  const down = opts.down ?? 500
  const gap = opts.gap ?? 0.01
  const a = (seq += 100000)
  const b = (seq += 100000)
  const out: Pkt[] = [seg(t, client, server, 'S', a, 0), seg(t + 0.001, server, client, 'SA', b, a + 1), seg(t + 0.002, client, server, 'A', a + 1, b + 1)]
  let ca = a + 1
  let sb = b + 1
  let now = t + 0.003
  for (let r = 0; r < (opts.requests ?? 1); r++) {
    out.push(seg(now, client, server, 'PA', ca, sb, up))
    ca += up
    out.push(seg(now + gap / 2, server, client, 'PA', sb, ca, down))
    sb += down
    now += gap
  }
  out.push(seg(now, client, server, 'FA', ca, sb), seg(now + 0.001, server, client, 'FA', sb, ca + 1), seg(now + 0.002, client, server, 'A', ca + 1, sb + 1))
  return out
}

/** A SYN that gets no answer (or a RST when `refused`). */
export function synProbe(t: number, client: string, server: string, refused = false): Pkt[] {
  const a = (seq += 7919)
  const out: Pkt[] = [seg(t, client, server, 'S', a, 0)]
  if (refused) out.push(seg(t + 0.0005, server, client, 'RA', 0, a + 1))
  return out
}

/** A UDP request and (optionally) its answer. */
export function udpExchange(t: number, client: string, server: string, opts: { up?: number; down?: number; answered?: boolean; fact?: AppFact; app?: number } = {}): Pkt[] {
  const out: Pkt[] = [{ t, src: client, dst: server, proto: 'udp', len: opts.up ?? 40, fact: opts.fact, app: opts.app }]
  if (opts.answered ?? true) out.push({ t: t + 0.002, src: server, dst: client, proto: 'udp', len: opts.down ?? 80, app: opts.app })
  return out
}

/** An ICMP echo request (type 8) and, when answered, its reply. */
export function ping(t: number, src: string, dst: string, answered = true, id = 1): Pkt[] {
  const out: Pkt[] = [{ t, src, dst, proto: 'icmp', type: 8, code: 0, icmpId: id, len: 64 }]
  if (answered) out.push({ t: t + 0.001, src: dst, dst: src, proto: 'icmp', type: 0, code: 0, icmpId: id, len: 64 })
  return out
}

/** A DNS query fact for `name` (qtype 1 = A unless given). */
export function dnsQuery(name: string, qtype = 1, isResponse = false, rcode = 0): AppFact {
  return { kind: 'dns', id: 1, isResponse, opcode: 0, rcode, qname: name, qtype, qclass: 1, questions: 1, answers: [], counts: [1, 0, 0, 0] }
}

/** Seeded pseudo-random numbers (mulberry32) so synthetic traffic is the same on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let x = s
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Ordinary office traffic for `seconds`: a few clients browsing a handful of servers over HTTPS, DNS lookups
 * to one resolver, with some jitter. The background every near-miss test mixes its near-miss into.
 */
export function officeTraffic(start: number, seconds: number, seed = 1): Pkt[] {
  const r = rng(seed)
  const clients = ['10.0.0.11', '10.0.0.12', '10.0.0.13', '10.0.0.14']
  const servers = ['93.184.216.34', '151.101.1.69', '140.82.112.3', '104.16.132.229', '13.107.42.14']
  const out: Pkt[] = []
  let port = 40000
  for (let t = start; t < start + seconds; t += 0.5 + r()) {
    const client = clients[Math.floor(r() * clients.length)]
    const server = servers[Math.floor(r() * servers.length)]
    out.push(...udpExchange(t, `${client}:${port++}`, '10.0.0.1:53', { fact: dnsQuery('www.example.com'), app: 1 }))
    out.push(...tcpSession(t + 0.01, `${client}:${port++}`, `${server}:443`, { up: 300 + Math.floor(r() * 500), down: 2000 + Math.floor(r() * 8000), requests: 1 + Math.floor(r() * 3) }))
    if (port > 60000) port = 40000
  }
  return out
}
