import { describe, expect, it } from 'vitest'
import { restoreTableExplore } from '../analysis/queries/table-session.ts'
import { runQuery } from '../analysis/queries/index.ts'
import { tableAnalysisData } from '../analysis/queries/table-data.ts'
import { Anonymizer } from '../lib/anonymize/anonymizer.ts'
import { StorageError } from './errors.ts'
import { CHUNKS, SESSIONS } from './schema.ts'
import { exportSession, importSessionFile, parseAnySessionFile, parseSessionFile } from './session-file.ts'
import { listSessions, loadSession, loadStoredSession, saveSession } from './sessions.ts'
import { FakeClock, freshFactory, makeDraft, openPage } from './test-fixtures.ts'
import { makeTableDraft } from './table-test-fixtures.ts'

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer())
}

describe('table sessions', () => {
  it('round-trips a labelled table: summary with confusion matrices, flows answering the same queries', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const draft = await makeTableDraft('cicids')
    expect(draft.table.labels.confusion).toBeDefined()
    const saved = await saveSession(storage, draft, { rowsPerChunk: 2 })
    expect(saved).toMatchObject({ kind: 'table', name: 'cicids table', hasOriginalFile: false })
    expect(saved.stats).toEqual({ packets: draft.table.records, bytes: draft.table.bytes, start: draft.table.start, end: draft.table.end })
    const capture = await saveSession(storage, makeDraft({ rows: 3 }))
    const kinds = (await listSessions(storage)).map((s) => `${s.id}:${s.kind}`).sort()
    expect(kinds).toEqual([`${capture.id}:capture`, `${saved.id}:table`].sort())

    const back = await loadStoredSession(storage, saved.id)
    if (back.kind !== 'table') throw new Error('read back as a capture')
    expect(JSON.parse(JSON.stringify(back.table))).toEqual(JSON.parse(JSON.stringify(draft.table)))
    const explore = restoreTableExplore(back.aggregates)
    expect(explore?.unknownPackets).toBe(draft.explore.unknownPackets)
    const before = tableAnalysisData(draft.explore)
    const after = tableAnalysisData(explore ?? draft.explore)
    const page = { offset: 0, limit: 50 }
    expect(explore).not.toBeUndefined()
    expect(runQuery(after, 'flowsPage', page)).toEqual(runQuery(before, 'flowsPage', page))
    expect(runQuery(after, 'endpointsPage', { kind: 'all', ...page })).toEqual(runQuery(before, 'endpointsPage', { kind: 'all', ...page }))
    expect(runQuery(after, 'flowsPage', page).total).toBe(draft.table.flows)

    // A capture reader never mistakes a table for a capture.
    await expect(loadSession(storage, saved.id)).rejects.toMatchObject({ code: 'invalid-session' })
  })

  it('keeps a table with no flow records (no exploration data) and one with unknown packet counts', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const nsl = await makeTableDraft('nsl-kdd')
    const saved = await saveSession(storage, nsl)
    const back = await loadStoredSession(storage, saved.id)
    if (back.kind !== 'table') throw new Error('read back as a capture')
    expect(back.table.labels.classes).toEqual(nsl.table.labels.classes)
    expect(restoreTableExplore(back.aggregates)?.unknownPackets).toBe(nsl.explore.unknownPackets)
  })

  it('refuses to save a table summary that is not one', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const draft = await makeTableDraft('zeek-json')
    const bad = { ...draft, table: { ...draft.table, dialect: 'pcap' } } as unknown as typeof draft
    await expect(saveSession(storage, bad)).rejects.toMatchObject({ code: 'invalid-session' })
    const extra = { ...draft, table: { ...draft.table, extra: 1 } } as unknown as typeof draft
    await expect(saveSession(storage, extra)).rejects.toBeInstanceOf(StorageError)
    expect(await listSessions(storage)).toEqual([])
  })

  it('rejects tampered records: unknown kind, a capture summary under a table, a table with flows, an extra key', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const draft = await makeTableDraft('zeek-json')
    const tamper = async (edit: (manifest: Record<string, unknown>, summary: Record<string, unknown>) => void): Promise<unknown> => {
      const saved = await saveSession(storage, draft)
      const manifest = (await storage.db.get(SESSIONS, saved.id)) as unknown as Record<string, unknown>
      const chunk = (await storage.db.get(CHUNKS, [saved.id, 'summary'])) as unknown as { data: Record<string, unknown> }
      edit(manifest, chunk.data)
      await storage.db.put(SESSIONS, manifest as never)
      await storage.db.put(CHUNKS, chunk as never)
      return loadStoredSession(storage, saved.id).then(
        () => 'opened',
        (e: unknown) => (e instanceof StorageError ? e.code : e),
      )
    }
    expect(await tamper((m) => void (m.kind = 'spreadsheet'))).toBe('corrupt')
    expect(await tamper((m) => void delete m.kind)).toBe('corrupt')
    expect(await tamper((_m, s) => void (s.labels = { ...(s.labels as object), extra: 1 }))).toBe('corrupt')
    expect(await tamper((_m, s) => void (s.records = -1))).toBe('corrupt')
    expect(await tamper((_m, s) => void (s.format = 'pcap'))).toBe('corrupt')
    expect(await tamper((m) => void (m.kind = 'capture'))).toBe('corrupt')
    expect(
      await tamper((m) => {
        const contents = m.contents as Record<string, unknown>
        contents.flows = { rowCount: 0, rowsPerChunk: 1, columns: [] }
      }),
    ).toBe('corrupt')
    // The two manifests with a bad kind are left out of the list; the other five fail only when opened.
    expect(await listSessions(storage)).toHaveLength(5)
  })

  it('exports and imports a table session file; a tampered table header is refused', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const draft = await makeTableDraft('cicids')
    const saved = await saveSession(storage, draft)
    const bytes = await bytesOf(await exportSession(storage, saved.id))
    const parsed = parseAnySessionFile(bytes)
    if (parsed.kind !== 'table') throw new Error('a table file read back as a capture')
    expect(JSON.parse(JSON.stringify(parsed.table))).toEqual(JSON.parse(JSON.stringify(draft.table)))
    expect(() => parseSessionFile(bytes)).toThrow(/traffic table/)
    const imported = await importSessionFile(storage, bytes)
    expect(imported.kind).toBe('table')
    const back = await loadStoredSession(storage, imported.id)
    if (back.kind !== 'table') throw new Error('imported as a capture')
    expect(restoreTableExplore(back.aggregates)?.snapshot.flows.count).toBe(draft.table.flows)

    // Rewrite the header (and the checksum) with an unknown key in the table summary: refused as invalid.
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true)
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as { session: { table: Record<string, unknown>; kind: string } }
    header.session.table.__proto__polluted = 1
    const edited = new TextEncoder().encode(JSON.stringify(header).padEnd(length, ' '))
    expect(edited.length).toBeLessThanOrEqual(length + 32)
    header.session.table = { ...header.session.table }
    delete header.session.table.__proto__polluted
    header.session.kind = 'capture'
    const asCapture = new TextEncoder().encode(JSON.stringify(header))
    for (const text of [edited, asCapture]) {
      const out = rebuild(bytes, length, text)
      expect(() => parseAnySessionFile(out)).toThrow(expect.objectContaining({ code: 'invalid' }))
    }
  })
})

describe('anonymised table export', () => {
  it('replaces the addresses of the summary and of the flows, and the file still opens', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const draft = await makeTableDraft('zeek-json')
    const addresses = draft.explore.snapshot.addresses.text.filter((t) => t !== '')
    expect(addresses.length).toBeGreaterThan(1)
    const saved = await saveSession(storage, draft)
    const anon = new Anonymizer(new Uint8Array(32).fill(7))
    const parsed = parseAnySessionFile(await bytesOf(await exportSession(storage, saved.id, { anonymize: anon })))
    if (parsed.kind !== 'table') throw new Error('a table file read back as a capture')
    const text = JSON.stringify([parsed.table, Object.values(parsed.aggregates).map((a) => (a.kind === 'json' ? a.value : a.table.columns.map((c) => (c.type === 'json' ? c.data : null))))])
    for (const a of addresses) expect(text).not.toContain(`"${a}"`)
    expect(text).toContain(anon.address(addresses[0]) as string)
    expect(restoreTableExplore(parsed.aggregates)?.snapshot.flows.count).toBe(draft.table.flows)
  })
})

/** The file with its header replaced (re-framed, re-aligned, new checksum), binary section unchanged. */
function rebuild(file: Uint8Array, oldLength: number, header: Uint8Array): Uint8Array {
  const align8 = (n: number) => Math.ceil(n / 8) * 8
  const binary = file.subarray(align8(12 + oldLength), file.length - 4)
  const start = align8(12 + header.length)
  const out = new Uint8Array(start + binary.length + 4)
  out.set(file.subarray(0, 8))
  new DataView(out.buffer).setUint32(8, header.length, true)
  out.set(header, 12)
  out.set(binary, start)
  let crc = 0xffffffff
  for (let i = 0; i < out.length - 4; i++) {
    crc ^= out[i]
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  new DataView(out.buffer).setUint32(out.length - 4, (crc ^ 0xffffffff) >>> 0, true)
  return out
}
