/**
 * The protocol hierarchy as an icicle (d3.partition): the root on the left, each protocol layer one column to
 * the right, each cell as tall as its share of packets (or bytes). Same protocol, same colour, in every chart.
 *
 * The tree arrives from the engine (or an imported session), so it is copied first with a breadth-first walk
 * that caps depth and node count (no recursion on data-controlled depth, and a cyclic object cannot hang it),
 * and a parent is never drawn smaller than its children even if the counts disagree.
 */
import { format, hierarchy, partition } from 'd3'
import { formatSize } from '../lib/display-format.ts'
import { beginChart, clampSize, onActivateKey, safeText, type ChartHandle } from './chart-frame.ts'
import { categoryColorForKey, cssVar, textColorOn } from './palette.ts'

/** One protocol: counts include everything below it, as in Wireshark's Protocol Hierarchy. */
export interface ProtocolTreeNode {
  readonly name: string
  readonly packets: number
  readonly bytes: number
  readonly children: readonly ProtocolTreeNode[]
}

export interface ProtocolHierarchyOptions {
  readonly label: string
  readonly description?: string
  readonly width?: number
  readonly height?: number
  /** What sizes the cells (default packets). */
  readonly measure?: 'packets' | 'bytes'
  /** Columns beyond this depth are cut (default 12). */
  readonly maxDepth?: number
  /** Nodes beyond this count are dropped, smallest subtrees last seen first (default 2000). */
  readonly maxNodes?: number
  /** A cell was clicked or activated: its path of names from the root. */
  readonly onSelect?: (path: readonly string[]) => void
}

interface Cell {
  name: string
  packets: number
  bytes: number
  children: Cell[]
}

/** Cells shorter than this get no text label (their <title> still tells). */
const MIN_LABEL_HEIGHT = 13
const CHAR_WIDTH = 6.2
const count = format(',')

/** Renders the icicle into `svg`. */
export function renderProtocolHierarchy(svg: SVGSVGElement, tree: ProtocolTreeNode, options: ProtocolHierarchyOptions): ChartHandle {
  const width = clampSize(options.width, 720, 120)
  const height = clampSize(options.height, 320, 60)
  const onSelect = options.onSelect
  const root = beginChart(svg, { label: options.label, description: options.description, width, height, interactive: onSelect !== undefined })
  const measure = options.measure ?? 'packets'
  const copy = copyTree(tree, clampSize(options.maxDepth, 12, 1, 64), clampSize(options.maxNodes, 2000, 1, 100_000))
  const h = hierarchy(copy, (d) => d.children)
  // Own value = max(own count, sum of children), bottom-up (eachAfter is iterative), so partition never overflows.
  h.eachAfter((n) => {
    let sum = 0
    for (const c of n.children ?? []) sum += c.value ?? 0
    const own = n.data[measure]
    ;(n as { value?: number }).value = Math.max(Number.isFinite(own) && own > 0 ? own : 0, sum)
  })
  h.sort((a, b) => (b.value ?? 0) - (a.value ?? 0)) // biggest first; ties keep their order (sort is stable)
  const laid = partition<Cell>().size([height, width])(h)
  const total = laid.value ?? 0

  const cells = root.append('g').attr('class', 'cells')
  for (const node of laid.descendants()) {
    const cellHeight = node.x1 - node.x0
    if (cellHeight <= 0 && node.depth > 0) continue
    const path = node.ancestors().reverse().map((a) => safeText(a.data.name, 60))
    const share = total > 0 ? (100 * (node.value ?? 0)) / total : 0
    const summary = `${path.join(' › ')}: ${count(node.data.packets)} packets, ${formatSize(node.data.bytes)} (${share.toFixed(1)}% of ${measure})`
    const g = cells.append('g').attr('class', 'cell').attr('transform', `translate(${node.y0},${node.x0})`)
    const fill = node.depth === 0 ? cssVar('muted') : categoryColorForKey(node.data.name)
    g.append('rect').attr('width', Math.max(0, node.y1 - node.y0 - 1)).attr('height', Math.max(0, cellHeight - 1))
      .attr('fill', fill)
    g.append('title').text(summary)
    if (cellHeight >= MIN_LABEL_HEIGHT) {
      const chars = Math.floor((node.y1 - node.y0 - 8) / CHAR_WIDTH)
      const text = labelFor(path[path.length - 1], share, chars)
      if (text) g.append('text').attr('x', 4).attr('y', Math.min(cellHeight / 2, 10)).attr('dy', '0.35em')
        .attr('fill', textColorOn(fill)).text(text)
    }
    if (onSelect) {
      const names = path
      g.attr('tabindex', 0).attr('role', 'button').attr('aria-label', summary).style('cursor', 'pointer')
        .on('click.chart', () => onSelect(names))
        .on('keydown.chart', (event: KeyboardEvent) => onActivateKey(event, () => onSelect(names)))
    }
  }
  return {
    destroy() {
      cells.selectAll('.cell').on('.chart', null)
      svg.replaceChildren()
    },
  }
}

/** "tcp 43.1%" if it fits, else "tcp", else as much of the name as fits, else nothing. */
function labelFor(name: string, share: number, chars: number): string {
  const full = `${name} ${share.toFixed(1)}%`
  if (full.length <= chars) return full
  if (name.length <= chars) return name
  return chars >= 4 ? Array.from(name).slice(0, chars - 1).join('') + '…' : ''
}

/** Breadth-first copy with caps on depth and node count; non-array children and odd fields become empty/zero. */
export function copyTree(tree: ProtocolTreeNode, maxDepth: number, maxNodes: number): Cell {
  const root = toCell(tree)
  const queue: [ProtocolTreeNode, Cell, number][] = [[tree, root, 0]]
  let made = 1
  for (let head = 0; head < queue.length; head++) {
    const [src, dst, depth] = queue[head]
    const kids = Array.isArray(src?.children) ? src.children : []
    if (depth + 1 >= maxDepth) continue
    for (const kid of kids) {
      if (made >= maxNodes) return root
      if (kid === null || typeof kid !== 'object') continue
      const cell = toCell(kid)
      dst.children.push(cell)
      made++
      queue.push([kid, cell, depth + 1])
    }
  }
  return root
}

function toCell(n: ProtocolTreeNode): Cell {
  const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0)
  return { name: typeof n?.name === 'string' ? n.name : '?', packets: num(n?.packets), bytes: num(n?.bytes), children: [] }
}
