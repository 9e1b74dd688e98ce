/**
 * Fuzz targets for session-file import (src/storage/session-file.ts). Two views of the same seed file:
 *  - "session file": the whole file as it is downloaded; mutations of the magic, the header length, the
 *    checksum, the bytes and cuts exercise the framing (most end at the checksum, which is the point);
 *  - "session header": the JSON header alone, mutated value by value (and key by key) with hostile tokens
 *    (__proto__, deep nesting, 1e309, huge offsets and counts, wrong types), then framed with a correct length and
 *    checksum so every case reaches the strict schema and the byte-range checks.
 * Any outcome but a SessionDraft or a SessionFileError is a failure, and so is an accepted cut file.
 */
import { makeDraft } from '../storage/test-fixtures.ts'
import { crc32 } from '../storage/crc32.ts'
import { SessionFileError } from '../storage/errors.ts'
import { encodeSessionFile, parseSessionFile } from '../storage/session-file.ts'
import type { SessionDraft, StoredSession } from '../storage/session-types.ts'
import fc from 'fast-check'
import type { Seed } from './mutate.ts'
import { mutationArb } from './mutate.ts'
import type { TextSpot } from './mutate.ts'
import type { FuzzTarget, Outcome } from './target.ts'

const MAGIC = Uint8Array.of(0x89, 0x4e, 0x54, 0x57, 0x53, 0x0d, 0x0a, 0x1a)

export const SESSION_TOKENS = [
  '-1', '0', '1e309', '-1e309', '9007199254740993', '4294967296', '1.5', 'NaN', 'null', 'true', '[]', '{}', '""', '"x"',
  '"__proto__"', '"constructor"', '"prototype"', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}',
  '"f128"', '"json"', '"table"', '2', '"1"', `"${'x'.repeat(300)}"`, '['.repeat(100) + ']'.repeat(100), '"\\u0000"', '"\\ud800"',
  '1,"extra":1', '1,"__proto__":{"polluted":1}', '1,"constructor":{"prototype":{"polluted":1}}', '1e2', '2147483648', '1048576',
] as const

function storedSession(): { session: StoredSession; original: { bytes: Uint8Array; type: string } } {
  const draft = makeDraft({ rows: 12, file: Uint8Array.from({ length: 96 }, (_, i) => i) })
  const session: StoredSession = {
    id: 'fuzz',
    name: draft.name,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    schemaVersion: 1,
    source: draft.source,
    stats: { packets: draft.summary.packets, bytes: draft.summary.bytes, start: draft.summary.start, end: draft.summary.end },
    hasOriginalFile: true,
    storedBytes: 0,
    summary: draft.summary,
    aggregates: draft.aggregates,
    flows: draft.flows,
  }
  return { session, original: { bytes: Uint8Array.from({ length: 96 }, (_, i) => i), type: 'application/vnd.tcpdump.pcap' } }
}

function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** The seed file, its header text and its binary section. */
export function sessionSeedParts(): { file: Uint8Array; header: Uint8Array; binary: Uint8Array } {
  const { session, original } = storedSession()
  const file = join(encodeSessionFile(session, original))
  const length = new DataView(file.buffer).getUint32(8, true)
  const binaryStart = Math.ceil((12 + length) / 8) * 8
  return { file, header: file.slice(12, 12 + length), binary: file.slice(binaryStart, file.length - 4) }
}

let binaryCache: Uint8Array | null = null
const seedBinary = (): Uint8Array => (binaryCache ??= sessionSeedParts().binary)

/** A well-framed session file (magic, header length, padding, checksum) around a header and a binary section. */
export function frameSessionFile(header: Uint8Array, binary: Uint8Array): Uint8Array {
  const padded = Math.ceil((12 + header.length) / 8) * 8
  const out = new Uint8Array(padded + binary.length + 4)
  out.set(MAGIC)
  const view = new DataView(out.buffer)
  view.setUint32(8, header.length, true)
  out.set(header, 12)
  out.set(binary, padded)
  view.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true)
  return out
}

/**
 * The JSON values of a header as spans: strings with their quotes, and bare literals (numbers, true, false,
 * null), so a token replaces a whole value and the text stays JSON in most cases.
 */
export function jsonCells(text: string): TextSpot[] {
  const cells: TextSpot[] = []
  const bytes = new TextEncoder().encode(text)
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]
    if (b === 0x22) {
      let j = i + 1
      while (j < bytes.length && bytes[j] !== 0x22) j += bytes[j] === 0x5c ? 2 : 1
      // A string followed by ':' is a key: left alone (tokens such as `1,"extra":1` add keys instead).
      if (bytes[j + 1] !== 0x3a) cells.push({ offset: i, length: Math.min(j + 1, bytes.length) - i })
      i = j + 1
    } else if (b === 0x2d || (b >= 0x30 && b <= 0x39) || b === 0x74 || b === 0x66 || b === 0x6e) {
      let j = i + 1
      while (j < bytes.length && ![0x2c, 0x7d, 0x5d].includes(bytes[j])) j++
      cells.push({ offset: i, length: j - i })
      i = j
    } else i++
  }
  return cells
}

/** What an accepted file must satisfy: every table's columns hold exactly rowCount values. */
function draftProblem(d: SessionDraft): string | null {
  const tables = [d.flows, ...Object.values(d.aggregates).map((a) => (a.kind === 'table' ? a.table : null))]
  for (const t of tables) {
    if (t === null) continue
    for (const c of t.columns) if (c.data.length !== t.rowCount) return `column ${c.name} has ${c.data.length} values for ${t.rowCount} rows`
  }
  return null
}

function readSession(bytes: Uint8Array): Outcome {
  try {
    const draft = parseSessionFile(bytes)
    return { kind: 'report', items: ['accepted'], truncated: false, problem: draftProblem(draft) }
  } catch (e) {
    if (e instanceof SessionFileError) return { kind: 'refused', code: e.code, items: [] }
    throw e
  }
}

/** A cut session file (or a cut header) is never accepted. */
function sessionPrefixProblem(part: Outcome): string | null {
  return part.kind === 'refused' ? null : 'a cut session file was accepted'
}

export const sessionFileTarget: FuzzTarget = {
  name: 'session file',
  async seeds(): Promise<Seed[]> {
    const { file } = sessionSeedParts()
    const n = file.length
    const length = new DataView(file.buffer).getUint32(8, true)
    const binaryStart = Math.ceil((12 + length) / 8) * 8
    return [{
      label: 'session-file',
      bytes: file,
      fields: [
        { offset: 0, size: 4, littleEndian: false, name: 'session.magic' },
        { offset: 4, size: 4, littleEndian: false, name: 'session.magic_tail' },
        { offset: 8, size: 4, littleEndian: true, name: 'session.header_length' },
        { offset: n - 4, size: 4, littleEndian: true, name: 'session.crc32' },
      ],
      blocks: [0, 12, binaryStart, n - 4, n],
    }]
  },
  read: async (bytes) => readSession(bytes),
  prefixProblem: sessionPrefixProblem,
  fixedAllocation: 64 * 1024,
}

export const sessionHeaderTarget: FuzzTarget = {
  name: 'session header',
  // Byte damage of the header is the "session file" target's job (it ends at the checksum or JSON.parse); here
  // most mutations replace values, so that cases reach the schema and the byte-range checks.
  mutations: fc.array(
    fc.oneof({ weight: 8, arbitrary: mutationArb.filter((m) => m.kind === 'field') }, { weight: 2, arbitrary: mutationArb }),
    { minLength: 1, maxLength: 3 },
  ),
  async seeds(): Promise<Seed[]> {
    const { header } = sessionSeedParts()
    const text = new TextDecoder().decode(header)
    // Blocks: the top-level members, so splices move or duplicate whole "key": value pairs.
    const blocks = [0]
    for (let i = 0, depth = 0; i < header.length; i++) {
      if (header[i] === 0x7b || header[i] === 0x5b) depth++
      else if (header[i] === 0x7d || header[i] === 0x5d) depth--
      else if (header[i] === 0x2c && depth === 1) blocks.push(i + 1)
    }
    blocks.push(header.length)
    return [{ label: 'session-header', bytes: header, fields: [], cells: jsonCells(text), tokens: SESSION_TOKENS, blocks }]
  },
  read: async (bytes) => readSession(frameSessionFile(bytes, seedBinary())),
  prefixProblem: sessionPrefixProblem,
  fixedAllocation: 64 * 1024,
}
