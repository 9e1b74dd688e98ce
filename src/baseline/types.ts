/**
 * The baseline: what "normal" looked like in a chosen period, per host, per service, per edge and globally.
 * It is a versioned JSON artifact (baseline-json.ts reads it back strictly) keyed by address text, not by the
 * address ids of one analysis, so a baseline learned from one file applies to another.
 *
 * Rates are per second (learned over windows of `windowSeconds`), so they compare across window sizes;
 * spreads shrink with longer windows, which the detectors allow for with their minimum thresholds.
 */
import type { Band, Quantiles } from './robust-stats.ts'

export const BASELINE_KIND = 'nettwin-baseline'
export const BASELINE_VERSION = 1

/** Caps that keep a baseline (and any file claiming to be one) small. */
export const BASELINE_LIMITS = Object.freeze({
  hosts: 5000,
  peersPerHost: 256,
  portsPerHost: 128,
  services: 2000,
  edges: 50000,
  mixEntries: 64,
  fingerprints: 2000,
  stringLength: 255,
  /** Largest JSON text parseBaseline accepts. */
  jsonBytes: 32 * 1024 * 1024,
})

/** Share of one key (protocol or "tcp/443" style service) in a mix. */
export interface MixEntry {
  readonly key: string
  readonly share: number
}

export interface HostBaseline {
  readonly addr: string
  readonly internal: boolean
  /** First time the host was seen in the period (seconds since the epoch). */
  readonly firstSeen: number
  readonly packetsOut: Band
  readonly bytesOut: Band
  readonly bytesIn: Band
  readonly flowsOut: Band
  /** Most distinct destination hosts, destination ports and failed attempts in one scan window. */
  readonly fanOut: { readonly hosts: number; readonly ports: number; readonly failed: number }
  readonly totalBytesOut: number
  readonly totalBytesIn: number
  /** Failed connection attempts / all attempts the host originated. */
  readonly failedRatio: number
  /** Hosts it talked to (either direction), capped; peersTruncated says the cap was hit. */
  readonly peers: readonly string[]
  readonly peersTruncated: boolean
  /** Services it answered as a responder ("tcp/22") and services it used as a client. */
  readonly served: readonly string[]
  readonly used: readonly string[]
}

export interface ServiceBaseline {
  /** "tcp/443", "udp/53", "icmp", "ip/47". */
  readonly key: string
  readonly servers: number
  readonly clients: number
  readonly flows: number
  readonly durations: Quantiles | null
  readonly bytes: Quantiles | null
  readonly rtt: Quantiles | null
}

export interface GlobalBaseline {
  readonly packets: Band
  readonly bytes: Band
  readonly flows: Band
  readonly failed: Band
  readonly dnsQueries: Band
  readonly tlsHandshakes: Band
  readonly synPackets: Band
  /** Packets by protocol (tcp, udp, icmp, other-ip, non-ip) and by service port. */
  readonly protocolMix: readonly MixEntry[]
  readonly portMix: readonly MixEntry[]
  readonly durations: Quantiles | null
  readonly rtt: Quantiles | null
  readonly jitter: Quantiles | null
  /** Retransmitted / all packets of TCP flows. */
  readonly retransmissionRatio: number
  readonly dnsNameLength: Quantiles | null
  readonly dnsNameEntropy: Quantiles | null
  readonly tls: { readonly handshakes: number; readonly ja3: readonly string[]; readonly ja4: readonly string[]; readonly sni: readonly string[] }
  /** Share of flows started in each UTC hour, when the period spans at least a day; else null. */
  readonly hourOfDay: readonly number[] | null
  /** Totals over the period. */
  readonly totalFlows: number
  readonly totalPackets: number
  readonly totalBytes: number
}

export interface BaselineSource {
  /** Name of the input it was learned from, when known. */
  readonly fileName: string | null
  /** The learning period [start, end), seconds since the epoch. */
  readonly start: number
  readonly end: number
  /** The fraction of the input used when learned from "the first part"; null for a time range. */
  readonly fraction: number | null
  /** The whole input's time span, for "this baseline came from the same file" checks. */
  readonly inputStart: number
  readonly inputEnd: number
}

export interface Baseline {
  readonly kind: typeof BASELINE_KIND
  readonly version: typeof BASELINE_VERSION
  readonly source: BaselineSource
  /** Window length the bands were learned over. */
  readonly windowSeconds: number
  /** Scan window the host fan-out maxima were counted over. */
  readonly scanWindowSeconds: number
  readonly global: GlobalBaseline
  readonly hosts: readonly HostBaseline[]
  readonly services: readonly ServiceBaseline[]
  /** Directed edges "client>server" seen in the period (address text), capped. */
  readonly edges: readonly string[]
  /** Which lists hit their caps (the busiest entries were kept). */
  readonly truncated: { readonly hosts: boolean; readonly services: boolean; readonly edges: boolean }
  /** True when the period had too little traffic for the bands to mean much (few windows or flows). */
  readonly thin: boolean
}
