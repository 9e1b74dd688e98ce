/**
 * A binary min-heap of flow slots keyed by the time of their next packet: typed arrays, no object per entry,
 * so merging thousands of overlapping flows into one time-ordered packet stream costs O(log n) per packet.
 * Ties keep no particular order (packets of different flows at the same microsecond).
 */
export class FlowHeap {
  private keys = new Float64Array(1024)
  private ids = new Int32Array(1024)
  size = 0

  push(id: number, key: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2)
      k.set(this.keys)
      this.keys = k
      const d = new Int32Array(this.size * 2)
      d.set(this.ids)
      this.ids = d
    }
    let i = this.size++
    const keys = this.keys
    const ids = this.ids
    while (i > 0) {
      const p = (i - 1) >> 1
      if (keys[p] <= key) break
      keys[i] = keys[p]
      ids[i] = ids[p]
      i = p
    }
    keys[i] = key
    ids[i] = id
  }

  get topId(): number {
    return this.ids[0]
  }

  get topKey(): number {
    return this.size > 0 ? this.keys[0] : Infinity
  }

  /** Gives the top entry a new key and restores the heap order. */
  replaceTop(key: number): void {
    this.siftDown(this.ids[0], key)
  }

  /** Removes the top entry. */
  pop(): void {
    const n = --this.size
    if (n > 0) this.siftDown(this.ids[n], this.keys[n])
  }

  private siftDown(id: number, key: number): void {
    const keys = this.keys
    const ids = this.ids
    const n = this.size
    let i = 0
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      if (c + 1 < n && keys[c + 1] < keys[c]) c++
      if (keys[c] >= key) break
      keys[i] = keys[c]
      ids[i] = ids[c]
      i = c
    }
    keys[i] = key
    ids[i] = id
  }
}
