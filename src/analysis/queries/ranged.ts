/**
 * The shell views' figures narrowed to the time range brushed on the time series (view-store.ts timeRange).
 * They are cut from what every source has, live or stored, so a stored session narrows exactly as the live
 * analysis did:
 * - IO buckets and per-window aggregates (protocol mix, host x time matrix): the buckets and windows that
 *   overlap the range;
 * - top talkers: the per-(window, host) rows of the windows that overlap the range;
 * - services and destination port x host: the flows that overlap the range, whole (a flow that crosses an edge
 *   counts all its packets, so those figures are marked as not exact).
 * Windows and buckets are counted whole too: the range snaps outwards to the window size.
 */
import type { IoSeries } from '../io-graph.ts'
import { portName, type ServiceRecord } from '../services.ts'
import type { TopTalker } from '../top-talkers.ts'
import type { HostMatrix, WindowSeries } from '../window-queries.ts'
import type { PortHostTable } from './analysis-data.ts'
import type { ExploreFlowColumns } from './explore-types.ts'
import type { HostWindowTable } from './host-window-table.ts'

/** A time range, seconds since the epoch, start < end. */
export interface RangeParam {
  readonly start: number
  readonly end: number
}

/** The `range` member of a query's params when it is a valid range, else null (a page's params are untrusted). */
export function rangeParam(params: unknown): RangeParam | null {
  if (typeof params !== 'object' || params === null || !Object.hasOwn(params, 'range')) return null
  const r: unknown = (params as { range?: unknown }).range
  if (typeof r !== 'object' || r === null) return null
  const { start, end } = r as { start?: unknown; end?: unknown }
  if (typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(start) || !Number.isFinite(end) || !(start < end)) return null
  return { start, end }
}

/** Index range [from, to) of the buckets of width `width` starting at starts[i] that overlap the range. */
function overlapping(starts: ArrayLike<number>, width: number, r: RangeParam): [number, number] {
  let from = 0
  while (from < starts.length && starts[from] + width <= r.start) from++
  let to = from
  while (to < starts.length && starts[to] < r.end) to++
  return [from, to]
}

/** The IO buckets that overlap the range (fresh arrays). */
export function sliceIo(io: IoSeries, r: RangeParam): IoSeries {
  const n = io.packets.length
  const b = io.bucketSeconds > 0 ? io.bucketSeconds : 1
  const from = Math.max(0, Math.min(n, Math.floor((r.start - io.start) / b)))
  const to = Math.max(from, Math.min(n, Math.ceil((r.end - io.start) / b)))
  return {
    start: io.start + from * b,
    bucketSeconds: io.bucketSeconds,
    packets: io.packets.slice(from, to),
    bytes: io.bytes.slice(from, to),
    flowsStarted: io.flowsStarted.slice(from, to),
  }
}

/** Packets, bytes and flows started in the range (from its IO buckets). */
export interface RangeTotals {
  readonly start: number
  readonly end: number
  readonly packets: number
  readonly bytes: number
  readonly flowsStarted: number
}

export function rangeTotals(io: IoSeries, r: RangeParam): RangeTotals {
  let packets = 0
  let bytes = 0
  let flowsStarted = 0
  for (let i = 0; i < io.packets.length; i++) {
    packets += io.packets[i]
    bytes += io.bytes[i]
    flowsStarted += io.flowsStarted[i]
  }
  return { start: r.start, end: r.end, packets, bytes, flowsStarted }
}

/** The windows of a window series that overlap the range. */
export function sliceWindows(ws: WindowSeries, r: RangeParam): WindowSeries {
  const [from, to] = overlapping(ws.start, ws.bucketSeconds, r)
  const out: Record<string, unknown> = { bucketSeconds: ws.bucketSeconds, topPorts: ws.topPorts.slice(from, to) }
  for (const [key, value] of Object.entries(ws)) if (value instanceof Float64Array) out[key] = value.slice(from, to)
  return out as unknown as WindowSeries
}

/** The window columns of a host x time matrix that overlap the range (the hosts stay those of the whole capture). */
export function sliceHostMatrix(m: HostMatrix, r: RangeParam): HostMatrix {
  const windows = m.windowStart.length
  const [from, to] = overlapping(m.windowStart, m.bucketSeconds, r)
  const cols = to - from
  const values = new Float64Array(m.hosts.length * cols)
  for (let h = 0; h < m.hosts.length; h++) values.set(m.values.subarray(h * windows + from, h * windows + to), h * cols)
  return { bucketSeconds: m.bucketSeconds, windowStart: m.windowStart.slice(from, to), hosts: m.hosts, values }
}

/** Busiest hosts by bytes in the windows that overlap the range (from the per-window host rows). */
export function rangedTalkers(t: HostWindowTable, r: RangeParam, top: number): TopTalker[] {
  const [from, to] = overlapping(t.windowStarts, t.bucketSeconds, r)
  const bytes = new Map<string, number>()
  const packets = new Map<string, number>()
  const pOut = t.counters.packetsOut
  const pIn = t.counters.packetsIn
  for (let row = 0; row < t.rows; row++) {
    const w = t.window[row]
    if (w < from || w >= to) continue
    const host = t.host[row]
    if (host === 'other') continue
    bytes.set(host, (bytes.get(host) ?? 0) + t.bytesOut[row] + t.bytesIn[row])
    packets.set(host, (packets.get(host) ?? 0) + pOut[row] + pIn[row])
  }
  const exact = t.rows === t.totalRows
  return [...bytes]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([address, b]) => ({ address, bytes: b, packets: packets.get(address) ?? 0, exact }))
}

/** Ids of the flows that overlap the range, and whether any of them crosses one of its edges. */
function flowsIn(f: ExploreFlowColumns, r: RangeParam): { ids: number[]; crossing: boolean } {
  const ids: number[] = []
  let crossing = false
  for (let id = 0; id < f.count; id++) {
    const first = f.first[id]
    const last = f.last[id]
    if (last < r.start || first >= r.end) continue
    ids.push(id)
    if (first < r.start || last >= r.end) crossing = true
  }
  return { ids, crossing }
}

const TCP = 6
const UDP = 17

/** Services (responder protocol and port, as the flow table decided the responder) of the flows in the range. */
export function rangedServices(f: ExploreFlowColumns, r: RangeParam, limit: number): ServiceRecord[] {
  const acc = new Map<number, { conversations: number; packets: number; bytes: number; servers: Set<number> }>()
  for (const id of flowsIn(f, r).ids) {
    const proto = f.proto[id]
    if (f.kind[id] !== 0 || (proto !== TCP && proto !== UDP)) continue
    const key = (proto === UDP ? 65536 : 0) + f.respPort[id]
    let e = acc.get(key)
    if (e === undefined) {
      e = { conversations: 0, packets: 0, bytes: 0, servers: new Set() }
      acc.set(key, e)
    }
    e.conversations++
    e.packets += f.origPkts[id] + f.respPkts[id]
    e.bytes += f.origBytes[id] + f.respBytes[id]
    e.servers.add(f.respAddr[id])
  }
  return [...acc]
    .sort((a, b) => b[1].bytes - a[1].bytes || a[0] - b[0])
    .slice(0, limit)
    .map(([key, e]) => {
      const port = key & 0xffff
      return { proto: key >= 65536 ? 'udp' : 'tcp', port, name: portName(port), conversations: e.conversations, packets: e.packets, bytes: e.bytes, servers: e.servers.size }
    })
}

/** Traffic per (responder host, protocol/port) of the TCP and UDP flows in the range, largest first. */
export function rangedPortHosts(f: ExploreFlowColumns, r: RangeParam, addressText: (id: number) => string, cap: number): PortHostTable {
  const acc = new Map<number, { bytes: number; packets: number; conversations: number }>()
  for (const id of flowsIn(f, r).ids) {
    const proto = f.proto[id]
    if (f.kind[id] !== 0 || (proto !== TCP && proto !== UDP)) continue
    // Key: address id * 2^17 + protocol bit * 2^16 + port (exact in a double for any address id below 2^36).
    const key = f.respAddr[id] * 131072 + (proto === UDP ? 65536 : 0) + f.respPort[id]
    let e = acc.get(key)
    if (e === undefined) {
      e = { bytes: 0, packets: 0, conversations: 0 }
      acc.set(key, e)
    }
    e.bytes += f.origBytes[id] + f.respBytes[id]
    e.packets += f.origPkts[id] + f.respPkts[id]
    e.conversations++
  }
  const top = [...acc].sort((a, b) => b[1].bytes - a[1].bytes || a[0] - b[0]).slice(0, Math.max(0, Math.floor(cap)))
  const n = top.length
  const out = { host: [] as string[], port: [] as string[], bytes: new Float64Array(n), packets: new Float64Array(n), conversations: new Float64Array(n) }
  top.forEach(([key, e], i) => {
    const id = Math.floor(key / 131072)
    const rest = key - id * 131072
    out.host.push(addressText(id))
    out.port.push(`${rest >= 65536 ? 'udp' : 'tcp'}/${rest & 0xffff}`)
    out.bytes[i] = e.bytes
    out.packets[i] = e.packets
    out.conversations[i] = e.conversations
  })
  return out
}

/** True when some flow in the range crosses one of its edges (its figures then include traffic outside it). */
export function rangeCrossed(f: ExploreFlowColumns, r: RangeParam): boolean {
  return flowsIn(f, r).crossing
}
