import { describe, expect, it } from 'vitest'
import { build, officeTraffic, tcpSession } from '../detect/test-traffic.ts'
import { BaselineIndex } from './baseline-index.ts'
import { flowSourceOf } from './flow-source.ts'
import { learnBaseline } from './learn-baseline.ts'

const T0 = 1_700_000_000

describe('learnBaseline', () => {
  const { analysis } = build(officeTraffic(T0, 300, 3))
  const source = flowSourceOf(analysis)

  it('learns from the first 30% by default and records the period', () => {
    const b = learnBaseline(source, { fileName: 'office.pcap' })
    expect(b.source.fraction).toBe(0.3)
    expect(b.source.start).toBeCloseTo(source.start, 6)
    expect(b.source.end).toBeCloseTo(source.start + 0.3 * (source.end - source.start), 6)
    expect(b.source.fileName).toBe('office.pcap')
    expect(b.thin).toBe(false)
    expect(b.windowSeconds).toBe(1)
  })

  it('learns per-host bands, peers, services and edges', () => {
    const b = learnBaseline(source)
    const client = b.hosts.find((h) => h.addr === '10.0.0.11')
    expect(client).toBeDefined()
    expect(client?.internal).toBe(true)
    expect(client?.peers).toContain('10.0.0.1')
    expect(client?.used).toContain('tcp/443')
    expect(client?.bytesOut.max).toBeGreaterThan(0)
    const resolver = b.hosts.find((h) => h.addr === '10.0.0.1')
    expect(resolver?.served).toEqual(['udp/53'])
    expect(b.services.map((s) => s.key)).toContain('tcp/443')
    expect(b.edges).toContain('10.0.0.11>10.0.0.1')
    expect(b.global.protocolMix.map((m) => m.key).sort()).toEqual(['tcp', 'udp'])
    expect(b.global.packets.median).toBeGreaterThan(0)
    expect(b.global.rtt?.n).toBeGreaterThan(0)
    expect(b.global.hourOfDay).toBeNull()
  })

  it('counts only flows inside a brushed range', () => {
    const whole = learnBaseline(source, { period: { kind: 'fraction', fraction: 1 } })
    const part = learnBaseline(source, { period: { kind: 'range', start: T0 + 100, end: T0 + 150 } })
    expect(part.source.fraction).toBeNull()
    expect(part.global.totalFlows).toBeGreaterThan(0)
    expect(part.global.totalFlows).toBeLessThan(whole.global.totalFlows / 3)
  })

  it('marks a baseline from a handful of flows as thin', () => {
    const tiny = build(tcpSession(T0, '10.0.0.1:40000', '10.0.0.2:80'))
    expect(learnBaseline(flowSourceOf(tiny.analysis)).thin).toBe(true)
  })

  it('compares after its own period on the same input, and everywhere on another', () => {
    const b = learnBaseline(source)
    const index = new BaselineIndex(b)
    expect(index.compareFrom(source.start, source.end)).toBe(b.source.end)
    expect(index.compareFrom(source.start + 86400, source.end + 86400)).toBe(-Infinity)
    expect(index.isKnownPeer('10.0.0.1', '10.0.0.11')).toBe(true)
  })

  it('works on a partial analysis (flows still open)', () => {
    const partial = build(officeTraffic(T0, 60, 4), false)
    const s = flowSourceOf(partial.analysis)
    expect(s.partial).toBe(true)
    expect(learnBaseline(s, { period: { kind: 'fraction', fraction: 1 } }).global.totalFlows).toBeGreaterThan(10)
  })
})
