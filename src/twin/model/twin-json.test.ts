import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CaptureAnalysis } from '../../analysis/capture-analysis.ts'
import { flowSourceOf } from '../../baseline/flow-source.ts'
import { analysisFrameSink } from '../craft/index.ts'
import { generateTwin } from '../generate/generate-twin.ts'
import { testModel } from '../generate/test-model.ts'
import { learnTwinFromFlows } from './learn-from-analysis.ts'
import { parseTwinModel, twinModelToJSON } from './twin-json.ts'

function reparse(edit: (m: Record<string, unknown>) => void): ReturnType<typeof parseTwinModel> {
  const m = JSON.parse(twinModelToJSON(testModel())) as Record<string, unknown>
  edit(m)
  return parseTwinModel(JSON.stringify(m))
}

describe('twin model JSON', () => {
  it('round-trips a model', () => {
    const r = parseTwinModel(twinModelToJSON(testModel()))
    expect(r.ok && r.model).toEqual(testModel())
  })

  it('round-trips a model learned from generated traffic, and the learned model keeps its services', () => {
    const a = new CaptureAnalysis()
    const sink = analysisFrameSink(a)
    generateTwin(testModel(), sink, { seed: 9, durationSeconds: 120 })
    sink.close()
    a.finish(sink.lastTime)
    const learned = learnTwinFromFlows(flowSourceOf(a), { fileName: 'gen' })
    const r = parseTwinModel(twinModelToJSON(learned))
    expect(r.ok).toBe(true)
    expect(learned.services.map((s) => s.key).sort()).toEqual(['arp', 'icmp/8', 'tcp/22', 'tcp/443', 'tcp/80', 'udp/123', 'udp/53', 'udp/9999'])
    expect(learned.dns.map((d) => d.name)).toContain('www.example.com')
    expect(learned.sni.map((d) => d.name)).toEqual(['www.example.com'])
  })

  it('rejects unknown keys, a missing version, bad addresses and pairs that point past the host list', () => {
    expect(reparse((m) => (m.extra = 1)).ok).toBe(false)
    expect(reparse((m) => delete m.version).ok).toBe(false)
    expect(reparse((m) => ((m.hosts as { addr: string }[])[0].addr = '300.1.1.1')).ok).toBe(false)
    expect(reparse((m) => ((m.services as { edges: number[][] }[])[0].edges[0][1] = 99)).ok).toBe(false)
    expect(reparse((m) => ((m.dns as { name: string }[])[0].name = `${'a'.repeat(70)}.com`)).ok).toBe(false)
    expect(parseTwinModel('{').ok).toBe(false)
    expect(parseTwinModel('{"__proto__": {"x": 1}, "kind": "nettwin-twin-model"}').ok).toBe(false)
  })

  it('never throws on mutated model text (2,000 byte mutations and truncations, seed 17)', () => {
    const text = twinModelToJSON(testModel())
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(text.length - 1), fc.integer({ min: 32, max: 126 })), { maxLength: 8 }), fc.nat(text.length), (edits, cut) => {
        const chars = text.split('')
        for (const [at, code] of edits) chars[at] = String.fromCharCode(code)
        const r = parseTwinModel(chars.join('').slice(0, Math.max(cut, text.length - 40)))
        expect(typeof r.ok).toBe('boolean')
      }),
      { seed: 17, numRuns: 2000 },
    )
  })
})
