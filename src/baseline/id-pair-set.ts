/**
 * A set of ordered pairs (a, b) of non-negative 31-bit integers (host slot and address id, service index and
 * port key, ...) in typed arrays: what the baseline used a Set<number> per host for. One table for all hosts
 * costs no object per host and no rehash of thousands of small sets; the caller keeps per-owner counts.
 * Pairs are also kept in insertion order, so they can be read back grouped by owner without a hash walk.
 */

import { grown } from '../flows/typed-grow.ts'

/** A free slot's first member (members are non-negative). */
const EMPTY = -1

export class IdPairSet {
  /**
   * Open addressing, linear probing, both members side by side in the slot (one memory access per probe);
   * kept at most half full.
   */
  private table = new Int32Array(2 * 1024).fill(EMPTY)
  private mask = 1023
  private firsts = new Int32Array(512)
  private seconds = new Int32Array(512)
  private stored = 0

  /** Pairs held. */
  get size(): number {
    return this.stored
  }

  /** The first member of the i-th pair added (0 <= i < size). */
  firstAt(i: number): number {
    return this.firsts[i]
  }

  /** The second member of the i-th pair added. */
  secondAt(i: number): number {
    return this.seconds[i]
  }

  /** Adds (a, b); true when it was not there before. */
  add(a: number, b: number): boolean {
    const slot = this.slotOf(a, b)
    if (this.table[2 * slot] !== EMPTY) return false
    this.table[2 * slot] = a
    this.table[2 * slot + 1] = b
    if (this.stored === this.firsts.length) {
      this.firsts = grown(this.firsts, this.stored * 2)
      this.seconds = grown(this.seconds, this.stored * 2)
    }
    this.firsts[this.stored] = a
    this.seconds[this.stored] = b
    this.stored++
    if (this.stored * 2 > this.mask) this.rehash()
    return true
  }

  has(a: number, b: number): boolean {
    return this.table[2 * this.slotOf(a, b)] !== EMPTY
  }

  /** The slot holding (a, b), or the free slot where it would go. */
  private slotOf(a: number, b: number): number {
    const table = this.table
    const mask = this.mask
    let slot = hashPair(a, b) & mask
    for (;;) {
      const first = table[2 * slot]
      if (first === EMPTY || (first === a && table[2 * slot + 1] === b)) return slot
      slot = (slot + 1) & mask
    }
  }

  private rehash(): void {
    const slots = (this.mask + 1) * 2
    const table = new Int32Array(2 * slots).fill(EMPTY)
    const mask = slots - 1
    for (let i = 0; i < this.stored; i++) {
      const a = this.firsts[i]
      const b = this.seconds[i]
      let slot = hashPair(a, b) & mask
      while (table[2 * slot] !== EMPTY) slot = (slot + 1) & mask
      table[2 * slot] = a
      table[2 * slot + 1] = b
    }
    this.table = table
    this.mask = mask
  }
}

/** Mixes both members (multiplicative hashing, then a fold of the high bits into the low ones the mask keeps). */
function hashPair(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  return h ^ (h >>> 13)
}

/**
 * Adds (owner, value) while the owner has fewer than `cap` values (counts[owner] tracks them); whether the
 * owner holds the value afterwards. Same answers as adding to a per-owner Set only while it is below the cap.
 */
export function addCapped(set: IdPairSet, counts: Int32Array, owner: number, value: number, cap: number): boolean {
  if (counts[owner] < cap) {
    if (set.add(owner, value)) counts[owner]++
    return true
  }
  return set.has(owner, value)
}

/**
 * The second members grouped by first member (0 <= first < owners): `values` in groups, `start[o]..start[o+1]`
 * the group of owner o, in the order they were added.
 */
export function groupByFirst(set: IdPairSet, owners: number): { readonly start: Int32Array; readonly values: Int32Array } {
  const start = new Int32Array(owners + 1)
  for (let i = 0; i < set.size; i++) start[set.firstAt(i) + 1]++
  for (let o = 0; o < owners; o++) start[o + 1] += start[o]
  const fill = start.slice(0, owners)
  const values = new Int32Array(set.size)
  for (let i = 0; i < set.size; i++) values[fill[set.firstAt(i)]++] = set.secondAt(i)
  return { start, values }
}
