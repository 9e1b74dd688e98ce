/**
 * A TwinModel turned into what the generator's inner loop reads: endpoints as byte arrays, cumulative weight
 * tables for services (per hour when the model has a daily profile), edges and names, DNS names and answers
 * encoded once, TLS fingerprints as ClientHello specs. Built once per generation run.
 */
import { DNS_TYPE_A, DNS_TYPE_AAAA, DNS_TYPE_CNAME, encodeDnsName, parseIp, parseMac, macFromIndex, type DnsAnswer, type Endpoint } from '../craft/index.ts'
import { EXT_SUPPORTED_VERSIONS, defaultClientHelloSpec, type ClientHelloSpec } from '../craft/tls.ts'
import { cumulativeOf } from '../model/rng.ts'
import { Deck, uniformDeck } from './deck.ts'
import type { TwinApp, TwinModel } from '../model/types.ts'

export const enum AppCode {
  Raw = 0,
  Dns = 1,
  Tls = 2,
  Http = 3,
  Echo = 4,
  Arp = 5,
  /** NTP (RFC 5905) packets of 48 bytes: the analysers dissect port 123 whatever it holds. */
  Ntp = 6,
  /** NetBIOS name service (RFC 1002 4.2) queries and answers on port 137. */
  Nbns = 7,
  /** ICMP destination unreachable / time exceeded quoting a UDP datagram. */
  IcmpError = 9,
  /** Datagrams without payload: ports whose analysers parse any payload as a structured protocol we do not write. */
  Empty = 8,
}

/**
 * UDP ports an analyser dissects by port number alone with a parser that reports random bytes as malformed:
 * NetBIOS datagrams, SNMP, ISAKMP/IKE NAT-T, OpenVPN, tunnels (VXLAN, GENEVE, GTP-U), STUN, RADIUS, TFTP, RIP,
 * SunRPC, NFS, SRVLOC, L2TP, HSRP, DHCPv6, SIP, CAPWAP. The twin keeps their packets and timing, not their bytes.
 */
const STRUCTURED_UDP_PORTS = new Set([69, 111, 138, 161, 162, 427, 500, 520, 546, 547, 1194, 1701, 1812, 1813, 1985, 2049, 2152, 3478, 4500, 4789, 5060, 5246, 5247, 6081])

/** What a service writes: its learned app, or a protocol its well-known UDP port forces on any analyser. */
function appCodeOf(app: TwinApp, proto: number, port: number): AppCode {
  if (app === 'raw' && proto === 17) {
    if (port === 123) return AppCode.Ntp
    if (port === 137) return AppCode.Nbns
    if (STRUCTURED_UDP_PORTS.has(port)) return AppCode.Empty
  }
  return APP_CODES[app]
}

const APP_CODES: Readonly<Record<TwinApp, AppCode>> = { raw: AppCode.Raw, dns: AppCode.Dns, tls: AppCode.Tls, http: AppCode.Http, echo: AppCode.Echo, 'icmp-error': AppCode.IcmpError, arp: AppCode.Arp }

export interface PreparedService {
  readonly key: string
  readonly proto: number
  readonly port: number
  readonly tailPorts: readonly number[]
  /**
   * Tail ports each pair uses: its own run of this many entries of tailPorts. The source's pairs each kept to
   * a few ports (a client retrying a closed port is not a port scan); drawing any tail port for any pair would
   * turn a pair that recurs over a long twin into one probing dozens of ports.
   */
  readonly tailSpan: number
  readonly app: AppCode
  readonly edgeClient: Int32Array
  readonly edgeServer: Int32Array
  /** Pairs dealt by their flow counts. */
  readonly edgeDeck: Deck
  /**
   * Chance that a flow goes to a pair the source never showed (Good-Turing: the share of the source's flows
   * whose pair was seen only once). A twin longer than its source would otherwise replay the same few pairs
   * over and over: a client that met a server once in three minutes meets it every three minutes for an hour,
   * a rhythm beacon, brute-force and scan detectors rightly find odd. 0 for a model learned from a baseline
   * (its pair weights are not flow counts).
   */
  readonly novelty: number
  readonly shapeDeck: Deck
  /** Shapes as 6 numbers each (see FlowShape). */
  readonly shapes: Float64Array
  readonly shapeCount: number
  readonly rtt: readonly number[]
}

export interface PreparedDnsName {
  readonly wire: Uint8Array
  readonly qtype: number
  readonly rcode: number
  readonly answers: readonly DnsAnswer[]
}

export interface PreparedModel {
  readonly endpoints: readonly Endpoint[]
  readonly services: readonly PreparedService[]
  /** Cumulative service weights: one table, or 24 (by UTC hour) when the model has a daily profile. */
  readonly serviceCumulative: readonly Float64Array[]
  /** Services dealt by their flow counts (used when there is no daily profile). */
  readonly serviceDeck: Deck
  /** Gap cells dealt evenly (each stands for the same share of the source's gaps). */
  readonly gapDeck: Deck
  readonly gaps: readonly number[]
  readonly hourProfile: readonly number[] | null
  /** True when serviceCumulative has one table per UTC hour. */
  readonly serviceByHour: boolean
  readonly dnsNames: readonly PreparedDnsName[]
  readonly dnsCumulative: Float64Array
  readonly sni: readonly string[]
  readonly sniCumulative: Float64Array
  readonly tls: readonly ClientHelloSpec[]
  readonly tlsCumulative: Float64Array
  readonly httpHosts: readonly string[]
  readonly httpCumulative: Float64Array
}

/** Names (RFC 2606 example domains) for DNS flows of a model that learned none. */
const FALLBACK_NAMES = ['www.example.com', 'mail.example.com', 'api.example.net', 'cdn.example.org']

/** Default RTT grid when a model has none: 0.5 ms to 80 ms. */
const DEFAULT_RTT = [0.0005, 0.002, 0.01, 0.03, 0.08]

function answerOf(text: string): DnsAnswer | null {
  const space = text.indexOf(' ')
  const type = Number(text.slice(0, space))
  const data = text.slice(space + 1)
  try {
    if (type === DNS_TYPE_A && !data.includes(':')) return { type, ttl: 300, data: parseIp(data) }
    if (type === DNS_TYPE_AAAA && data.includes(':')) return { type, ttl: 300, data: parseIp(data) }
    if (type === DNS_TYPE_CNAME) return { type, ttl: 300, data: encodeDnsName(data) }
  } catch {
    return null
  }
  return null
}

function helloSpec(fp: TwinModel['tls'][number]): ClientHelloSpec {
  const base = defaultClientHelloSpec(null)
  return {
    ...base,
    cipherSuites: fp.cipherSuites.length > 0 ? fp.cipherSuites : base.cipherSuites,
    alpn: fp.alpn,
    supportedVersions: fp.versions.length > 1 || (fp.versions.length === 1 && fp.extensions.includes(EXT_SUPPORTED_VERSIONS)) ? fp.versions : [],
    extensionOrder: fp.extensions.length > 0 ? fp.extensions : base.extensionOrder,
  }
}

/**
 * Rounds of the service and pair mixes shuffled together: a service or pair dealt once per round returns at a
 * near-fixed period (one flow every round of the source's flows), a beacon the source never had. The first
 * round is dealt alone (a twin as long as its source has its mix exactly); after it, 16 rounds are shuffled
 * together, so returns are about as irregular as independent draws and the mix is exact every 16 rounds.
 */
const MIX_ROUNDS = 16

/** Good-Turing estimate of a new pair's chance: pairs seen once over flows (pairs cut by the edge cap were the rarest: counted once each). */
function pairNovelty(edges: readonly (readonly [number, number, number])[], flows: number): number {
  let once = 0
  let kept = 0
  for (const e of edges) {
    kept += e[2]
    if (e[2] <= 1) once++
  }
  const total = Math.max(flows, kept)
  return total > 0 ? Math.min(1, (once + (total - kept)) / total) : 0
}

/** Prepares a validated model for generation. */
export function prepareModel(model: TwinModel): PreparedModel {
  const gateway = model.gatewayMac !== null ? parseMac(model.gatewayMac) : macFromIndex(0xfffffffe)
  const endpoints = model.hosts.map((h, i) => ({ ip: parseIp(h.addr), mac: h.mac !== null ? parseMac(h.mac) : h.internal ? macFromIndex(i + 1) : gateway }))
  const services: PreparedService[] = model.services.map((s) => {
    const shapes = new Float64Array(s.shapes.length * 6)
    s.shapes.forEach((sh, i) => shapes.set(sh, i * 6))
    return {
      key: s.key,
      proto: s.proto,
      port: s.port,
      tailPorts: s.tailPorts,
      // Distinct ports per pair as the source had them on average (a vertical scan in the source keeps its many).
      tailSpan: Math.max(1, Math.round(new Set(s.tailPorts).size / Math.max(1, s.edges.length))),
      app: appCodeOf(s.app, s.proto, s.port),
      edgeClient: Int32Array.from(s.edges, (e) => e[0]),
      edgeServer: Int32Array.from(s.edges, (e) => e[1]),
      edgeDeck: new Deck(s.edges.map((e) => e[2]), MIX_ROUNDS),
      novelty: model.source.kind === 'capture' ? pairNovelty(s.edges, s.flows) : 0,
      shapeDeck: uniformDeck(s.shapes.length),
      shapes,
      shapeCount: s.shapes.length,
      rtt: s.rtt ?? model.rtt ?? DEFAULT_RTT,
    }
  })
  // The service mix follows the hour only when every service has hourly counts; the arrival rate follows it always.
  const daily = model.arrivals.hourProfile !== null && model.services.every((s) => s.hours !== null)
  const serviceCumulative = daily
    ? Array.from({ length: 24 }, (_, h) => cumulativeOf(model.services.map((s) => (s.hours ? s.hours[h] : 0) + s.flows * 1e-6)))
    : [cumulativeOf(model.services.map((s) => s.flows))]
  const learned = model.dns.map((d) => ({ wire: encodeDnsName(d.name), qtype: d.qtype, rcode: d.rcode, answers: d.answers.map(answerOf).filter((a): a is DnsAnswer => a !== null) }))
  // A model without DNS names (one learned from a baseline) still writes well-formed DNS on its DNS services.
  const dnsNames = learned.length > 0 ? learned : FALLBACK_NAMES.map((name, i) => ({ wire: encodeDnsName(name), qtype: DNS_TYPE_A, rcode: 0, answers: [{ type: DNS_TYPE_A, ttl: 300, data: Uint8Array.of(192, 0, 2, i + 1) }] }))
  const tls = model.tls.map(helloSpec)
  return {
    endpoints,
    services,
    serviceCumulative,
    serviceDeck: new Deck(model.services.map((s) => s.flows), MIX_ROUNDS),
    gapDeck: uniformDeck(model.arrivals.gaps.length),
    gaps: model.arrivals.gaps,
    hourProfile: model.arrivals.hourProfile,
    serviceByHour: daily,
    dnsNames,
    dnsCumulative: learned.length > 0 ? cumulativeOf(model.dns.map((d) => d.weight)) : cumulativeOf(FALLBACK_NAMES.map(() => 1)),
    sni: model.sni.map((s) => s.name),
    sniCumulative: cumulativeOf(model.sni.map((s) => s.weight)),
    tls: tls.length > 0 ? tls : [defaultClientHelloSpec(null)],
    tlsCumulative: tls.length > 0 ? cumulativeOf(model.tls.map((t) => t.weight)) : Float64Array.of(1),
    httpHosts: model.httpHosts.map((h) => h.name),
    httpCumulative: cumulativeOf(model.httpHosts.map((h) => h.weight)),
  }
}

