import { describe, expect, it } from 'vitest'
import { sortedEdges } from './learn-hosts.ts'

describe('sortedEdges', () => {
  // Texts chosen so that a client's text is a prefix of another's ("10.0.0.1" / "10.0.0.10"), two ids share a
  // text, and IPv6 and MAC texts mix with IPv4.
  const texts = ['10.0.0.1', '10.0.0.10', '10.0.0.2', '::1', 'fe80::1', '10.0.0.1', '02:00:00:00:00:01', '192.168.1.1', '10.0.0.100']
  const fmt = (id: number): string => texts[id]

  function plain(edgeIds: Map<number, Set<number>>, format: (id: number) => string): string[] {
    const all = new Set<string>()
    for (const [a, servers] of edgeIds) for (const b of servers) all.add(`${format(a)}>${format(b)}`)
    return [...all].sort()
  }

  it('matches sorting every edge text, duplicates dropped', () => {
    const edgeIds = new Map<number, Set<number>>()
    let seed = 7
    for (let k = 0; k < 200; k++) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      const a = seed % texts.length
      const b = Math.floor(seed / 16) % texts.length
      if (!edgeIds.has(a)) edgeIds.set(a, new Set())
      edgeIds.get(a)?.add(b)
    }
    expect(sortedEdges(edgeIds, fmt)).toEqual(plain(edgeIds, fmt))
    expect(sortedEdges(new Map([[0, new Set([1, 2])], [5, new Set([2, 3])]]), fmt)).toEqual(['10.0.0.1>10.0.0.10', '10.0.0.1>10.0.0.2', '10.0.0.1>::1'])
  })

  it('falls back to the plain sort when a text holds a ">"', () => {
    const odd = (id: number): string => ['a>b', 'a', 'a>', 'b'][id]
    const edgeIds = new Map([[0, new Set([1, 3])], [1, new Set([0, 2])], [2, new Set([3])]])
    expect(sortedEdges(edgeIds, odd)).toEqual(plain(edgeIds, odd))
  })
})
