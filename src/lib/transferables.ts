/**
 * The ArrayBuffers behind the typed arrays of a plain-data value, for postMessage's transfer list: moving them
 * costs nothing, copying a large series costs a structured clone. Walks at most a few levels and a bounded
 * number of nodes (results are chart-sized objects); a buffer shared by two arrays is listed once.
 */
const MAX_NODES = 100_000
const MAX_DEPTH = 6
const LONG_ARRAY = 1000

export function transferablesOf(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>()
  const stack: [unknown, number][] = [[value, 0]]
  let nodes = 0
  while (stack.length > 0 && nodes < MAX_NODES) {
    const top = stack.pop()
    if (!top) break
    const [v, depth] = top
    nodes++
    if (typeof v !== 'object' || v === null) continue
    if (ArrayBuffer.isView(v)) {
      // Only whole, non-shared buffers: transferring a buffer also moves any other view on it.
      if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) found.add(v.buffer)
      continue
    }
    if (depth >= MAX_DEPTH) continue
    // Long arrays of plain values (JSON columns, tables of records) hold no typed arrays worth the walk.
    if (Array.isArray(v) && v.length > LONG_ARRAY) continue
    const children: readonly unknown[] = Array.isArray(v) ? v : Object.values(v)
    for (const c of children) if (typeof c === 'object' && c !== null) stack.push([c, depth + 1])
  }
  return [...found]
}
