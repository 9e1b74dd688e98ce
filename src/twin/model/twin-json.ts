/**
 * The TwinModel as JSON, and its strict reader: exact keys (unknown keys rejected), finite numbers in range,
 * capped strings and arrays, then the cross-checks a generator relies on (pair indexes inside the host list,
 * addresses and MACs that parse, names a DNS message or a ClientHello can carry). Never throws.
 */
import { arr, bool, int, literal, nullable, num, obj, SchemaError, str, type Check } from '../../baseline/strict-json.ts'
import { parseIp, parseMac } from '../craft/addresses.ts'
import { encodeDnsName } from '../craft/dns.ts'
import { isCraftableName } from './learn-facts.ts'
import { TWIN_LIMITS as L, TWIN_MODEL_KIND, TWIN_MODEL_VERSION, type TwinModel } from './types.ts'

const S = L.stringLength
const count = num(0, 1e15)
const seconds = num(0, 1e10)
const grid = (n: number): Check<number[]> => arr(num(0, 1e12), n)

function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (v, path) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw new SchemaError(path, `expected one of ${values.join(', ')}`)
    return v as T
  }
}

function tuple(items: readonly Check<number>[]): Check<number[]> {
  return (v, path) => {
    if (!Array.isArray(v) || v.length !== items.length) throw new SchemaError(path, `expected ${items.length} numbers`)
    return items.map((c, i) => c(v[i], `${path}[${i}]`))
  }
}

const hostCheck = obj({ addr: str(64), internal: bool, role: oneOf(['client', 'server', 'both'] as const), mac: nullable(str(17)) })
const serviceCheck = obj({
  key: str(32),
  proto: int(0, 255),
  port: int(0, 65535),
  tailPorts: arr(int(0, 65535), L.tailPorts),
  app: oneOf(['dns', 'tls', 'http', 'echo', 'icmp-error', 'arp', 'raw'] as const),
  flows: count,
  hours: nullable(arr(count, 24, 24)),
  edges: arr(tuple([int(0, L.hosts - 1), int(0, L.hosts - 1), num(0, 1e15)]), L.edgesPerService),
  shapes: arr(tuple([int(0, 1e9), int(0, 1e9), num(0, 1e15), num(0, 1e15), seconds, int(0, 2)]), L.shapesPerService),
  rtt: nullable(grid(L.quantiles)),
})
const weighted = obj({ name: str(S), weight: count })
const modelCheck = obj({
  kind: literal(TWIN_MODEL_KIND),
  version: literal(TWIN_MODEL_VERSION),
  source: obj({ kind: oneOf(['capture', 'baseline'] as const), fileName: nullable(str(4096)), start: seconds, end: seconds, flows: count, packets: count, skippedFlows: count }),
  hosts: arr(hostCheck, L.hosts),
  gatewayMac: nullable(str(17)),
  services: arr(serviceCheck, L.services),
  arrivals: obj({ flowsPerSecond: num(0, 1e9), gaps: arr(num(0, 1e9), 4096), firstStart: seconds, activeSeconds: seconds, hourProfile: nullable(arr(num(0, 1e6), 24, 24)) }),
  dns: arr(obj({ name: str(S), qtype: int(0, 65535), rcode: int(0, 15), weight: count, answers: arr(str(S + 8), L.answersPerName) }), L.names),
  sni: arr(weighted, L.names),
  tls: arr(obj({ cipherSuites: arr(int(0, 65535), 256), extensions: arr(int(0, 65535), L.listLength), alpn: arr(str(32), 8), versions: arr(int(0, 65535), 8), weight: count }), L.fingerprints),
  httpHosts: arr(weighted, L.names),
  rtt: nullable(grid(L.quantiles)),
  jitter: nullable(grid(L.quantiles)),
})

/** The model as JSON text. */
export function twinModelToJSON(model: TwinModel, indent = 0): string {
  return JSON.stringify(model, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? 0 : v), indent)
}

export type ParseTwinResult = { readonly ok: true; readonly model: TwinModel } | { readonly ok: false; readonly error: string }

function crossCheck(m: TwinModel): string | null {
  for (const [i, h] of m.hosts.entries()) {
    try {
      parseIp(h.addr)
      if (h.mac !== null) parseMac(h.mac)
    } catch {
      return `hosts[${i}]: bad address`
    }
  }
  if (m.gatewayMac !== null) {
    try {
      parseMac(m.gatewayMac)
    } catch {
      return 'gatewayMac: not a MAC address'
    }
  }
  for (const [i, s] of m.services.entries()) {
    if (s.edges.length === 0 || s.shapes.length === 0) return `services[${i}]: needs at least one pair and one shape`
    for (const e of s.edges) if (e[0] >= m.hosts.length || e[1] >= m.hosts.length) return `services[${i}]: pair refers to a missing host`
  }
  if (m.arrivals.gaps.length === 0) return 'arrivals.gaps: empty'
  for (const [i, d] of m.dns.entries()) {
    try {
      encodeDnsName(d.name)
    } catch {
      return `dns[${i}]: not a DNS name`
    }
  }
  for (const list of [m.sni, m.httpHosts]) for (const n of list) if (!isCraftableName(n.name)) return `not a host name: ${JSON.stringify(n.name.slice(0, 40))}`
  for (const t of m.tls) if (t.alpn.some((p) => !/^[\x21-\x7e]{1,32}$/.test(p))) return 'tls: ALPN names must be printable ASCII'
  return null
}

/** Reads a twin model from JSON text (or an already parsed value); never throws. */
export function parseTwinModel(input: string | unknown): ParseTwinResult {
  let value: unknown = input
  if (typeof input === 'string') {
    if (input.length > L.jsonBytes) return { ok: false, error: `twin model larger than ${L.jsonBytes} characters` }
    try {
      value = JSON.parse(input)
    } catch (e) {
      return { ok: false, error: `not JSON: ${e instanceof Error ? e.message.slice(0, 200) : 'parse error'}` }
    }
  }
  try {
    // tuple() checked the lengths of pairs and shapes, which the schema's types cannot express.
    const model = modelCheck(value, '') as unknown as TwinModel
    const bad = crossCheck(model)
    return bad === null ? { ok: true, model } : { ok: false, error: bad }
  } catch (e) {
    if (e instanceof SchemaError) return { ok: false, error: e.message }
    if (e instanceof RangeError) return { ok: false, error: 'twin model too large' }
    throw e
  }
}
