import { beforeAll, describe, expect, it } from 'vitest'
import { FLOWS_TABLE, compileFilter, filterFlowRecords } from '../filter/index.ts'
import type { CaptureAnalysis } from '../capture-analysis.ts'
import { conversationsPage } from './conversations-page.ts'
import { endpointsPage } from './endpoints-page.ts'
import { flowsPage } from './flows-page.ts'
import { hostDetails } from './host-details.ts'
import { replayFrame } from './replay-frame.ts'
import { lanAnalysis } from './test-capture.ts'
import { topologyQuery } from './topology-query.ts'

let analysis: CaptureAnalysis

beforeAll(async () => {
  analysis = await lanAnalysis()
})

/** Flows that pass `text`, counted independently: the filter over FlowRecord objects from the flow table. */
function recordCount(text: string): number {
  const records = analysis.flows.toRecords(analysis.ctx, { limit: 100000 })
  return filterFlowRecords(compileFilter(text, FLOWS_TABLE), records).length
}

describe('flowsPage', () => {
  it('lists every flow of the table, in id order, with the table\'s addresses and counts', () => {
    const page = flowsPage(analysis, { limit: 1000 })
    const records = analysis.flows.toRecords(analysis.ctx, { limit: 1000 })
    expect(page.total).toBe(analysis.flows.count)
    expect(page.matched).toBe(records.length)
    expect(page.rows.map((r) => [r.id, r.src, r.dst, r.packets, r.bytes, r.state])).toEqual(
      records.map((r) => [r.id, r.origAddr, r.respAddr, r.origPkts + r.respPkts, r.origBytes + r.respBytes, r.state]))
  })

  it.each(['tcp.port == 80', 'udp', 'bytes > 1000', 'state == "REJ"', '!dns', 'ip.addr == 10.0.0.11 && tcp', 'http.user_agent contains "curl"',
    'eth.addr == 02:00:00:00:00:01', 'icmp || arp', 'tls', 'dns.qry.name contains "example"', 'retrans > 0'])('narrows to the same flows as the record filter: %s', (text) => {
    const page = flowsPage(analysis, { filter: text, limit: 1000 })
    expect(page.error).toBeNull()
    expect(page.matched).toBe(recordCount(text))
    expect(page.rows.length).toBe(page.matched)
  })

  it('knows the capture: two HTTP flows to the web server, one rejected SSH attempt', () => {
    expect(flowsPage(analysis, { filter: 'ip.dst == 10.0.0.5 && tcp.dstport == 80' }).matched).toBe(2)
    const rej = flowsPage(analysis, { filter: 'state == REJ' })
    expect(rej.rows.map((r) => [r.src, r.dst, r.dstPort])).toEqual([['10.0.0.11', '203.0.113.10', 22]])
    expect(flowsPage(analysis, { filter: 'http.method == GET' }).rows.map((r) => r.info)).toEqual(['GET intranet.example/index.html', 'GET intranet.example/big'])
  })

  it('reports an invalid expression instead of throwing, and matches nothing', () => {
    const page = flowsPage(analysis, { filter: 'tcp.port == ' })
    expect(page.error?.message).toMatch(/expected/i)
    expect(page.matched).toBe(0)
    expect(flowsPage(analysis, { filter: 'tx.bytes > 1' }).error?.message).toBe('"tx.bytes" is not available in the flows table')
  })

  it('sorts by a column both ways, missing values last', () => {
    const down = flowsPage(analysis, { sort: { column: 'bytes', descending: true } }).rows.map((r) => r.bytes)
    expect(down).toEqual([...down].sort((a, b) => b - a))
    const rtt = flowsPage(analysis, { sort: { column: 'rtt', descending: false } }).rows.map((r) => r.rtt)
    const known = rtt.filter((x) => x !== null)
    expect(known).toEqual([...known].sort((a, b) => (a ?? 0) - (b ?? 0)))
    expect(rtt.slice(known.length).every((x) => x === null)).toBe(true)
    const src = flowsPage(analysis, { sort: { column: 'src', descending: false } }).rows.map((r) => r.src)
    expect(src[0]).toBe('10.0.0.1')
  })

  it('pages: offset and limit cut the same order', () => {
    const all = flowsPage(analysis, { sort: { column: 'start', descending: true } }).rows.map((r) => r.id)
    const second = flowsPage(analysis, { sort: { column: 'start', descending: true }, offset: 3, limit: 4 }).rows.map((r) => r.id)
    expect(second).toEqual(all.slice(3, 7))
  })

  it('keeps only flows overlapping a time range', () => {
    const t0 = analysis.stats.start
    const page = flowsPage(analysis, { range: { start: t0 + 19.9, end: t0 + 21.5 } })
    expect(page.rows.map((r) => r.proto)).toEqual(['tcp', 'icmp'])
  })
})

describe('conversations and endpoints', () => {
  it('gives the Statistics conversation numbers, filtered over columns', () => {
    const mine = conversationsPage(analysis, { kind: 'tcp', limit: 100 })
    const theirs = analysis.stats.listConversations('tcp', 'bytes', 100)
    expect(mine.rows.map((r) => [r.addressA, r.portA, r.addressB, r.portB, r.bytes, r.packets])).toEqual(
      theirs.map((r) => [r.addressA, r.portA, r.addressB, r.portB, r.bytes, r.packets]))
    expect(conversationsPage(analysis, { kind: 'tcp', filter: 'tcp.port == 443' }).matched).toBe(2)
    expect(conversationsPage(analysis, { kind: 'ipv4', filter: 'ip.addr == 203.0.113.0/24' }).matched).toBe(4)
    expect(conversationsPage(analysis, { kind: 'tcp', filter: 'state == S0' }).error?.message).toMatch(/not available in the conversations table/)
  })

  it('gives the Statistics endpoint numbers with roles', () => {
    const mine = endpointsPage(analysis, { limit: 100 })
    const theirs = analysis.stats.listEndpoints('bytes', 100)
    expect(mine.rows.map((r) => [r.address, r.txBytes, r.rxBytes, r.txPackets, r.rxPackets])).toEqual(
      theirs.map((r) => [r.address, r.txBytes, r.rxBytes, r.txPackets, r.rxPackets]))
    const role = (a: string): string | undefined => mine.rows.find((r) => r.address === a)?.role
    expect([role('10.0.0.5'), role('10.0.0.53'), role('10.0.0.1'), role('10.0.0.10'), role('203.0.113.7')]).toEqual(['server', 'dns', 'gateway', 'client', 'server'])
    expect(endpointsPage(analysis, { filter: 'rx.bytes > 20000' }).rows.map((r) => r.address)).toEqual(['10.0.0.11'])
  })
})

describe('topology, host details, replay', () => {
  it('draws hosts sized by bytes, with inferred roles and DNS names', () => {
    const t = topologyQuery(analysis)
    expect(t.level).toBe('hosts')
    expect(t.hosts).toBe(10)
    const web = t.nodes.find((n) => n.id === '10.0.0.5')
    expect(web?.label).toBe('intranet.example (10.0.0.5)')
    expect(web?.weight).toBe(3598 + 20591 + 360)
    expect(t.roles).toEqual({ client: 2, dns: 1, server: 5, gateway: 1, group: 1 })
    expect(t.nodes.find((n) => n.id === '224.0.0.251')?.group).toBe('group')
    expect(t.edges[0]).toEqual({ source: '10.0.0.11', target: '10.0.0.5', weight: 20591 })
  })

  it('describes a host: peers, services, loss, resets, unreachables, RTT', () => {
    const b = hostDetails(analysis, { address: '10.0.0.11' })
    expect(b.found).toBe(true)
    expect(b.peers.map((p) => p.address)).toEqual(['10.0.0.5', '203.0.113.8', '10.0.0.53', '203.0.113.10', '10.0.0.1'])
    expect(b.servicesUsed.map((s) => s.service)).toEqual(['tcp/80', 'tcp/443', 'udp/53', 'tcp/22'])
    expect(b.servicesOffered).toEqual([])
    expect([b.resets, b.failedConnections, b.icmpUnreachableReceived]).toEqual([1, 1, 1])
    expect(b.rtt?.samples).toBe(2)
    expect(b.series.bytesIn.reduce((s, x) => s + x, 0)).toBeCloseTo(b.totals.bytesIn, 6)
    const a = hostDetails(analysis, { address: '10.0.0.10' })
    expect(a.retransmissions).toBe(1)
    expect(a.tcpPackets).toBe(8 + 9 + 8)
    const remote = hostDetails(analysis, { address: '203.0.113.7' })
    expect([remote.offLink, remote.name, remote.mac]).toEqual([true, 'www.example.com', '02:00:00:00:00:01'])
    expect(hostDetails(analysis, { address: '192.0.2.99' }).found).toBe(false)
  })

  it('replays a window: rates and active hosts at the playhead', () => {
    const t0 = analysis.stats.start
    const f = replayFrame(analysis, { time: t0 + 8, window: 2 })
    expect(f.activeFlows).toBe(2)
    expect(new Set(f.active)).toEqual(new Set(['10.0.0.10', '203.0.113.7', '10.0.0.11', '10.0.0.53']))
    expect(f.graph.nodes.length).toBe(10)
    expect(f.bytesPerSecond).toBeCloseTo((9586 + 166) / 2, 6)
    const later = replayFrame(analysis, { time: t0 + 13, window: 2 })
    expect(later.active).not.toContain('203.0.113.7')
    expect(later.topFlows[0].dst).toBe('203.0.113.8')
  })
})
