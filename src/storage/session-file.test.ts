import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { crc32 } from './crc32.ts'
import { SessionFileError } from './errors.ts'
import { exportSession, importSessionFile, parseSessionFile, readSessionBlob, sessionFileName } from './session-file.ts'
import type { SessionDraft, StoredSession } from './session-types.ts'
import { listSessions, loadOriginalFile, loadSession, saveSession } from './sessions.ts'
import { FakeClock, fakeFileBytes, freshFactory, makeDraft, openPage } from './test-fixtures.ts'

const SEED = 20_240_601

function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Splits an exported file into its header text and binary section. */
function split(bytes: Uint8Array): { text: string; binary: Uint8Array } {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)
  const binaryStart = Math.ceil((12 + length) / 8) * 8
  return { text: new TextDecoder().decode(bytes.subarray(12, 12 + length)), binary: bytes.slice(binaryStart, bytes.length - 4) }
}

/** Builds a well-framed file (magic, length, padding, checksum) around any header text. */
function frame(text: string, binary: Uint8Array): Uint8Array {
  const header = new TextEncoder().encode(text)
  const head = new Uint8Array(12)
  head.set([0x89, 0x4e, 0x54, 0x57, 0x53, 0x0d, 0x0a, 0x1a])
  new DataView(head.buffer).setUint32(8, header.length, true)
  const pad = new Uint8Array(Math.ceil((12 + header.length) / 8) * 8 - 12 - header.length)
  const body = join([head, header, pad, binary])
  const trailer = new Uint8Array(4)
  new DataView(trailer.buffer).setUint32(0, crc32(body), true)
  return join([body, trailer])
}

async function exported(withFile: boolean): Promise<{ session: StoredSession; bytes: Uint8Array; file: Uint8Array }> {
  const storage = await openPage(freshFactory(), new FakeClock())
  const file = fakeFileBytes(3000)
  const saved = await saveSession(storage, makeDraft({ rows: 40, file }), { rowsPerChunk: 16 })
  const blob = await exportSession(storage, saved.id, { includeOriginalFile: withFile })
  return { session: await loadSession(storage, saved.id), bytes: new Uint8Array(await blob.arrayBuffer()), file }
}

function expectSameData(draft: SessionDraft, session: StoredSession): void {
  expect(draft.name).toBe(session.name)
  expect(draft.createdAt).toBe(session.createdAt)
  expect(draft.source).toEqual(session.source)
  expect(draft.summary).toEqual(session.summary)
  expect({ ...draft.aggregates }).toEqual({ ...session.aggregates })
  expect(draft.flows).toEqual(session.flows)
}

/** Runs parse and sorts the outcome: a draft, or a typed refusal; anything else fails the test. */
function outcome(bytes: Uint8Array): SessionDraft | SessionFileError {
  try {
    return parseSessionFile(bytes)
  } catch (e) {
    if (e instanceof SessionFileError) return e
    throw e
  }
}

describe('session files', () => {
  it('round-trips a session with its original file, and imports it as a new session', async () => {
    const { session, bytes, file } = await exported(true)
    const draft = parseSessionFile(bytes)
    expectSameData(draft, session)
    expect(new Uint8Array(await (draft.originalFile as Blob).arrayBuffer())).toEqual(file)
    expect(draft.originalFile?.type).toBe('application/vnd.tcpdump.pcap')

    const other = await openPage(freshFactory(), new FakeClock(1_800_000_000_000))
    const imported = await importSessionFile(other, bytes)
    expect(imported.id).not.toBe(session.id)
    expect(imported).toMatchObject({ name: session.name, createdAt: session.createdAt, updatedAt: 1_800_000_000_000, hasOriginalFile: true })
    expect(await listSessions(other)).toEqual([imported])
    const reloaded = await loadSession(other, imported.id)
    expectSameData({ ...reloaded, createdAt: reloaded.createdAt }, session)
    expect(new Uint8Array(await ((await loadOriginalFile(other, imported.id)) as Blob).arrayBuffer())).toEqual(file)
  })

  it('leaves the original file out unless asked', async () => {
    const { session, bytes } = await exported(false)
    const draft = parseSessionFile(bytes)
    expect(draft.originalFile).toBeNull()
    expectSameData(draft, session)
    expect(bytes.length).toBeLessThan(8000)
  })

  it('reads a picked Blob, and names downloads safely', async () => {
    const { session, bytes } = await exported(false)
    const picked = await readSessionBlob(new Blob([bytes as BlobPart]))
    if (picked.kind === 'table') throw new Error('a capture file read back as a table')
    expectSameData(picked, session)
    await expect(readSessionBlob(new Blob(['not a session']))).rejects.toMatchObject({ code: 'not-session-file' })
    expect(sessionFileName('Lab capture')).toBe('Lab capture.nettwin')
    expect(sessionFileName('../etc/passwd\u202e\u0000')).toBe('.._etc_passwd_.nettwin')
    expect(sessionFileName('   ')).toBe('session.nettwin')
  })

  it('random byte damage (flips, truncation, insertion) gives equal data or a SessionFileError, never another error', async () => {
    const { session, bytes } = await exported(false)
    const damage = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
    )
    let accepted = 0
    fc.assert(
      fc.property(fc.array(damage, { minLength: 1, maxLength: 4 }), (edits) => {
        let b: Uint8Array = bytes.slice()
        for (const e of edits) {
          const at = e.at % (b.length + 1)
          if (e.kind === 'flip' && at < b.length) b[at] = e.value
          else if (e.kind === 'cut') b = b.slice(0, at)
          else if (e.kind === 'insert') b = join([b.subarray(0, at), e.value, b.subarray(at)])
        }
        const result = outcome(b)
        if (result instanceof SessionFileError) return
        accepted++
        expect(b).toEqual(bytes)
        expectSameData(result, session)
      }),
      { seed: SEED, numRuns: 2000 },
    )
    console.info(`session-file byte mutations: seed ${SEED}, ${accepted} of 2000 accepted (all unchanged files)`)
  })

  it('header mutations (well framed, valid checksum) give a typed refusal, or data that stores and reads back', async () => {
    const { bytes } = await exported(false)
    const { text, binary } = split(bytes)
    const original: unknown = JSON.parse(text)
    const storage = await openPage(freshFactory(), new FakeClock())
    const keyName = fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', 'name', 'version', 'type', 'rowCount')
    const mutation = fc.record({ path: fc.array(fc.nat(), { maxLength: 6 }), key: keyName, value: fc.jsonValue({ maxDepth: 3 }), op: fc.constantFrom('set', 'delete', 'replace') })
    let accepted = 0
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const header = structuredClone(original) as Record<string, unknown>
        for (const m of mutations) {
          // Walk down to an object or array along the path, then edit it.
          let target: Record<string, unknown> | unknown[] = header
          for (const step of m.path) {
            const keys = Object.keys(target)
            const child: unknown = keys.length > 0 ? (target as Record<string, unknown>)[keys[step % keys.length]] : null
            if (typeof child !== 'object' || child === null) break
            target = child as Record<string, unknown> | unknown[]
          }
          const keys = Object.keys(target)
          const pick = keys[m.path.length % Math.max(1, keys.length)]
          if (Array.isArray(target)) {
            if (m.op === 'set') target.push(m.value)
            else if (m.op === 'delete') target.splice(m.path.length % Math.max(1, target.length), 1)
            else if (target.length > 0) target[m.path.length % target.length] = m.value
          } else if (m.op === 'set') {
            // defineProperty makes "__proto__" an own key, as JSON.parse does; plain assignment would not.
            Object.defineProperty(target, m.key, { value: m.value, enumerable: true, configurable: true, writable: true })
          } else if (pick !== undefined) {
            if (m.op === 'delete') delete target[pick]
            else target[pick] = m.value
          }
        }
        const changed = JSON.stringify(header) !== text
        const result = outcome(frame(JSON.stringify(header), binary))
        if (result instanceof SessionFileError) return
        if (changed) accepted++
        const saved = await saveSession(storage, result)
        const back = await loadSession(storage, saved.id)
        expect(back.summary).toEqual(result.summary)
        expect(back.flows).toEqual(result.flows)
      }),
      { seed: SEED, numRuns: 500 },
    )
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    console.info(`session-file header mutations: seed ${SEED}, ${accepted} of 500 changed headers accepted and stored`)
  })
})
