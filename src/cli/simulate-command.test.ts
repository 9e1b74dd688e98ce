import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { concatChunks } from '../formats/byte-builder.ts'
import { PcapFrameSink } from '../twin/craft/index.ts'
import { generateTwin } from '../twin/generate/generate-twin.ts'
import { testModel } from '../twin/generate/test-model.ts'
import { twinModelToJSON } from '../twin/model/twin-json.ts'
import { runCli } from './cli-test-kit.ts'

let dir = ''
let capture = ''

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nettwin-simulate-'))
  // A source capture: synthetic traffic of the hand-made test model.
  const chunks: Uint8Array[] = []
  const sink = new PcapFrameSink((c) => chunks.push(c.slice()))
  generateTwin(testModel(), sink, { seed: 11, durationSeconds: 120 })
  sink.close()
  capture = join(dir, 'source.pcap')
  writeFileSync(capture, concatChunks(chunks))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('nettwin simulate', () => {
  it('learns a twin from a capture, writes pcapng that reads back as written, and prints fidelity', async () => {
    const out = join(dir, 'twin.pcapng')
    const r = await runCli(['simulate', '--from', capture, '--out', out, '--seed', '4', '--model-out', join(dir, 'model.json')])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/Read back\s+\d+ packets of normal traffic \(as written\)/)
    expect(r.out).toMatch(/protocol mix JSD \d\.\d{4} ok/)
    expect(r.out).toMatch(/port mix JSD\s+\d\.\d{4} ok/)
    const bytes = readFileSync(out)
    expect(bytes.readUInt32LE(0)).toBe(0x0a0d0d0a) // pcapng Section Header Block
  })

  it('is repeatable: the same seed writes the same file', async () => {
    const a = join(dir, 'a.pcap')
    const b = join(dir, 'b.pcap')
    expect((await runCli(['simulate', '--from', capture, '--out', a, '--seed', '9', '--no-fidelity'])).code).toBe(0)
    expect((await runCli(['simulate', '--from', capture, '--out', b, '--seed', '9', '--no-fidelity'])).code).toBe(0)
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true)
    expect(readFileSync(a).readUInt32LE(0)).toBe(0xa1b2c3d4)
  })

  it('generates from a saved twin model for the asked duration, and writes a labels header without scenarios', async () => {
    const model = join(dir, 'saved.json')
    writeFileSync(model, twinModelToJSON(testModel()))
    const labels = join(dir, 'labels.csv')
    const r = await runCli(['simulate', '--baseline', model, '--out', join(dir, 'm.pcap'), '--duration', '20', '--labels', labels])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/Generated\s+\d+ packets, \d+ flows/)
    expect(r.out).toContain('needs --from CAPTURE')
    expect(readFileSync(labels, 'utf8').startsWith('level,frame_first')).toBe(true)
  })

  it('injects scenarios, writes their labels and measures fidelity on the normal traffic alone', async () => {
    const scenario = join(dir, 'scan.json')
    writeFileSync(scenario, JSON.stringify({ version: 1, seed: 3, scenarios: [{ id: 'scan1', kind: 'port-scan' }] }))
    const labels = join(dir, 'scan.csv')
    const r = await runCli(['simulate', '--from', capture, '--out', join(dir, 's.pcap'), '--scenario', scenario, '--labels', labels])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/Scenarios\s+1, [1-9]\d* attack packets injected/)
    expect(r.out).toMatch(/packets with the scenarios \(as written\)/)
    expect(r.out).toMatch(/port mix JSD\s+\d\.\d{4} ok/)
    expect(readFileSync(labels, 'utf8')).toContain(',scan1,port-scan,')
  })

  it('rejects bad usage and unreadable inputs with exit code 2', async () => {
    expect((await runCli(['simulate', '--out', join(dir, 'x.pcap')])).code).toBe(2)
    expect((await runCli(['simulate', '--from', capture, '--baseline', capture, '--out', join(dir, 'x.pcap')])).code).toBe(2)
    expect((await runCli(['simulate', '--from', capture])).code).toBe(2)
    expect((await runCli(['simulate', '--from', capture, '--out', join(dir, 'x.pcap'), '--seed', '-1'])).code).toBe(2)
    const notJson = join(dir, 'bad.json')
    writeFileSync(notJson, '{"kind":"nettwin-twin-model","version":1}')
    const r = await runCli(['simulate', '--baseline', notJson, '--out', join(dir, 'x.pcap')])
    expect(r.code).toBe(2)
    expect(r.err).toContain('twin model')
    const badScenario = join(dir, 'scenario.json')
    writeFileSync(badScenario, '{"nope": true}')
    expect((await runCli(['simulate', '--from', capture, '--out', join(dir, 'x.pcap'), '--scenario', badScenario])).code).toBe(2)
  })
})
