/**
 * The topology chart's nodes: one <g class="node"> (a circle and a title) per drawn node, joined by id. Nodes that
 * already have an element are restyled at once (every write is skipped when the value is already there); new
 * ones are made `perFrame` at a time, one slice per animation frame. Making the first answer's 300 nodes in one
 * task, with the browser's styling of them, was the longest task the page had while a file is read (55-85 ms of
 * wall time on a busy two-core machine for 15-25 ms of its own CPU time).
 */
import { select, type Selection } from 'd3'
import type { TopologyNode } from './topology-collapse.ts'
import { frameSteps } from './frame-steps.ts'
import type { JoinStaging } from './topology-lines.ts'

export interface NodeStyle {
  /** Writes the node's look that depends on the data (radius, fill, accessible text). */
  readonly style: (g: SVGGElement, n: TopologyNode) => void
  /** Writes where the node is and whether it is highlighted or dimmed. */
  readonly place: (g: SVGGElement, n: TopologyNode) => void
}

export interface NodeMarks {
  /**
   * Makes the nodes match `data` (in drawing order): existing ones now, new ones at once or, with `perFrame`
   * (and a requestAnimationFrame), that many per frame, the first slice in this task or, with
   * `staging.fromNextFrame`, in the next frame. A new join replaces one in progress (what it made so far is kept
   * and counts as existing).
   */
  join(data: readonly TopologyNode[], look: NodeStyle, perFrame?: number, staging?: JoinStaging): void
  /** Stops a join in progress. */
  cancel(): void
}

type NodeSelection = Selection<SVGGElement, TopologyNode, SVGGElement, unknown>

/**
 * `layer` holds the nodes; `bind` sets up each new element once (its children, listeners and drag), and is given
 * only the elements just made.
 */
export function createNodeMarks(layer: SVGGElement, bind: (made: NodeSelection) => void): NodeMarks {
  const root = select(layer)
  const job = frameSteps()

  return {
    join(data, look, perFrame, staging) {
      job.cancel()
      const have = new Set<string>()
      root.selectAll<SVGGElement, TopologyNode>('g.node').each((n) => { have.add(n.id) })
      const fresh = data.filter((n) => !have.has(n.id))
      const framed = perFrame !== undefined && perFrame >= 1 && typeof requestAnimationFrame === 'function'
      const slice = framed ? Math.max(1, Math.floor(perFrame)) : fresh.length
      const admitted = new Set<string>()
      let made = 0
      let first = true
      job.run(() => {
        const end = Math.min(fresh.length, made + slice)
        for (; made < end; made++) admitted.add(fresh[made].id)
        // Until the last slice, the join sees the kept nodes and the new ones admitted so far, in drawing order:
        // the first join removes what is no longer drawn, later ones only add.
        const shown = made >= fresh.length ? data : data.filter((n) => have.has(n.id) || admitted.has(n.id))
        let entered = null as NodeSelection | null
        const joined = root.selectAll<SVGGElement, TopologyNode>('g.node').data(shown, (n) => n.id)
          .join((enter) => {
            const g = enter.append('g').attr('class', 'node')
            g.append('circle')
            g.append('title')
            bind(g)
            entered = g
            return g
          })
        // The kept nodes are restyled once, in the first slice; each later slice styles only what it made.
        const todo = first ? joined : entered
        first = false
        todo?.each(function (n) {
          look.style(this, n)
          look.place(this, n)
        })
        if (made < fresh.length) return true
        staging?.onDone?.()
        return false
      }, framed && staging?.fromNextFrame === true)
    },
    cancel: () => job.cancel(),
  }
}
