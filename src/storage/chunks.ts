/**
 * Cutting a session into chunk records and putting it back together; pure functions, no IndexedDB. Columns are
 * cut into row ranges (rowsPerChunk rows each) so no single record is huge and a save can be spread over many
 * short transactions; reading checks every chunk against the manifest's layout before allocating anything.
 */
import { StorageError } from './errors.ts'
import { JSON_LIMITS, MAX_COLUMNS, MAX_ROWS, entryName } from './record-schemas.ts'
import type { AggregateLayout, TableLayout } from './schema.ts'
import {
  type Aggregate,
  type Column,
  type ColumnTable,
  ELEMENT_BYTES,
  type JsonValue,
  type NumericColumnType,
} from './session-types.ts'
import { ValidationError, jsonValue } from './validate.ts'

export const DEFAULT_ROWS_PER_CHUNK = 65_536
export const FILE_CHUNK_BYTES = 4 * 1024 * 1024
export const SUMMARY_KEY = 'summary'
export const AGG_PREFIX = 'agg'
export const FLOWS_PREFIX = 'flows'
export const FILE_PREFIX = 'file'

export const aggregateKey = (i: number): string => `${AGG_PREFIX}/${i}`
export const tableChunkKey = (prefix: string, column: number, chunk: number): string => `${prefix}/${column}/${chunk}`
export const fileChunkKey = (chunk: number): string => `${FILE_PREFIX}/${chunk}`

export interface PlannedChunk {
  readonly key: string
  readonly data: ArrayBuffer | JsonValue
  /** Size estimate for batching and the manifest's storedBytes. */
  readonly bytes: number
}

type NumericData = Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array
interface TypedArrayConstructor {
  new (length: number): NumericData
  new (buffer: ArrayBuffer): NumericData
}

const TYPED: Readonly<Record<NumericColumnType, TypedArrayConstructor>> = {
  f64: Float64Array,
  u32: Uint32Array,
  u16: Uint16Array,
  u8: Uint8Array,
  i32: Int32Array,
}

const isJsonCell = jsonValue(JSON_LIMITS)

export const chunkCount = (rowCount: number, rowsPerChunk: number): number => Math.ceil(rowCount / rowsPerChunk)

function invalid(message: string): never {
  throw new StorageError('invalid-session', `This session cannot be saved: ${message}`)
}

/** Checks a table the app hands in: sane row count, unique valid names, every column's data of its type and length. */
export function checkTable(table: ColumnTable, what: string): void {
  if (!Number.isInteger(table.rowCount) || table.rowCount < 0 || table.rowCount > MAX_ROWS) invalid(`${what} row count`)
  if (table.columns.length > MAX_COLUMNS) invalid(`${what} has more than ${MAX_COLUMNS} columns`)
  const names = new Set<string>()
  for (const c of table.columns) {
    try {
      entryName(c.name, what)
    } catch (e) {
      invalid(e instanceof ValidationError ? e.message : `${what} column name`)
    }
    if (names.has(c.name)) invalid(`${what} has two columns named "${c.name}"`)
    names.add(c.name)
    const ok = c.type === 'json' ? Array.isArray(c.data) : Object.hasOwn(TYPED, c.type) && c.data instanceof TYPED[c.type]
    if (!ok) invalid(`${what} column "${c.name}" does not hold ${c.type} data`)
    if (c.data.length !== table.rowCount) invalid(`${what} column "${c.name}" has ${c.data.length} rows, not ${table.rowCount}`)
  }
}

export function layoutOf(table: ColumnTable, rowsPerChunk: number): TableLayout {
  return { rowCount: table.rowCount, rowsPerChunk, columns: table.columns.map((c) => ({ name: c.name, type: c.type })) }
}

/** Bytes of a JSON value once serialised; refuses values JSON cannot carry (cycles, BigInt, functions). */
export function jsonBytes(value: unknown, what: string): number {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch {
    invalid(`${what} is not JSON data`)
  }
  if (text === undefined) invalid(`${what} is not JSON data`)
  return text.length
}

/** The chunks of one table, column by column, row range by row range. */
export function* tableChunks(prefix: string, table: ColumnTable, rowsPerChunk: number): Generator<PlannedChunk> {
  const chunks = chunkCount(table.rowCount, rowsPerChunk)
  for (let c = 0; c < table.columns.length; c++) {
    const column = table.columns[c]
    for (let k = 0; k < chunks; k++) {
      const from = k * rowsPerChunk
      const to = Math.min(table.rowCount, from + rowsPerChunk)
      const key = tableChunkKey(prefix, c, k)
      if (column.type === 'json') {
        const rows = column.data.slice(from, to)
        yield { key, data: rows, bytes: jsonBytes(rows, `column "${column.name}"`) }
      } else {
        // slice() copies, so the stored buffer holds exactly these rows whatever buffer the column views.
        const buffer = column.data.slice(from, to).buffer as ArrayBuffer
        yield { key, data: buffer, bytes: buffer.byteLength }
      }
    }
  }
}

function corrupt(message: string): never {
  throw new StorageError('corrupt', `This saved session is damaged (${message}); delete it and analyse the file again.`)
}

/** Rebuilds a table from its chunks, checking each against the layout before any allocation. */
export function assembleTable(prefix: string, layout: TableLayout, chunks: ReadonlyMap<string, unknown>): ColumnTable {
  const count = chunkCount(layout.rowCount, layout.rowsPerChunk)
  const columns: Column[] = []
  for (let c = 0; c < layout.columns.length; c++) {
    const { name, type } = layout.columns[c]
    const parts: unknown[] = []
    for (let k = 0; k < count; k++) {
      const part = chunks.get(tableChunkKey(prefix, c, k))
      const rows = Math.min(layout.rowsPerChunk, layout.rowCount - k * layout.rowsPerChunk)
      const fits = type === 'json'
        ? Array.isArray(part) && part.length === rows
        : part instanceof ArrayBuffer && part.byteLength === rows * ELEMENT_BYTES[type]
      if (!fits) corrupt(`${prefix} column "${name}" chunk ${k}`)
      parts.push(part)
    }
    if (type === 'json') {
      const data: JsonValue[] = []
      for (const part of parts as unknown[][]) {
        for (const cell of part) {
          try {
            data.push(isJsonCell(cell, name))
          } catch {
            corrupt(`${prefix} column "${name}" holds a value that is not JSON`)
          }
        }
      }
      columns.push({ name, type, data })
    } else {
      const Typed = TYPED[type]
      const data = new Typed(layout.rowCount)
      let row = 0
      for (const part of parts as ArrayBuffer[]) {
        const view = new Typed(part)
        data.set(view, row)
        row += view.length
      }
      columns.push({ name, type, data } as Column)
    }
  }
  return { rowCount: layout.rowCount, columns }
}

/** Rebuilds the aggregates record (null prototype: names come from storage). */
export function assembleAggregates(
  layouts: readonly AggregateLayout[],
  chunks: ReadonlyMap<string, unknown>,
): Record<string, Aggregate> {
  const out = Object.create(null) as Record<string, Aggregate>
  for (let i = 0; i < layouts.length; i++) {
    const layout = layouts[i]
    const key = aggregateKey(i)
    if (layout.kind === 'table') {
      out[layout.name] = { kind: 'table', table: assembleTable(key, layout.table, chunks) }
      continue
    }
    if (!chunks.has(key)) corrupt(`aggregate "${layout.name}" is missing`)
    try {
      out[layout.name] = { kind: 'json', value: isJsonCell(chunks.get(key), layout.name) }
    } catch {
      corrupt(`aggregate "${layout.name}" is not JSON`)
    }
  }
  return out
}
