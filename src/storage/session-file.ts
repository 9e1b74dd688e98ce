/**
 * Exported session files: one file per session, written and read in one pass.
 *
 *   magic     8 bytes   89 4E 54 57 53 0D 0A 1A ("\x89NTWS\r\n\x1a": binary, and breaks visibly under
 *                       text-mode transfers, as PNG's signature does)
 *   length    u32 LE    byte length of the header
 *   header    UTF-8 JSON (session-file-schema.ts), then zero padding to a multiple of 8
 *   binary    numeric columns (little-endian typed arrays) and the optional original file, each at an
 *             offset that is a multiple of 8 from the start of this section
 *   crc       u32 LE    CRC-32 of every byte before it
 *
 * Typed arrays are written in platform byte order, which is little-endian on every platform browsers run on.
 *
 * Import never trusts the file: size caps first, then the checksum, a nesting-depth scan before JSON.parse, the
 * strict header schema (version required, unknown keys rejected), then every byte range and row count is
 * checked before any copy. All refusals are SessionFileError; what comes out is a fresh SessionDraft.
 */
import { crc32Update } from './crc32.ts'
import { type SessionStorage } from './db.ts'
import { SessionFileError } from './errors.ts'
import {
  type ByteRange,
  type FileColumn,
  type FileHeader,
  type FileTable,
  MAX_SESSION_FILE_BYTES,
  SESSION_FILE_FORMAT,
  SESSION_FILE_TABLE_VERSION,
  SESSION_FILE_VERSION,
  SESSION_FILE_VERSIONS,
  fileHeader,
  jsonNestingDepth,
} from './session-file-schema.ts'
import {
  type Aggregate,
  type Column,
  type ColumnTable,
  ELEMENT_BYTES,
  type AnySessionDraft,
  type AnyStoredSession,
  type SessionDraft,
  type SessionListing,
} from './session-types.ts'
import { loadOriginalFile, loadStoredSession, saveSession } from './sessions.ts'
import { ValidationError } from './validate.ts'
import type { Anonymizer } from '../lib/anonymize/anonymizer.ts'
import { anonymizeOriginalFile, anonymizeSession } from './session-anonymize.ts'

const MAGIC = Uint8Array.of(0x89, 0x4e, 0x54, 0x57, 0x53, 0x0d, 0x0a, 0x1a)
const MAX_HEADER_BYTES = 256 * 1024 * 1024
const MAX_HEADER_DEPTH = 48
export const SESSION_FILE_TYPE = 'application/x-nettwin-session'

const align8 = (n: number): number => Math.ceil(n / 8) * 8

/** Collects the binary section while the header is built. */
class BinarySection {
  readonly parts: Uint8Array[] = []
  length = 0

  append(bytes: Uint8Array): ByteRange {
    const offset = this.length
    this.parts.push(bytes)
    const padded = align8(bytes.length)
    if (padded > bytes.length) this.parts.push(new Uint8Array(padded - bytes.length))
    this.length += padded
    return { offset, length: bytes.length }
  }
}

function tableToFile(table: ColumnTable, binary: BinarySection): FileTable {
  const columns = table.columns.map((c): FileColumn => {
    if (c.type === 'json') return { name: c.name, type: 'json', values: c.data }
    return { name: c.name, type: c.type, ...binary.append(new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength)) }
  })
  return { rowCount: table.rowCount, columns }
}

/** The parts of a session file, in order (join them, or hand them to new Blob()). */
export function encodeSessionFile(
  session: AnyStoredSession,
  originalFile: { readonly bytes: Uint8Array; readonly type: string } | null,
): Uint8Array[] {
  const binary = new BinarySection()
  const { name, createdAt, updatedAt, source } = session
  // Captures keep writing version 1 (older builds read them); only a table needs version 2's session.kind.
  const isTable = session.kind === 'table'
  const header: FileHeader = {
    format: SESSION_FILE_FORMAT,
    version: isTable ? SESSION_FILE_TABLE_VERSION : SESSION_FILE_VERSION,
    session: isTable
      ? { kind: 'table', name, createdAt, updatedAt, source, table: session.table }
      : { name, createdAt, updatedAt, source, summary: session.summary },
    flows: !isTable && session.flows ? tableToFile(session.flows, binary) : null,
    aggregates: Object.entries(session.aggregates).map(([aggName, a]) =>
      a.kind === 'json'
        ? { name: aggName, kind: 'json', value: a.value }
        : { name: aggName, kind: 'table', table: tableToFile(a.table, binary) },
    ),
    originalFile: originalFile ? { type: originalFile.type, ...binary.append(originalFile.bytes) } : null,
  }
  const text = new TextEncoder().encode(JSON.stringify(header))
  const head = new Uint8Array(MAGIC.length + 4)
  head.set(MAGIC)
  new DataView(head.buffer).setUint32(MAGIC.length, text.length, true)
  const pad = new Uint8Array(align8(head.length + text.length) - (head.length + text.length))
  const parts = [head, text, pad, ...binary.parts]
  let crc = 0
  for (const p of parts) crc = crc32Update(crc, p)
  const trailer = new Uint8Array(4)
  new DataView(trailer.buffer).setUint32(0, crc, true)
  parts.push(trailer)
  return parts
}

/**
 * A saved session as a downloadable file; the original capture goes in only when asked and kept. With an
 * Anonymizer every address in it is replaced (session-anonymize.ts), the original file included.
 */
export async function exportSession(
  storage: SessionStorage,
  id: string,
  options: { readonly includeOriginalFile?: boolean; readonly anonymize?: Anonymizer | null } = {},
): Promise<Blob> {
  const stored = await loadStoredSession(storage, id)
  const anon = options.anonymize ?? null
  const session = anon === null ? stored : anonymizeSession(stored, anon)
  const file = options.includeOriginalFile ? await loadOriginalFile(storage, id) : null
  let original: { bytes: Uint8Array; type: string } | null = null
  if (file !== null) original = anon === null ? { bytes: new Uint8Array(await file.arrayBuffer()), type: file.type } : await anonymizeOriginalFile(file, anon)
  return new Blob(encodeSessionFile(session, original) as BlobPart[], { type: SESSION_FILE_TYPE })
}

function refuse(code: SessionFileError['code'], message: string): never {
  throw new SessionFileError(code, message)
}

/** Copies a validated byte range out of the binary section (copying also aligns it for typed arrays). */
function slice(bytes: Uint8Array, binaryStart: number, binaryLength: number, range: ByteRange, what: string): Uint8Array {
  if (range.offset + range.length > binaryLength) refuse('invalid', `${what} points past the end of the file`)
  return bytes.slice(binaryStart + range.offset, binaryStart + range.offset + range.length)
}

function tableFromFile(t: FileTable, bytes: Uint8Array, binaryStart: number, binaryLength: number, what: string): ColumnTable {
  const columns = t.columns.map((c): Column => {
    const path = `${what} column "${c.name}"`
    if (c.type === 'json') {
      if (c.values.length !== t.rowCount) refuse('invalid', `${path} has ${c.values.length} rows, not ${t.rowCount}`)
      return { name: c.name, type: 'json', data: c.values }
    }
    if (c.length !== t.rowCount * ELEMENT_BYTES[c.type]) refuse('invalid', `${path} has the wrong byte length`)
    const buffer = slice(bytes, binaryStart, binaryLength, c, path).buffer
    switch (c.type) {
      case 'f64': return { name: c.name, type: c.type, data: new Float64Array(buffer) }
      case 'u32': return { name: c.name, type: c.type, data: new Uint32Array(buffer) }
      case 'u16': return { name: c.name, type: c.type, data: new Uint16Array(buffer) }
      case 'u8': return { name: c.name, type: c.type, data: new Uint8Array(buffer) }
      case 'i32': return { name: c.name, type: c.type, data: new Int32Array(buffer) }
    }
  })
  return { rowCount: t.rowCount, columns }
}

function readHeader(text: string): FileHeader {
  if (jsonNestingDepth(text, MAX_HEADER_DEPTH) > MAX_HEADER_DEPTH) refuse('bad-header', 'The session header is nested too deeply.')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    refuse('bad-header', 'The session header is not valid JSON.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.hasOwn(parsed, 'version')) {
    refuse('missing-version', 'The session file has no version.')
  }
  const version = (parsed as { version: unknown }).version
  if (typeof version !== 'number' || !SESSION_FILE_VERSIONS.includes(version)) {
    const shown = String(version).slice(0, 20)
    refuse('unsupported-version', `Session file version ${shown} is not supported (this nettwin reads versions ${SESSION_FILE_VERSIONS.join(' and ')}).`)
  }
  try {
    return fileHeader(parsed, 'header')
  } catch (e) {
    if (e instanceof ValidationError) refuse('invalid', `The session file is invalid: ${e.message}`)
    throw e
  }
}

/** Reads and checks an exported capture session file; a table session file is refused (parseAnySessionFile reads both). */
export function parseSessionFile(bytes: Uint8Array): SessionDraft {
  const draft = parseAnySessionFile(bytes)
  if (draft.kind === 'table') refuse('invalid', 'This session file holds a traffic table, not a capture.')
  return draft
}

/** Reads and checks an exported session file of either kind; throws SessionFileError for anything it does not accept. */
export function parseAnySessionFile(bytes: Uint8Array): AnySessionDraft {
  const n = bytes.length
  if (n > MAX_SESSION_FILE_BYTES) refuse('too-large', 'The session file is larger than 2 GiB.')
  if (n < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) {
    refuse('not-session-file', 'This is not a nettwin session file.')
  }
  if (n < MAGIC.length + 8) refuse('truncated', 'The session file is cut short.')
  const view = new DataView(bytes.buffer, bytes.byteOffset, n)
  if (crc32Update(0, bytes.subarray(0, n - 4)) !== view.getUint32(n - 4, true)) {
    refuse('checksum', 'The session file is damaged or cut short (checksum mismatch).')
  }
  const headerLength = view.getUint32(MAGIC.length, true)
  if (headerLength > MAX_HEADER_BYTES) refuse('too-large', 'The session header is too large.')
  const headerStart = MAGIC.length + 4
  const binaryStart = align8(headerStart + headerLength)
  if (binaryStart > n - 4) refuse('truncated', 'The session file is cut short.')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(headerStart, headerStart + headerLength))
  } catch {
    refuse('bad-header', 'The session header is not valid UTF-8.')
  }
  const header = readHeader(text)
  const binaryLength = n - 4 - binaryStart
  const aggregates = Object.create(null) as Record<string, Aggregate>
  for (const a of header.aggregates) {
    aggregates[a.name] = a.kind === 'json'
      ? { kind: 'json', value: a.value }
      : { kind: 'table', table: tableFromFile(a.table, bytes, binaryStart, binaryLength, `aggregate "${a.name}"`) }
  }
  const s = header.session
  const original = header.originalFile
  const originalFile = original
    ? new Blob([slice(bytes, binaryStart, binaryLength, original, 'original file') as BlobPart], { type: original.type })
    : null
  if (s.kind === 'table') {
    return { kind: 'table', name: s.name, createdAt: s.createdAt, source: s.source, table: s.table, aggregates, originalFile }
  }
  return {
    name: s.name,
    createdAt: s.createdAt,
    source: s.source,
    summary: s.summary,
    aggregates,
    flows: header.flows ? tableFromFile(header.flows, bytes, binaryStart, binaryLength, 'flows') : null,
    originalFile,
  }
}

/** Reads a session file the user picked: the size is checked before any byte is read. */
export async function readSessionBlob(blob: Blob): Promise<AnySessionDraft> {
  if (blob.size > MAX_SESSION_FILE_BYTES) refuse('too-large', 'The session file is larger than 2 GiB.')
  return parseAnySessionFile(new Uint8Array(await blob.arrayBuffer()))
}

/** A download name for a session: its name without characters file systems or shells trip on. */
export function sessionFileName(name: string): string {
  const safe = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069/\\:*?"<>|]+/g, '_').trim()
  return `${safe.slice(0, 100) || 'session'}.nettwin`
}

/** Validates a session file and saves it as a new session (a fresh id; the file's name and creation time). */
export async function importSessionFile(storage: SessionStorage, bytes: Uint8Array): Promise<SessionListing> {
  return saveSession(storage, parseAnySessionFile(bytes))
}
