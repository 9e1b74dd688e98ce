import { beforeAll, describe, expect, it } from 'vitest'
import { crc32 } from './crc32.ts'
import { SessionFileError } from './errors.ts'
import { exportSession, parseSessionFile } from './session-file.ts'
import { jsonNestingDepth } from './session-file-schema.ts'
import { saveSession } from './sessions.ts'
import { FakeClock, freshFactory, makeDraft, openPage } from './test-fixtures.ts'

const MAGIC = [0x89, 0x4e, 0x54, 0x57, 0x53, 0x0d, 0x0a, 0x1a]

/** A well-framed file (magic, header length, padding, checksum) around header bytes and a binary section. */
function frame(header: Uint8Array | string, binary: Uint8Array = new Uint8Array(0), declaredLength?: number): Uint8Array {
  const h = typeof header === 'string' ? new TextEncoder().encode(header) : header
  const padded = Math.ceil((12 + h.length) / 8) * 8
  const out = new Uint8Array(padded + binary.length + 4)
  out.set(MAGIC)
  const view = new DataView(out.buffer)
  view.setUint32(8, declaredLength ?? h.length, true)
  out.set(h, 12)
  out.set(binary, padded)
  view.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true)
  return out
}

function refusal(bytes: Uint8Array): string {
  try {
    parseSessionFile(bytes)
  } catch (e) {
    if (e instanceof SessionFileError) return e.code
    throw e
  }
  return 'accepted'
}

let header: Record<string, unknown>
let binary: Uint8Array

beforeAll(async () => {
  const storage = await openPage(freshFactory(), new FakeClock())
  const saved = await saveSession(storage, makeDraft({ rows: 10 }))
  const bytes = new Uint8Array(await (await exportSession(storage, saved.id)).arrayBuffer())
  const length = new DataView(bytes.buffer).getUint32(8, true)
  header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)))
  binary = bytes.slice(Math.ceil((12 + length) / 8) * 8, bytes.length - 4)
})

type Path = readonly (string | number)[]
const REMOVE = Symbol('remove')

/** The value at `path` in the exported header. */
function get(path: Path): unknown {
  let node: unknown = header
  for (const k of path) node = (node as Record<string | number, unknown>)[k]
  return node
}

/** The exported header with the value at `path` replaced (or removed), as text. */
function edited(path: Path, value: unknown): string {
  const h: unknown = structuredClone(header)
  let node = h as Record<string | number, unknown>
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>
  const last = path[path.length - 1]
  if (value === REMOVE) delete node[last]
  else node[last] = value
  return JSON.stringify(h)
}

const column0 = ['flows', 'columns', 0]

describe('hostile session files', () => {
  it('accepts the untouched header (the fixtures below are one change away from valid)', () => {
    expect(refusal(frame(JSON.stringify(header), binary))).toBe('accepted')
  })

  it('refuses files that are not session files, cut short, or damaged', () => {
    expect(refusal(new Uint8Array(0))).toBe('not-session-file')
    expect(refusal(new TextEncoder().encode('{"format":"nettwin-session","version":1}'))).toBe('not-session-file')
    expect(refusal(Uint8Array.from(MAGIC))).toBe('truncated')
    const good = frame(JSON.stringify(header), binary)
    expect(refusal(good.subarray(0, good.length - 1))).toBe('checksum')
    const flipped = good.slice()
    flipped[40] ^= 1
    expect(refusal(flipped)).toBe('checksum')
    expect(refusal(frame(JSON.stringify(header), binary, 0xffff_fff0))).toBe('too-large')
    expect(refusal(frame(JSON.stringify(header), new Uint8Array(0), 100_000))).toBe('truncated')
  })

  it('refuses headers that are not UTF-8, not JSON, or nested deeply, without recursing', () => {
    expect(refusal(frame(Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d)))).toBe('bad-header')
    expect(refusal(frame('{"version": 1,'))).toBe('bad-header')
    expect(refusal(frame('['.repeat(200_000) + ']'.repeat(200_000)))).toBe('bad-header')
    expect(jsonNestingDepth('{"a":"[[[[\\"[[["}', 10)).toBe(1)
  })

  it('requires the version and refuses versions it does not know', () => {
    expect(refusal(frame(edited(['version'], REMOVE), binary))).toBe('missing-version')
    expect(refusal(frame('[]'))).toBe('missing-version')
    expect(refusal(frame(edited(['version'], 3), binary))).toBe('unsupported-version')
    // Version 2 exists (table sessions) but requires session.kind: a version 1 header relabelled 2 is invalid.
    expect(refusal(frame(edited(['version'], 2), binary))).toBe('invalid')
    expect(refusal(frame(edited(['version'], '1'), binary))).toBe('unsupported-version')
  })

  it('refuses unknown keys at every level and missing keys', () => {
    expect(refusal(frame(edited(['extra'], true), binary))).toBe('invalid')
    expect(refusal(frame(edited(['session', 'summary', 'extra'], 1), binary))).toBe('invalid')
    expect(refusal(frame(edited([...column0, 'extra'], 1), binary))).toBe('invalid')
    expect(refusal(frame(edited(['session', 'source', 'size'], REMOVE), binary))).toBe('invalid')
  })

  it('refuses __proto__, constructor and prototype keys and names, and pollutes nothing', () => {
    const text = JSON.stringify(header)
    const withKey = (where: string, key: string) => text.replace(where, `${where}"${key}":{"polluted":true},`)
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(refusal(frame(withKey('{', key), binary))).toBe('invalid')
      expect(refusal(frame(withKey('"protocols":{', key), binary))).toBe('invalid')
      expect(refusal(frame(withKey('"value":[{', key), binary))).toBe('invalid')
      expect(refusal(frame(edited(['aggregates', 0, 'name'], key), binary))).toBe('invalid')
      expect(refusal(frame(edited([...column0, 'name'], key), binary))).toBe('invalid')
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('checks every byte range and row count against the file before copying', () => {
    expect(refusal(frame(edited([...column0, 'offset'], binary.length), binary))).toBe('invalid')
    expect(refusal(frame(edited([...column0, 'length'], (get([...column0, 'length']) as number) + 8), binary))).toBe('invalid')
    expect(refusal(frame(edited(['flows', 'rowCount'], 2 ** 28), binary))).toBe('invalid')
    expect(refusal(frame(edited(['flows', 'rowCount'], 2 ** 40), binary))).toBe('invalid')
    expect(refusal(frame(edited(['flows', 'columns', 5, 'values'], (get(['flows', 'columns', 5, 'values']) as unknown[]).slice(1)), binary))).toBe('invalid')
    expect(refusal(frame(edited(['flows', 'columns', 6], get(column0)), binary))).toBe('invalid')
    expect(refusal(frame(edited(['originalFile'], { type: '', offset: 0, length: 1e9 }), binary))).toBe('invalid')
  })

  it('refuses out-of-range numbers and wrong types', () => {
    expect(refusal(frame(JSON.stringify(header).replace('"packets":1234', '"packets":1e309'), binary))).toBe('invalid')
    expect(refusal(frame(edited(['session', 'summary', 'packets'], -1), binary))).toBe('invalid')
    expect(refusal(frame(edited(['session', 'summary', 'packets'], '1234'), binary))).toBe('invalid')
    expect(refusal(frame(edited(['session', 'name'], 'x'.repeat(257)), binary))).toBe('invalid')
    expect(refusal(frame(edited([...column0, 'type'], 'f128'), binary))).toBe('invalid')
    expect(refusal(frame(edited(['session', 'summary', 'comments'], 'not a list'), binary))).toBe('invalid')
  })
})
