import { describe, expect, it } from 'vitest'
import { collapseBySubnet, OTHER_ID, subnetKey, type TopologyEdge, type TopologyNode } from './topology-collapse.ts'

const host = (id: string, weight = 1, group = 'client'): TopologyNode => ({ id, label: id, group, weight })
const edge = (source: string, target: string, weight = 1): TopologyEdge => ({ source, target, weight })

describe('subnetKey', () => {
  it('keys IPv4 by /24 and /16', () => {
    expect(subnetKey('192.168.17.200', '/24')).toBe('192.168.17.0/24')
    expect(subnetKey('192.168.17.200', '/16')).toBe('192.168.0.0/16')
  })
  it('keys IPv6 by /64 and /48, expanding ::', () => {
    expect(subnetKey('2001:db8:0:1::5', '/24')).toBe('2001:db8:0:1::/64')
    expect(subnetKey('2001:db8:0:1::5', '/16')).toBe('2001:db8:0::/48')
    expect(subnetKey('::ffff:10.0.0.1', '/24')).toBe('0:0:0:0::/64')
    expect(subnetKey('fe80::1', '/24')).toBe('fe80:0:0:0::/64')
  })
  it('calls anything else "other"', () => {
    for (const s of ['256.1.1.1', '10.0.0', 'aa:bb:cc:dd:ee:ff', 'host.example', '1::2::3', '', '1:2:3:4:5:6:7:8:9']) {
      expect(subnetKey(s, '/24')).toBe('other')
    }
  })
})

describe('collapseBySubnet', () => {
  it('returns the hosts unchanged (edges merged per pair) when under the limit', () => {
    const g = collapseBySubnet([host('10.0.0.1'), host('10.0.0.2')], [edge('10.0.0.1', '10.0.0.2', 3), edge('10.0.0.2', '10.0.0.1', 4)], 5)
    expect(g.level).toBe('hosts')
    expect(g.nodes.map((n) => n.id)).toEqual(['10.0.0.1', '10.0.0.2'])
    expect(g.edges).toEqual([edge('10.0.0.1', '10.0.0.2', 7)])
  })

  it('groups by /24, keeps lone hosts as themselves, sums edges and drops internal ones', () => {
    const nodes = [host('10.0.1.1', 5), host('10.0.1.2', 7, 'server'), host('10.0.1.3', 1), host('10.0.2.9', 4), host('172.16.0.1', 2)]
    const edges = [edge('10.0.1.1', '10.0.2.9', 10), edge('10.0.1.2', '10.0.2.9', 5), edge('10.0.1.1', '10.0.1.3', 8), edge('10.0.2.9', '172.16.0.1', 1),
      edge('10.0.1.1', 'unknown', 99)]
    const g = collapseBySubnet(nodes, edges, 3)
    expect(g.level).toBe('/24')
    expect(g.nodes).toEqual([
      { id: 'subnet:10.0.1.0/24', label: '10.0.1.0/24 (3 hosts)', group: 'mixed', weight: 13, flagged: false, members: 3, internalWeight: 8 },
      host('10.0.2.9', 4),
      host('172.16.0.1', 2),
    ])
    expect(g.edges).toEqual([edge('10.0.2.9', 'subnet:10.0.1.0/24', 15), edge('10.0.2.9', '172.16.0.1', 1)])
    expect(g.memberOf.get('10.0.1.2')).toBe('subnet:10.0.1.0/24')
    expect(g.memberOf.get('10.0.2.9')).toBe('10.0.2.9')
  })

  it('goes to /16 when /24 is still too many, then pools the lightest subnets', () => {
    const nodes: TopologyNode[] = []
    for (let b = 0; b < 4; b++) for (let c = 0; c < 10; c++) for (let d = 1; d <= 3; d++) nodes.push(host(`10.${b}.${c}.${d}`, b + 1))
    const by16 = collapseBySubnet(nodes, [], 4)
    expect(by16.level).toBe('/16')
    expect(by16.nodes.map((n) => [n.id, n.members, n.weight])).toEqual([
      ['subnet:10.0.0.0/16', 30, 30], ['subnet:10.1.0.0/16', 30, 60], ['subnet:10.2.0.0/16', 30, 90], ['subnet:10.3.0.0/16', 30, 120],
    ])
    const top = collapseBySubnet([...nodes, host('aa:bb:cc:dd:ee:ff', 1000)], [], 3)
    expect(top.level).toBe('top')
    expect(top.nodes.map((n) => [n.id, n.members])).toEqual([['subnet:10.3.0.0/16', 30], ['subnet:10.2.0.0/16', 30], [OTHER_ID, 61]])
  })

  it('marks a group flagged if any member is, and keeps one group colour when members agree', () => {
    const nodes = [host('10.0.0.1', 1, 'dmz'), { ...host('10.0.0.2', 1, 'dmz'), flagged: true }, host('10.9.9.9')]
    const g = collapseBySubnet(nodes, [], 2)
    expect(g.nodes[0]).toMatchObject({ group: 'dmz', flagged: true, members: 2 })
  })

  it('holds at most maxNodes nodes for 5,000 hosts and accounts for every host', () => {
    const nodes: TopologyNode[] = []
    for (let i = 0; i < 5000; i++) nodes.push(host(`10.${(i >> 12) & 255}.${(i >> 4) & 255}.${i & 15}`, (i * 7919) % 101))
    const edges = nodes.slice(1).map((n, i) => edge(nodes[i].id, n.id, 1))
    for (const max of [1, 50, 300, 400, 5000]) {
      const g = collapseBySubnet(nodes, edges, max)
      expect(g.nodes.length).toBeLessThanOrEqual(max)
      expect(g.nodes.reduce((s, n) => s + (n.members ?? 1), 0)).toBe(5000)
      expect(new Set(g.memberOf.values()).size).toBe(g.nodes.length)
      for (const e of g.edges) expect(e.source < e.target).toBe(true)
    }
  })

  it('ignores duplicate ids and bad weights', () => {
    const g = collapseBySubnet([host('10.0.0.1', NaN), host('10.0.0.1', 5), host('10.0.0.2', -4)], [edge('10.0.0.1', '10.0.0.2', Infinity)], 1)
    expect(g.nodes).toHaveLength(1)
    expect(g.nodes[0]).toMatchObject({ weight: 0, members: 2, internalWeight: 0 })
  })
})
