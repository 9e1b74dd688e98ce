/**
 * The open flows, found by key: open addressing with linear probing over an Int32Array of slot numbers, and the
 * keys of open flows in per-slot typed arrays. A slot is the working-state row of one open flow; slots are
 * recycled when flows end (free list), so this index costs memory per open flow, not per flow ever seen.
 * Removal shifts later entries back (no tombstones), so probe chains stay short however many flows come and go.
 */
import type { PacketKey } from './flow-key.ts'
import { grown } from './typed-grow.ts'

/** Result of a lookup: the packet's direction relative to the flow's originator. */
export const enum Match {
  None = 0,
  /** The packet was sent by the originator. */
  Forward = 1,
  Reverse = 2,
}

export class ActiveFlowIndex {
  /** Slots in use + free. */
  capacity = 0
  /** Open flows. */
  size = 0
  kind = new Uint8Array(0)
  proto = new Uint8Array(0)
  vlan = new Uint16Array(0)
  aux = new Uint16Array(0)
  oneWay = new Uint8Array(0)
  origAddr = new Uint32Array(0)
  respAddr = new Uint32Array(0)
  origPort = new Uint16Array(0)
  respPort = new Uint16Array(0)
  hash = new Uint32Array(0)
  /** Flow id of the slot's flow, -1 when the slot is free. */
  flowId = new Int32Array(0)
  private table = new Int32Array(1024)
  private mask = 1023
  private free = new Int32Array(0)
  private freeCount = 0
  /** Called with the new capacity whenever the slot arrays grow, so companion per-slot state can grow too. */
  onGrow: (capacity: number) => void = () => {}

  constructor(initialSlots = 256) {
    this.growSlots(initialSlots)
  }

  /** The open flow's slot for this key, or -1; `direction` tells which way the packet goes. */
  find(k: PacketKey): number {
    const table = this.table
    const mask = this.mask
    for (let i = k.hash & mask, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
      const s1 = table[i]
      if (s1 === 0) return -1
      const s = s1 - 1
      if (this.hash[s] !== k.hash) continue
      const m = this.matches(s, k)
      if (m !== Match.None) {
        this.direction = m
        return s
      }
    }
    return -1
  }

  /** Direction of the packet in the last successful find(). */
  direction: Match = Match.None

  private matches(s: number, k: PacketKey): Match {
    if (this.kind[s] !== k.kind || this.proto[s] !== k.proto || this.vlan[s] !== k.vlan || this.aux[s] !== k.aux) return Match.None
    if (this.origAddr[s] === k.srcAddr && this.origPort[s] === k.srcPort && this.respAddr[s] === k.dstAddr && this.respPort[s] === k.dstPort) {
      return Match.Forward
    }
    if (this.oneWay[s] === 0 && this.origAddr[s] === k.dstAddr && this.origPort[s] === k.dstPort && this.respAddr[s] === k.srcAddr && this.respPort[s] === k.srcPort) {
      return Match.Reverse
    }
    return Match.None
  }

  /** Takes a free slot for flow `flowId` keyed by `k`, originator = the packet's sender (flip later if needed). */
  add(k: PacketKey, flowId: number): number {
    if (this.freeCount === 0) this.growSlots(this.capacity * 2)
    const s = this.free[--this.freeCount]
    this.kind[s] = k.kind
    this.proto[s] = k.proto
    this.vlan[s] = k.vlan
    this.aux[s] = k.aux
    this.oneWay[s] = k.oneWay ? 1 : 0
    this.origAddr[s] = k.srcAddr
    this.respAddr[s] = k.dstAddr
    this.origPort[s] = k.srcPort
    this.respPort[s] = k.dstPort
    this.hash[s] = k.hash
    this.flowId[s] = flowId
    this.size++
    if (this.size * 2 > this.mask) this.rehash(this.table.length * 2)
    this.insert(s)
    return s
  }

  /** Swaps originator and responder of slot `s` (the key stays the same: it is direction-independent). */
  swapRoles(s: number): void {
    const a = this.origAddr[s]
    this.origAddr[s] = this.respAddr[s]
    this.respAddr[s] = a
    const p = this.origPort[s]
    this.origPort[s] = this.respPort[s]
    this.respPort[s] = p
  }

  /** Frees slot `s` and removes it from the index. */
  remove(s: number): void {
    const table = this.table
    const mask = this.mask
    let i = this.hash[s] & mask
    for (let probes = 0; table[i] !== s + 1; i = (i + 1) & mask) {
      if (table[i] === 0 || ++probes > mask) return // not indexed: nothing to remove
    }
    // Backward-shift deletion: move later members of the probe chain into the hole.
    let hole = i
    for (let j = (hole + 1) & mask; table[j] !== 0; j = (j + 1) & mask) {
      const home = this.hash[table[j] - 1] & mask
      const distJ = (j - home) & mask
      const distHole = (hole - home) & mask
      if (distHole < distJ || home === hole) {
        table[hole] = table[j]
        hole = j
      }
    }
    table[hole] = 0
    this.flowId[s] = -1
    this.free[this.freeCount++] = s
    this.size--
  }

  /** Bytes held by the index and its per-slot keys. */
  get memoryBytes(): number {
    return this.table.byteLength + this.capacity * (1 + 1 + 2 + 2 + 1 + 4 + 4 + 2 + 2 + 4 + 4 + 4)
  }

  private insert(s: number): void {
    const mask = this.mask
    let i = this.hash[s] & mask
    while (this.table[i] !== 0) i = (i + 1) & mask
    this.table[i] = s + 1
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size)
    this.mask = size - 1
    for (let s = 0; s < this.capacity; s++) if (this.flowId[s] >= 0) this.insert(s)
  }

  private growSlots(n: number): void {
    const old = this.capacity
    this.kind = grown(this.kind, n)
    this.proto = grown(this.proto, n)
    this.vlan = grown(this.vlan, n)
    this.aux = grown(this.aux, n)
    this.oneWay = grown(this.oneWay, n)
    this.origAddr = grown(this.origAddr, n)
    this.respAddr = grown(this.respAddr, n)
    this.origPort = grown(this.origPort, n)
    this.respPort = grown(this.respPort, n)
    this.hash = grown(this.hash, n)
    this.flowId = grown(this.flowId, n, -1)
    const free = new Int32Array(n)
    free.set(this.free.subarray(0, this.freeCount))
    // Hand out low slot numbers first (pushed last).
    for (let s = n - 1; s >= old; s--) free[this.freeCount++] = s
    this.free = free
    this.capacity = n
    this.onGrow(n)
  }
}
