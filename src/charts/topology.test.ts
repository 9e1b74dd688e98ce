// @vitest-environment jsdom
import { randomLcg } from 'd3'
import { describe, expect, it, vi } from 'vitest'
import { createSvg, normalizeSvg } from './svg-snapshot.ts'
import { renderTopology, type TopologyData, type TopologyEdge, type TopologyNode } from './topology.ts'

process.env.TZ = 'UTC'

const small: TopologyData = {
  nodes: [
    { id: '10.0.0.1', label: 'gateway', group: 'router', weight: 900 },
    { id: '10.0.0.10', label: 'web', group: 'server', weight: 600 },
    { id: '10.0.0.11', label: 'dns', group: 'server', weight: 200 },
    { id: '10.0.0.50', label: '10.0.0.50', group: 'client', weight: 120 },
    { id: '10.0.0.51', label: '10.0.0.51', group: 'client', weight: 80, flagged: true },
    { id: '10.0.0.52', label: '10.0.0.52', group: 'client', weight: 30 },
  ],
  edges: [
    { source: '10.0.0.50', target: '10.0.0.10', weight: 100 }, { source: '10.0.0.51', target: '10.0.0.10', weight: 60 },
    { source: '10.0.0.52', target: '10.0.0.11', weight: 20 }, { source: '10.0.0.10', target: '10.0.0.1', weight: 500 },
    { source: '10.0.0.50', target: '10.0.0.11', weight: 15 },
  ],
}

/** n hosts spread over /24s of 10.x.y.0, seeded traffic, each talking to a few servers. */
function network(n: number, seed = 5): TopologyData {
  const random = randomLcg(seed)
  const nodes: TopologyNode[] = []
  const edges: TopologyEdge[] = []
  for (let i = 0; i < n; i++) {
    const id = `10.${(i >> 14) & 255}.${(i >> 6) & 255}.${(i & 63) + 1}`
    nodes.push({ id, label: id, group: i < 20 ? 'server' : 'client', weight: Math.floor(random() ** 2 * 1e6) })
    if (i >= 20) for (let k = 0; k < 3; k++) edges.push({ source: id, target: nodes[Math.floor(random() * 20)].id, weight: Math.floor(random() * 1000) })
  }
  return { nodes, edges }
}

/** A 2D context stand-in that records what was painted (jsdom has no canvas). */
function fakeCanvas(): { canvas: HTMLCanvasElement; calls: Record<string, number> } {
  const calls: Record<string, number> = {}
  const ctx = new Proxy({}, {
    get: (_t, key: string) => (key === 'canvas' ? canvas : (..._args: unknown[]) => { calls[key] = (calls[key] ?? 0) + 1 }),
    set: () => true,
  })
  const canvas = { width: 0, height: 0, style: {}, getContext: () => ctx } as unknown as HTMLCanvasElement
  return { canvas, calls }
}

function mouse(type: string, x: number, y: number): MouseEvent {
  const event = new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0 })
  Object.defineProperty(event, 'view', { value: window })
  return event
}

const translateOf = (el: Element | null): [number, number] =>
  (/translate\(([-\d.e]+),([-\d.e]+)\)/.exec(el?.getAttribute('transform') ?? '')?.slice(1).map(Number) ?? [NaN, NaN]) as [number, number]

describe('renderTopology', () => {
  it('matches the snapshot (seeded layout)', async () => {
    const svg = createSvg()
    renderTopology(svg, small, { label: 'Hosts', width: 480, height: 320 })
    await expect(normalizeSvg(svg)).toMatchFileSnapshot('__snapshots__/topology.svg')
  })

  it('spreads a first draw with linesPerFrame over frames: nodes now, lines next, labels last, same picture', () => {
    let queue: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => queue.push(f))
    vi.stubGlobal('cancelAnimationFrame', () => { queue = [] })
    try {
      const staged = createSvg()
      renderTopology(staged, small, { label: 'x', linesPerFrame: 2 })
      expect(staged.querySelectorAll('g.node')).toHaveLength(small.nodes.length)
      expect(staged.querySelectorAll('.edges line')).toHaveLength(0)
      expect(staged.querySelectorAll('.labels text')).toHaveLength(0)
      const lineCounts: number[] = []
      for (let frames = 0; queue.length > 0 && frames < 20; frames++) {
        const now = queue
        queue = []
        for (const f of now) f(0)
        lineCounts.push(staged.querySelectorAll('.edges line').length)
        if (queue.length > 0) expect(staged.querySelectorAll('.labels text')).toHaveLength(0)
      }
      expect(lineCounts[0]).toBe(2)
      const whole = createSvg()
      renderTopology(whole, small, { label: 'x' })
      expect(staged.querySelectorAll('.labels text').length).toBeGreaterThan(0)
      expect(normalizeSvg(staged)).toBe(normalizeSvg(whole))
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('with nodesPerFrame, makes new nodes a slice per frame (a first draw from the next frame) before any line, and settles when all is drawn', async () => {
    let queue: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => queue.push(f))
    vi.stubGlobal('cancelAnimationFrame', () => { queue = [] })
    try {
      const staged = createSvg()
      const chart = renderTopology(staged, small, { label: 'x', linesPerFrame: 2, nodesPerFrame: 2 })
      let settled = false
      void chart.settled().then(() => { settled = true })
      const seen: [number, number][] = [[staged.querySelectorAll('g.node').length, staged.querySelectorAll('.edges line').length]]
      for (let frames = 0; queue.length > 0 && frames < 40; frames++) {
        const now = queue
        queue = []
        for (const f of now) f(0)
        seen.push([staged.querySelectorAll('g.node').length, staged.querySelectorAll('.edges line').length])
      }
      await Promise.resolve()
      expect(settled).toBe(true)
      const total = small.nodes.length
      // A first draw: no node in the draw's own task, then two new nodes per frame; no line before the last node.
      expect(seen[0]).toEqual([0, 0])
      expect(seen.slice(1, 1 + Math.ceil(total / 2)).map(([n]) => n)).toEqual(Array.from({ length: Math.ceil(total / 2) }, (_, i) => Math.min(total, 2 * (i + 1))))
      for (const [n, l] of seen) if (l > 0) expect(n).toBe(total)
      const whole = createSvg()
      renderTopology(whole, small, { label: 'x' })
      expect(normalizeSvg(staged)).toBe(normalizeSvg(whole))

      // An update that replaces some nodes: the kept ones restyled at once, the old ones gone, the new ones in frames.
      const moved: TopologyData = {
        nodes: [...small.nodes.slice(0, 3), { id: 'new-a', label: 'new-a', group: 'client', weight: 5 }, { id: 'new-b', label: 'new-b', group: 'client', weight: 6 }, { id: 'new-c', label: 'new-c', group: 'client', weight: 7 }],
        edges: [{ source: small.nodes[0].id, target: 'new-a', weight: 3 }],
      }
      chart.update(moved)
      expect([...staged.querySelectorAll('g.node title')].map((t) => t.textContent)).toHaveLength(5)
      let done = false
      void chart.settled().then(() => { done = true })
      await Promise.resolve()
      expect(done).toBe(false)
      for (let frames = 0; queue.length > 0 && frames < 40; frames++) {
        const now = queue
        queue = []
        for (const f of now) f(0)
      }
      await Promise.resolve()
      expect(done).toBe(true)
      expect(staged.querySelectorAll('g.node')).toHaveLength(6)
      const again = createSvg()
      renderTopology(again, small, { label: 'x' }).update(moved, chart.positions())
      expect(normalizeSvg(staged)).toBe(normalizeSvg(again))
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('with linesPerFrame, an update restyles the nodes in its own task and the lines from the next frame on', () => {
    let queue: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => queue.push(f))
    vi.stubGlobal('cancelAnimationFrame', () => { queue = [] })
    const runFrames = () => {
      for (let frames = 0; queue.length > 0 && frames < 50; frames++) {
        const now = queue
        queue = []
        for (const f of now) f(0)
      }
    }
    try {
      const staged = createSvg()
      const chart = renderTopology(staged, small, { label: 'x', linesPerFrame: 2 })
      runFrames()
      const heavier: TopologyData = { nodes: small.nodes.map((n, i) => (i === 5 ? { ...n, weight: 400 } : n)), edges: small.edges.map((e, i) => (i === 0 ? { ...e, weight: e.weight * 10 } : e)) }
      const widthsBefore = [...staged.querySelectorAll('.edges line')].map((l) => l.getAttribute('stroke-width'))
      const radiusBefore = staged.querySelectorAll('g.node circle')[5]?.getAttribute('r')
      chart.update(heavier, chart.positions())
      // This task: the node grew; no line was touched yet.
      expect(staged.querySelectorAll('g.node circle')[5]?.getAttribute('r')).not.toBe(radiusBefore)
      expect([...staged.querySelectorAll('.edges line')].map((l) => l.getAttribute('stroke-width'))).toEqual(widthsBefore)
      expect(queue.length).toBe(1)
      runFrames()
      expect([...staged.querySelectorAll('.edges line')].map((l) => l.getAttribute('stroke-width'))).not.toEqual(widthsBefore)
      const whole = createSvg()
      renderTopology(whole, small, { label: 'x' }).update(heavier, chart.positions())
      expect(normalizeSvg(staged)).toBe(normalizeSvg(whole))
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('lays out the same graph identically twice', () => {
    const a = createSvg()
    const b = createSvg()
    renderTopology(a, small, { label: 'x' })
    renderTopology(b, small, { label: 'x' })
    expect(normalizeSvg(a)).toBe(normalizeSvg(b))
  })

  it('sizes nodes by traffic, rings flagged ones, and labels every node as a keyboard button', () => {
    const svg = createSvg()
    const onNodeClick = vi.fn()
    renderTopology(svg, small, { label: 'x', onNodeClick })
    const nodes = [...svg.querySelectorAll('g.node')]
    const r = (i: number): number => Number(nodes[i].querySelector('circle')?.getAttribute('r'))
    expect(r(0)).toBeCloseTo(18, 6)
    expect(r(5)).toBeCloseTo(3 + 15 * Math.sqrt(30 / 900), 6)
    expect(nodes[4].querySelector('circle')?.getAttribute('stroke')).toBe('var(--chart-alert, #D55E00)')
    expect(nodes[1].getAttribute('aria-label')).toBe('web (server): 600')
    expect(nodes[1].getAttribute('tabindex')).toBe('0')
    nodes[2].dispatchEvent(new MouseEvent('click', { bubbles: true }))
    expect(onNodeClick).toHaveBeenLastCalledWith('10.0.0.11')
    nodes[3].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }))
    expect(onNodeClick).toHaveBeenLastCalledWith('10.0.0.50')
  })

  it('drags a node and its edges', async () => {
    const svg = createSvg()
    renderTopology(svg, small, { label: 'x' })
    const node = svg.querySelectorAll('g.node')[1]
    const [x0, y0] = translateOf(node)
    node.dispatchEvent(mouse('mousedown', 100, 100))
    window.dispatchEvent(mouse('mousemove', 130, 90))
    window.dispatchEvent(mouse('mouseup', 130, 90))
    const [x1, y1] = translateOf(node)
    // jsdom has no layout: pointer deltas arrive unscaled by the zoom, in the node's parent coordinates.
    expect(x1 - x0).toBeCloseTo(30, 6)
    expect(y1 - y0).toBeCloseTo(-10, 6)
    const line = [...svg.querySelectorAll('.edges line')].find((l) => Number(l.getAttribute('x1')) === x1 || Number(l.getAttribute('x2')) === x1)
    expect(line).toBeDefined()
    await new Promise((resolve) => setTimeout(resolve, 0)) // let d3-drag drop its click guard
  })

  it('groups 5,000 hosts into at most maxNodes super-nodes, highlights through them, and updates in place', () => {
    const svg = createSvg()
    const data = network(5000)
    const chart = renderTopology(svg, data, { label: 'x', maxNodes: 200 })
    const graph = chart.graph()
    expect(graph.level).toBe('/24')
    expect(svg.querySelectorAll('g.node').length).toBe(graph.nodes.length)
    expect(graph.nodes.length).toBeLessThanOrEqual(200)
    expect(svg.querySelector('.note')?.textContent).toBe(`5,000 hosts grouped by /24 into ${graph.nodes.length} nodes`)
    chart.highlight(['10.0.1.7'])
    const lit = svg.querySelectorAll('g.node[data-highlighted="true"]')
    expect(lit).toHaveLength(1)
    expect(lit[0].querySelector('title')?.textContent).toMatch(/^10\.0\.1\.0\/24 \(64 hosts\)/)
    expect(svg.querySelectorAll('g.node[opacity="0.25"]')).toHaveLength(graph.nodes.length - 1)
    const before = translateOf(lit[0])
    chart.update({ nodes: data.nodes.map((n) => ({ ...n, weight: n.weight + 1 })), edges: data.edges })
    const after = translateOf(svg.querySelector('g.node[data-highlighted="true"]'))
    expect(Math.hypot(after[0] - before[0], after[1] - before[1])).toBeLessThan(60)
    chart.highlight([])
    expect(svg.querySelectorAll('g.node[opacity="0.25"]')).toHaveLength(0)
  })

  it('rewrites nothing when an update brings the same graph, and only the changed node otherwise', () => {
    const svg = createSvg()
    const chart = renderTopology(svg, small, { label: 'x' })
    chart.highlight(['10.0.0.51'])
    const observer = new MutationObserver(() => undefined)
    observer.observe(svg, { attributes: true, childList: true, characterData: true, subtree: true })
    const copy = (): TopologyData => ({ nodes: small.nodes.map((n) => ({ ...n })), edges: small.edges.map((e) => ({ ...e })) })
    chart.update(copy(), chart.positions())
    chart.highlight(['10.0.0.51'])
    expect(observer.takeRecords()).toHaveLength(0)
    const next: TopologyData = { ...copy(), nodes: small.nodes.map((n, i) => (i === 5 ? { ...n, weight: 40 } : n)) }
    chart.update(next, chart.positions())
    const owner = (el: Element | null): string => {
      const node = el?.closest('g.node')
      if (node) return `node ${node.getAttribute('aria-label') ?? ''}`
      return el?.closest('.labels') && el.tagName === 'text' ? `label ${el.textContent ?? ''}` : `other ${el?.tagName ?? ''}`
    }
    const touched = new Set(observer.takeRecords().map((r) => owner(r.target instanceof Element ? r.target : r.target.parentElement)))
    observer.disconnect()
    // Its size, title and aria-label, and its label's offset below the circle; no line and no other node.
    expect([...touched].sort()).toEqual(['label 10.0.0.52', 'node 10.0.0.52 (client): 40'])
  })

  it('keeps one line per drawn edge across updates that add, drop and repeat edges', () => {
    const svg = createSvg()
    const chart = renderTopology(svg, small, { label: 'x' })
    // Each line as its two ends, in either direction (the grouping step may orient an edge either way).
    const pair = (a: string, b: string): string => [a, b].sort().join(' | ')
    const lineEnds = (): string[] => [...svg.querySelectorAll('.edges line')]
      .map((l) => pair(`${l.getAttribute('x1')},${l.getAttribute('y1')}`, `${l.getAttribute('x2')},${l.getAttribute('y2')}`))
    const expected = (edges: readonly TopologyEdge[]): string[] => {
      const p = chart.positions()
      return edges.map((e) => pair(`${p.get(e.source)?.x},${p.get(e.source)?.y}`, `${p.get(e.target)?.x},${p.get(e.target)?.y}`))
    }
    const kept = small.edges.slice(1)
    const added = { source: '10.0.0.52', target: '10.0.0.1', weight: 5 }
    const first = svg.querySelectorAll('.edges line')[0] // the heaviest edge, 10.0.0.10 - 10.0.0.1, stays
    chart.update({ nodes: small.nodes, edges: [...kept, added] }, chart.positions())
    expect(lineEnds().sort()).toEqual(expected([...kept, added]).sort())
    expect(first.isConnected).toBe(true) // an edge that stays keeps its element
    chart.update({ nodes: small.nodes, edges: [...kept, added, added] }, chart.positions())
    expect(lineEnds().sort()).toEqual(expected(chart.graph().edges).sort())
    chart.update({ nodes: small.nodes, edges: [small.edges[0]] }, chart.positions())
    expect(lineEnds()).toEqual(expected([small.edges[0]]))
    chart.update({ nodes: small.nodes, edges: [] }, chart.positions())
    expect(lineEnds()).toHaveLength(0)
  })

  it('paints large graphs on the canvas and finds clicked nodes there', () => {
    const svg = createSvg()
    const { canvas, calls } = fakeCanvas()
    const onNodeClick = vi.fn()
    const chart = renderTopology(svg, network(1500), { label: 'x', maxNodes: 5000, canvas, canvasThreshold: 1000, onNodeClick, ticks: 30 })
    expect(svg.querySelectorAll('g.node')).toHaveLength(0)
    expect(calls.arc).toBe(1500)
    expect(canvas.width).toBe(720)
    expect(svg.querySelectorAll('.labels text[tabindex="0"]')).toHaveLength(25)
    // Click exactly on a node: find its screen position through the current zoom transform.
    const viewport = svg.querySelector('.viewport')?.getAttribute('transform') ?? ''
    const [tx, ty, k] = (/translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)/.exec(viewport) ?? []).slice(1).map(Number)
    const label = svg.querySelector('.labels text') as SVGTextElement
    const x = Number(label.getAttribute('x'))
    const heaviest = chart.graph().nodes.reduce((a, b) => (b.weight > a.weight ? b : a))
    const y = Number(label.getAttribute('y')) - 18 - 10 / k // the heaviest node has the largest radius, 18
    svg.dispatchEvent(new MouseEvent('click', { clientX: tx + k * x, clientY: ty + k * y, bubbles: true }))
    expect(onNodeClick).toHaveBeenLastCalledWith(heaviest.id)
    const arcs = calls.arc
    chart.highlight([heaviest.id])
    expect(calls.arc).toBe(arcs + 1500)
  })

  it('shows hostile labels as text and survives empty and broken input', () => {
    const svg = createSvg()
    renderTopology(svg, { nodes: [{ id: 'x', label: '<script>alert(1)</script>', group: '<b>', weight: NaN }], edges: [{ source: 'x', target: 'nope', weight: 1 }] }, { label: 'x' })
    expect(svg.querySelector('script, b')).toBeNull()
    expect(svg.querySelector('.labels text')?.textContent).toBe('<script>alert(1)</script>')
    renderTopology(svg, { nodes: [], edges: [] }, { label: 'empty' })
    expect(svg.querySelector('.note')?.textContent).toBe('0 hosts')
  })
})
