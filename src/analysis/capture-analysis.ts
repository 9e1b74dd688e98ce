/**
 * One analysis of one capture: the decode context, the flow table and the statistics, fed batch by batch while
 * the file streams. It lives where the analysis runs (the worker, the CLI, a test) and answers queries after the
 * read; only chart- and table-sized results leave it.
 */
import { DecodeContext } from '../decode/context.ts'
import { createFlowTable } from '../flows/flow-table.ts'
import type { FlowTable } from '../flows/flow-table.ts'
import type { FinishedFlows } from '../flows/flow-transfer.ts'
import { CONN_STATE_NAMES } from '../flows/conn-state.ts'
import { DEFAULT_FLOW_MODE, type FlowModeName } from '../flows/flow-modes.ts'
import type { PacketBatch } from '../model/packet-batch.ts'
import { emitFlowEvents } from './flow-events-from-columns.ts'
import { Statistics, type StatisticsReport } from './statistics.ts'

export interface CaptureAnalysisOptions {
  /** Flow semantics (src/flows/flow-modes.ts); default 'zeek'. */
  readonly flowMode?: FlowModeName
  /** Flows stored individually before new ones are only counted (flows/flow-table.ts). */
  readonly maxFlows?: number
}

export class CaptureAnalysis {
  readonly ctx = new DecodeContext()
  readonly flows: FlowTable
  readonly stats = new Statistics()
  readonly flowMode: FlowModeName
  private report: StatisticsReport | null = null
  /** Flow id of each row of the batch being consumed (the flow table's output, the statistics' lookup hints). */
  private flowIds = new Int32Array(0)

  constructor(options: CaptureAnalysisOptions = {}) {
    this.flowMode = options.flowMode ?? DEFAULT_FLOW_MODE
    this.flows = createFlowTable(this.flowMode, { maxFlows: options.maxFlows })
  }

  /**
   * Flow id of each row of the batch consumed last (-1: no flow), valid until the next consume: what ground-truth
   * labelling (twin/labels) reads to map packets to flows.
   */
  get batchFlowIds(): Int32Array {
    return this.flowIds
  }

  /**
   * Adds a decoded batch. Flows first: the statistics take each packet's flow id as a lookup hint. (Flow
   * starts and ends reach the statistics only in finish(), so the order changes no count.)
   */
  consume(batch: PacketBatch): void {
    if (this.flowIds.length < batch.count) this.flowIds = new Int32Array(batch.capacity)
    this.flows.consume(batch, this.ctx, this.flowIds)
    this.stats.consume(batch, this.ctx, this.flowIds)
  }

  /**
   * Adds a batch whose flows another thread counts (analysis/pipeline): the statistics, with the flow id of
   * each row from that thread's flow table (valid while the batch is, like batchFlowIds), and the batch's
   * application facts for those flows, so that table can cross at the end without them (adoptFlows).
   */
  consumeStatistics(batch: PacketBatch, flowIds: Int32Array<ArrayBuffer>): void {
    this.flowIds = flowIds
    this.flows.facts.collect(batch, flowIds)
    this.stats.consume(batch, this.ctx, flowIds)
  }

  /** Takes over the finished flow table of the thread that counted the flows (before finish). */
  adoptFlows(flows: FinishedFlows): void {
    this.flows.adoptFinished(flows)
  }

  /** Closes open flows at the capture's end and completes the statistics (idempotent). */
  finish(endTime: number | null): StatisticsReport {
    if (this.report) return this.report
    if (endTime !== null) this.flows.finish(endTime)
    else this.flows.finish()
    // Flow starts/ends reach the windows as replayed events once every flow's final state is known.
    emitFlowEvents(this.flows.columns, this.flows.count, CONN_STATE_NAMES, this.stats)
    this.report = this.stats.finish()
    return this.report
  }
}
