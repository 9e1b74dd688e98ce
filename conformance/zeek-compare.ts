/**
 * Compares the connections nettwin assembles in `zeek` mode with one Zeek conn.log baseline: the number of
 * connections, and conn_state per connection (https://docs.zeek.org/en/master/logs/conn.html).
 *
 * Connections are paired by protocol and unordered endpoints (address and port each side; ICMP "ports" are
 * type and counterpart type or code in both tools) plus the start time: when the log has real times, the
 * unpaired connection of that 5-tuple starting nearest to `ts`, within `tolerance` seconds. btest masks the
 * times in most baselines; connections sharing a 5-tuple are then paired preferring the same conn_state, then
 * the same history, which compares them as multisets. Logs without the 5-tuple columns (zeek-cut extracts of
 * `history` or `service` only) are compared on their number of rows.
 */
import type { Connection } from './flow-digest.ts'
import type { Observed } from './difference-list.ts'
import { canonicalAddress } from './ip-text.ts'
import type { ConnLog, ConnLogRow } from './zeek-conn-log.ts'

export interface LogComparison {
  readonly observed: readonly Observed[]
  readonly zeekConnections: number
  readonly ourConnections: number
  /** Paired connections whose conn_state was compared / equal. */
  readonly statesCompared: number
  readonly statesEqual: number
  /** Paired connections (or rows, for logs without tuples) whose history was compared / equal (reported, not asserted). */
  readonly historiesCompared: number
  readonly historiesEqual: number
}

/** Zeek's proto column for a nettwin flow: ICMPv6 is "icmp" too, protocols without an analyzer "unknown_transport". */
export function zeekProto(proto: string): string {
  if (proto === 'tcp' || proto === 'udp') return proto
  return proto === 'icmp' || proto === 'icmpv6' ? 'icmp' : 'unknown_transport'
}

function tupleKey(proto: string, addrA: string, portA: string, addrB: string, portB: string): string {
  const a = `${canonicalAddress(addrA)}/${portA}`
  const b = `${canonicalAddress(addrB)}/${portB}`
  return `${proto}|${a < b ? `${a}|${b}` : `${b}|${a}`}`
}

const connKey = (c: Connection): string => tupleKey(zeekProto(c.proto), c.origAddr, String(c.origPort), c.respAddr, String(c.respPort))
const rowKey = (r: ConnLogRow): string => tupleKey(r.proto ?? '', r.origH ?? '', r.origP ?? '', r.respH ?? '', r.respP ?? '')
/** Zeek writes an empty history as the unset field. */
const historyOf = (r: ConnLogRow): string => r.history ?? ''

function pick(candidates: readonly Connection[], row: ConnLogRow, tolerance: number): number {
  if (row.ts !== null) {
    const ts = row.ts
    let best = -1
    for (let i = 0; i < candidates.length; i++) {
      const d = Math.abs(candidates[i].first - ts)
      if (d <= tolerance && (best < 0 || d < Math.abs(candidates[best].first - ts))) best = i
    }
    return best
  }
  const sameState = (c: Connection): boolean => row.connState === null || c.state === row.connState
  let i = candidates.findIndex((c) => sameState(c) && (row.history === null || c.history === historyOf(row)))
  if (i < 0) i = candidates.findIndex(sameState)
  return i < 0 && candidates.length > 0 ? 0 : i
}

export function compareConnLog(subject: string, log: ConnLog, ours: readonly Connection[], tolerance = 0.001): LogComparison {
  const observed: Observed[] = []
  const zeekCount = log.rows.length
  const countText = (n: number, unpaired: number, what: string): string => (unpaired > 0 ? `${n} (${unpaired} ${what})` : String(n))
  let statesCompared = 0
  let statesEqual = 0
  let historiesCompared = 0
  let historiesEqual = 0
  const hasTuple = log.fields.includes('id.orig_h') && log.fields.includes('id.resp_p') && log.fields.includes('proto')
  if (!hasTuple) {
    // Only counts (and, informatively, the multiset of histories) can be compared.
    if (ours.length !== zeekCount) observed.push({ subject, field: 'connections', ours: String(ours.length), expected: String(zeekCount) })
    if (log.fields.includes('history')) {
      const left = ours.map((c) => c.history)
      for (const r of log.rows) {
        historiesCompared++
        const i = left.indexOf(historyOf(r))
        if (i >= 0) {
          historiesEqual++
          left.splice(i, 1)
        }
      }
    }
    return { observed, zeekConnections: zeekCount, ourConnections: ours.length, statesCompared, statesEqual, historiesCompared, historiesEqual }
  }
  const pool = new Map<string, Connection[]>()
  for (const c of [...ours].sort((a, b) => a.first - b.first)) {
    const k = connKey(c)
    const list = pool.get(k)
    if (list) list.push(c)
    else pool.set(k, [c])
  }
  let missing = 0
  /** [ours, zeek] for each paired connection whose conn_state differs. */
  const stateDiffs: [string, string][] = []
  for (const r of log.rows) {
    const list = pool.get(rowKey(r)) ?? []
    const i = pick(list, r, tolerance)
    if (i < 0) {
      missing++
      continue
    }
    const c = list[i]
    list.splice(i, 1)
    if (r.connState !== null) {
      statesCompared++
      if (c.state === r.connState) statesEqual++
      else stateDiffs.push([c.state, r.connState])
    }
    if (log.fields.includes('history')) {
      historiesCompared++
      if (c.history === historyOf(r)) historiesEqual++
    }
  }
  let extra = 0
  for (const list of pool.values()) extra += list.length
  if (ours.length !== zeekCount || missing > 0 || extra > 0) {
    observed.push({
      subject,
      field: 'connections',
      ours: countText(ours.length, extra, 'not in conn.log'),
      expected: countText(zeekCount, missing, 'not found in ours'),
    })
  }
  if (stateDiffs.length > 0) {
    stateDiffs.sort((a, b) => (a.join() < b.join() ? -1 : a.join() > b.join() ? 1 : 0))
    observed.push({ subject, field: 'conn_state', ours: stateDiffs.map((d) => d[0]).join(','), expected: stateDiffs.map((d) => d[1]).join(',') })
  }
  return { observed, zeekConnections: zeekCount, ourConnections: ours.length, statesCompared, statesEqual, historiesCompared, historiesEqual }
}
