/**
 * Packs a plain-data value holding typed arrays (an ExploreSnapshot, say) into session aggregates and back, so
 * storage needs no knowledge of its shape: every typed array becomes a one-column table aggregate, every long
 * array of plain values a json-column table (storage chunks both by rows), and the remaining skeleton one JSON
 * aggregate in which the moved parts are replaced by markers {"$nt": [kind, aggregate name, element type]}.
 *
 * Unpacking trusts nothing: markers must name an existing aggregate of the right kind; the result is plain
 * data that the value's own validator must still check.
 */
import type { Aggregate, ColumnTable, JsonValue } from '../../storage/session-types.ts'
import { FORBIDDEN_KEYS } from '../../storage/session-types.ts'

const MARK = '$nt'
/** Arrays longer than this (of plain values) go to a json column table instead of the skeleton. */
const LONG_ARRAY = 256
/** The packed values are a few levels deep; a deeper one is refused rather than walked. */
const MAX_DEPTH = 16

type Numeric = 'f64' | 'f32' | 'u32' | 'i32' | 'u16' | 'u8'
type Typed = Float64Array | Float32Array | Uint32Array | Int32Array | Uint16Array | Uint8Array

function typedKind(v: unknown): Numeric | null {
  if (v instanceof Float64Array) return 'f64'
  if (v instanceof Float32Array) return 'f32'
  if (v instanceof Uint32Array) return 'u32'
  if (v instanceof Int32Array) return 'i32'
  if (v instanceof Uint16Array) return 'u16'
  if (v instanceof Uint8Array) return 'u8'
  return null
}

function tableOf(kind: Numeric, data: Typed, adopt: boolean): ColumnTable {
  const n = data.length
  // Storage has no f32 column: a Float32Array is kept as f64 (exact) and narrowed back on unpack.
  if (kind === 'f32') return { rowCount: n, columns: [{ name: 'v', type: 'f64', data: Float64Array.from(data) }] }
  const kept = adopt ? data : data.slice()
  return { rowCount: n, columns: [{ name: 'v', type: kind, data: kept } as ColumnTable['columns'][number]] }
}

export interface PackOptions {
  /**
   * The value is the caller's to give away (a snapshot made for this save, never used again): its typed arrays
   * become the columns as they are, and arrays and objects that need no change (no typed array inside, no
   * undefined or non-finite value) are kept rather than rebuilt. Saves a copy of everything the value holds:
   * for a 1 GB capture's exploration snapshot, about 65 MB at the moment of saving.
   */
  readonly adopt?: boolean
}

/** Packs `value` into aggregates named `${prefix}`, `${prefix}/0`, `${prefix}/1`, ... (added to `out`). */
export function packValue(value: unknown, prefix: string, out: Record<string, Aggregate>, options: PackOptions = {}): void {
  const adopt = options.adopt === true
  let next = 0
  const walk = (v: unknown, depth: number): JsonValue => {
    if (depth > MAX_DEPTH) throw new Error(`${prefix}: value nested too deeply to store`)
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
    if (typeof v === 'number') return Number.isFinite(v) ? v : null
    const kind = typedKind(v)
    if (kind) {
      const name = `${prefix}/${next++}`
      out[name] = { kind: 'table', table: tableOf(kind, v as Typed, adopt) }
      return { [MARK]: ['col', name, kind] }
    }
    if (Array.isArray(v)) {
      const items = walkArray(v, depth)
      if (items.length <= LONG_ARRAY || items.some(hasMarker)) return items
      const name = `${prefix}/${next++}`
      out[name] = { kind: 'table', table: { rowCount: items.length, columns: [{ name: 'v', type: 'json', data: items }] } }
      return { [MARK]: ['rows', name, 'json'] }
    }
    if (typeof v === 'object') return walkObject(v as Record<string, unknown>, depth)
    throw new Error(`${prefix}: a ${typeof v} cannot be stored`)
  }
  const walkArray = (v: readonly unknown[], depth: number): JsonValue[] => {
    if (!adopt) return v.map((x) => walk(x, depth + 1))
    // The copy starts at the first item that changed; until then the caller's array is the result.
    let items: JsonValue[] | null = null
    for (let i = 0; i < v.length; i++) {
      const x = walk(v[i], depth + 1)
      if (items === null && x !== v[i]) items = v.slice(0, i) as JsonValue[]
      if (items !== null) items.push(x)
    }
    return items ?? (v as JsonValue[])
  }
  const walkObject = (v: Record<string, unknown>, depth: number): JsonValue => {
    // Only plain data is kept as it is (a class instance is rebuilt as a plain object). Until the first key that
    // changes, nothing is copied; from it on, the keys before it (all kept unchanged) and the rest go to a copy.
    const plain = Object.getPrototypeOf(v) === Object.prototype
    let o: Record<string, JsonValue> | null = adopt && plain ? null : {}
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue
      if (k === MARK || FORBIDDEN_KEYS.has(k)) throw new Error(`${prefix}: key "${k}" cannot be stored`)
      const x = v[k]
      if (x === undefined) {
        o ??= keysBefore(v, k)
        continue
      }
      const y = walk(x, depth + 1)
      if (o === null && y !== x) o = keysBefore(v, k)
      if (o !== null) o[k] = y
    }
    return o ?? (v as JsonValue)
  }
  out[prefix] = { kind: 'json', value: walk(value, 0) }
}

/** A plain copy of the own keys of `v` that come before `stop` (values that packing left unchanged). */
function keysBefore(v: Record<string, unknown>, stop: string): Record<string, JsonValue> {
  const o: Record<string, JsonValue> = {}
  for (const k in v) {
    if (k === stop) break
    if (Object.hasOwn(v, k)) o[k] = v[k] as JsonValue
  }
  return o
}

function hasMarker(v: JsonValue): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && MARK in v
}

function restoreTyped(kind: string, table: ColumnTable): Typed {
  const col = table.columns.length === 1 ? table.columns[0] : null
  if (!col || col.type === 'json') throw new Error('stored column has the wrong shape')
  if (kind === 'f32') {
    if (col.type !== 'f64') throw new Error('stored column has the wrong type')
    return Float32Array.from(col.data)
  }
  if (col.type !== kind) throw new Error('stored column has the wrong type')
  return col.data
}

/** Rebuilds a value packed under `prefix`; throws when an aggregate it needs is missing or malformed. */
export function unpackValue(prefix: string, aggregates: Readonly<Record<string, Aggregate>>): unknown {
  const get = (name: string): Aggregate | undefined => (Object.hasOwn(aggregates, name) ? aggregates[name] : undefined)
  const root = get(prefix)
  if (!root || root.kind !== 'json') throw new Error(`${prefix} is missing`)
  const walk = (v: JsonValue, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new Error(`${prefix} is nested too deeply`)
    if (v === null || typeof v !== 'object') return v
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1))
    if (MARK in v) {
      const m = v[MARK]
      if (!Array.isArray(m) || m.length !== 3 || typeof m[1] !== 'string' || !m[1].startsWith(`${prefix}/`)) throw new Error(`${prefix}: bad marker`)
      const agg = get(m[1])
      if (!agg || agg.kind !== 'table') throw new Error(`${prefix}: ${m[1]} is missing`)
      if (m[0] === 'col') return restoreTyped(String(m[2]), agg.table)
      const col = agg.table.columns[0]
      if (m[0] === 'rows' && agg.table.columns.length === 1 && col.type === 'json') return col.data.map((x) => walk(x, depth + 1))
      throw new Error(`${prefix}: ${m[1]} has the wrong shape`)
    }
    const o: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) if (!FORBIDDEN_KEYS.has(k)) o[k] = walk(x, depth + 1)
    return o
  }
  return walk(root.value, 0)
}
