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
  readonly heavy: SpaceSaving
  readonly addresses = new HyperLogLog(12)
  totalPackets = 0
  totalBytes = 0
  private readonly epsilon: number
  private readonly delta: number
  /**
   * The Count-Min sketches (1.5 MB each at the defaults), made at the first overflowed packet: most captures
   * never fill the conversation table, and the sketches would only take memory.
   */
  private packetSketch: CountMinSketch | null = null
  private byteSketch: CountMinSketch | null = null

  constructor(epsilon = 1e-4, delta = 1e-3, capacity = 1024) {
    this.epsilon = epsilon
    this.delta = delta
    this.heavy = new SpaceSaving(capacity)
  }

  /** Overflowed packets per address (Count-Min). */
  get packets(): CountMinSketch {
    return (this.packetSketch ??= new CountMinSketch(this.epsilon, this.delta, 0x7a1))
  }

  /** Overflowed bytes per address (Count-Min). */
  get bytes(): CountMinSketch {
    return (this.byteSketch ??= new CountMinSketch(this.epsilon, this.delta, 0x7a2))
  }

  /** One overflowed packet between src and dst: both addresses talked. */
  add(src: number, dst: number, bytes: number): void {
    this.totalPackets++
    this.totalBytes += bytes
    const packets = this.packets
    const sketch = this.bytes
    packets.add(src, 1)
    packets.add(dst, 1)
    sketch.add(src, bytes)
    sketch.add(dst, bytes)
    this.heavy.add(src, bytes)
    this.heavy.add(dst, bytes)
    this.addresses.add(src)
    this.addresses.add(dst)
  }

  bound(): TalkerErrorBound {
    // Without overflow, the bound of an empty sketch of the same shape (made for the call, not kept).
    const bytes = this.byteSketch ?? new CountMinSketch(this.epsilon, this.delta, 0x7a2)
    const packets = this.packetSketch ?? new CountMinSketch(this.epsilon, this.delta, 0x7a1)
    return {
      exact: this.totalPackets === 0,
      overflowPackets: this.totalPackets,
      overflowBytes: this.totalBytes,
      countMinBytes: bytes.bound(),
      countMinPackets: packets.bound(),
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
