/**
 * A finished flow table as plain data, so the thread that assembled the flows can hand them to the thread that
 * owns the analysis (analysis/pipeline): the per-flow columns travel as transferred buffers (moved, never
 * copied), the fact objects (unless the receiver collected them itself) and the overflow sketch are
 * structured-cloned. Only a finished table crosses:
 * open flows hold working state (TCP trackers, running statistics) that stays behind.
 */
import type { ExportedColumns } from './flow-columns.ts'
import type { ExportedFacts } from './flow-facts.ts'
import type { FlowModeName } from './flow-modes.ts'
import type { ExportedOverflow } from './flow-overflow.ts'

export interface FinishedFlows {
  /** The mode the flows were assembled in; the receiving table must be in the same one. */
  readonly mode: FlowModeName | 'custom'
  readonly maxFlows: number
  readonly count: number
  /** The table's clock (latest packet time) when it finished. */
  readonly now: number
  readonly columns: ExportedColumns
  /**
   * The flows' application facts; null when the receiver collects them itself from the batches it is sent
   * with each row's flow id (FlowTable.collectFacts), which spares cloning every fact object at the end.
   */
  readonly facts: ExportedFacts | null
  readonly overflow: ExportedOverflow
}

/** The buffers to transfer with a FinishedFlows (each once, as postMessage requires). */
export function finishedFlowsTransfer(f: FinishedFlows): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>()
  const add = (view: ArrayBufferView): void => {
    if (view.buffer instanceof ArrayBuffer) out.add(view.buffer)
  }
  for (const a of Object.values(f.columns.arrays)) add(a)
  if (f.facts !== null) {
    add(f.facts.head)
    add(f.facts.next)
    add(f.facts.kinds)
    for (const a of Object.values(f.facts.dns.columns)) add(a)
  }
  add(f.overflow.registers)
  return [...out]
}
