import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { bytesSource } from '../src/formats/sources.ts'
import { writeManyFlowsCapture } from './many-flows.ts'

const dir = await mkdtemp(join(tmpdir(), 'many-flows-'))
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('writeManyFlowsCapture', () => {
  it('writes the same bytes for the same seed and others for another seed', async () => {
    const a = await writeManyFlowsCapture(join(dir, 'a.pcap'), { flows: 500, seed: 7 })
    const b = await writeManyFlowsCapture(join(dir, 'b.pcap'), { flows: 500, seed: 7 })
    const c = await writeManyFlowsCapture(join(dir, 'c.pcap'), { flows: 500, seed: 8 })
    const [ab, bb, cb] = await Promise.all(['a', 'b', 'c'].map((n) => readFile(join(dir, `${n}.pcap`))))
    expect(a.bytes).toBe(ab.length)
    expect(ab.equals(bb)).toBe(true)
    expect(ab.equals(cb)).toBe(false)
    expect(b.packets).toBe(a.packets)
    expect(c.flows).toBe(500)
  })

  it('gives as many flows as it wrote, a few packets each, over many addresses', async () => {
    const stats = await writeManyFlowsCapture(join(dir, 'd.pcap'), { flows: 1000, seed: 1 })
    const bytes = new Uint8Array(await readFile(join(dir, 'd.pcap')))
    const analysis = new CaptureAnalysis({ flowMode: 'zeek' })
    const summary = await analyzeCapture(bytesSource(bytes, 'd.pcap'), { analysis })
    expect(summary.packets).toBe(stats.packets)
    expect(summary.truncated).toBe(false)
    // Random ports and a million client addresses: a repeated 5-tuple among 1,000 flows is very unlikely.
    expect(summary.flows).toBe(1000)
    expect(summary.flowsEstimated).toBe(false)
    expect(stats.packets / stats.flows).toBeGreaterThan(1.5)
    expect(stats.packets / stats.flows).toBeLessThan(3)
    expect(summary.endpoints).toBeGreaterThan(800)
    expect(summary.conversations.eth).toBeLessThanOrEqual(64)
  }, 60_000)

  it('refuses a flow count that is not a positive integer', async () => {
    await expect(writeManyFlowsCapture(join(dir, 'e.pcap'), { flows: 0, seed: 1 })).rejects.toThrow(/positive integer/)
  })
})
