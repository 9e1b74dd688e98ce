import { describe, expect, it } from 'vitest'
import { FormatError } from '../formats/format.ts'
import { writePcap } from '../formats/pcap-writer.ts'
import { bytesSource } from '../formats/sources.ts'
import { analyzeFile, MappingNeededError } from './analyze-file.ts'

const text = (s: string): Uint8Array => new TextEncoder().encode(s)
const guessed = 'when,from,to,size,verdict\n1600000000,10.0.0.1,10.0.0.2,100,ok\n1600000001,10.0.0.2,10.0.0.1,50,bad\n'

async function failureOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected a failure')
}

describe('analyzeFile', () => {
  it('reads a capture as a capture and a CSV as a table, from content alone', async () => {
    const pcap = writePcap([{ time: 1, data: new Uint8Array(60) }])
    const capture = await analyzeFile(bytesSource(pcap, 'looks-like.csv'))
    expect(capture.kind).toBe('capture')
    expect(capture.kind === 'capture' && capture.summary.packets).toBe(1)
    const table = await analyzeFile(bytesSource(text(guessed), 'looks-like.pcap'))
    expect(table.kind).toBe('table')
    expect(table.kind === 'table' && table.summary.records).toBe(2)
  })

  it('asks for a mapping, with a proposal and the first rows, when only guessed columns fit and the caller wants to confirm', async () => {
    const e = await failureOf(analyzeFile(bytesSource(text(guessed), 'r.csv'), { confirmGuessedColumns: true }))
    expect(e).toBeInstanceOf(MappingNeededError)
    const m = e as MappingNeededError
    expect(m.code).toBe('needs-mapping')
    expect(m.proposal.mapping.columns).toEqual(['when', 'from', 'to', 'size', 'verdict'])
    expect(m.sampleRows).toEqual([
      ['1600000000', '10.0.0.1', '10.0.0.2', '100', 'ok'],
      ['1600000001', '10.0.0.2', '10.0.0.1', '50', 'bad'],
    ])
  })

  it('reads through a given mapping, labels included', async () => {
    const e = (await failureOf(analyzeFile(bytesSource(text(guessed), 'r.csv'), { confirmGuessedColumns: true }))) as MappingNeededError
    const base = e.proposal.mapping
    const mapping = { ...base, target: 'flows' as const, fields: { time: { column: 0, confidence: 1 }, srcAddr: { column: 1, confidence: 1 }, dstAddr: { column: 2, confidence: 1 }, origBytes: { column: 3, confidence: 1 }, label: { column: 4, confidence: 1 } }, featureColumns: [] }
    const r = await analyzeFile(bytesSource(text(guessed), 'r.csv'), { mapping, confirmGuessedColumns: true })
    expect(r.kind).toBe('table')
    if (r.kind !== 'table') return
    expect(r.summary.flows).toBe(2)
    expect(r.summary.labels.classes).toEqual({ bad: { rows: 1, flagged: 0 }, ok: { rows: 1, flagged: 0 } })
    expect(r.summary.topTalkers[0]).toEqual({ address: '10.0.0.1', bytes: 150, records: 2 })
  })

  it('says plain text and binary data are neither a capture nor a table', async () => {
    for (const bytes of [text('Agenda\n1. Network review\n2. Budget\n'), Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff)]) {
      const e = await failureOf(analyzeFile(bytesSource(bytes, 'x.bin')))
      expect(e).toBeInstanceOf(FormatError)
      expect((e as FormatError).code).toBe('not-recognised')
      expect((e as FormatError).message).toContain('nor a table')
    }
  })
})
