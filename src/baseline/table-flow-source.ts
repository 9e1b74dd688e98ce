/**
 * A flow source from flow records read out of a table (Zeek conn.log, Argus binetflow, CIC-IDS2017 /
 * CICFlowMeter, Suricata flows, mapped CSVs: src/formats/tables), so the baseline and the detectors run on
 * tables as on captures. Records become rows of a FlowColumns in start-time order; addresses are interned
 * into a fresh address table (cells that are not IPv4/IPv6 addresses leave the address empty); conn_state and
 * history come across when the table has them (the handshake flag is inferred from conn_state); what a table
 * does not say (RTT, jitter, entropy) stays unknown. `labelOf[flowId]` keeps each record's label for scoring.
 */
import { AddressTable } from '../model/address-table.ts'
import { CONN_STATE_NAMES, ConnState } from '../flows/conn-state.ts'
import { FlowColumns, FlowFlag, EndReason } from '../flows/flow-columns.ts'
import { FlowKind } from '../flows/flow-key.ts'
import type { FlowRecordBatch } from '../formats/tables/table-model.ts'
import type { FlowSource } from './flow-source.ts'

export interface TableFlowSource extends FlowSource {
  /** Label id (into labelNames) of the record behind each flow id; 0 = unlabelled. */
  readonly labelOf: Uint32Array
  readonly labelNames: readonly string[]
  /** Records skipped: no usable start time. */
  readonly skipped: number
}

const PROTOCOLS: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, 'ipv6-icmp': 58, sctp: 132, gre: 47, esp: 50, igmp: 2 }
const ESTABLISHED = new Set<number>([ConnState.SF, ConnState.S1, ConnState.S2, ConnState.S3, ConnState.RSTO, ConnState.RSTR])

function parseIPv4(s: string): number | null {
  const parts = s.split('.')
  if (parts.length !== 4) return null
  let v = 0
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null
    const n = Number(p)
    if (n > 255) return null
    v = v * 256 + n
  }
  return v
}

/** RFC 4291 text form to 16 bytes (with "::" and an embedded IPv4 tail), or null. */
function parseIPv6(s: string): Uint8Array | null {
  if (!s.includes(':') || s.length > 45) return null
  const halves = s.split('::')
  if (halves.length > 2) return null
  const groups = (h: string): string[] => (h === '' ? [] : h.split(':'))
  let head = groups(halves[0])
  let tail = halves.length === 2 ? groups(halves[1]) : []
  const expand = (list: string[]): string[] | null => {
    const last = list[list.length - 1]
    if (last === undefined || !last.includes('.')) return list
    const v4 = parseIPv4(last)
    return v4 === null ? null : [...list.slice(0, -1), (v4 >>> 16).toString(16), (v4 & 0xffff).toString(16)]
  }
  const h = expand(head)
  if (h === null) return null
  head = h
  if (halves.length === 2) {
    const t = expand(tail)
    if (t === null) return null
    tail = t
  }
  const missing = 8 - head.length - tail.length
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null
  const all = [...head, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  const out = new Uint8Array(16)
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(all[i])) return null
    const v = parseInt(all[i], 16)
    out[2 * i] = v >>> 8
    out[2 * i + 1] = v & 255
  }
  return out
}

function intern(addresses: AddressTable, cache: Map<string, number>, text: string): number {
  let id = cache.get(text)
  if (id === undefined) {
    const v4 = parseIPv4(text)
    const v6 = v4 === null ? parseIPv6(text) : null
    id = v4 !== null ? addresses.ipv4(v4) : v6 !== null ? addresses.ipv6(v6, 0) : 0
    cache.set(text, id)
  }
  return id
}

const finite = (x: number): number => (Number.isFinite(x) && x >= 0 ? x : 0)

/** Builds the flow source from every flow batch of a table read. */
export function tableFlowSource(batches: readonly FlowRecordBatch[]): TableFlowSource {
  const rows: { b: number; r: number; t: number }[] = []
  let skipped = 0
  batches.forEach((batch, b) => {
    for (let r = 0; r < batch.count; r++) {
      const t = batch.startTime[r]
      if (Number.isFinite(t)) rows.push({ b, r, t })
      else skipped++
    }
  })
  rows.sort((x, y) => x.t - y.t || x.b - y.b || x.r - y.r)
  const c = new FlowColumns(Math.max(16, rows.length))
  const addresses = new AddressTable()
  const cache = new Map<string, number>()
  const labelOf = new Uint32Array(rows.length)
  let start = Infinity
  let end = -Infinity
  rows.forEach(({ b, r, t }, id) => {
    const batch = batches[b]
    const s = batch.strings
    c.clear(id)
    const proto = s[batch.protocol[r]] ?? ''
    const arp = proto === 'arp'
    c.kind[id] = arp ? FlowKind.ARP : FlowKind.IP
    c.proto[id] = PROTOCOLS[proto] ?? (/^\d+$/.test(proto) ? Number(proto) & 255 : 0)
    c.vlan[id] = 0xffff
    c.origAddr[id] = intern(addresses, cache, s[batch.srcAddr[r]] ?? '')
    c.respAddr[id] = intern(addresses, cache, s[batch.dstAddr[r]] ?? '')
    c.origPort[id] = batch.srcPort[r] >= 0 ? batch.srcPort[r] & 0xffff : 0
    c.respPort[id] = batch.dstPort[r] >= 0 ? batch.dstPort[r] & 0xffff : 0
    const duration = finite(batch.duration[r])
    c.first[id] = t
    c.last[id] = t + duration
    c.origPkts[id] = Math.min(0xffffffff, finite(batch.origPkts[r]))
    c.respPkts[id] = Math.min(0xffffffff, finite(batch.respPkts[r]))
    c.origBytes[id] = finite(batch.origBytes[r])
    c.respBytes[id] = finite(batch.respBytes[r])
    c.origPayload[id] = finite(batch.origPayloadBytes[r])
    c.respPayload[id] = finite(batch.respPayloadBytes[r])
    const stateIndex = CONN_STATE_NAMES.indexOf((s[batch.connState[r]] ?? '') as (typeof CONN_STATE_NAMES)[number])
    const state = stateIndex >= 0 ? stateIndex : ConnState.OTH
    c.state[id] = state
    let flags = 0
    if (ESTABLISHED.has(state)) flags |= FlowFlag.Handshake | FlowFlag.SynSeen | FlowFlag.SynAckSeen
    else if (state === ConnState.S0 || state === ConnState.REJ || state === ConnState.RSTOS0 || state === ConnState.SH) flags |= FlowFlag.SynSeen
    c.flags[id] = flags
    c.endReason[id] = EndReason.EndOfCapture
    const history = s[batch.history[r]] ?? ''
    for (let k = 0; k < history.length && k < 255; k++) c.appendHistory(id, history.charCodeAt(k))
    labelOf[id] = batch.labels[r]
    if (t < start) start = t
    if (c.last[id] > end) end = c.last[id]
  })
  const last = batches[batches.length - 1]
  return {
    columns: c,
    count: rows.length,
    facts: null,
    addresses,
    series: null,
    start,
    end,
    partial: false,
    labelOf,
    labelNames: last === undefined ? [''] : last.labelNames,
    skipped,
  }
}
