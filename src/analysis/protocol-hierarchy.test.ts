import { describe, expect, it } from 'vitest'
import { Layer } from '../model/layers.ts'
import { ProtocolHierarchy, canonicalOrderIsComplete } from './protocol-hierarchy.ts'
import { batchesOf } from './test-batch.ts'

const M = { smac: '00:00:00:00:00:01', dmac: '00:00:00:00:00:02' }

describe('ProtocolHierarchy', () => {
  it('orders every layer name exactly once', () => {
    expect(canonicalOrderIsComplete()).toBe(true)
  })

  it('builds a tree where each node counts the frames whose path starts with it', () => {
    const { batches } = batchesOf([
      { t: 1, ...M, src: '10.0.0.1', dst: '10.0.0.2', sport: 1, dport: 443, app: 'tls', len: 100 },
      { t: 2, ...M, src: '10.0.0.1', dst: '10.0.0.2', sport: 1, dport: 443, len: 60 },
      { t: 3, ...M, src: '10.0.0.1', dst: '10.0.0.3', proto: 'udp', sport: 2, dport: 53, app: 'dns', len: 80 },
      { t: 4, ...M, src: '10.0.0.1', dst: '10.0.0.2', arp: true, len: 42 },
      { t: 5, len: 30 }, // nothing decoded
    ], 2)
    const ph = new ProtocolHierarchy()
    for (const b of batches) ph.consume(b)
    const root = ph.tree()
    expect(root).toMatchObject({ name: 'frame', packets: 5, bytes: 312 })
    const eth = root.children[0]
    expect(eth).toMatchObject({ name: 'eth', packets: 4, bytes: 282 })
    expect(eth.children.map((c) => [c.name, c.packets])).toEqual([['ip', 3], ['arp', 1]])
    const ip = eth.children[0]
    expect(ip.children.map((c) => [c.name, c.packets, c.bytes])).toEqual([['tcp', 2, 160], ['udp', 1, 80]])
    expect(ip.children[0].children).toEqual([{ name: 'tls', packets: 1, bytes: 100, children: [] }])
    expect(ph.rows().map((r) => r.path)).toEqual(['frame', 'frame:eth', 'frame:eth:ip', 'frame:eth:ip:tcp', 'frame:eth:ip:tcp:tls', 'frame:eth:ip:udp', 'frame:eth:ip:udp:dns', 'frame:eth:arp'])
  })

  it('places a VXLAN tunnel after the outer UDP (repeated layers collapse)', () => {
    const { batches } = batchesOf([{ t: 1, ...M, src: '10.0.0.1', dst: '10.0.0.2', proto: 'udp', sport: 1, dport: 4789, extraLayers: Layer.vxlan | Layer.tcp }])
    const ph = new ProtocolHierarchy()
    for (const b of batches) ph.consume(b)
    expect(ph.rows().map((r) => r.path).pop()).toBe('frame:eth:ip:udp:vxlan:tcp')
  })

  it('keeps counting when many distinct masks appear (table growth)', () => {
    const ph = new ProtocolHierarchy()
    const { batches } = batchesOf(Array.from({ length: 600 }, (_, i) => ({ t: i, extraLayers: (i * 2654435761) >>> 0 })), 50)
    for (const b of batches) ph.consume(b)
    expect(ph.tree().packets).toBe(600)
    const leaves = ph.rows().filter((r) => r.depth === 1).reduce((s, r) => s + r.packets, 0)
    expect(leaves).toBeLessThanOrEqual(600)
  })
})
