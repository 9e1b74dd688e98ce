import { describe, expect, it } from 'vitest'
import { pcap } from '../../formats/pcap.ts'
import { pcapng } from '../../formats/pcapng.ts'
import { writePcap } from '../../formats/pcap-writer.ts'
import { readWith } from '../../formats/read-test-utils.ts'
import { bytesSource } from '../../formats/sources.ts'
import { AttackFrames } from '../scenarios/attack-frames.ts'
import { chunksSource } from './chunk-source.ts'
import { InjectError, MergeWriter } from './merge-writer.ts'
import { mergeIntoCapture } from './inject-scenarios.ts'

const T = 1_700_000_000
const frameOf = (tag: number, n = 60): Uint8Array => new Uint8Array(n).fill(tag)

function attacks(times: number[], label = 1): AttackFrames {
  const a = new AttackFrames()
  // Appended out of order on purpose: the writer must sort them.
  for (const t of [...times].reverse()) a.add(t * 1e6, frameOf(0xa0 + Math.round((t - T) * 10)), 60, label)
  return a
}

function concatChunks(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0))
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

describe('merge by time', () => {
  const base = writePcap([1, 2, 3].map((s) => ({ time: T + s, data: frameOf(s) })))

  for (const format of ['pcap', 'pcapng'] as const) {
    it(`slips attack frames between ordinary packets by time (${format}) and labels each packet`, async () => {
      const chunks: Uint8Array[] = []
      const plan = { frames: attacks([T + 1.5, T + 2.5, T + 4, T + 0.5]), scenarios: [] }
      const merge = await mergeIntoCapture(bytesSource(base), plan, format, (c) => chunks.push(c))
      const back = await readWith(format === 'pcap' ? pcap : pcapng, concatChunks(chunks))
      expect(back.error).toBeNull()
      expect(back.packets.map((p) => Math.round((p.time - T) * 10) / 10)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 4])
      expect(back.packets.map((p) => p.data[0])).toEqual([0xa5, 1, 0xaf, 2, 0xb9, 3, 0xc8])
      const next = merge.labels.reader()
      expect(back.packets.map(() => next())).toEqual([1, 0, 1, 0, 1, 0, 1])
      expect([merge.ordinary, merge.injected, merge.labels.packets]).toEqual([3, 4, 7])
      expect(merge.labels.runs).toBe(7)
    })
  }

  it('refuses to put Ethernet attack frames into a pcap of another link type, and keeps both in pcapng', async () => {
    const raw = writePcap([{ time: T + 1, data: Uint8Array.of(0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2) }], { linkType: 101 })
    const plan = { frames: attacks([T + 2]), scenarios: [] }
    await expect(mergeIntoCapture(bytesSource(raw), plan, 'pcap', () => undefined)).rejects.toThrow(InjectError)
    await expect(mergeIntoCapture(bytesSource(raw), plan, 'pcap', () => undefined)).rejects.toThrow(/write pcapng instead/)
    const chunks: Uint8Array[] = []
    await mergeIntoCapture(bytesSource(raw), plan, 'pcapng', (c) => chunks.push(c))
    const back = await readWith(pcapng, concatChunks(chunks))
    expect(back.packets.map((p) => p.linkType)).toEqual([101, 1])
    expect(back.report?.interfaces.map((i) => i.linkType)).toEqual([101, 1])
  })

  it('takes the twin generator frames directly (FrameSink view) and streams output in chunks', () => {
    const chunks: Uint8Array[] = []
    const m = new MergeWriter(attacks([T + 1.5]), 'pcap', (c) => chunks.push(c))
    for (let i = 0; i < 3; i++) m.frame((T + i) * 1e6, frameOf(i, 80), 60)
    m.finish()
    expect(m.labels.totals(1)).toEqual(Float64Array.of(3, 1))
    expect(chunks.length).toBeGreaterThan(0)
    expect(chunksSource(chunks, 'x').size).toBe(24 + 4 * 16 + 4 * 60)
  })
})
