/**
 * One frame of the replay: the traffic of the `window` seconds up to the playhead `time`. The graph keeps
 * every host of the capture (so the picture holds still while the playhead moves) with weights and edges
 * from the window only, and says which nodes were active; rates and the busiest flows of the window come
 * with it. Flows are spread evenly over their lifetime (time-spread.ts).
 */
import { cached, exploreData, type ExploreInput } from './explore-source.ts'
import { appName, protoName } from './flow-names.ts'
import { buildHostTable } from './host-table.ts'
import { graphResult, hostGraph, type TopologyResult } from './topology-query.ts'
import { overlapFraction } from './time-spread.ts'

export interface ReplayParams {
  /** Playhead, seconds since the epoch (clamped to the capture). */
  readonly time?: number
  /** Seconds of traffic before the playhead that the frame shows (default 1 s, 0.001..86400). */
  readonly window?: number
  readonly maxNodes?: number
  readonly colorBy?: 'role' | 'subnet'
}

export interface ReplayFlow {
  readonly id: number
  readonly proto: string
  readonly app: string | null
  readonly src: string
  readonly dst: string
  readonly dstPort: number | null
  /** Bytes of the flow inside the window. */
  readonly bytes: number
}

export interface ReplayFrame {
  readonly time: number
  readonly window: number
  readonly captureStart: number
  readonly captureEnd: number
  readonly graph: TopologyResult
  /** Node ids (after grouping) with traffic in the window. */
  readonly active: readonly string[]
  readonly bytesPerSecond: number
  readonly packetsPerSecond: number
  readonly activeFlows: number
  /** Flows whose first packet is in the window. */
  readonly newFlows: number
  readonly topFlows: readonly ReplayFlow[]
}

const TOP_FLOWS = 10

export function replayFrame(input: ExploreInput, params: ReplayParams = {}): ReplayFrame {
  const data = exploreData(input)
  const hosts = cached(input, data, 'hosts', () => buildHostTable(data))
  const start = data.captureStart
  const end = data.captureEnd
  const t = typeof params.time === 'number' && Number.isFinite(params.time) ? Math.min(end, Math.max(start, params.time)) : start
  const w = typeof params.window === 'number' && Number.isFinite(params.window) ? Math.min(86400, Math.max(0.001, params.window)) : 1
  const range = { start: t - w, end: t }
  const { result: graph, memberOf } = graphResult(data, hosts, hostGraph(data, hosts, range), { maxNodes: params.maxNodes, colorBy: params.colorBy, allHosts: true })
  const f = data.flows
  let bytes = 0, packets = 0, activeFlows = 0, newFlows = 0
  const top: { id: number; bytes: number }[] = []
  const active = new Set<string>()
  for (let id = 0; id < f.count; id++) {
    const share = overlapFraction(f.first[id], f.last[id], range.start, range.end)
    if (share <= 0) continue
    activeFlows++
    if (f.first[id] >= range.start) newFlows++
    const b = (f.origBytes[id] + f.respBytes[id]) * share
    bytes += b
    packets += (f.origPkts[id] + f.respPkts[id]) * share
    if (top.length < TOP_FLOWS || b > top[top.length - 1].bytes) {
      top.push({ id, bytes: b })
      top.sort((x, y) => y.bytes - x.bytes || x.id - y.id)
      if (top.length > TOP_FLOWS) top.pop()
    }
    if (f.kind[id] === 0) {
      active.add(data.addresses.text(f.origAddr[id]))
      active.add(data.addresses.text(f.respAddr[id]))
    }
  }
  const activeIds = new Set<string>()
  for (const a of active) activeIds.add(memberOf.get(a) ?? a)
  return {
    time: t, window: w, captureStart: start, captureEnd: end, graph, active: [...activeIds],
    bytesPerSecond: bytes / w, packetsPerSecond: packets / w, activeFlows, newFlows,
    topFlows: top.map(({ id, bytes: b }) => {
      const ported = f.kind[id] === 0 && (f.proto[id] === 6 || f.proto[id] === 17 || f.proto[id] === 132)
      return {
        id, proto: protoName(f.kind[id], f.proto[id]), app: appName(f.app[id], f.proto[id], f.origPort[id], f.respPort[id]),
        src: data.addresses.text(f.origAddr[id]), dst: data.addresses.text(f.respAddr[id]), dstPort: ported ? f.respPort[id] : null, bytes: b,
      }
    }),
  }
}
