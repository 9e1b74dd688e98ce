/**
 * Which hosts the baseline keeps, chosen before any per-host accumulator exists (learn-hosts.ts): bytes out
 * and in per address id over the period's flows, then the BASELINE_LIMITS.hosts busiest.
 */
import { kthSmallest } from '../analysis/window-select.ts'
import type { AddressClasses } from './address-class.ts'
import type { FlowSource } from './flow-source.ts'
import type { ResolvedPeriod } from './period.ts'
import { BASELINE_LIMITS } from './types.ts'

/** Which hosts learnHosts keeps, in output order, and how many hosts the period had. */
export interface HostRanking {
  /** Kept address ids, busiest first (bytes out + in, ties by lower id). */
  readonly order: number[]
  /** keep[id] = the id's position in `order` + 1 for a kept id, 0 otherwise (ids past its length are not kept). */
  readonly keep: Int32Array
  readonly seen: number
}

/**
 * The BASELINE_LIMITS.hosts hosts with most bytes (out + in) over the period's flows, as sorting every host by
 * (bytes descending, id ascending) and cutting would give, from two doubles and a flag per address id.
 */
export function rankHosts(source: FlowSource, p: ResolvedPeriod, classes: AddressClasses): HostRanking {
  const c = source.columns
  let size = Math.max(16, source.addresses.count)
  let bytesOut = new Float64Array(size)
  let bytesIn = new Float64Array(size)
  let seenFlag = new Uint8Array(size)
  const room = (id: number): void => {
    if (id < size) return
    // Not expected (flows only hold interned ids); kept for safety, growing like the table would.
    while (size <= id) size *= 2
    const o = new Float64Array(size)
    o.set(bytesOut)
    bytesOut = o
    const i = new Float64Array(size)
    i.set(bytesIn)
    bytesIn = i
    const f = new Uint8Array(size)
    f.set(seenFlag)
    seenFlag = f
  }
  let seen = 0
  for (let id = 0; id < source.count; id++) {
    const t = c.first[id]
    if (t < p.start || t >= p.end) continue
    const a = c.origAddr[id]
    const b = c.respAddr[id]
    // Same sums in the same flow order as the accumulators: the ranking matches theirs exactly.
    if (classes.isHost(a)) {
      room(a)
      if (seenFlag[a] === 0) {
        seenFlag[a] = 1
        seen++
      }
      bytesOut[a] += c.origBytes[id]
      bytesIn[a] += c.respBytes[id]
    }
    if (classes.isHost(b)) {
      room(b)
      if (seenFlag[b] === 0) {
        seenFlag[b] = 1
        seen++
      }
      bytesOut[b] += c.respBytes[id]
      bytesIn[b] += c.origBytes[id]
    }
  }
  const ids: number[] = []
  for (let id = 0; id < size; id++) if (seenFlag[id] === 1) ids.push(id)
  const order = busiestHosts(ids, (id) => bytesOut[id] + bytesIn[id], BASELINE_LIMITS.hosts)
  const keep = new Int32Array(size)
  for (let k = 0; k < order.length; k++) keep[order[k]] = k + 1
  return { order, keep, seen }
}

/**
 * The `limit` ids with the largest totals, largest first, ties by lower id: what sorting all ids by (total
 * descending, id ascending) and cutting gives, with the cut found by selection. `ids` must be ascending.
 */
export function busiestHosts(ids: readonly number[], total: (id: number) => number, limit: number): number[] {
  let order = ids.slice()
  if (ids.length > limit) {
    const totals = new Float64Array(ids.length)
    for (let k = 0; k < ids.length; k++) totals[k] = -total(ids[k])
    const cut = -kthSmallest(totals, limit - 1)
    let above = 0
    for (const id of ids) if (total(id) > cut) above++
    // Ties at the cut go to the lower ids, as the (total, id) sort orders them.
    let atCut = limit - above
    order = []
    for (const id of ids) {
      const v = total(id)
      if (v > cut) order.push(id)
      else if (v === cut && atCut > 0) {
        order.push(id)
        atCut--
      }
    }
  }
  return order.sort((x, y) => total(y) - total(x) || x - y)
}
