/**
 * Top talkers: the addresses with the most traffic (sent + received, by bytes). Exact while every packet fits
 * the IP conversation table (then talkers are the endpoints sorted); traffic that overflowed the table is
 * summarised by a Count-Min sketch per measure (packets, bytes) and a Space-Saving heavy-hitter list by bytes,
 * and each talker's figures become exact part + sketch estimate. The report states the bound: an estimate
 * overcounts by at most epsilon * N_overflow with probability 1 - delta (Count-Min), and a talker whose
 * overflow bytes exceed N_overflow / k cannot be missing from the candidates (Space-Saving).
 */
import { type CountMinBound, CountMinSketch } from '../lib/count-min.ts'
import { HyperLogLog } from '../lib/hyperloglog.ts'
import { SpaceSaving } from '../lib/space-saving.ts'
import type { AddressTable } from '../model/address-table.ts'
import type { EndpointColumns } from './endpoints.ts'

export interface TopTalker {
  readonly address: string
  readonly packets: number
  readonly bytes: number
  /** False when part of the figures comes from the overflow sketches (then they may overcount). */
  readonly exact: boolean
}

export interface TalkerErrorBound {
  /** True when no traffic overflowed: every figure is exact. */
  readonly exact: boolean
  readonly overflowPackets: number
  readonly overflowBytes: number
  readonly countMinBytes: CountMinBound
  readonly countMinPackets: CountMinBound
  /** N_overflow / k: no Space-Saving candidate overcounts its overflow bytes by more than this. */
  readonly spaceSavingMaxOvercount: number
  readonly spaceSavingCapacity: number
  /** Estimated distinct addresses seen only or also in overflow traffic (HyperLogLog). */
  readonly overflowAddresses: number
}

/** Sketches of the traffic that did not fit the exact tables, keyed by address id. */
export class TalkerOverflow {
  readonly packets: CountMinSketch
  readonly bytes: CountMinSketch
  readonly heavy: SpaceSaving
  readonly addresses = new HyperLogLog(12)
  totalPackets = 0
  totalBytes = 0

  constructor(epsilon = 1e-4, delta = 1e-3, capacity = 1024) {
    this.packets = new CountMinSketch(epsilon, delta, 0x7a1)
    this.bytes = new CountMinSketch(epsilon, delta, 0x7a2)
    this.heavy = new SpaceSaving(capacity)
  }

  /** One overflowed packet between src and dst: both addresses talked. */
  add(src: number, dst: number, bytes: number): void {
    this.totalPackets++
    this.totalBytes += bytes
    this.packets.add(src, 1)
    this.packets.add(dst, 1)
    this.bytes.add(src, bytes)
    this.bytes.add(dst, bytes)
    this.heavy.add(src, bytes)
    this.heavy.add(dst, bytes)
    this.addresses.add(src)
    this.addresses.add(dst)
  }

  bound(): TalkerErrorBound {
    return {
      exact: this.totalPackets === 0,
      overflowPackets: this.totalPackets,
      overflowBytes: this.totalBytes,
      countMinBytes: this.bytes.bound(),
      countMinPackets: this.packets.bound(),
      spaceSavingMaxOvercount: this.heavy.maxOvercount,
      spaceSavingCapacity: this.heavy.capacity,
      overflowAddresses: this.totalPackets === 0 ? 0 : Math.round(this.addresses.estimate()),
    }
  }
}

/** The n largest talkers by bytes, combining exact endpoints with the overflow sketches. */
export function topTalkers(endpoints: EndpointColumns, overflow: TalkerOverflow, addresses: AddressTable, n = 100): TopTalker[] {
  const limit = Math.max(0, Math.floor(n))
  const order = Array.from({ length: endpoints.count }, (_, r) => r)
  const total = (r: number): number => endpoints.txBytes[r] + endpoints.rxBytes[r]
  order.sort((a, b) => total(b) - total(a) || endpoints.ids[a] - endpoints.ids[b])
  const hasOverflow = overflow.totalPackets > 0
  // Every endpoint's exact part must be findable: a heavy hitter of the overflow may rank low among them.
  const exactRow = new Map<number, number>()
  if (hasOverflow) for (let r = 0; r < endpoints.count; r++) exactRow.set(endpoints.ids[r], r)
  else for (let i = 0; i < Math.min(limit, order.length); i++) exactRow.set(endpoints.ids[order[i]], order[i])
  // Candidates: the exact leaders (a few times n when the sketch may lift others) and the sketch's heavy hitters.
  const candidates = new Set<number>()
  const exactCandidates = hasOverflow ? limit * 4 : limit
  for (let i = 0; i < Math.min(exactCandidates, order.length); i++) candidates.add(endpoints.ids[order[i]])
  if (hasOverflow) for (const h of overflow.heavy.top(limit * 2)) candidates.add(h.key)
  const out: TopTalker[] = []
  for (const id of candidates) {
    const r = exactRow.get(id)
    let packets = r === undefined ? 0 : endpoints.txPackets[r] + endpoints.rxPackets[r]
    let bytes = r === undefined ? 0 : total(r)
    let exact = true
    if (hasOverflow) {
      const ob = overflow.bytes.estimate(id)
      if (ob > 0) {
        bytes += ob
        packets += overflow.packets.estimate(id)
        exact = false
      }
    }
    out.push({ address: addresses.format(id), packets, bytes, exact })
  }
  out.sort((a, b) => b.bytes - a.bytes || b.packets - a.packets || (a.address < b.address ? -1 : 1))
  return out.slice(0, limit)
}
