/**
 * Space-Saving heavy hitters (Metwally, Agrawal, El Abbadi 2005, "Efficient Computation of Frequent and Top-k
 * Elements in Data Streams"), weighted, with k counters kept in a min-heap. For every monitored key
 * count - error <= true weight <= count, every key whose true weight exceeds N / k is monitored, and no count
 * overestimates by more than N / k (N = total weight). Merging follows Agarwal et al. 2012 ("Mergeable
 * Summaries"): add counts, charge keys missing from a full summary that summary's minimum, keep the k largest.
 */

export interface HeavyHitter {
  readonly key: number
  /** Upper estimate of the key's weight. */
  readonly count: number
  /** How much of count may be overestimate: count - error is a lower bound. */
  readonly error: number
}

export class SpaceSaving {
  readonly capacity: number
  private readonly keys: Float64Array
  private readonly counts: Float64Array
  private readonly errors: Float64Array
  /** Min-heap of slot numbers ordered by count, and each slot's position in it. */
  private readonly heap: Int32Array
  private readonly pos: Int32Array
  private readonly slotOf = new Map<number, number>()
  size = 0
  total = 0

  constructor(capacity = 1024) {
    const k = Math.max(1, Math.min(1 << 20, Math.floor(capacity)))
    this.capacity = k
    this.keys = new Float64Array(k)
    this.counts = new Float64Array(k)
    this.errors = new Float64Array(k)
    this.heap = new Int32Array(k)
    this.pos = new Int32Array(k)
  }

  /** N / k: no monitored count exceeds the true weight by more than this. */
  get maxOvercount(): number {
    return this.total / this.capacity
  }

  add(key: number, weight = 1): void {
    if (!(weight > 0)) return
    this.total += weight
    const slot = this.slotOf.get(key)
    if (slot !== undefined) {
      this.counts[slot] += weight
      this.siftDown(this.pos[slot])
      return
    }
    if (this.size < this.capacity) {
      const s = this.size++
      this.keys[s] = key
      this.counts[s] = weight
      this.errors[s] = 0
      this.heap[s] = s
      this.pos[s] = s
      this.slotOf.set(key, s)
      this.siftUp(s)
      return
    }
    // Evict the minimum: the newcomer inherits its count as possible overestimate.
    const s = this.heap[0]
    this.slotOf.delete(this.keys[s])
    this.errors[s] = this.counts[s]
    this.counts[s] += weight
    this.keys[s] = key
    this.slotOf.set(key, s)
    this.siftDown(0)
  }

  /** The smallest monitored count (0 while not full): the most an unmonitored key can weigh. */
  minCount(): number {
    return this.size < this.capacity ? 0 : this.counts[this.heap[0]]
  }

  /** Upper estimate for any key (monitored: its count; otherwise the minimum count). */
  estimate(key: number): number {
    const slot = this.slotOf.get(key)
    return slot !== undefined ? this.counts[slot] : this.minCount()
  }

  /** Monitored keys by count, largest first. */
  top(n = this.capacity): HeavyHitter[] {
    const out: HeavyHitter[] = []
    for (let s = 0; s < this.size; s++) out.push({ key: this.keys[s], count: this.counts[s], error: this.errors[s] })
    out.sort((a, b) => b.count - a.count || a.key - b.key)
    return out.slice(0, Math.max(0, n))
  }

  /** Returns a new summary of both streams (capacity of this one). */
  merged(other: SpaceSaving): SpaceSaving {
    const minA = this.minCount()
    const minB = other.minCount()
    const combined = new Map<number, { count: number; error: number }>()
    for (const h of this.top()) {
      const slot = other.slotOf.get(h.key)
      const bc = slot !== undefined ? other.counts[slot] : minB
      const be = slot !== undefined ? other.errors[slot] : minB
      combined.set(h.key, { count: h.count + bc, error: h.error + be })
    }
    for (const h of other.top()) {
      if (combined.has(h.key)) continue
      combined.set(h.key, { count: h.count + minA, error: h.error + minA })
    }
    const ranked = [...combined].sort((a, b) => b[1].count - a[1].count || a[0] - b[0]).slice(0, this.capacity)
    const out = new SpaceSaving(this.capacity)
    for (const [key, v] of ranked) {
      const s = out.size++
      out.keys[s] = key
      out.counts[s] = v.count
      out.errors[s] = v.error
      out.heap[s] = s
      out.pos[s] = s
      out.slotOf.set(key, s)
      out.siftUp(s)
    }
    out.total = this.total + other.total
    return out
  }

  private less(i: number, j: number): boolean {
    return this.counts[this.heap[i]] < this.counts[this.heap[j]]
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i]
    const b = this.heap[j]
    this.heap[i] = b
    this.heap[j] = a
    this.pos[b] = i
    this.pos[a] = j
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(i, parent)) return
      this.swap(i, parent)
      i = parent
    }
  }

  private siftDown(i: number): void {
    const n = this.size
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) return
      const r = l + 1
      const c = r < n && this.less(r, l) ? r : l
      if (!this.less(c, i)) return
      this.swap(i, c)
      i = c
    }
  }
}
