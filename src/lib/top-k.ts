/**
 * The first k items of a ranking without sorting all of it: a page of the largest conversations out of a
 * million needs a heap of k, not a million-element comparator sort. The order is total (larger key first,
 * then smaller item), so the result is exactly the first k of the full sort `(a, b) => key(b) - key(a) || a - b`
 * for finite keys.
 */

/** True when (ka, a) ranks before (kb, b): larger key first, ties by the smaller item. */
function before(ka: number, a: number, kb: number, b: number): boolean {
  return ka > kb || (ka === kb && a < b)
}

/**
 * The items with the k highest ranks, in rank order. `items[i]` has key `keys[i]`; keys must be finite.
 * Costs O(n log k).
 */
export function topByKey(items: ArrayLike<number>, keys: ArrayLike<number>, k: number): number[] {
  const n = items.length
  const want = Math.max(0, Math.min(Math.floor(k), n))
  if (want === 0) return []
  // A heap of positions whose root is the lowest-ranked of those kept.
  const heap = new Int32Array(want)
  let size = 0
  const worse = (p: number, q: number): boolean => before(keys[q], items[q], keys[p], items[p])
  const siftUp = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!worse(heap[i], heap[parent])) break
      const tmp = heap[i]
      heap[i] = heap[parent]
      heap[parent] = tmp
      i = parent
    }
  }
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let w = i
      if (l < size && worse(heap[l], heap[w])) w = l
      if (r < size && worse(heap[r], heap[w])) w = r
      if (w === i) return
      const tmp = heap[i]
      heap[i] = heap[w]
      heap[w] = tmp
      i = w
    }
  }
  for (let p = 0; p < n; p++) {
    if (size < want) {
      heap[size++] = p
      siftUp(size - 1)
    } else if (before(keys[p], items[p], keys[heap[0]], items[heap[0]])) {
      heap[0] = p
      siftDown(0)
    }
  }
  const out = Array.from(heap.subarray(0, size))
  out.sort((p, q) => (before(keys[p], items[p], keys[q], items[q]) ? -1 : 1))
  return out.map((p) => items[p])
}
