import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writePcap } from '../formats/pcap-writer.ts'
import { runCli as run, udpFrame } from './cli-test-kit.ts'

describe('nettwin score', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nettwin-score-'))
  const capture = join(dir, 'quiet.pcap')
  // Ten minutes of a quiet exchange: 10.0.0.20 asks 10.0.0.10:5000 something every second.
  const packets = Array.from({ length: 1200 }, (_, i) => ({
    time: 1_700_000_000 + i / 2,
    data: i % 2 === 0 ? udpFrame(0x0a000014, 0x0a00000a, 40000 + (i % 100), 5000, 60) : udpFrame(0x0a00000a, 0x0a000014, 5000, 40000 + ((i - 1) % 100), 200),
  }))
  writeFileSync(capture, writePcap(packets))

  it('injects a kind into a capture and prints the scorecard as JSON', async () => {
    const r = await run(['score', '--into', capture, '--kinds', 'port-scan', '--json'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out) as { runs: { scenarios: { caught: boolean; scenario: { kind: string; frames: number } }[] }[]; summary: string }
    expect(json.runs[0].scenarios[0]).toMatchObject({ caught: true, scenario: { kind: 'port-scan' } })
    expect(json.runs[0].scenarios[0].scenario.frames).toBeGreaterThan(1000)
    expect(json.summary).toMatch(/Port scan caught it/)
  })

  it('runs a scenario file, writes the traffic and the labels', async () => {
    const scenario = join(dir, 'scenario.json')
    writeFileSync(scenario, JSON.stringify({ version: 1, seed: 2, scenarios: [{ id: 'tunnel', kind: 'dns-tunnel', start: 100, duration: 120 }] }))
    const out = join(dir, 'injected.pcapng')
    const labels = join(dir, 'labels.csv')
    const r = await run(['score', '--into', capture, '--scenario', scenario, '--out', out, '--labels', labels, '--summary'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/CAUGHT {2}tunnel \(DNS tunnel\)/)
    expect(r.out).toMatch(/What to look for/)
    expect(readFileSync(out).readUInt32LE(0)).toBe(0x0a0d0d0a)
    const csv = readFileSync(labels, 'utf8').split('\r\n')
    expect(csv[0]).toMatch(/^level,frame_first,frame_last/)
    expect(csv.filter((l) => l.startsWith('flow,')).length).toBe(480)
    expect(csv.some((l) => l.startsWith('packet,') && l.includes(',tunnel,dns-tunnel,'))).toBe(true)
  })

  it('scores against the twin of a saved baseline', async () => {
    const baseline = join(dir, 'baseline.json')
    expect((await run(['detect', capture, '--save-baseline', baseline])).code).toBe(0)
    const r = await run(['score', '--baseline', baseline, '--duration', '900', '--kinds', 'host-sweep', '--json'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out) as { traffic: string; runs: { scenarios: { caught: boolean }[] }[] }
    expect(json.traffic).toMatch(/^twin of baseline\.json \(900 s/)
    expect(json.runs[0].scenarios[0].caught).toBe(true)
  })

  it('refuses bad usage and hostile scenario files', async () => {
    expect((await run(['score'])).code).toBe(2)
    expect((await run(['score', '--into', capture, '--kinds', 'teleport'])).code).toBe(2)
    expect((await run(['score', '--into', capture, '--kinds', 'all', '--out', join(dir, 'x.pcap')])).code).toBe(2)
    expect((await run(['score', '--kinds', 'port-scan'])).code).toBe(2)
    expect((await run(['score', '--into', capture, '--from', capture, '--kinds', 'port-scan'])).code).toBe(2)
    expect((await run(['score', '--into', capture, '--kinds', 'port-scan', '--duration', '-1'])).code).toBe(2)
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{"version":1,"scenarios":[{"kind":"port-scan","__proto__":{"x":1}}]}')
    const r = await run(['score', '--into', capture, '--scenario', bad])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/not a usable scenario file/)
    expect((await run(['score', '--into', join(dir, 'missing.pcap'), '--kinds', 'port-scan'])).code).toBe(2)
  })
})
