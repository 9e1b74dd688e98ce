/**
 * Baseline files: `baselineToJSON` writes the artifact, `parseBaseline` reads one back with strict validation
 * (RELIABILITY.md: version required, unknown keys rejected, sizes capped, no deep merge, `__proto__` and
 * `constructor` keys harmless). A file from a newer version is refused with a message that says so.
 */
import type { Band, Quantiles } from './robust-stats.ts'
import { arr, bool, int, literal, nullable, num, obj, SchemaError, str, type Check } from './strict-json.ts'
import { BASELINE_KIND, BASELINE_LIMITS, BASELINE_VERSION, type Baseline, type HostBaseline, type ServiceBaseline } from './types.ts'

const L = BASELINE_LIMITS
const time = num(-1e12, 1e12)
const nonNeg = num(0, Number.MAX_VALUE)
const text = str(L.stringLength)

const band: Check<Band> = obj({ median: nonNeg, mad: nonNeg, p95: nonNeg, max: nonNeg, ewma: nonNeg, ewmStd: nonNeg, windows: int(0, 1e9) })
const quantiles: Check<Quantiles | null> = nullable(obj({ p50: num(), p90: num(), p99: num(), n: int(0, 1e12) }))
const mix = arr(obj({ key: text, share: num(0, 1) }), L.mixEntries)
const strings = (max: number) => arr(text, max)

const host: Check<HostBaseline> = obj({
  addr: text,
  internal: bool,
  firstSeen: time,
  packetsOut: band,
  bytesOut: band,
  bytesIn: band,
  flowsOut: band,
  fanOut: obj({ hosts: int(0, 1e9), ports: int(0, 1e9), failed: int(0, 1e12) }),
  totalBytesOut: nonNeg,
  totalBytesIn: nonNeg,
  failedRatio: num(0, 1),
  peers: strings(L.peersPerHost),
  peersTruncated: bool,
  served: strings(L.portsPerHost),
  used: strings(L.portsPerHost),
})

const service: Check<ServiceBaseline> = obj({
  key: text,
  servers: int(0, 1e12),
  clients: int(0, 1e12),
  flows: int(0, 1e15),
  durations: quantiles,
  bytes: quantiles,
  rtt: quantiles,
})

const baselineCheck: Check<Baseline> = obj({
  kind: literal(BASELINE_KIND),
  version: literal(BASELINE_VERSION),
  source: obj({ fileName: nullable(text), start: time, end: time, fraction: nullable(num(0, 1)), inputStart: time, inputEnd: time }),
  windowSeconds: num(1e-3, 86400),
  scanWindowSeconds: num(1e-3, 86400),
  global: obj({
    packets: band,
    bytes: band,
    flows: band,
    failed: band,
    dnsQueries: band,
    tlsHandshakes: band,
    synPackets: band,
    protocolMix: mix,
    portMix: mix,
    durations: quantiles,
    rtt: quantiles,
    jitter: quantiles,
    retransmissionRatio: num(0, 1e6),
    dnsNameLength: quantiles,
    dnsNameEntropy: quantiles,
    tls: obj({ handshakes: int(0, 1e15), ja3: strings(L.fingerprints), ja4: strings(L.fingerprints), sni: strings(L.fingerprints) }),
    hourOfDay: nullable(arr(num(0, 1), 24, 24)),
    totalFlows: nonNeg,
    totalPackets: nonNeg,
    totalBytes: nonNeg,
  }),
  hosts: arr(host, L.hosts),
  services: arr(service, L.services),
  edges: strings(L.edges),
  truncated: obj({ hosts: bool, services: bool, edges: bool }),
  thin: bool,
})

/** The baseline as JSON text. Non-finite numbers (which a valid baseline never holds) are written as 0. */
export function baselineToJSON(b: Baseline, indent = 0): string {
  return JSON.stringify(b, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? 0 : value), indent)
}

export type ParseBaselineResult = { readonly ok: true; readonly baseline: Baseline } | { readonly ok: false; readonly error: string }

/** Reads a baseline from JSON text (or an already parsed value); never throws. */
export function parseBaseline(input: string | unknown): ParseBaselineResult {
  let value: unknown = input
  if (typeof input === 'string') {
    if (input.length > L.jsonBytes) return { ok: false, error: `baseline file larger than ${L.jsonBytes} characters` }
    try {
      value = JSON.parse(input)
    } catch (e) {
      return { ok: false, error: `not JSON: ${e instanceof Error ? e.message.slice(0, 200) : 'parse error'}` }
    }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>
    if (Object.prototype.hasOwnProperty.call(v, 'kind') && v.kind !== BASELINE_KIND) return { ok: false, error: 'not a nettwin baseline (kind)' }
    if (!Object.prototype.hasOwnProperty.call(v, 'version')) return { ok: false, error: 'baseline has no version' }
    if (typeof v.version === 'number' && v.version > BASELINE_VERSION) {
      return { ok: false, error: `baseline version ${v.version} is newer than this nettwin reads (${BASELINE_VERSION})` }
    }
  }
  try {
    const baseline = baselineCheck(value, '')
    if (baseline.source.end < baseline.source.start) return { ok: false, error: 'source.end is before source.start' }
    return { ok: true, baseline }
  } catch (e) {
    if (e instanceof SchemaError) return { ok: false, error: e.message }
    if (e instanceof RangeError) return { ok: false, error: 'baseline too deeply nested or too large' }
    throw e
  }
}
