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

const finite = (x: number): number => (Number.isFinite(x) && x >= 0 ? x : 0)

/** Address id of a cell's text: 0 when it is neither an IPv4 nor an IPv6 address. */
function addressId(addresses: AddressTable, text: string): number {
  const v4 = parseIPv4(text)
  if (v4 !== null) return addresses.ipv4(v4)
  const v6 = parseIPv6(text)
  return v6 !== null ? addresses.ipv6(v6, 0) : 0
}

function protocolNumber(name: string): number {
  if (Object.hasOwn(PROTOCOLS, name)) return PROTOCOLS[name]
  return /^\d+$/.test(name) ? Number(name) & 255 : 0
}

/**
 * What a row's interned string ids mean to the flow columns, worked out once per distinct id rather than once
 * per row (a table has a handful of protocols and states, and addresses repeat). Slots hold value + 1, so 0 is
 * "not worked out yet". The ids index the read's shared, append-only string table: when a batch brings another
 * table (batches of two reads), the cache starts over.
 */
class StringIdCache {
  private strings: readonly string[] = []
  private address: Int32Array = new Int32Array(0)
  private protocol: Int32Array = new Int32Array(0)
  private connState: Int32Array = new Int32Array(0)

  constructor(private readonly addresses: AddressTable) {}

  use(strings: readonly string[]): void {
    if (strings === this.strings && this.address.length >= strings.length) return
    const n = strings.length
    const keep = strings === this.strings
    const grow = (old: Int32Array): Int32Array => {
      const next = new Int32Array(n)
      if (keep) next.set(old.subarray(0, Math.min(old.length, n)))
      return next
    }
    this.address = grow(this.address)
    this.protocol = grow(this.protocol)
    this.connState = grow(this.connState)
    this.strings = strings
  }

  addressOf(id: number): number {
    const known = this.address[id]
    if (known !== 0) return known - 1
    const v = addressId(this.addresses, this.strings[id] ?? '')
    this.address[id] = v + 1
    return v
  }

  protocolOf(id: number): number {
    const known = this.protocol[id]
    if (known !== 0) return known - 1
    const v = protocolNumber(this.strings[id] ?? '')
    this.protocol[id] = v + 1
    return v
  }

  /** Index into CONN_STATE_NAMES, or OTH for a state Zeek does not name. */
  connStateOf(id: number): number {
    const known = this.connState[id]
    if (known !== 0) return known - 1
    const index = CONN_STATE_NAMES.indexOf((this.strings[id] ?? '') as (typeof CONN_STATE_NAMES)[number])
    const v = index >= 0 ? index : ConnState.OTH
    this.connState[id] = v + 1
    return v
  }
}

/**
 * The records with a usable start time as global record numbers (batch after batch, row after row) in start-time
 * order, ties in read order. Tables are mostly written in time order already, and then no sort is needed.
 */
function recordsByStart(batches: readonly FlowRecordBatch[], firsts: Int32Array): { order: Uint32Array; skipped: number } {
  let total = 0
  let usable = 0
  for (const b of batches) {
    for (let r = 0; r < b.count; r++) if (Number.isFinite(b.startTime[r])) usable++
    total += b.count
  }
  const order = new Uint32Array(usable)
  const times = new Float64Array(usable)
  let k = 0
  let sorted = true
  for (let b = 0; b < batches.length; b++) {
    const batch = batches[b]
    for (let r = 0; r < batch.count; r++) {
      const t = batch.startTime[r]
      if (!Number.isFinite(t)) continue
      if (k > 0 && t < times[k - 1]) sorted = false
      order[k] = firsts[b] + r
      times[k] = t
      k++
    }
  }
  if (!sorted) {
    // Positions into order/times, sorted by time then read order; times are finite, so the difference is a number.
    const at = new Uint32Array(usable)
    for (let i = 0; i < usable; i++) at[i] = i
    at.sort((x, y) => times[x] - times[y] || x - y)
    const sortedOrder = new Uint32Array(usable)
    for (let i = 0; i < usable; i++) sortedOrder[i] = order[at[i]]
    return { order: sortedOrder, skipped: total - usable }
  }
  return { order, skipped: total - usable }
}

/** Index of the batch holding global record g (firsts: each batch's first global record, ascending). */
function batchOf(firsts: Int32Array, g: number, guess: number): number {
  if (g >= firsts[guess] && g < firsts[guess + 1]) return guess
  let lo = 0
  let hi = firsts.length - 2
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1
    if (firsts[mid] <= g) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * Builds the flow source from every flow batch of a table read, column by column from the batches' typed arrays:
 * no object per record, so memory grows only with the flow columns themselves.
 */
export function tableFlowSource(batches: readonly FlowRecordBatch[]): TableFlowSource {
  const firsts = new Int32Array(batches.length + 1)
  for (let b = 0; b < batches.length; b++) firsts[b + 1] = firsts[b] + batches[b].count
  const { order, skipped } = recordsByStart(batches, firsts)
  const count = order.length
  const c = new FlowColumns(Math.max(16, count))
  const addresses = new AddressTable()
  const ids = new StringIdCache(addresses)
  const labelOf = new Uint32Array(count)
  let start = Infinity
  let end = -Infinity
  let b = 0
  for (let id = 0; id < count; id++) {
    const g = order[id]
    b = batchOf(firsts, g, b)
    const batch = batches[b]
    const r = g - firsts[b]
    const s = batch.strings
    ids.use(s)
    const t = batch.startTime[r]
    c.clear(id)
    const protoId = batch.protocol[r]
    c.kind[id] = s[protoId] === 'arp' ? FlowKind.ARP : FlowKind.IP
    c.proto[id] = ids.protocolOf(protoId)
    c.vlan[id] = 0xffff
    // Originator first, then responder, record by record: addresses get their ids in the order they appear.
    c.origAddr[id] = ids.addressOf(batch.srcAddr[r])
    c.respAddr[id] = ids.addressOf(batch.dstAddr[r])
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
    const state = ids.connStateOf(batch.connState[r])
    c.state[id] = state
    let flags = 0
    if (ESTABLISHED.has(state)) flags |= FlowFlag.Handshake | FlowFlag.SynSeen | FlowFlag.SynAckSeen
    else if (state === ConnState.S0 || state === ConnState.REJ || state === ConnState.RSTOS0 || state === ConnState.SH) flags |= FlowFlag.SynSeen
    c.flags[id] = flags
    c.endReason[id] = EndReason.EndOfCapture
    const historyId = batch.history[r]
    if (historyId !== 0) {
      const history = s[historyId] ?? ''
      for (let k = 0; k < history.length && k < 255; k++) c.appendHistory(id, history.charCodeAt(k))
    }
    labelOf[id] = batch.labels[r]
    if (t < start) start = t
    if (c.last[id] > end) end = c.last[id]
  }
  const last = batches[batches.length - 1]
  return {
    columns: c,
    count,
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
