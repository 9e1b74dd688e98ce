/**
 * Sorting row ids by a numeric key, for the tables: one pass fills a key column, then the ids are sorted by it
 * (ties by id, so the order is stable and deterministic). Text columns sort by rank among their distinct
 * values, so one comparison stays a number comparison. Non-finite keys (missing values) sort last either way.
 */

/** Ids ordered by key; descending puts the largest first. Missing keys (NaN) go last in both directions. */
export function orderBy(ids: Uint32Array, key: (id: number) => number, descending: boolean): Uint32Array {
  const n = ids.length
  const keys = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const k = key(ids[i])
    keys[i] = Number.isFinite(k) ? (descending ? -k : k) : Infinity
  }
  const pos = new Uint32Array(n)
  for (let i = 0; i < n; i++) pos[i] = i
  // Infinity - Infinity is NaN, which || treats like a tie: two missing keys fall back to id order.
  pos.sort((a, b) => keys[a] - keys[b] || ids[a] - ids[b])
  const out = new Uint32Array(n)
  for (let i = 0; i < n; i++) out[i] = ids[pos[i]]
  return out
}

/** A numeric key for a text column: each text's rank among the distinct texts of the rows (case-insensitive). */
export function textRank(ids: Uint32Array, text: (id: number) => string | null): (id: number) => number {
  const distinct = new Set<string>()
  for (let i = 0; i < ids.length; i++) {
    const t = text(ids[i])
    if (t !== null) distinct.add(t)
  }
  const sorted = [...distinct].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true }))
  const rank = new Map(sorted.map((t, i) => [t, i]))
  return (id) => {
    const t = text(id)
    return t === null ? NaN : (rank.get(t) ?? NaN)
  }
}

/** A numeric key for addresses that orders IPv4 before IPv6 before others, each by value. */
export function addressKey(kind: number, words: Uint32Array): number {
  if (kind === 4) return words[0]
  // 2^32 + the first 48 bits of an IPv6 address keeps most orderings within the 2^53 a double holds exactly.
  if (kind === 6) return 2 ** 32 + words[0] * 65536 + (words[1] >>> 16)
  return kind === 0 ? NaN : 2 ** 52 + kind
}

/** Rows [offset, offset + limit) of an order, clamped. */
export function pageOf(order: Uint32Array, offset: number, limit: number): Uint32Array {
  const from = Math.min(order.length, Math.max(0, Math.floor(Number.isFinite(offset) ? offset : 0)))
  const count = Math.max(0, Math.floor(Number.isFinite(limit) ? limit : 0))
  return order.subarray(from, Math.min(order.length, from + count))
}
