/**
 * The JSON header of an exported session file (version 1: captures; version 2: session.kind, for tables) and its
 * strict validator. Numeric columns and the original file are byte ranges of the binary section that follows the
 * header (offsets from its start); JSON columns and JSON aggregates are inline. Exact key sets everywhere: an unknown key rejects the file.
 */
import type { CaptureSummary } from '../analysis/capture-summary.ts'
import type { TableSummary } from '../analysis/table-summary.ts'
import { tableSummary } from './table-summary-schema.ts'
import {
  JSON_LIMITS,
  MAX_AGGREGATES,
  MAX_COLUMNS,
  MAX_ROWS,
  captureSummary,
  entryName,
  sessionName,
  sessionSource,
} from './record-schemas.ts'
import type { JsonValue, NumericColumnType, SessionSource } from './session-types.ts'
import { type Validator, ValidationError, arrayOf, int, jsonValue, literal, nullable, num, object, str, tagged } from './validate.ts'

export const SESSION_FILE_FORMAT = 'nettwin-session'
/** Version 1: capture sessions (no session.kind). Version 2: session.kind says 'capture' or 'table'. */
export const SESSION_FILE_VERSION = 1
export const SESSION_FILE_TABLE_VERSION = 2
export const SESSION_FILE_VERSIONS: readonly number[] = [SESSION_FILE_VERSION, SESSION_FILE_TABLE_VERSION]
/** nettwin's stated input limit; a session file can hold the original capture, so the same bound applies. */
export const MAX_SESSION_FILE_BYTES = 2 ** 31
const MAX_OFFSET = MAX_SESSION_FILE_BYTES

export interface ByteRange {
  readonly offset: number
  readonly length: number
}

export type FileColumn =
  | ({ readonly name: string; readonly type: NumericColumnType } & ByteRange)
  | { readonly name: string; readonly type: 'json'; readonly values: readonly JsonValue[] }

export interface FileTable {
  readonly rowCount: number
  readonly columns: readonly FileColumn[]
}

export type FileAggregate =
  | { readonly name: string; readonly kind: 'json'; readonly value: JsonValue }
  | { readonly name: string; readonly kind: 'table'; readonly table: FileTable }

interface FileSessionBase {
  readonly name: string
  readonly createdAt: number
  readonly updatedAt: number
  readonly source: SessionSource
}

export type FileSession =
  | (FileSessionBase & { readonly kind?: 'capture'; readonly summary: CaptureSummary })
  | (FileSessionBase & { readonly kind: 'table'; readonly table: TableSummary })

export interface FileHeader {
  readonly format: typeof SESSION_FILE_FORMAT
  readonly version: 1 | 2
  readonly session: FileSession
  readonly flows: FileTable | null
  readonly aggregates: readonly FileAggregate[]
  readonly originalFile: ({ readonly type: string } & ByteRange) | null
}

const json = jsonValue(JSON_LIMITS)
const finite = num(-Number.MAX_VALUE, Number.MAX_VALUE)
const offset = int(0, MAX_OFFSET)

function numericColumn<T extends NumericColumnType>(type: T): Validator<FileColumn> {
  return object<{ name: string; type: T; offset: number; length: number }>({
    name: entryName,
    type: literal(type),
    offset,
    length: offset,
  })
}

const fileColumn = tagged<FileColumn>('type', {
  f64: numericColumn('f64'),
  u32: numericColumn('u32'),
  u16: numericColumn('u16'),
  u8: numericColumn('u8'),
  i32: numericColumn('i32'),
  json: object<{ name: string; type: 'json'; values: JsonValue[] }>({
    name: entryName,
    type: literal('json'),
    values: arrayOf(json, MAX_ROWS),
  }),
})

function uniqueNames<T extends { readonly name: string }>(inner: Validator<T[]>): Validator<T[]> {
  return (v, path) => {
    const items = inner(v, path)
    const names = new Set<string>()
    for (const item of items) {
      if (names.has(item.name)) throw new ValidationError(path, `duplicate name "${item.name}"`)
      names.add(item.name)
    }
    return items
  }
}

const fileTable = object<FileTable>({
  rowCount: int(0, MAX_ROWS),
  columns: uniqueNames(arrayOf(fileColumn, MAX_COLUMNS)),
})

const fileAggregate = tagged<FileAggregate>('kind', {
  json: object<FileAggregate & { kind: 'json' }>({ name: entryName, kind: literal('json'), value: json }),
  table: object<FileAggregate & { kind: 'table' }>({ name: entryName, kind: literal('table'), table: fileTable }),
})

const baseSpec = { name: sessionName, createdAt: finite, updatedAt: finite, source: sessionSource }
type CaptureV1 = FileSessionBase & { summary: CaptureSummary }
const captureV1 = object<CaptureV1>({ ...baseSpec, summary: captureSummary })
const sessionV2 = tagged<FileSession>('kind', {
  capture: object<FileSessionBase & { kind: 'capture'; summary: CaptureSummary }>({ ...baseSpec, kind: literal('capture'), summary: captureSummary }),
  table: object<FileSessionBase & { kind: 'table'; table: TableSummary }>({ ...baseSpec, kind: literal('table'), table: tableSummary }),
})

function headerOf(version: 1 | 2, session: Validator<FileSession>): Validator<FileHeader> {
  return object<FileHeader>({
    format: literal(SESSION_FILE_FORMAT),
    version: literal<1 | 2>(version),
    session,
    flows: nullable(fileTable),
    aggregates: uniqueNames(arrayOf(fileAggregate, MAX_AGGREGATES)),
    originalFile: nullable(object<{ type: string; offset: number; length: number }>({ type: str(256), offset, length: offset })),
  })
}

const headerV1 = headerOf(1, captureV1)
const headerV2 = headerOf(2, sessionV2)

/** The header of either version (its version key decides which schema applies; readHeader checked it exists). */
export const fileHeader: Validator<FileHeader> = (v, path) => {
  const version = typeof v === 'object' && v !== null ? (v as { version?: unknown }).version : undefined
  const header = version === SESSION_FILE_TABLE_VERSION ? headerV2(v, path) : headerV1(v, path)
  if (header.session.kind === 'table' && header.flows !== null) throw new ValidationError(`${path}.flows`, 'a table session has no capture flows')
  return header
}

/**
 * Deepest nesting of arrays and objects in a JSON text, found without parsing, so a hostile header cannot
 * make JSON.parse recurse deeply. Stops counting once `cap` is exceeded.
 */
export function jsonNestingDepth(text: string, cap: number): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) {
      inString = true
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth
      if (max > cap) return max
    } else if (c === 0x7d || c === 0x5d) {
      depth--
    }
  }
  return max
}
