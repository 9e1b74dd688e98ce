/**
 * What a stored session keeps so the exploration views answer without the capture file: the flow columns,
 * the flows' application facts, the four conversation tables and the address texts. Everything else the
 * views show (endpoints, topology and roles, host details, replay frames) is derived from these by the same
 * query code that serves a live analysis. The snapshot is plain data (typed arrays, strings, arrays): it
 * survives structured clone and IndexedDB; big typed arrays can be stored in chunks and concatenated back.
 * Read back, it must pass validateExploreSnapshot (explore-snapshot-validate.ts) before use.
 */
import { HISTORY_INLINE } from '../../flows/flow-columns.ts'
import type { CaptureAnalysis } from '../capture-analysis.ts'
import { AddressBook } from './address-book.ts'
import { liveExploreData } from './explore-live.ts'
import type { ConversationTableKind, ConversationView, ExploreData, ExploreFlowColumns, FactRow } from './explore-types.ts'

export const EXPLORE_SNAPSHOT_FORMAT = 'nettwin-explore'
export const EXPLORE_SNAPSHOT_VERSION = 1

type Columns = Omit<ExploreFlowColumns, 'count'>

export interface FlowColumnsSnapshot extends Columns {
  readonly count: number
  /** HISTORY_INLINE bytes per flow: a length byte and up to 11 letters. */
  readonly history: Uint8Array
  /** Letters past the inline ones, by flow id. */
  readonly longHistory: readonly (readonly [number, string])[]
}

export interface ConversationSnapshot {
  readonly rows: number
  readonly addrA: Uint32Array
  readonly addrB: Uint32Array
  readonly portA: Uint16Array
  readonly portB: Uint16Array
  readonly packetsAB: Float64Array
  readonly packetsBA: Float64Array
  readonly bytesAB: Float64Array
  readonly bytesBA: Float64Array
  readonly first: Float64Array
  readonly last: Float64Array
}

export interface ExploreSnapshot {
  readonly format: typeof EXPLORE_SNAPSHOT_FORMAT
  readonly version: typeof EXPLORE_SNAPSHOT_VERSION
  readonly captureStart: number
  readonly captureEnd: number
  readonly vlanKeyed: boolean
  /** By address id: AddrKind (4, 6, 48; 0 for id 0) and text ('' for id 0). */
  readonly addresses: { readonly kinds: Uint8Array; readonly text: readonly string[] }
  readonly flows: FlowColumnsSnapshot
  readonly facts: readonly (readonly [number, FactRow])[]
  readonly conversations: Readonly<Record<ConversationTableKind, ConversationSnapshot>>
}

/** The typed-array flow columns, by name (the keys of FlowColumnsSnapshot that hold one element per flow). */
export const FLOW_COLUMN_NAMES = [
  'kind', 'proto', 'origAddr', 'respAddr', 'origMac', 'respMac', 'origPort', 'respPort', 'vlan', 'first', 'last',
  'origPkts', 'respPkts', 'origBytes', 'respBytes', 'state', 'flags', 'app', 'handshakeRtt', 'jitter', 'retransOrig',
  'retransResp',
] as const satisfies readonly (keyof Columns)[]

function conversationSnapshot(v: ConversationView): ConversationSnapshot {
  const n = v.rows
  const s = {
    rows: n, addrA: new Uint32Array(n), addrB: new Uint32Array(n), portA: new Uint16Array(n), portB: new Uint16Array(n),
    packetsAB: new Float64Array(n), packetsBA: new Float64Array(n), bytesAB: new Float64Array(n), bytesBA: new Float64Array(n),
    first: new Float64Array(n), last: new Float64Array(n),
  }
  for (let r = 0; r < n; r++) {
    s.addrA[r] = v.addrA(r)
    s.addrB[r] = v.addrB(r)
    s.portA[r] = v.portA(r)
    s.portB[r] = v.portB(r)
    s.packetsAB[r] = v.packetsAB(r)
    s.packetsBA[r] = v.packetsBA(r)
    s.bytesAB[r] = v.bytesAB(r)
    s.bytesBA[r] = v.bytesBA(r)
    s.first[r] = v.first(r)
    s.last[r] = v.last(r)
  }
  return s
}

/** Copies what the exploration views need out of an analysis (after finish(), or mid-read for a partial view). */
export function exploreSnapshot(analysis: CaptureAnalysis): ExploreSnapshot {
  const d = liveExploreData(analysis)
  const f = d.flows
  const n = f.count
  const columns = {} as Record<(typeof FLOW_COLUMN_NAMES)[number], ExploreFlowColumns[(typeof FLOW_COLUMN_NAMES)[number]]>
  for (const name of FLOW_COLUMN_NAMES) columns[name] = f[name].slice(0, n)
  const src = analysis.flows.columns
  const longHistory: [number, string][] = []
  for (const [id, extra] of src.longHistory) if (id < n) longHistory.push([id, extra])
  const size = analysis.ctx.addresses.size
  const kinds = new Uint8Array(size)
  const text: string[] = new Array<string>(size)
  text[0] = ''
  for (let id = 1; id < size; id++) {
    kinds[id] = d.addresses.kind(id)
    text[id] = d.addresses.text(id)
  }
  const c = d.conversations
  return {
    format: EXPLORE_SNAPSHOT_FORMAT,
    version: EXPLORE_SNAPSHOT_VERSION,
    captureStart: d.captureStart,
    captureEnd: d.captureEnd,
    vlanKeyed: d.vlanKeyed,
    addresses: { kinds, text },
    flows: { count: n, ...(columns as unknown as Columns), history: src.history.slice(0, n * HISTORY_INLINE), longHistory },
    facts: [...d.facts],
    conversations: { eth: conversationSnapshot(c.eth), ip: conversationSnapshot(c.ip), tcp: conversationSnapshot(c.tcp), udp: conversationSnapshot(c.udp) },
  }
}

class StoredConversations implements ConversationView {
  constructor(private readonly s: ConversationSnapshot) {}
  get rows(): number { return this.s.rows }
  addrA(r: number): number { return this.s.addrA[r] }
  addrB(r: number): number { return this.s.addrB[r] }
  portA(r: number): number { return this.s.portA[r] }
  portB(r: number): number { return this.s.portB[r] }
  packetsAB(r: number): number { return this.s.packetsAB[r] }
  packetsBA(r: number): number { return this.s.packetsBA[r] }
  bytesAB(r: number): number { return this.s.bytesAB[r] }
  bytesBA(r: number): number { return this.s.bytesBA[r] }
  first(r: number): number { return this.s.first[r] }
  last(r: number): number { return this.s.last[r] }
}

/** ExploreData over a (validated) snapshot. */
export function storedExploreData(s: ExploreSnapshot): ExploreData {
  const long = new Map(s.flows.longHistory)
  const h = s.flows.history
  const text = s.addresses.text
  const kinds = s.addresses.kinds
  return {
    flows: s.flows,
    history(id) {
      const o = id * HISTORY_INLINE
      const len = Math.min(h[o] ?? 0, HISTORY_INLINE - 1)
      let out = ''
      for (let k = 0; k < len; k++) out += String.fromCharCode(h[o + 1 + k])
      return len === HISTORY_INLINE - 1 ? out + (long.get(id) ?? '') : out
    },
    facts: new Map(s.facts),
    addresses: new AddressBook({ size: text.length, kind: (id) => kinds[id] ?? 0, format: (id) => text[id] ?? '' }),
    conversations: {
      eth: new StoredConversations(s.conversations.eth),
      ip: new StoredConversations(s.conversations.ip),
      tcp: new StoredConversations(s.conversations.tcp),
      udp: new StoredConversations(s.conversations.udp),
    },
    captureStart: s.captureStart,
    captureEnd: s.captureEnd,
    vlanKeyed: s.vlanKeyed,
    generation: 0,
  }
}
