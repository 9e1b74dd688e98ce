/**
 * What a saved analysis session holds, as the app hands it to storage and gets it back. Storage stays generic:
 * flows and aggregates are named typed-array (or JSON) columns, so whatever the flow and aggregate builders
 * produce can be stored without storage knowing their meaning.
 */
import type { CaptureSummary } from '../analysis/capture-summary.ts'
import type { TableSummary } from '../analysis/table-summary.ts'

/** A value that survives JSON.stringify/JSON.parse unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue }

export type NumericColumnType = 'f64' | 'u32' | 'u16' | 'u8' | 'i32'
export type ColumnType = NumericColumnType | 'json'

/** Bytes per element of each numeric column type (the stored ArrayBuffers are little-endian). */
export const ELEMENT_BYTES: Readonly<Record<NumericColumnType, number>> = { f64: 8, u32: 4, u16: 2, u8: 1, i32: 4 }

export const COLUMN_TYPES: readonly ColumnType[] = ['f64', 'u32', 'u16', 'u8', 'i32', 'json']

/** One named column; every column of a table has rowCount rows. */
export type Column =
  | { readonly name: string; readonly type: 'f64'; readonly data: Float64Array }
  | { readonly name: string; readonly type: 'u32'; readonly data: Uint32Array }
  | { readonly name: string; readonly type: 'u16'; readonly data: Uint16Array }
  | { readonly name: string; readonly type: 'u8'; readonly data: Uint8Array }
  | { readonly name: string; readonly type: 'i32'; readonly data: Int32Array }
  | { readonly name: string; readonly type: 'json'; readonly data: readonly JsonValue[] }

export interface ColumnTable {
  readonly rowCount: number
  readonly columns: readonly Column[]
}

/** An aggregate is either a small JSON value or a column table (a histogram, a heatmap, a top-N list...). */
export type Aggregate =
  | { readonly kind: 'json'; readonly value: JsonValue }
  | { readonly kind: 'table'; readonly table: ColumnTable }

/** The file a session was analysed from. */
export interface SessionSource {
  readonly fileName: string
  readonly size: number
  readonly format: string
  readonly compression: 'gzip' | null
}

/** A handful of summary numbers kept in the manifest so the session list needs no chunk reads. */
export interface SessionStats {
  readonly packets: number
  readonly bytes: number
  /** Seconds since the epoch of the first and last packet; null when there is none. */
  readonly start: number | null
  readonly end: number | null
}

/** What a session holds: a capture's analysis, or a traffic table's summary and flow records. */
export type SessionKind = 'capture' | 'table'
export const SESSION_KINDS: readonly SessionKind[] = ['capture', 'table']

/** What the app gives saveSession: a finished analysis. */
export interface SessionDraft {
  /** Absent means 'capture' (the only kind before tables were saved). */
  readonly kind?: 'capture'
  readonly name: string
  readonly source: SessionSource
  readonly summary: CaptureSummary
  /** Names are 1-128 characters; `__proto__`, `constructor` and `prototype` are refused. */
  readonly aggregates: Readonly<Record<string, Aggregate>>
  readonly flows: ColumnTable | null
  /** The original capture, kept only when the user's setting asks for it. */
  readonly originalFile?: Blob | null
  /** Milliseconds since the epoch; defaults to now (an imported session keeps its own). */
  readonly createdAt?: number
}

/**
 * A traffic table to save: its summary (stored where a capture keeps its CaptureSummary) and aggregates (the
 * flows' exploration snapshot, packed). A table has no flow columns of its own beyond that snapshot.
 */
export interface TableSessionDraft {
  readonly kind: 'table'
  readonly name: string
  readonly source: SessionSource
  readonly table: TableSummary
  readonly aggregates: Readonly<Record<string, Aggregate>>
  readonly originalFile?: Blob | null
  readonly createdAt?: number
}

export type AnySessionDraft = SessionDraft | TableSessionDraft

/** One row of the session list: everything but the data. */
export interface SessionListing {
  readonly id: string
  readonly kind: SessionKind
  readonly name: string
  /** Milliseconds since the epoch. */
  readonly createdAt: number
  readonly updatedAt: number
  /** The storage schema version the record was written (or migrated) under. */
  readonly schemaVersion: number
  readonly source: SessionSource
  readonly stats: SessionStats
  readonly hasOriginalFile: boolean
  /** Bytes of chunk data the session occupies (approximate: IndexedDB adds its own overhead). */
  readonly storedBytes: number
}

/** A capture session read back in full (the original file is read separately, on demand). */
export interface StoredSession extends Omit<SessionListing, 'kind'> {
  /** Absent is read as 'capture'. */
  readonly kind?: 'capture'
  readonly summary: CaptureSummary
  readonly aggregates: Readonly<Record<string, Aggregate>>
  readonly flows: ColumnTable | null
}

/** A table session read back in full. */
export interface StoredTableSession extends Omit<SessionListing, 'kind'> {
  readonly kind: 'table'
  readonly table: TableSummary
  readonly aggregates: Readonly<Record<string, Aggregate>>
}

export type AnyStoredSession = StoredSession | StoredTableSession

/** Names a data-controlled string may never take as an object key (prototype pollution). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])
export const MAX_NAME_LENGTH = 128
export const MAX_SESSION_NAME_LENGTH = 256
