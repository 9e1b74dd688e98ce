import { describe, expect, it } from 'vitest'
import { eth, ipv4, tcp } from '../decode/frame-test-kit.ts'
import { writePcap } from '../formats/pcap-writer.ts'
import { Anonymizer } from '../lib/anonymize/anonymizer.ts'
import { exportSession, parseSessionFile } from './session-file.ts'
import { saveSession } from './sessions.ts'
import { FakeClock, freshFactory, makeDraft, makeSummary, openPage } from './test-fixtures.ts'
import { anonymizeOriginalFile } from './session-anonymize.ts'
import { analyzeCapture } from '../analysis/capture-summary.ts'
import { blobSource } from '../formats/sources.ts'

const ORIGINALS = ['10.0.0.1', '10.0.0.2', '192.168.7.9']

function capture(): Uint8Array {
  const frame = eth(0x0800, ipv4(6, tcp(40000, 443, new Uint8Array(8)), { src: '192.168.7.9', dst: '10.0.0.2' }))
  return writePcap([{ time: 1_700_000_000, data: frame }, { time: 1_700_000_001, data: frame }])
}

/** Every string of a parsed draft (summary, aggregates, JSON columns) joined, to search for addresses. */
async function allText(blob: Blob): Promise<string> {
  const d = parseSessionFile(new Uint8Array(await blob.arrayBuffer()))
  const columns = [d.flows, ...Object.values(d.aggregates).map((a) => (a.kind === 'table' ? a.table : null))]
    .flatMap((t) => (t === null ? [] : t.columns.filter((c) => c.type === 'json').map((c) => c.data)))
  const jsonAggregates = Object.values(d.aggregates).map((a) => (a.kind === 'json' ? a.value : null))
  return JSON.stringify([d.name, d.source, d.summary, jsonAggregates, columns])
}

describe('anonymised session export', () => {
  it('replaces every address in the summary, aggregates, JSON columns and the original capture', async () => {
    const storage = await openPage(freshFactory(), new FakeClock())
    const summary = makeSummary({ fileName: 'capture-from-192.168.7.9.pcap', topTalkers: [{ address: '192.168.7.9', packets: 2, bytes: 200, exact: true }] })
    const draft = makeDraft({ name: 'Lab 10.0.0.1', rows: 5, file: capture(), summary })
    const saved = await saveSession(storage, { ...draft, aggregates: { ...draft.aggregates, hosts: { kind: 'table', table: { rowCount: 2, columns: [{ name: 'host', type: 'json', data: ['10.0.0.1', '192.168.7.9:443'] }] } } } })

    const plain = await allText(await exportSession(storage, saved.id))
    for (const a of ORIGINALS) expect(plain).toContain(a) // the fixture really holds them

    const anon = new Anonymizer(new Uint8Array(32).fill(3))
    const blob = await exportSession(storage, saved.id, { includeOriginalFile: true, anonymize: anon })
    const text = await allText(blob)
    for (const a of ORIGINALS) expect(text).not.toContain(a)
    expect(text).toContain(anon.address('192.168.7.9') as string)
    expect(text).toContain(`${anon.address('192.168.7.9')}:443`)

    const original = parseSessionFile(new Uint8Array(await blob.arrayBuffer())).originalFile as Blob
    const s = await analyzeCapture(blobSource(original, 'original'))
    expect(s.packets).toBe(2)
    expect(s.topTalkers.map((t) => t.address).sort()).toEqual([anon.address('10.0.0.2'), anon.address('192.168.7.9')].sort())
  })

  it('anonymises a text table kept as the original file, and leaves out what it cannot anonymise', async () => {
    const anon = new Anonymizer(new Uint8Array(32).fill(4))
    const table = await anonymizeOriginalFile(new Blob(['src,dst\n10.0.0.1,10.0.0.2\n']), anon)
    expect(new TextDecoder().decode(table?.bytes)).toBe(`src,dst\n${anon.address('10.0.0.1')},${anon.address('10.0.0.2')}\n`)
    expect(await anonymizeOriginalFile(new Blob([Uint8Array.of(0xff, 0xfe, 0x00, 0x81)]), anon)).toBeNull()
  })
})
