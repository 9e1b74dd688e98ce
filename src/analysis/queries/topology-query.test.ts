import { beforeAll, describe, expect, it } from 'vitest'
import { PROTO, ascii, ipFrame, udp, type Endpoint } from '../../../scripts/sample-packets.ts'
import { writePcap, type PcapRecordInput } from '../../formats/pcap-writer.ts'
import type { CaptureAnalysis } from '../capture-analysis.ts'
import { replayFrame } from './replay-frame.ts'
import { T0, analyzeBytes } from './test-capture.ts'
import { topologyQuery } from './topology-query.ts'

const CLIENTS = 5000
const SERVERS = 20

/** 5,000 clients in 40 /24 subnets of 10.1.0.0/16 and 10.2.0.0/16, each asking one of 20 servers once over UDP. */
function bigNetwork(): Uint8Array {
  const records: PcapRecordInput[] = []
  const server = (k: number): Endpoint => ({ mac: [2, 0, 0, 0, 1, k], ip: [10, 9, 0, 10 + k] })
  for (let i = 0; i < CLIENTS; i++) {
    const subnet = i % 40
    const client: Endpoint = { mac: [2, 0, 1, i >> 8, i & 255, 0], ip: [10, 1 + (subnet >> 5), subnet & 31, 2 + Math.floor(i / 40)] }
    const s = server(i % SERVERS)
    const t = T0 + i * 0.01
    records.push({ time: t, data: ipFrame(client, s, PROTO.UDP, udp(40000 + (i % 1000), 5000, ascii('q')), i & 0xffff) })
    records.push({ time: t + 0.001, data: ipFrame(s, client, PROTO.UDP, udp(5000, 40000 + (i % 1000), ascii('answer')), i & 0xffff) })
  }
  return writePcap(records)
}

let analysis: CaptureAnalysis

beforeAll(async () => {
  analysis = await analyzeBytes(bigNetwork(), 'big.pcap')
}, 60_000)

describe('topology at 5,000 hosts', () => {
  it('returns a graph grouped by subnet that still accounts for every host and byte', () => {
    const started = performance.now()
    const t = topologyQuery(analysis, { maxNodes: 300 })
    const elapsed = performance.now() - started
    console.log(`topology query, ${t.hosts} hosts -> ${t.nodes.length} nodes (${t.level}) in ${elapsed.toFixed(1)} ms`)
    expect(t.hosts).toBe(CLIENTS + SERVERS)
    expect(t.nodes.length).toBeLessThanOrEqual(300)
    expect(t.level).toBe('/24')
    expect(t.nodes.reduce((s, n) => s + (n.members ?? 1), 0)).toBe(CLIENTS + SERVERS)
    // Every flow's bytes count once at each end.
    expect(t.nodes.reduce((s, n) => s + n.weight, 0)).toBeCloseTo(2 * analysis.stats.bytes, 3)
    // Asked again, the query gives the same graph (the time is printed above for the record, not asserted).
    const again = topologyQuery(analysis, { maxNodes: 300 })
    expect(again.nodes.map((n) => [n.id, n.weight])).toEqual(t.nodes.map((n) => [n.id, n.weight]))
    expect(again.level).toBe(t.level)
  })

  it('opens one subnet: its hosts one by one, the rest as one node', () => {
    const t = topologyQuery(analysis, { maxNodes: 300, focus: 'subnet:10.1.0.0/24' })
    expect(t.focus).toBe('subnet:10.1.0.0/24')
    const hosts = t.nodes.filter((n) => n.id.startsWith('10.1.0.'))
    expect(hosts.length).toBe(CLIENTS / 40)
    expect(t.nodes.find((n) => n.id === 'outside')?.members).toBe(CLIENTS + SERVERS - CLIENTS / 40)
  })

  it('groups by /16 when there are too many /24s, and colours by subnet on request', () => {
    const t = topologyQuery(analysis, { maxNodes: 30, colorBy: 'subnet' })
    expect(t.level).toBe('/16')
    expect(t.nodes.map((n) => n.id).sort()).toEqual(['subnet:10.1.0.0/16', 'subnet:10.2.0.0/16', 'subnet:10.9.0.0/16'])
  })

  it('replays a window with the same nodes and marks the active groups', () => {
    const frame = replayFrame(analysis, { time: T0 + 10, window: 0.5, maxNodes: 300 })
    expect(frame.graph.nodes.length).toBe(topologyQuery(analysis, { maxNodes: 300 }).nodes.length)
    expect(frame.activeFlows).toBe(50)
    expect(frame.active.length).toBeGreaterThan(0)
    const ids = new Set(frame.graph.nodes.map((n) => n.id))
    for (const a of frame.active) expect(ids.has(a)).toBe(true)
  })
})
