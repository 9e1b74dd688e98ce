/**
 * A traffic table's flow records (Zeek conn.log, CIC-IDS2017, UNSW-NB15, Argus, NSL-KDD, Suricata eve, mapped
 * CSVs: src/formats/tables) as an ExploreSnapshot, the input the exploration views already read for a stored
 * session. So the flows, conversations and endpoints tables, the topology and host details answer for a table
 * with the same query code as for a capture, and a table session stores exactly this snapshot.
 *
 * Records keep file order within equal start times and come in start-time order; records with no time (NSL-KDD)
 * follow in file order. What a table does not say stays unknown where the columns can hold it: times and bytes
 * are NaN (never 0); packet counts, which the columns hold as integers, are 0 and `unknownPackets` says so.
 * Conversations are summed from the records per address pair (IP) and per address-and-port pair (TCP, UDP),
 * side A being the originator of the pair's first record; a table has no Ethernet conversations.
 */
import { CONN_STATE_NAMES, ConnState } from '../../flows/conn-state.ts'
import { FlowFlag, HISTORY_INLINE } from '../../flows/flow-columns.ts'
import { FlowKind } from '../../flows/flow-key.ts'
import type { FlowRecordBatch } from '../../formats/tables/table-model.ts'
import { parseIPv4, parseIPv6 } from '../../lib/anonymize/address-text.ts'
import { AddressTable } from '../../model/address-table.ts'
import { EXPLORE_SNAPSHOT_FORMAT, EXPLORE_SNAPSHOT_VERSION, type ConversationSnapshot, type ExploreSnapshot } from './explore-snapshot.ts'

const PROTOCOLS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, 'ipv6-icmp': 58, sctp: 132, gre: 47, esp: 50, igmp: 2 }
const ESTABLISHED = new Set<number>([ConnState.SF, ConnState.S1, ConnState.S2, ConnState.S3, ConnState.RSTO, ConnState.RSTR])

/** The snapshot plus what the table could not say. */
export interface TableExplore {
  readonly snapshot: ExploreSnapshot
  /** True when no record gave packet counts (the packet columns then read 0 for "unknown"). */
  readonly unknownPackets: boolean
}

function addressOf(addresses: AddressTable, text: string): number {
  const v4 = parseIPv4(text)
  if (v4 !== null) return addresses.ipv4(((v4[0] << 24) | (v4[1] << 16) | (v4[2] << 8) | v4[3]) >>> 0)
  const v6 = parseIPv6(text)
  return v6 !== null ? addresses.ipv6(v6, 0) : 0
}

const known = (x: number): number => (Number.isFinite(x) && x >= 0 ? x : NaN)

/** Builds the exploration snapshot of every flow record of a table read. */
export function tableExplore(batches: readonly FlowRecordBatch[]): TableExplore {
  let n = 0
  for (const b of batches) n += b.count
  // Order: by start time (unknown last), then file order.
  const batchOf = new Uint32Array(n)
  const rowOf = new Uint32Array(n)
  const start = new Float64Array(n)
  let k = 0
  batches.forEach((b, bi) => {
    for (let r = 0; r < b.count; r++, k++) {
      batchOf[k] = bi
      rowOf[k] = r
      start[k] = b.startTime[r]
    }
  })
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((x, y) => {
    const a = start[x]
    const b = start[y]
    const an = a === a
    const bn = b === b
    if (an !== bn) return an ? -1 : 1
    return (an && a !== b ? a - b : 0) || x - y
  })

  const addresses = new AddressTable()
  const addressIds = new Map<string, number>()
  const idOf = (text: string): number => {
    let id = addressIds.get(text)
    if (id === undefined) {
      id = addressOf(addresses, text)
      addressIds.set(text, id)
    }
    return id
  }
  const f = {
    count: n, kind: new Uint8Array(n), proto: new Uint8Array(n), origAddr: new Uint32Array(n), respAddr: new Uint32Array(n),
    origMac: new Uint32Array(n), respMac: new Uint32Array(n), origPort: new Uint16Array(n), respPort: new Uint16Array(n),
    vlan: new Uint16Array(n).fill(0xffff), first: new Float64Array(n), last: new Float64Array(n), origPkts: new Uint32Array(n),
    respPkts: new Uint32Array(n), origBytes: new Float64Array(n), respBytes: new Float64Array(n), state: new Uint8Array(n),
    flags: new Uint8Array(n), app: new Uint8Array(n), handshakeRtt: new Float32Array(n).fill(NaN), jitter: new Float32Array(n).fill(NaN),
    retransOrig: new Uint32Array(n), retransResp: new Uint32Array(n), history: new Uint8Array(n * HISTORY_INLINE),
    longHistory: [] as [number, string][],
  }
  let anyPackets = false
  let first = Infinity
  let last = -Infinity
  for (let id = 0; id < n; id++) {
    const i = order[id]
    const b = batches[batchOf[i]]
    const r = rowOf[i]
    const s = b.strings
    const proto = s[b.protocol[r]] ?? ''
    f.kind[id] = proto === 'arp' ? FlowKind.ARP : FlowKind.IP
    f.proto[id] = PROTOCOLS[proto] ?? (/^\d{1,3}$/.test(proto) ? Number(proto) & 255 : 0)
    f.origAddr[id] = idOf(s[b.srcAddr[r]] ?? '')
    f.respAddr[id] = idOf(s[b.dstAddr[r]] ?? '')
    f.origPort[id] = b.srcPort[r] >= 0 ? b.srcPort[r] & 0xffff : 0
    f.respPort[id] = b.dstPort[r] >= 0 ? b.dstPort[r] & 0xffff : 0
    const t = b.startTime[r]
    const duration = known(b.duration[r])
    f.first[id] = t
    f.last[id] = t + (duration === duration ? duration : 0)
    if (t === t) {
      if (t < first) first = t
      if (f.last[id] > last) last = f.last[id]
    }
    const op = known(b.origPkts[r])
    const rp = known(b.respPkts[r])
    if (op === op || rp === rp) anyPackets = true
    f.origPkts[id] = op === op ? Math.min(0xffffffff, op) : 0
    f.respPkts[id] = rp === rp ? Math.min(0xffffffff, rp) : 0
    // IP bytes when the table has them, else payload bytes (CIC, NSL-KDD), else unknown.
    const ob = known(b.origBytes[r])
    const rb = known(b.respBytes[r])
    f.origBytes[id] = ob === ob ? ob : known(b.origPayloadBytes[r])
    f.respBytes[id] = rb === rb ? rb : known(b.respPayloadBytes[r])
    const stateIndex = CONN_STATE_NAMES.indexOf((s[b.connState[r]] ?? '') as (typeof CONN_STATE_NAMES)[number])
    const state = stateIndex >= 0 ? stateIndex : ConnState.OTH
    f.state[id] = state
    if (ESTABLISHED.has(state)) f.flags[id] = FlowFlag.Handshake | FlowFlag.SynSeen | FlowFlag.SynAckSeen
    else if (state === ConnState.S0 || state === ConnState.REJ || state === ConnState.RSTOS0 || state === ConnState.SH) f.flags[id] = FlowFlag.SynSeen
    writeHistory(f.history, f.longHistory, id, s[b.history[r]] ?? '')
  }
  const kinds = new Uint8Array(addresses.size)
  const text: string[] = ['']
  for (let id = 1; id < addresses.size; id++) {
    kinds[id] = addresses.kind(id)
    text.push(addresses.format(id))
  }
  const hasTime = first <= last
  return {
    unknownPackets: n > 0 && !anyPackets,
    snapshot: {
      format: EXPLORE_SNAPSHOT_FORMAT,
      version: EXPLORE_SNAPSHOT_VERSION,
      captureStart: hasTime ? first : 0,
      captureEnd: hasTime ? last : 0,
      vlanKeyed: false,
      addresses: { kinds, text },
      flows: f,
      facts: [],
      conversations: { eth: conversations(f, false, 0), ip: conversations(f, false, -1), tcp: conversations(f, true, 6), udp: conversations(f, true, 17) },
    },
  }
}

/** Zeek history letters in the inline layout of flow-columns.ts (a length byte, 11 letters, the rest apart). */
function writeHistory(out: Uint8Array, long: [number, string][], id: number, history: string): void {
  const inline = HISTORY_INLINE - 1
  const letters = history.slice(0, 255)
  const o = id * HISTORY_INLINE
  const n = Math.min(letters.length, inline)
  out[o] = n
  for (let j = 0; j < n; j++) out[o + 1 + j] = letters.charCodeAt(j) & 0xff
  if (letters.length > inline) long.push([id, letters.slice(inline)])
}

type Flows = TableExplore['snapshot']['flows']

/**
 * One conversation table summed from the records: `proto` -1 for IP (every IP record, by address pair), 6 or 17
 * for TCP or UDP (by address and port pair), 0 for none (Ethernet). Unknown byte counts add as 0.
 */
function conversations(f: Flows, withPorts: boolean, proto: number): ConversationSnapshot {
  const rows = new Map<string, number>()
  const acc: { a: number; b: number; pa: number; pb: number; pAB: number; pBA: number; bAB: number; bBA: number; first: number; last: number }[] = []
  if (proto !== 0) {
    for (let id = 0; id < f.count; id++) {
      if (f.kind[id] !== FlowKind.IP || f.origAddr[id] === 0 || f.respAddr[id] === 0) continue
      if (proto > 0 && f.proto[id] !== proto) continue
      const o = `${f.origAddr[id]}:${withPorts ? f.origPort[id] : 0}`
      const r = `${f.respAddr[id]}:${withPorts ? f.respPort[id] : 0}`
      const key = o < r ? `${o}|${r}` : `${r}|${o}`
      let row = rows.get(key)
      const bytesO = f.origBytes[id] === f.origBytes[id] ? f.origBytes[id] : 0
      const bytesR = f.respBytes[id] === f.respBytes[id] ? f.respBytes[id] : 0
      if (row === undefined) {
        row = acc.length
        rows.set(key, row)
        acc.push({ a: f.origAddr[id], b: f.respAddr[id], pa: withPorts ? f.origPort[id] : 0, pb: withPorts ? f.respPort[id] : 0, pAB: 0, pBA: 0, bAB: 0, bBA: 0, first: f.first[id], last: f.last[id] })
      }
      const c = acc[row]
      const forward = c.a === f.origAddr[id] && c.pa === (withPorts ? f.origPort[id] : 0)
      c.pAB += forward ? f.origPkts[id] : f.respPkts[id]
      c.pBA += forward ? f.respPkts[id] : f.origPkts[id]
      c.bAB += forward ? bytesO : bytesR
      c.bBA += forward ? bytesR : bytesO
      if (f.first[id] < c.first || c.first !== c.first) c.first = f.first[id]
      if (f.last[id] > c.last || c.last !== c.last) c.last = f.last[id]
    }
  }
  const n = acc.length
  const s = {
    rows: n, addrA: new Uint32Array(n), addrB: new Uint32Array(n), portA: new Uint16Array(n), portB: new Uint16Array(n),
    packetsAB: new Float64Array(n), packetsBA: new Float64Array(n), bytesAB: new Float64Array(n), bytesBA: new Float64Array(n),
    first: new Float64Array(n), last: new Float64Array(n),
  }
  acc.forEach((c, i) => {
    s.addrA[i] = c.a
    s.addrB[i] = c.b
    s.portA[i] = c.pa
    s.portB[i] = c.pb
    s.packetsAB[i] = c.pAB
    s.packetsBA[i] = c.pBA
    s.bytesAB[i] = c.bAB
    s.bytesBA[i] = c.bBA
    s.first[i] = c.first
    s.last[i] = c.last
  })
  return s
}
