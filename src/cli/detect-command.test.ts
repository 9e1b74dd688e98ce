import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writePcap } from '../formats/pcap-writer.ts'
import { runCli as run, udpFrame } from './cli-test-kit.ts'

describe('nettwin detect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nettwin-detect-'))
  const file = join(dir, 'udp-flood.pcap')
  // 3,000 unanswered datagrams from 10.0.0.66 to 10.0.0.5:9999 within 3 s.
  const packets = Array.from({ length: 3000 }, (_, i) => ({ time: 1_700_000_000 + i / 1000, data: udpFrame(0x0a000042, 0x0a000005, 40000 + (i % 5000), 9999, 200) }))
  writeFileSync(file, writePcap(packets))

  it('prints the alerts and host risk as JSON', async () => {
    const r = await run(['detect', file, '--json', '--no-baseline'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out) as { alerts: { category: string; src: string[]; dst: string[] }[]; hostRisk: { host: string }[]; mode: string; baseline: null }
    expect(json.mode).toBe('self-contained')
    expect(json.baseline).toBeNull()
    expect(json.alerts.map((a) => [a.category, a.src[0], a.dst[0]])).toEqual([['udp-flood', '10.0.0.66', '10.0.0.5']])
    expect(json.hostRisk[0].host).toBe('10.0.0.66')
  })

  it('saves the baseline it learned and reads it back for another run', async () => {
    const saved = join(dir, 'baseline.json')
    const first = await run(['detect', file, '--save-baseline', saved, '--fraction', '0.5'])
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/udp-flood/)
    expect(JSON.parse(readFileSync(saved, 'utf8')).version).toBe(1)
    const second = await run(['detect', file, '--json', '--baseline', saved])
    expect(second.code).toBe(0)
  })

  it('refuses a hostile baseline file and bad usage', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{"__proto__":{"x":1},"version":1}')
    const r = await run(['detect', file, '--baseline', bad])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/not a usable baseline/)
    expect((await run(['detect'])).code).toBe(2)
    expect((await run(['detect', file, '--fraction', '7'])).code).toBe(2)
  })
})
