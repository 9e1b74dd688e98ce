/**
 * The row reader's public types: options, the reasons a row is skipped, the error that stops a read, and the
 * sink that receives rows.
 */
import type { RowFields } from './row-fields.ts'

export type Delimiter = ',' | '\t' | ';' | '|' | 'whitespace'

export interface RowReaderOptions {
  /** Field separator; 'whitespace' splits on runs of spaces and tabs and ignores them at line starts and ends. */
  readonly delimiter?: Delimiter
  /** Whether '"' starts a quoted field (false for Zeek TSV, which escapes instead). */
  readonly quotes?: boolean
  readonly maxFieldChars?: number
  readonly maxRowChars?: number
  readonly maxFields?: number
}

export const DEFAULT_MAX_FIELD_CHARS = 64 * 1024
export const DEFAULT_MAX_ROW_CHARS = 1024 * 1024
export const DEFAULT_MAX_FIELDS = 16 * 1024

/** Why a row was skipped (the read goes on). */
export type RowRejectReason = 'field-too-long' | 'too-many-fields' | 'unterminated-quote'

export type TableErrorCode = 'row-too-long' | 'line-too-long'

/** A problem that stops reading a table; `line` is the 1-based line where the offending row began. */
export class TableError extends Error {
  constructor(readonly code: TableErrorCode, message: string, readonly line: number) {
    super(message)
    this.name = 'TableError'
  }
}

/** Receives rows; a row object is valid only during the call. */
export interface RowSink {
  /** Return false to stop reading. */
  row(row: RowFields): boolean | void
  reject(line: number, reason: RowRejectReason): void
}
