/**
 * learnHosts' accumulators for the kept hosts, as typed-array columns indexed by slot (the host's position in
 * the ranking): totals, per-window rates, the fan-out of the current scan window, peers and the services used
 * and served. Sets live in shared pair tables (id-pair-set.ts) rather than five Sets per host, so a baseline
 * of thousands of hosts allocates a few arrays, not tens of thousands of objects.
 */
import { addCapped, groupByFirst, IdPairSet } from './id-pair-set.ts'
import { bandOfSparse, type Band } from './robust-stats.ts'
import { grown } from '../flows/typed-grow.ts'

export class HostColumns {
  readonly firstSeen: Float64Array
  readonly bytesOutTotal: Float64Array
  readonly bytesInTotal: Float64Array
  readonly attempts: Int32Array
  readonly failures: Int32Array
  /**
   * Windows with traffic: one record per (host, window), [packetsOut, bytesOut, bytesIn, flowsOut] per second.
   * Flows arrive in start order, so a host's windows only grow; a flow starting before the host's latest window
   * (timestamps that went backwards) is credited to that window.
   */
  private readonly lastWindow: Float64Array
  private readonly lastRecord: Int32Array
  private recSlot = new Int32Array(1024)
  private recWindow = new Float64Array(1024)
  private recValues = new Float64Array(4096)
  private records = 0
  /** The scan window each host is in (NaN before its first flow) and that window's epoch in the scan sets. */
  private readonly scanWindow: Float64Array
  private readonly scanEpoch: Int32Array
  private epochs = 0
  private readonly scanHosts = new IdPairSet()
  private readonly scanPorts = new IdPairSet()
  private readonly scanHostCount: Int32Array
  private readonly scanPortCount: Int32Array
  private readonly scanFailed: Int32Array
  readonly maxHosts: Int32Array
  readonly maxPorts: Int32Array
  readonly maxFailed: Int32Array
  readonly peers = new IdPairSet()
  readonly peerCount: Int32Array
  readonly peersTruncated: Uint8Array
  readonly used = new IdPairSet()
  readonly usedCount: Int32Array
  readonly served = new IdPairSet()
  readonly servedCount: Int32Array

  constructor(readonly slots: number) {
    this.firstSeen = new Float64Array(slots).fill(Infinity)
    this.bytesOutTotal = new Float64Array(slots)
    this.bytesInTotal = new Float64Array(slots)
    this.attempts = new Int32Array(slots)
    this.failures = new Int32Array(slots)
    this.lastWindow = new Float64Array(slots).fill(-Infinity)
    this.lastRecord = new Int32Array(slots)
    this.scanWindow = new Float64Array(slots).fill(NaN)
    this.scanEpoch = new Int32Array(slots)
    this.scanHostCount = new Int32Array(slots)
    this.scanPortCount = new Int32Array(slots)
    this.scanFailed = new Int32Array(slots)
    this.maxHosts = new Int32Array(slots)
    this.maxPorts = new Int32Array(slots)
    this.maxFailed = new Int32Array(slots)
    this.peerCount = new Int32Array(slots)
    this.peersTruncated = new Uint8Array(slots)
    this.usedCount = new Int32Array(slots)
    this.servedCount = new Int32Array(slots)
  }

  /** Adds one flow's rates to window `w` of host `slot` (a new record when w is past its latest window). */
  addRates(slot: number, w: number, packetsOut: number, bytesOut: number, bytesIn: number, flowsOut: number): void {
    if (w > this.lastWindow[slot]) {
      if (this.records === this.recSlot.length) this.growRecords()
      const r = this.records++
      this.recSlot[r] = slot
      this.recWindow[r] = w
      const o = r * 4
      this.recValues[o] = packetsOut
      this.recValues[o + 1] = bytesOut
      this.recValues[o + 2] = bytesIn
      this.recValues[o + 3] = flowsOut
      this.lastWindow[slot] = w
      this.lastRecord[slot] = r
      return
    }
    const o = this.lastRecord[slot] * 4
    this.recValues[o] += packetsOut
    this.recValues[o + 1] += bytesOut
    this.recValues[o + 2] += bytesIn
    this.recValues[o + 3] += flowsOut
  }

  /** Counts a flow host `slot` started in scan window `sw` towards `peer` on service `key`. */
  addScan(slot: number, sw: number, peer: number, key: number, failed: boolean): void {
    if (sw !== this.scanWindow[slot]) {
      this.closeScanWindow(slot)
      this.scanWindow[slot] = sw
      this.scanEpoch[slot] = this.epochs++
    }
    const epoch = this.scanEpoch[slot]
    if (this.scanHosts.add(epoch, peer)) this.scanHostCount[slot]++
    if (this.scanPorts.add(epoch, key)) this.scanPortCount[slot]++
    if (failed) this.scanFailed[slot]++
  }

  /** Folds the open scan window of host `slot` into its maxima. */
  closeScanWindow(slot: number): void {
    if (this.scanHostCount[slot] === 0) return
    this.maxHosts[slot] = Math.max(this.maxHosts[slot], this.scanHostCount[slot])
    this.maxPorts[slot] = Math.max(this.maxPorts[slot], this.scanPortCount[slot])
    this.maxFailed[slot] = Math.max(this.maxFailed[slot], this.scanFailed[slot])
    this.scanHostCount[slot] = 0
    this.scanPortCount[slot] = 0
    this.scanFailed[slot] = 0
  }

  /** Adds a peer unless the host already has `cap` of them; false when that left a new peer out. */
  addPeer(slot: number, peer: number, cap: number): boolean {
    return addCapped(this.peers, this.peerCount, slot, peer, cap)
  }

  addUsed(slot: number, key: number, cap: number): void {
    addCapped(this.used, this.usedCount, slot, key, cap)
  }

  addServed(slot: number, key: number, cap: number): void {
    addCapped(this.served, this.servedCount, slot, key, cap)
  }

  /** Each host's records, grouped by slot in the order they were made (so by window). */
  windowRecords(): { readonly start: Int32Array; readonly order: Int32Array } {
    const start = new Int32Array(this.slots + 1)
    for (let r = 0; r < this.records; r++) start[this.recSlot[r] + 1]++
    for (let s = 0; s < this.slots; s++) start[s + 1] += start[s]
    const fill = start.slice(0, this.slots)
    const order = new Int32Array(this.records)
    for (let r = 0; r < this.records; r++) order[fill[this.recSlot[r]]++] = r
    return { start, order }
  }

  /** The four rate bands of the records order[from..to) over the period's `count` windows from `first`. */
  bands(order: Int32Array, from: number, to: number, first: number, count: number): [Band, Band, Band, Band] {
    let n = 0
    for (let k = from; k < to; k++) {
      const w = this.recWindow[order[k]]
      if (w >= first && w < first + count) n++
    }
    // Five views on one reused buffer rather than five new arrays per host (bandOfSparse keeps none of them).
    if (BAND_SCRATCH.length < 5 * n) BAND_SCRATCH = new Float64Array(10 * n)
    const cap = BAND_SCRATCH.length / 5
    const active = BAND_SCRATCH.subarray(0, n)
    const v0 = BAND_SCRATCH.subarray(cap, cap + n)
    const v1 = BAND_SCRATCH.subarray(2 * cap, 2 * cap + n)
    const v2 = BAND_SCRATCH.subarray(3 * cap, 3 * cap + n)
    const v3 = BAND_SCRATCH.subarray(4 * cap, 4 * cap + n)
    let i = 0
    for (let k = from; k < to; k++) {
      const r = order[k]
      const w = this.recWindow[r]
      if (w < first || w >= first + count) continue
      active[i] = w - first
      v0[i] = this.recValues[r * 4]
      v1[i] = this.recValues[r * 4 + 1]
      v2[i] = this.recValues[r * 4 + 2]
      v3[i] = this.recValues[r * 4 + 3]
      i++
    }
    return [bandOfSparse(active, v0, count), bandOfSparse(active, v1, count), bandOfSparse(active, v2, count), bandOfSparse(active, v3, count)]
  }

  /** Peers, used and served keys grouped by slot. */
  grouped(): { peers: ReturnType<typeof groupByFirst>; used: ReturnType<typeof groupByFirst>; served: ReturnType<typeof groupByFirst> } {
    return { peers: groupByFirst(this.peers, this.slots), used: groupByFirst(this.used, this.slots), served: groupByFirst(this.served, this.slots) }
  }

  private growRecords(): void {
    const n = this.recSlot.length * 2
    this.recSlot = grown(this.recSlot, n)
    this.recWindow = grown(this.recWindow, n)
    this.recValues = grown(this.recValues, n * 4)
  }
}

/** bands' working buffer: five equal parts (window offsets, then the four values), grown on demand. */
let BAND_SCRATCH = new Float64Array(5 * 256)
