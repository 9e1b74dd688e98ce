/**
 * The twin's generative model: what a twin needs to re-create a capture's normal traffic, as a versioned JSON
 * artifact keyed by address text (so it can be saved, edited and loaded like a baseline). Distributions are
 * kept as quantile grids and bounded reservoirs of flow shapes, never one entry per flow.
 *
 * Learned from a capture analysis (learn-from-analysis.ts: every field) or from a baseline (learn-from-baseline.ts:
 * an approximation from the baseline's quantiles and mixes).
 */

export const TWIN_MODEL_KIND = 'nettwin-twin-model'
export const TWIN_MODEL_VERSION = 1

/** Caps that keep a model (and any file claiming to be one) small. */
export const TWIN_LIMITS = Object.freeze({
  hosts: 20000,
  services: 400,
  // Client/server pairs are what host-level detectors see: folding thousands of a busy service's pairs into a
  // few hundred gives each kept pair many times its real flows (one client probing many ports of one server).
  edgesPerService: 4096,
  shapesPerService: 256,
  shapesTotal: 40000,
  tailPorts: 2048,
  quantiles: 257,
  names: 2000,
  answersPerName: 8,
  fingerprints: 64,
  listLength: 64,
  stringLength: 255,
  jsonBytes: 64 * 1024 * 1024,
})

/** How a TCP flow went, as far as the generator reproduces it (from Zeek's conn_state). */
export type FlowOutcome = 'complete' | 'attempt' | 'rejected'

export const OUTCOMES: readonly FlowOutcome[] = ['complete', 'attempt', 'rejected']

/**
 * One observed flow's shape: [originator packets, responder packets, originator bytes, responder bytes (frame
 * bytes on the wire), duration seconds, outcome index into OUTCOMES].
 */
export type FlowShape = readonly [number, number, number, number, number, number]

export type HostRole = 'client' | 'server' | 'both'

export interface TwinHost {
  /** Address text as the address table formats it. */
  readonly addr: string
  readonly internal: boolean
  readonly role: HostRole
  /** MAC seen on its frames when the host is on the captured link; null: reached through the gateway. */
  readonly mac: string | null
}

/** A client -> server pair of a service, by index into hosts, with the flows it carried. */
export type TwinEdge = readonly [client: number, server: number, weight: number]

/** What the generator writes in a service's flows; 'icmp-error' is destination unreachable / time exceeded. */
export type TwinApp = 'dns' | 'tls' | 'http' | 'echo' | 'icmp-error' | 'arp' | 'raw'

export interface TwinService {
  /** "tcp/443", "udp/53", "icmp/8", "arp", or "tcp/other" / "udp/other" for the long tail of ports. */
  readonly key: string
  /** IP protocol (6, 17, 1, 58) or 0 for ARP. */
  readonly proto: number
  /** Responder port (TCP/UDP), ICMP type, or 0. */
  readonly port: number
  /** Tail services pick each flow's port from these (responder ports seen in the tail, capped). */
  readonly tailPorts: readonly number[]
  /** What the generator writes inside the flows. */
  readonly app: TwinApp
  /** Flows in the source. */
  readonly flows: number
  /** Flows started per UTC hour (24 counts) when the source spans a day or more; else null. */
  readonly hours: readonly number[] | null
  readonly edges: readonly TwinEdge[]
  readonly shapes: readonly FlowShape[]
  /** Handshake RTT quantiles (seconds), null when none was seen. */
  readonly rtt: readonly number[] | null
}

export interface WeightedName {
  readonly name: string
  readonly weight: number
}

export interface DnsName {
  readonly name: string
  readonly qtype: number
  readonly rcode: number
  readonly weight: number
  /** Answer data as text (addresses for A/AAAA, names for CNAME), in answer order. */
  readonly answers: readonly string[]
}

export interface TlsFingerprint {
  readonly cipherSuites: readonly number[]
  readonly extensions: readonly number[]
  readonly alpn: readonly string[]
  readonly versions: readonly number[]
  readonly weight: number
}

export interface TwinArrivals {
  /** Flows per second over the source period. */
  readonly flowsPerSecond: number
  /**
   * The gaps between consecutive flow starts, in seconds, multiplied by the hour's relative intensity (so that
   * dividing by it at generation restores the daily shape), as the means of equal-count cells of the sorted gaps
   * (every gap when there are few): dealing them evenly keeps both their distribution and their mean.
   */
  readonly gaps: readonly number[]
  /** First flow start (seconds since the epoch). */
  readonly firstStart: number
  /** Seconds from the first flow start to the last plus one mean gap: how long the source kept starting flows. */
  readonly activeSeconds: number
  /** Relative flow intensity per UTC hour (mean 1) when the source spans a day or more; else null. */
  readonly hourProfile: readonly number[] | null
}

export interface TwinModelSource {
  readonly kind: 'capture' | 'baseline'
  readonly fileName: string | null
  readonly start: number
  readonly end: number
  readonly flows: number
  readonly packets: number
  /** Flows the model does not reproduce (non-IP other than ARP, IP protocols other than TCP/UDP/ICMP). */
  readonly skippedFlows: number
}

export interface TwinModel {
  readonly kind: typeof TWIN_MODEL_KIND
  readonly version: typeof TWIN_MODEL_VERSION
  readonly source: TwinModelSource
  readonly hosts: readonly TwinHost[]
  /** MAC that frames to and from external hosts carry (the router); null: a made-up one. */
  readonly gatewayMac: string | null
  readonly services: readonly TwinService[]
  readonly arrivals: TwinArrivals
  readonly dns: readonly DnsName[]
  readonly sni: readonly WeightedName[]
  readonly tls: readonly TlsFingerprint[]
  readonly httpHosts: readonly WeightedName[]
  /** Handshake RTT quantiles (seconds) over all TCP flows; null when none was seen. */
  readonly rtt: readonly number[] | null
  /** Quantiles of the per-flow jitter (mean |difference of consecutive gaps|, seconds); null when none. */
  readonly jitter: readonly number[] | null
}
