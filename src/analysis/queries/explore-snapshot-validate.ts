/**
 * Checks an ExploreSnapshot read back from IndexedDB or a session file before any query touches it: the
 * right format and version, typed arrays of the right kind and length, address ids inside the address list,
 * fact rows of the right shape. Anything else is rejected with a message (never repaired, never merged).
 */
import { HISTORY_INLINE } from '../../flows/flow-columns.ts'
import { EXPLORE_SNAPSHOT_FORMAT, EXPLORE_SNAPSHOT_VERSION, FLOW_COLUMN_NAMES, type ExploreSnapshot } from './explore-snapshot.ts'
import type { FactRow } from './explore-types.ts'

type ArrayClass = Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor

const FLOW_COLUMN_TYPES: Readonly<Record<(typeof FLOW_COLUMN_NAMES)[number], ArrayClass>> = {
  kind: Uint8Array, proto: Uint8Array, origAddr: Uint32Array, respAddr: Uint32Array, origMac: Uint32Array, respMac: Uint32Array,
  origPort: Uint16Array, respPort: Uint16Array, vlan: Uint16Array, first: Float64Array, last: Float64Array, origPkts: Uint32Array,
  respPkts: Uint32Array, origBytes: Float64Array, respBytes: Float64Array, state: Uint8Array, flags: Uint8Array, app: Uint8Array,
  handshakeRtt: Float32Array, jitter: Float32Array, retransOrig: Uint32Array, retransResp: Uint32Array,
}
const CONVERSATION_COLUMNS: Readonly<Record<string, ArrayClass>> = {
  addrA: Uint32Array, addrB: Uint32Array, portA: Uint16Array, portB: Uint16Array, packetsAB: Float64Array, packetsBA: Float64Array,
  bytesAB: Float64Array, bytesBA: Float64Array, first: Float64Array, last: Float64Array,
}
const FACT_TEXT = ['dnsQuery', 'tlsSni', 'ja3', 'ja4', 'httpHost', 'httpMethod', 'httpUri', 'httpUserAgent', 'dhcpHostName'] as const
const FACT_NUMBERS = ['dnsQtype', 'dnsRcode'] as const
const FACT_LISTS = ['dnsAnswers', 'tlsAlpn'] as const
const FACT_KEYS = new Set<string>([...FACT_TEXT, ...FACT_NUMBERS, ...FACT_LISTS])
/** Longer strings than any decoder produces are not from nettwin. */
const MAX_TEXT = 8192
const MAX_LIST = 256

class Invalid extends Error {
  constructor(why: string) {
    super(`The stored exploration data is invalid: ${why}.`)
    this.name = 'InvalidExploreSnapshot'
  }
}

function record(x: unknown, what: string): Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Invalid(`${what} is not an object`)
  return x as Record<string, unknown>
}

function count(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) throw new Invalid(`${what} is not a count`)
  return x
}

function column(x: unknown, type: ArrayClass, length: number, what: string): void {
  if (!(x instanceof type)) throw new Invalid(`${what} is not a ${type.name}`)
  if (x.length !== length) throw new Invalid(`${what} has ${x.length} values, not ${length}`)
}

function ids(x: Uint32Array, size: number, what: string): void {
  for (let i = 0; i < x.length; i++) if (x[i] >= size) throw new Invalid(`${what} refers to address ${x[i]} of ${size}`)
}

function text(x: unknown, what: string): void {
  if (x !== null && (typeof x !== 'string' || x.length > MAX_TEXT)) throw new Invalid(`${what} is not text`)
}

function factRow(x: unknown, what: string): FactRow {
  const r = record(x, what)
  for (const k of Object.keys(r)) if (!FACT_KEYS.has(k)) throw new Invalid(`${what} has an unknown field`)
  for (const k of FACT_TEXT) text(r[k], `${what}.${k}`)
  for (const k of FACT_NUMBERS) if (r[k] !== null && (typeof r[k] !== 'number' || !Number.isFinite(r[k]))) throw new Invalid(`${what}.${k} is not a number`)
  for (const k of FACT_LISTS) {
    const list = r[k]
    if (!Array.isArray(list) || list.length > MAX_LIST) throw new Invalid(`${what}.${k} is not a list`)
    for (const v of list) if (typeof v !== 'string' || v.length > MAX_TEXT) throw new Invalid(`${what}.${k} holds something other than text`)
  }
  return r as unknown as FactRow
}

/** Returns the value as an ExploreSnapshot, or throws an Error saying what is wrong with it. */
export function validateExploreSnapshot(value: unknown): ExploreSnapshot {
  const s = record(value, 'the snapshot')
  if (s.format !== EXPLORE_SNAPSHOT_FORMAT) throw new Invalid('it is not nettwin exploration data')
  if (s.version !== EXPLORE_SNAPSHOT_VERSION) throw new Invalid(`version ${String(s.version).slice(0, 20)} is not supported`)
  for (const k of ['captureStart', 'captureEnd']) if (typeof s[k] !== 'number' || !Number.isFinite(s[k])) throw new Invalid(`${k} is not a time`)
  if (typeof s.vlanKeyed !== 'boolean') throw new Invalid('vlanKeyed is not true or false')
  const a = record(s.addresses, 'addresses')
  if (!(a.kinds instanceof Uint8Array) || a.kinds.length < 1) throw new Invalid('addresses.kinds is not a Uint8Array')
  const size = a.kinds.length
  if (!Array.isArray(a.text) || a.text.length !== size) throw new Invalid('addresses.text does not match addresses.kinds')
  for (const t of a.text) if (typeof t !== 'string' || t.length > 64) throw new Invalid('addresses.text holds something other than an address')
  for (const k of a.kinds) if (k !== 0 && k !== 4 && k !== 6 && k !== 48) throw new Invalid('addresses.kinds holds an unknown kind')
  const f = record(s.flows, 'flows')
  const n = count(f.count, 'flows.count')
  for (const name of FLOW_COLUMN_NAMES) column(f[name], FLOW_COLUMN_TYPES[name], n, `flows.${name}`)
  for (const name of ['origAddr', 'respAddr', 'origMac', 'respMac'] as const) ids(f[name] as Uint32Array, size, `flows.${name}`)
  column(f.history, Uint8Array, n * HISTORY_INLINE, 'flows.history')
  if (!Array.isArray(f.longHistory)) throw new Invalid('flows.longHistory is not a list')
  for (const e of f.longHistory as unknown[]) {
    if (!Array.isArray(e) || e.length !== 2 || count(e[0], 'a long history id') >= n || typeof e[1] !== 'string' || e[1].length > 255) {
      throw new Invalid('flows.longHistory holds a bad entry')
    }
  }
  if (!Array.isArray(s.facts)) throw new Invalid('facts is not a list')
  for (const e of s.facts as unknown[]) {
    if (!Array.isArray(e) || e.length !== 2 || count(e[0], 'a fact id') >= n) throw new Invalid('facts holds a bad entry')
    factRow(e[1], 'a fact row')
  }
  const c = record(s.conversations, 'conversations')
  for (const kind of ['eth', 'ip', 'tcp', 'udp']) {
    const t = record(c[kind], `conversations.${kind}`)
    const rows = count(t.rows, `conversations.${kind}.rows`)
    for (const [name, type] of Object.entries(CONVERSATION_COLUMNS)) column(t[name], type, rows, `conversations.${kind}.${name}`)
    ids(t.addrA as Uint32Array, size, `conversations.${kind}.addrA`)
    ids(t.addrB as Uint32Array, size, `conversations.${kind}.addrB`)
  }
  return value as ExploreSnapshot
}
