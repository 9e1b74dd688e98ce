import { describe, expect, it } from 'vitest'
import { CaptureAnalysis } from '../../analysis/capture-analysis.ts'
import { concatChunks } from '../../formats/byte-builder.ts'
import { serviceKeyOf, serviceName } from '../../baseline/service-keys.ts'
import { FlowFlag } from '../../flows/flow-columns.ts'
import { analysisFrameSink, foldChecksum, MemoryFrameSink, PcapFrameSink, pseudoHeaderSum, sum16 } from '../craft/index.ts'
import { generateTwin } from './generate-twin.ts'
import { testModel } from './test-model.ts'

function pcapBytes(seed: number): Uint8Array {
  const chunks: Uint8Array[] = []
  const sink = new PcapFrameSink((c) => chunks.push(c.slice()), { chunkBytes: 8192 })
  generateTwin(testModel(), sink, { seed, durationSeconds: 30 })
  sink.close()
  return concatChunks(chunks)
}

function analyse(seed: number, durationSeconds = 60): CaptureAnalysis {
  const a = new CaptureAnalysis()
  const sink = analysisFrameSink(a)
  generateTwin(testModel(), sink, { seed, durationSeconds })
  sink.close()
  a.finish(sink.lastTime)
  return a
}

describe('generateTwin', () => {
  it('is repeatable: the same seed gives the same bytes, another seed other bytes', () => {
    const a = pcapBytes(5)
    expect(a.length).toBeGreaterThan(10_000)
    expect(pcapBytes(5)).toEqual(a)
    expect(pcapBytes(6)).not.toEqual(a)
  })

  it('emits frames in time order whose IPv4 and transport checksums all verify', () => {
    const sink = new MemoryFrameSink()
    const r = generateTwin(testModel(), sink, { seed: 2, durationSeconds: 60 })
    expect(sink.frames.length).toBe(r.packets)
    let checked = 0
    for (let i = 0; i < sink.frames.length; i++) {
      const { timeUs, data: f } = sink.frames[i]
      if (i > 0) expect(timeUs).toBeGreaterThanOrEqual(sink.frames[i - 1].timeUs)
      const type = (f[12] << 8) | f[13]
      if (type === 0x0800) {
        expect(foldChecksum(sum16(f, 14, 34))).toBe(0)
        const proto = f[23]
        const pseudo = proto === 1 ? 0 : pseudoHeaderSum(f, 26, 30, 4, proto, f.length - 34)
        expect(foldChecksum(sum16(f, 34, f.length, pseudo))).toBe(0)
        checked++
      } else if (type === 0x86dd) {
        expect(foldChecksum(sum16(f, 54, f.length, pseudoHeaderSum(f, 22, 38, 16, f[20], f.length - 54)))).toBe(0)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(100)
  })

  it('decodes with no anomaly and reproduces each service shape exactly (packets, frame bytes, duration)', () => {
    const a = analyse(3)
    expect(a.ctx.anomalies.toRecord()).toEqual({})
    const c = a.flows.columns
    const seen = new Set<string>()
    for (let i = 0; i < a.flows.count; i++) {
      if ((c.flags[i] & FlowFlag.Tunnel) !== 0) continue
      const key = serviceName(serviceKeyOf(c, i))
      seen.add(key)
      const got = [c.origPkts[i], c.respPkts[i], c.origBytes[i], c.respBytes[i]]
      if (key === 'tcp/80') expect(got).toEqual([6, 5, 1200, 4000])
      if (key === 'tcp/443') expect(got).toEqual([12, 10, 2400, 9000])
      if (key === 'udp/9999') expect(got).toEqual([5, 3, 1000, 600])
      if (key === 'tcp/80' || key === 'tcp/443' || key === 'udp/9999') {
        const shapeDuration = key === 'tcp/80' ? 2 : key === 'tcp/443' ? 1.5 : 3
        expect(c.last[i] - c.first[i]).toBeCloseTo(shapeDuration, 3)
      }
    }
    for (const key of ['tcp/443', 'tcp/80', 'udp/53', 'udp/123', 'udp/9999', 'icmp/8', 'arp', 'tcp/22']) expect(seen).toContain(key)
  })

  it('writes the app content the model asks for: SNI, HTTP Host, DNS names', () => {
    const a = analyse(4)
    const facts = a.flows.facts
    let sni = 0
    let http = 0
    let dns = 0
    for (let i = 0; i < a.flows.count; i++) {
      const f = facts.get(i)
      if (f?.tlsClientHello?.sni === 'www.example.com') sni++
      if (f?.httpRequest?.host === 'example.org') http++
      if (f?.dnsResponse?.qname === 'www.example.com' && f.dnsResponse.answers.length === 2) dns++
    }
    expect(sni).toBeGreaterThan(0)
    expect(http).toBeGreaterThan(0)
    expect(dns).toBeGreaterThan(0)
  })

  it('keeps memory to the flows open at once and stops at maxPackets', () => {
    const r = generateTwin(testModel(), { frame() {} }, { seed: 1, durationSeconds: 600 })
    expect(r.flows).toBeGreaterThan(500)
    expect(r.peakOpenFlows).toBeLessThan(20)
    expect(generateTwin(testModel(), { frame() {} }, { seed: 1, durationSeconds: 600, maxPackets: 123 }).packets).toBe(123)
  })

  it('stops at the end of the duration when asked, like a capture, and lets flows run on otherwise', () => {
    const endUs = 1_700_000_000e6 + 20e6
    const cut = new MemoryFrameSink()
    generateTwin(testModel(), cut, { seed: 3, durationSeconds: 20, cutAtEnd: true })
    const runOn = new MemoryFrameSink()
    generateTwin(testModel(), runOn, { seed: 3, durationSeconds: 20 })
    const last = (s: MemoryFrameSink): number => s.frames[s.frames.length - 1].timeUs
    expect(last(cut)).toBeLessThan(endUs)
    expect(last(runOn)).toBeGreaterThan(endUs)
    expect(runOn.frames.length).toBeGreaterThan(cut.frames.length)
  })

  it('keeps each server of a tail service to its own ports, so a long twin does not scan', () => {
    const model = testModel()
    const tail = { ...model.services[0], key: 'tcp/other', port: 0, app: 'raw' as const, tailPorts: [1111, 2222, 3333], edges: [[0, 1, 1], [0, 2, 1], [3, 4, 1]] as [number, number, number][] }
    const a = new CaptureAnalysis()
    const sink = analysisFrameSink(a)
    generateTwin({ ...model, services: [tail] }, sink, { seed: 4, durationSeconds: 600 })
    sink.close()
    a.finish(sink.lastTime)
    const c = a.flows.columns
    const ports = new Map<string, Set<number>>()
    for (let id = 0; id < a.flows.count; id++) {
      const server = a.ctx.addresses.format(c.respAddr[id])
      ports.set(server, (ports.get(server) ?? new Set()).add(c.respPort[id]))
    }
    expect(a.flows.count).toBeGreaterThan(100)
    // One port per pair in the source (3 distinct ports over 3 pairs), so each server keeps its one port.
    expect(Object.fromEntries([...ports].map(([k, v]) => [k, [...v]]))).toEqual({ '192.168.1.1': [1111], '93.184.216.34': [2222], '2001:db8::1': [3333] })
  })
})
