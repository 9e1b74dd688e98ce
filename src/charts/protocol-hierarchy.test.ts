// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest'
import { copyTree, renderProtocolHierarchy, type ProtocolTreeNode } from './protocol-hierarchy.ts'
import { createSvg, normalizeSvg } from './svg-snapshot.ts'

const leaf = (name: string, packets: number, bytes: number): ProtocolTreeNode => ({ name, packets, bytes, children: [] })
const tree: ProtocolTreeNode = {
  name: 'frame', packets: 1000, bytes: 600_000, children: [
    { name: 'eth', packets: 1000, bytes: 600_000, children: [
      { name: 'ip', packets: 900, bytes: 580_000, children: [
        { name: 'tcp', packets: 600, bytes: 500_000, children: [leaf('tls', 400, 420_000), leaf('http', 50, 30_000)] },
        { name: 'udp', packets: 300, bytes: 80_000, children: [leaf('dns', 280, 30_000), leaf('quic', 20, 50_000)] },
      ] },
      leaf('arp', 60, 3_600),
      { name: 'ipv6', packets: 40, bytes: 16_400, children: [leaf('icmpv6', 40, 16_400)] },
    ] },
  ],
}

describe('renderProtocolHierarchy', () => {
  it('matches the snapshot (packets)', async () => {
    const svg = createSvg()
    renderProtocolHierarchy(svg, tree, { label: 'Protocol hierarchy', width: 600, height: 300 })
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/protocol-hierarchy.svg')
  })

  it('sizes cells by the chosen measure and gives each a summary title', () => {
    const svg = createSvg()
    renderProtocolHierarchy(svg, tree, { label: 'x', width: 600, height: 300, measure: 'bytes' })
    const cells = [...svg.querySelectorAll('.cell')]
    const byName = new Map(cells.map((c) => [c.querySelector('title')?.textContent?.split(':')[0], c]))
    const heightOf = (path: string): number => Number(byName.get(path)?.querySelector('rect')?.getAttribute('height')) + 1
    expect(heightOf('frame')).toBeCloseTo(300, 6)
    expect(heightOf('frame › eth › ip › tcp › tls')).toBeCloseTo((300 * 420_000) / 600_000, 6)
    expect(byName.get('frame › eth › ip › udp › dns')?.querySelector('title')?.textContent)
      .toBe('frame › eth › ip › udp › dns: 280 packets, 29.3 KiB (5.0% of bytes)')
    expect(cells).toHaveLength(12)
  })

  it('keeps a parent at least as large as its children when counts disagree', () => {
    const svg = createSvg()
    renderProtocolHierarchy(svg, { name: 'frame', packets: 1, bytes: 0, children: [leaf('a', 30, 0), leaf('b', 10, 0)] },
      { label: 'x', width: 400, height: 200 })
    const rects = [...svg.querySelectorAll('.cell rect')].map((r) => Number(r.getAttribute('height')) + 1)
    expect(rects[0]).toBeCloseTo(200, 6)
    expect(rects[1]).toBeCloseTo(150, 6)
  })

  it('calls onSelect with the path on click and on Enter', () => {
    const svg = createSvg()
    const onSelect = vi.fn()
    renderProtocolHierarchy(svg, tree, { label: 'x', onSelect })
    const cell = (path: string): Element =>
      [...svg.querySelectorAll('.cell')].find((c) => c.querySelector('title')?.textContent?.startsWith(path + ':')) as Element
    cell('frame › eth › ip › tcp').dispatchEvent(new MouseEvent('click', { bubbles: true }))
    expect(onSelect).toHaveBeenLastCalledWith(['frame', 'eth', 'ip', 'tcp'])
    cell('frame › eth').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    expect(onSelect).toHaveBeenLastCalledWith(['frame', 'eth'])
    expect(cell('frame › eth').getAttribute('tabindex')).toBe('0')
  })

  it('caps depth and node count without recursion, and survives a cyclic tree', () => {
    let deep: ProtocolTreeNode = leaf('bottom', 1, 1)
    for (let i = 0; i < 100_000; i++) deep = { name: `l${i}`, packets: 1, bytes: 1, children: [deep] }
    let depth = 0
    for (let c = copyTree(deep, 12, 2000); c.children.length > 0; c = c.children[0]) depth++
    expect(depth).toBe(11)
    const wide: ProtocolTreeNode = { name: 'r', packets: 1, bytes: 1, children: Array.from({ length: 5000 }, (_, i) => leaf(`p${i}`, 1, 1)) }
    expect(copyTree(wide, 12, 100).children).toHaveLength(99)
    const cyclic = { name: 'loop', packets: 5, bytes: 5, children: [] as ProtocolTreeNode[] }
    cyclic.children.push(cyclic)
    const svg = createSvg()
    renderProtocolHierarchy(svg, cyclic, { label: 'x', maxDepth: 5 })
    expect(svg.querySelectorAll('.cell')).toHaveLength(5)
  })

  it('shows hostile names as text and tolerates junk fields', () => {
    const svg = createSvg()
    const junk = { name: '<img src=x>', packets: NaN, bytes: -1, children: [{ name: 7, packets: '3', children: null }] }
    renderProtocolHierarchy(svg, junk as unknown as ProtocolTreeNode, { label: 'x' })
    expect(svg.querySelector('img')).toBeNull()
    expect(svg.querySelector('.cell title')?.textContent).toContain('<img src=x>')
  })
})
