/**
 * The aggregates a saved session keeps, read from AnalysisData (normally the finished live analysis) so that
 * stored-data.ts can answer every query the live data answered: summary, protocol hierarchy, services, top
 * talkers, the IO series at its base resolution (re-bucketed on demand), the window series, the per-(window,
 * host) rows, the (host, port) table, and the exploration views' snapshot (packed generically, pack.ts).
 * Every typed array here is a fresh copy, so the worker may transfer them.
 */
import type { CaptureSummary } from '../capture-summary.ts'
import type { WindowSeries } from '../window-queries.ts'
import type { Aggregate, Column, ColumnTable, JsonValue } from '../../storage/session-types.ts'
import type { AnalysisData } from './analysis-data.ts'
import { HOST_COUNTER_NAMES } from './host-window-table.ts'
import { packValue } from './pack.ts'
import { detectionAggregates } from './detection-store.ts'

/** Version of the shell aggregates' layout (stored in the 'shell' aggregate). */
export const SHELL_AGGREGATES_VERSION = 1
export const EXPLORE_PREFIX = 'explore'

/** WindowSeries columns stored as f64 (every Float64Array field of WindowSeries). */
export const WINDOW_SERIES_COLUMNS = [
  'start', 'packets', 'bytes', 'flowsStarted', 'failedConnections', 'activeSources', 'distinctDstHosts',
  'distinctDstPorts', 'newPairs', 'dnsQueries', 'nxdomain', 'tlsHandshakes', 'tcpSyn', 'tcp', 'udp', 'icmp',
  'otherIp', 'nonIp', 'retransmissionRatio', 'rttP50', 'rttP90', 'rttP99', 'jitterP50', 'jitterP90',
] as const satisfies readonly (keyof WindowSeries)[]

export interface SessionPayload {
  readonly summary: CaptureSummary
  readonly aggregates: Record<string, Aggregate>
}

const f64 = (name: string, data: ArrayLike<number>): Column => ({ name, type: 'f64', data: Float64Array.from(data) })
const json = (name: string, data: readonly JsonValue[]): Column => ({ name, type: 'json', data })
const table = (rowCount: number, columns: Column[]): Aggregate => ({ kind: 'table', table: { rowCount, columns } satisfies ColumnTable })

/**
 * Everything a session needs; `exploreValue` is exploreSnapshot(analysis) (or null to store none). With
 * `adoptExplore`, that value is made for this payload alone and its parts become the stored ones without a copy
 * (pack.ts PackOptions.adopt).
 */
export function buildSnapshot(data: AnalysisData, exploreValue: unknown, adoptExplore = false): SessionPayload {
  const aggregates: Record<string, Aggregate> = {}
  const io = data.ioSeries(0, Number.MAX_SAFE_INTEGER)
  aggregates['shell.io'] = table(io.packets.length, [f64('packets', io.packets), f64('bytes', io.bytes), f64('flowsStarted', io.flowsStarted)])
  aggregates['shell.hierarchy'] = { kind: 'json', value: data.protocolHierarchy() as unknown as JsonValue }
  aggregates['shell.services'] = { kind: 'json', value: data.services() as unknown as JsonValue }
  aggregates['shell.talkers'] = { kind: 'json', value: data.topTalkers() as unknown as JsonValue }

  const ws = data.windowSeries()
  if (ws) {
    const n = ws.start.length
    const cols = WINDOW_SERIES_COLUMNS.map((c) => f64(c, ws[c]))
    cols.push(json('topPorts', ws.topPorts.map((list) => list.map((p) => ({ port: p.port, packets: p.packets })))))
    aggregates['shell.windows'] = table(n, cols)
  }

  const hw = data.hostWindowTable()
  if (hw) {
    const names: string[] = []
    const index = new Map<string, number>()
    const hostIndex = new Uint32Array(hw.rows)
    for (let r = 0; r < hw.rows; r++) {
      const h = hw.host[r]
      let k = index.get(h)
      if (k === undefined) {
        k = names.length
        names.push(h)
        index.set(h, k)
      }
      hostIndex[r] = k
    }
    aggregates['shell.windowStarts'] = table(hw.windowStarts.length, [f64('start', hw.windowStarts)])
    aggregates['shell.hostNames'] = table(names.length, [json('host', names)])
    const cols: Column[] = [
      { name: 'window', type: 'u32', data: Uint32Array.from(hw.window.subarray(0, hw.rows)) },
      { name: 'host', type: 'u32', data: hostIndex },
      f64('bytesOut', hw.bytesOut.subarray(0, hw.rows)),
      f64('bytesIn', hw.bytesIn.subarray(0, hw.rows)),
      ...HOST_COUNTER_NAMES.map((c): Column => ({ name: c, type: 'u32', data: Uint32Array.from(hw.counters[c].subarray(0, hw.rows)) })),
    ]
    aggregates['shell.hostRows'] = table(hw.rows, cols)
  }

  const ph = data.portHosts()
  const phRows = ph.host.length
  aggregates['shell.portHosts'] = table(phRows, [
    json('host', [...ph.host]),
    json('port', [...ph.port]),
    f64('bytes', ph.bytes),
    f64('packets', ph.packets),
    f64('conversations', ph.conversations),
  ])

  aggregates.shell = {
    kind: 'json',
    value: {
      version: SHELL_AGGREGATES_VERSION,
      io: { start: io.start, bucketSeconds: io.bucketSeconds },
      windows: ws ? { bucketSeconds: ws.bucketSeconds } : null,
      hostWindows: hw ? { bucketSeconds: hw.bucketSeconds, totalRows: hw.totalRows } : null,
    },
  }
  if (exploreValue !== null && exploreValue !== undefined) packValue(exploreValue, EXPLORE_PREFIX, aggregates, { adopt: adoptExplore })
  const detection = data.detection?.() ?? null
  if (detection !== null && !detection.provisional) Object.assign(aggregates, detectionAggregates(detection))
  return { summary: data.summary(), aggregates }
}
