import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { warmUpEngine } from './engine-warmup.ts'

const sample = new Uint8Array(readFileSync(new URL('../public/samples/web-mix.pcapng', import.meta.url)))

describe('warmUpEngine', () => {
  it('analyses the sample round after round and says how much it read', async () => {
    const report = await warmUpEngine(sample, new AbortController().signal, 3, 60_000)
    expect(report.rounds).toBe(3)
    // The built-in sample has 249 packets (tshark -r public/samples/web-mix.pcapng | wc -l).
    expect(report.packets).toBe(3 * 249)
  })

  it('stops when a read aborts it, and at the time budget', async () => {
    const controller = new AbortController()
    const first = warmUpEngine(sample, controller.signal, 1000, 60_000)
    controller.abort()
    expect((await first).rounds).toBeLessThanOrEqual(1)
    expect((await warmUpEngine(sample, new AbortController().signal, 1000, 0)).rounds).toBe(0)
  })

  it('does nothing, without an error, on bytes that are no capture', async () => {
    const report = await warmUpEngine(new TextEncoder().encode('not a capture at all\n'), new AbortController().signal, 3, 60_000)
    expect(report).toMatchObject({ rounds: 0, packets: 0 })
  })
})
