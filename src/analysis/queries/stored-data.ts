/**
 * AnalysisData over a session read back from IndexedDB (snapshot.ts wrote it). Storage has validated the
 * records' structure; here every aggregate is checked for the shape the queries need before use, and a missing
 * or damaged one empties only the part it feeds (an older session without window rows still shows its overview).
 */
import type { CaptureSummary } from '../capture-summary.ts'
import type { IoSeries } from '../io-graph.ts'
import type { ProtocolNode } from '../protocol-hierarchy.ts'
import type { ServiceRecord } from '../services.ts'
import type { TopTalker } from '../top-talkers.ts'
import type { HostMatrix, HostMetric, HostWindowRecord, WindowSeries } from '../window-queries.ts'
import type { Aggregate, Column } from '../../storage/session-types.ts'
import type { AnalysisData, PortHostTable } from './analysis-data.ts'
import type { ExploreInput } from './explore-source.ts'
import { type HostCounterName, HOST_COUNTER_NAMES, type HostWindowTable, hostMatrixOf, hostSeriesOf, hostsInWindowOf } from './host-window-table.ts'
import { rebucket } from './io-rebucket.ts'
import { EXPLORE_PREFIX, WINDOW_SERIES_COLUMNS } from './snapshot.ts'
import { unpackValue } from './pack.ts'
import { readStoredDetection } from './detection-store.ts'
import type { DetectionView } from '../../detect/live-detection.ts'
import { arrayOf, bool, int, literal, nullable, num, object, str } from '../../storage/validate.ts'

type Aggregates = Readonly<Record<string, Aggregate>>

const finite = num(-Number.MAX_VALUE, Number.MAX_VALUE)
const count = num(0, Number.MAX_VALUE)
const metaSchema = object<{ version: number; io: { start: number; bucketSeconds: number }; windows: { bucketSeconds: number } | null; hostWindows: { bucketSeconds: number; totalRows: number } | null }>({
  version: int(1, 1000),
  io: object({ start: finite, bucketSeconds: num(1e-9, Number.MAX_VALUE) }),
  windows: nullable(object({ bucketSeconds: num(1e-9, Number.MAX_VALUE) })),
  hostWindows: nullable(object({ bucketSeconds: num(1e-9, Number.MAX_VALUE), totalRows: count })),
})
const servicesSchema = arrayOf(object<ServiceRecord>({ proto: literal('tcp', 'udp'), port: int(0, 65535), name: str(64), conversations: count, packets: count, bytes: count, servers: count }), 10_000)
const talkersSchema = arrayOf(object<TopTalker>({ address: str(256), packets: count, bytes: count, exact: bool }), 10_000)

/** A ProtocolNode tree, checked iteratively (its depth is bounded by the layer names, but this is stored data). */
function protocolTree(v: unknown): ProtocolNode | null {
  const stack: [unknown, number][] = [[v, 0]]
  let nodes = 0
  while (stack.length > 0) {
    const top = stack.pop()
    if (!top) break
    const [n, depth] = top
    if (++nodes > 10_000 || depth > 40 || typeof n !== 'object' || n === null) return null
    const o = n as Record<string, unknown>
    if (typeof o.name !== 'string' || typeof o.packets !== 'number' || typeof o.bytes !== 'number' || !Array.isArray(o.children)) return null
    for (const c of o.children as unknown[]) stack.push([c, depth + 1])
  }
  return v as ProtocolNode
}

function tryParse<T>(parse: (v: unknown, path: string) => T, v: unknown): T | null {
  try {
    return parse(v, 'aggregate')
  } catch {
    return null
  }
}

function jsonOf(aggs: Aggregates, name: string): unknown {
  const a = Object.hasOwn(aggs, name) ? aggs[name] : undefined
  return a?.kind === 'json' ? a.value : undefined
}

/** The named columns of a table aggregate, or null when any is missing or of another type. */
function columnsOf<K extends string>(aggs: Aggregates, name: string, want: Readonly<Record<K, Column['type']>>): { rows: number; cols: Record<K, Column['data']> } | null {
  const a = Object.hasOwn(aggs, name) ? aggs[name] : undefined
  if (a?.kind !== 'table') return null
  const cols = {} as Record<K, Column['data']>
  for (const key of Object.keys(want) as K[]) {
    const c = a.table.columns.find((x) => x.name === key)
    if (!c || c.type !== want[key] || c.data.length !== a.table.rowCount) return null
    cols[key] = c.data
  }
  return { rows: a.table.rowCount, cols }
}

const EMPTY_TREE: ProtocolNode = { name: 'frame', packets: 0, bytes: 0, children: [] }

export class StoredAnalysisData implements AnalysisData {
  readonly version = 0
  readonly phase = 'stored' as const
  private readonly meta
  private readonly tree: ProtocolNode
  private readonly serviceList: readonly ServiceRecord[]
  private readonly talkers: readonly TopTalker[]
  private readonly io: IoSeries
  private readonly windows: WindowSeries | null
  private readonly hostTable: HostWindowTable | null
  private readonly ports: PortHostTable
  private exploreInput: ExploreInput | null = null
  private storedDetection: DetectionView | null | undefined = undefined

  constructor(
    private readonly stored: CaptureSummary,
    private readonly aggregates: Aggregates,
    /** Checks the unpacked exploration snapshot (explore-snapshot-validate.ts); throws when it is invalid. */
    private readonly validateExplore: (value: unknown) => ExploreInput,
  ) {
    this.meta = tryParse(metaSchema, jsonOf(aggregates, 'shell'))
    this.tree = protocolTree(jsonOf(aggregates, 'shell.hierarchy')) ?? EMPTY_TREE
    this.serviceList = tryParse(servicesSchema, jsonOf(aggregates, 'shell.services')) ?? []
    this.talkers = tryParse(talkersSchema, jsonOf(aggregates, 'shell.talkers')) ?? []
    this.io = this.readIo()
    this.windows = this.readWindows()
    this.hostTable = this.readHostTable()
    this.ports = this.readPorts()
  }

  private readIo(): IoSeries {
    const t = columnsOf(this.aggregates, 'shell.io', { packets: 'f64', bytes: 'f64', flowsStarted: 'f64' })
    const io = this.meta?.io
    if (!t || !io) return { start: 0, bucketSeconds: 1, packets: new Float64Array(0), bytes: new Float64Array(0), flowsStarted: new Float64Array(0) }
    return { start: io.start, bucketSeconds: io.bucketSeconds, packets: t.cols.packets as Float64Array, bytes: t.cols.bytes as Float64Array, flowsStarted: t.cols.flowsStarted as Float64Array }
  }

  private readWindows(): WindowSeries | null {
    const spec = Object.fromEntries([...WINDOW_SERIES_COLUMNS.map((c) => [c, 'f64']), ['topPorts', 'json']]) as Record<(typeof WINDOW_SERIES_COLUMNS)[number] | 'topPorts', Column['type']>
    const t = columnsOf(this.aggregates, 'shell.windows', spec)
    const bucketSeconds = this.meta?.windows?.bucketSeconds
    if (!t || bucketSeconds === undefined) return null
    const topPorts = (t.cols.topPorts as readonly unknown[]).map((list) =>
      Array.isArray(list) ? list.filter((p): p is { port: string; packets: number } => typeof p?.port === 'string' && typeof p?.packets === 'number') : [],
    )
    const cols = Object.fromEntries(WINDOW_SERIES_COLUMNS.map((c) => [c, t.cols[c] as Float64Array]))
    return { bucketSeconds, ...cols, topPorts } as unknown as WindowSeries
  }

  private readHostTable(): HostWindowTable | null {
    const hw = this.meta?.hostWindows
    const starts = columnsOf(this.aggregates, 'shell.windowStarts', { start: 'f64' })
    const names = columnsOf(this.aggregates, 'shell.hostNames', { host: 'json' })
    const spec = Object.fromEntries([['window', 'u32'], ['host', 'u32'], ['bytesOut', 'f64'], ['bytesIn', 'f64'], ...HOST_COUNTER_NAMES.map((c) => [c, 'u32'])])
    const rows = columnsOf(this.aggregates, 'shell.hostRows', spec as Record<string, Column['type']>)
    if (!hw || !starts || !names || !rows) return null
    const text = (names.cols.host as readonly unknown[]).map((h) => (typeof h === 'string' ? h : '?'))
    const windowCol = rows.cols.window as Uint32Array
    const hostCol = rows.cols.host as Uint32Array
    for (let r = 0; r < rows.rows; r++) if (windowCol[r] >= starts.rows || hostCol[r] >= text.length) return null
    const counters = Object.fromEntries(HOST_COUNTER_NAMES.map((c) => [c, Float64Array.from(rows.cols[c] as Uint32Array)])) as Record<HostCounterName, Float64Array>
    return {
      bucketSeconds: hw.bucketSeconds,
      windowStarts: starts.cols.start as Float64Array,
      window: windowCol,
      host: Array.from(hostCol, (k) => text[k]),
      bytesOut: rows.cols.bytesOut as Float64Array,
      bytesIn: rows.cols.bytesIn as Float64Array,
      counters,
      rows: rows.rows,
      totalRows: Math.max(rows.rows, hw.totalRows),
    }
  }

  private readPorts(): PortHostTable {
    const t = columnsOf(this.aggregates, 'shell.portHosts', { host: 'json', port: 'json', bytes: 'f64', packets: 'f64', conversations: 'f64' })
    if (!t) return { host: [], port: [], bytes: new Float64Array(0), packets: new Float64Array(0), conversations: new Float64Array(0) }
    const text = (v: readonly unknown[]): string[] => v.map((x) => (typeof x === 'string' ? x : '?'))
    return { host: text(t.cols.host as readonly unknown[]), port: text(t.cols.port as readonly unknown[]), bytes: t.cols.bytes as Float64Array, packets: t.cols.packets as Float64Array, conversations: t.cols.conversations as Float64Array }
  }

  summary(): CaptureSummary {
    return this.stored
  }
  protocolHierarchy(): ProtocolNode {
    return this.tree
  }
  services(): readonly ServiceRecord[] {
    return this.serviceList
  }
  topTalkers(): readonly TopTalker[] {
    return this.talkers
  }
  ioSeries(bucketSeconds: number, maxPoints: number): IoSeries {
    return rebucket(this.io, bucketSeconds, maxPoints)
  }
  windowSeries(): WindowSeries | null {
    return this.windows
  }
  hostWindowTable(): HostWindowTable | null {
    return this.hostTable
  }
  hostMatrix(metric: HostMetric, hosts: number): HostMatrix | null {
    return this.hostTable ? hostMatrixOf(this.hostTable, metric, hosts) : null
  }
  hostWindows(host: string): readonly HostWindowRecord[] {
    return this.hostTable ? hostSeriesOf(this.hostTable, host) : []
  }
  hostsInWindow(time: number, limit: number): readonly HostWindowRecord[] {
    return this.hostTable ? hostsInWindowOf(this.hostTable, time, limit) : []
  }
  portHosts(): PortHostTable {
    return this.ports
  }

  /** The detection the session saved, validated on first use; null when none (or damaged). */
  detection(): DetectionView | null {
    if (this.storedDetection === undefined) this.storedDetection = readStoredDetection(this.aggregates)
    return this.storedDetection
  }

  /** The exploration snapshot, unpacked and validated on first use; throws (query error) when it is damaged. */
  explore(): ExploreInput {
    if (!this.exploreInput) this.exploreInput = this.validateExplore(unpackValue(EXPLORE_PREFIX, this.aggregates))
    return this.exploreInput
  }
}
