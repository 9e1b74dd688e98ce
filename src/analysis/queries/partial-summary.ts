/**
 * A CaptureSummary computed from the running totals while a file is still being read, so the overview fills
 * in as it goes. Cheap enough to run every ~500 ms in the worker: every part is O(distinct masks, conversations
 * or flows), nothing per packet. Fields only the end of the read knows (format, file comments, interfaces,
 * truncation, windows) are left empty; `partial` is true.
 */
import type { CaptureAnalysis } from '../capture-analysis.ts'
import type { CaptureSummary } from '../capture-summary.ts'
import { computeEndpoints } from '../endpoints.ts'
import type { ProtocolNode } from '../protocol-hierarchy.ts'
import { topTalkers } from '../top-talkers.ts'
import type { PacketBatch } from '../../model/packet-batch.ts'

/** What the worker counts per batch that the analysis does not keep. */
export class BatchTotals {
  capturedBytes = 0
  readonly linkTypes = new Set<number>()
  private lastLinkType = -1

  add(batch: PacketBatch): void {
    const { capLen, linkType } = batch
    let cap = 0
    let last = this.lastLinkType
    for (let i = 0; i < batch.count; i++) {
      cap += capLen[i]
      if (linkType[i] !== last) {
        last = linkType[i]
        this.linkTypes.add(last)
      }
    }
    this.lastLinkType = last
    this.capturedBytes += cap
  }
}

/** Packets per layer name: each layer occurs at most once on a path, so a name's nodes add up to its count. */
export function layerCounts(tree: ProtocolNode): Record<string, number> {
  const out: Record<string, number> = {}
  const stack: ProtocolNode[] = [...tree.children]
  // The tree's depth is bounded by the number of layer names (31), and each node is visited once.
  while (stack.length > 0) {
    const n = stack.pop()
    if (!n) break
    out[n.name] = (out[n.name] ?? 0) + n.packets
    for (const c of n.children) stack.push(c)
  }
  return out
}

export function partialSummary(analysis: CaptureAnalysis, fileName: string, totals: BatchTotals): CaptureSummary {
  const { stats, ctx, flows } = analysis
  const packets = stats.packets
  const endpoints = computeEndpoints(stats.conversations.ip, ctx.addresses.size)
  return {
    fileName,
    format: '',
    compression: null,
    linkTypes: [...totals.linkTypes].sort((a, b) => a - b),
    packets,
    capturedBytes: totals.capturedBytes,
    bytes: stats.bytes,
    start: packets > 0 ? stats.start : null,
    end: packets > 0 ? stats.end : null,
    duration: packets > 0 ? stats.end - stats.start : 0,
    protocols: layerCounts(stats.hierarchy.tree()),
    ipConversations: ctx.ipPairs.size,
    ...(ctx.ipPairs.estimated ? { ipConversationsEstimated: true as const } : {}),
    anomalies: ctx.anomalies.toRecord(),
    truncated: false,
    unsupportedLinkTypes: Object.fromEntries([...ctx.unsupportedLinkTypes].map(([k, v]) => [String(k), v])),
    interfaces: [],
    comments: [],
    timePrecision: 'micro',
    flowMode: analysis.flowMode,
    flows: flows.count + flows.overflow.estimatedFlows,
    flowsEstimated: flows.overflow.estimatedFlows > 0,
    flowStates: flows.stateCounts(),
    conversations: stats.conversations.counts(ctx.addresses),
    endpoints: endpoints.count,
    topTalkers: topTalkers(endpoints, stats.overflow, ctx.addresses, 10),
    windows: { bucketSeconds: 0, count: 0 },
    partial: true,
    cancelled: false,
  }
}
