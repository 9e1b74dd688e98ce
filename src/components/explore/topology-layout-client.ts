/**
 * Lays out the topology in a worker of its own (topology-layout.worker.ts), so the force simulation never runs
 * on the page's thread: a fresh 300-node layout was a single task of 0.3-1.6 s, and each update while a file was
 * read another 0.1-0.4 s. Where workers are missing (unit tests) or the worker fails, the layout runs here, as
 * before. Answers are positions per drawn node id, for renderTopology's `positions` option and update().
 */
import { layoutTopology, type TopologyData } from '../../charts/topology.ts'
import type { Point } from '../../charts/topology-layout.ts'

export interface LayoutRequest {
  readonly id: number
  readonly data: TopologyData
  readonly width: number
  readonly height: number
  readonly maxNodes: number
  /** The chart's current positions (update), as ids and x,y pairs; empty for a fresh layout. */
  readonly previousIds: readonly string[]
  readonly previousXy: Float64Array
}

export type LayoutAnswer =
  | { readonly id: number; readonly ok: true; readonly ids: readonly string[]; readonly xy: Float64Array }
  | { readonly id: number; readonly ok: false; readonly message: string }

export interface LayoutQuestion {
  readonly data: TopologyData
  readonly width: number
  readonly height: number
  readonly maxNodes: number
  readonly previous?: ReadonlyMap<string, Point>
}

let worker: Worker | null = null
let broken = false
let nextId = 1
const waiting = new Map<number, { resolve: (p: Map<string, Point>) => void; question: LayoutQuestion }>()

function layoutHere(q: LayoutQuestion): Map<string, Point> {
  return layoutTopology(q.data, { width: q.width, height: q.height, maxNodes: q.maxNodes, previous: q.previous })
}

/** Settles everything still waiting on this thread (the worker failed or could not start). */
function giveUpOnWorker(): void {
  broken = true
  worker?.terminate()
  worker = null
  const pending = [...waiting.values()]
  waiting.clear()
  for (const w of pending) w.resolve(layoutHere(w.question))
}

function startWorker(): Worker | null {
  if (worker || broken) return worker
  if (typeof Worker === 'undefined') return null
  try {
    const w = new Worker(new URL('./topology-layout.worker.ts', import.meta.url), { type: 'module', name: 'nettwin-topology-layout' })
    w.onmessage = (ev: MessageEvent<LayoutAnswer>) => {
      const answer = ev.data
      const entry = waiting.get(answer.id)
      if (!entry) return
      waiting.delete(answer.id)
      if (!answer.ok) {
        entry.resolve(layoutHere(entry.question))
        return
      }
      const out = new Map<string, Point>()
      answer.ids.forEach((node, i) => out.set(node, { x: answer.xy[2 * i] ?? 0, y: answer.xy[2 * i + 1] ?? 0 }))
      entry.resolve(out)
    }
    w.onerror = (ev) => {
      ev.preventDefault()
      giveUpOnWorker()
    }
    worker = w
  } catch {
    broken = true
  }
  return worker
}

/**
 * Starts the layout worker before the first layout is asked for: a page that opens on the topology view does it
 * while idle, so that creating the worker and compiling its script do not fall in the first second of a read.
 */
export function prepareLayoutWorker(): void {
  startWorker()
}

/** The positions of the drawn graph for this question, computed in the layout worker when there is one. */
export function layoutOffThread(question: LayoutQuestion): Promise<Map<string, Point>> {
  const w = startWorker()
  if (!w) return new Promise((resolve) => resolve(layoutHere(question)))
  const id = nextId++
  const previousIds = question.previous ? [...question.previous.keys()] : []
  const previousXy = new Float64Array(previousIds.length * 2)
  previousIds.forEach((node, i) => {
    const p = question.previous?.get(node)
    previousXy[2 * i] = p?.x ?? 0
    previousXy[2 * i + 1] = p?.y ?? 0
  })
  const data: TopologyData = { nodes: question.data.nodes, edges: question.data.edges }
  const request: LayoutRequest = { id, data, width: question.width, height: question.height, maxNodes: question.maxNodes, previousIds, previousXy }
  return new Promise((resolve) => {
    waiting.set(id, { resolve, question })
    try {
      // Copied, not transferred: a detached buffer makes V8 check every typed-array access on this thread from
      // then on, and the positions are a few tens of kilobytes.
      w.postMessage(request)
    } catch {
      giveUpOnWorker()
    }
  })
}
