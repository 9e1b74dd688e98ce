/**
 * All traffic statistics of one capture behind one consumer: feed it every packet batch (`consume`) and the
 * flow table's events (`flowStarted` / `flowEnded`), then `finish()` returns a bounded, JSON-able report; the
 * query methods return table- and chart-sized views of the full tables afterwards.
 *
 * Wiring (capture-analysis.ts): `stats.consume(batch, ctx, flowIds)` after the flow table has seen the batch
 * (its flow ids speed up the conversation lookups); once the flow table has closed its flows, their starts and
 * ends are replayed as `stats.flowStarted` / `stats.flowEnded`, then `stats.finish()`.
 */
import type { DecodeContext } from '../decode/context.ts'
import { AddressTable } from '../model/address-table.ts'
import type { PacketBatch } from '../model/packet-batch.ts'
import { type ConversationCounts, type ConversationKind, type ConversationRecord, type ConversationSort, Conversations } from './conversations.ts'
import { type EndpointColumns, type EndpointRecord, type EndpointSort, computeEndpoints, countEndpoints, listEndpoints } from './endpoints.ts'
import type { FlowEndEvent, FlowEventSink, FlowStartEvent } from './flow-events.ts'
import { type IoSeries, IoGraph } from './io-graph.ts'
import { type ProtocolNode, ProtocolHierarchy } from './protocol-hierarchy.ts'
import { type ServiceRecord, computeServices } from './services.ts'
import { type TalkerErrorBound, type TopTalker, TalkerOverflow, topTalkers } from './top-talkers.ts'
import { type HostMatrix, type HostMetric, type HostWindowRecord, type WindowSeries, hostMatrix, hostWindowSeries, hostsInWindow, windowSeries } from './window-queries.ts'
import { type WindowOptions, type WindowSummary, Windows } from './windows.ts'

export interface StatisticsOptions extends WindowOptions {
  /** Rows per conversation table before traffic goes to the overflow sketches. Default 2^20. */
  readonly maxConversations?: number
  /** Length of the top lists in the report (talkers, services). Default 100. */
  readonly topN?: number
  /** Conversations listed per kind in the report. Default 20. */
  readonly topConversations?: number
  /** Base buckets of the IO graph. Default 100,000. */
  readonly ioGraphBuckets?: number
}

export interface SketchErrorBounds {
  /** Top talkers: exact unless traffic overflowed the conversation table (then Count-Min / Space-Saving bounds). */
  readonly topTalkers: TalkerErrorBound
  /** Conversations that overflowed are counted with HyperLogLog (relative standard error). */
  readonly conversationOverflow: { readonly packets: number; readonly relativeStandardError: number }
  /** Per-host distinct destination hosts/ports per window: exact up to maxExactPairs per 60 s, then HyperLogLog. */
  readonly distinctPerWindow: { readonly maxExactPairs: number; readonly relativeStandardError: number; readonly untracked: number }
  /** "New pairs" use a scalable Bloom filter: a false positive hides a new pair (undercount). */
  readonly seenBefore: { readonly targetFpr: number; readonly estimatedFpr: number; readonly items: number }
  /** RTT and jitter quantiles come from log-bucket histograms (relative error of a quantile). */
  readonly quantileRelativeError: number
}

export interface StatisticsReport {
  readonly packets: number
  readonly bytes: number
  /** Seconds since the epoch of the first and last packet (null without packets). */
  readonly start: number | null
  readonly end: number | null
  readonly conversations: ConversationCounts
  readonly topConversations: Readonly<Record<ConversationKind, readonly ConversationRecord[]>>
  readonly endpoints: { readonly count: number; readonly ipv4: number; readonly ipv6: number }
  readonly topTalkers: readonly TopTalker[]
  readonly protocolHierarchy: ProtocolNode
  readonly services: readonly ServiceRecord[]
  readonly windows: WindowSummary
  readonly ioGraph: { readonly baseSeconds: number; readonly buckets: number; readonly packetsBeforeStart: number }
  readonly sketches: SketchErrorBounds
}

export class Statistics implements FlowEventSink {
  readonly conversations: Conversations
  readonly hierarchy = new ProtocolHierarchy()
  readonly io: IoGraph
  readonly windows: Windows
  readonly overflow = new TalkerOverflow()
  private readonly options: StatisticsOptions
  private addresses: AddressTable | null = null
  private ipRows = new Int32Array(0)
  private stamps = new Uint32Array(0)
  private repeat = new Uint8Array(0)
  private endpointCache: EndpointColumns | null = null
  private finished: StatisticsReport | null = null
  packets = 0
  bytes = 0
  start = Infinity
  end = -Infinity

  constructor(options: StatisticsOptions = {}) {
    this.options = options
    this.conversations = new Conversations(options.maxConversations)
    this.io = new IoGraph(options.ioGraphBuckets)
    this.windows = new Windows(options)
  }

  /** Adds a batch. `flowIds` (per row, from FlowTable.consume) only speeds up the conversation lookups. */
  consume(batch: PacketBatch, ctx: DecodeContext, flowIds?: Int32Array): void {
    this.addresses = ctx.addresses
    this.endpointCache = null
    const n = batch.count
    if (this.ipRows.length < n) {
      this.ipRows = new Int32Array(batch.capacity)
      this.stamps = new Uint32Array(batch.capacity)
      this.repeat = new Uint8Array(batch.capacity)
    }
    const ipRows = this.ipRows
    // Conversations mark packets whose conversation direction the windows already saw in the same window.
    this.windows.stampsFor(batch, this.stamps)
    this.conversations.consume(batch, ipRows, this.stamps, this.repeat, flowIds)
    this.hierarchy.consume(batch)
    this.windows.consume(batch, ctx.addresses.size, this.repeat)
    this.io.consume(batch)
    const { time, origLen, srcAddr } = batch
    let lo = this.start
    let hi = this.end
    let bytes = 0
    for (let i = 0; i < n; i++) {
      const t = time[i]
      const len = origLen[i]
      bytes += len
      if (t < lo) lo = t
      if (t > hi) hi = t
      // An IP packet the conversation table had no room for: its talkers go to the sketches.
      if (ipRows[i] === -1 && this.conversations.ip.overflowPackets > 0 && srcAddr[i] !== 0) {
        this.overflowIfIp(batch, i)
      }
    }
    this.packets += n
    this.bytes += bytes
    this.start = lo
    this.end = hi
  }

  private overflowIfIp(batch: PacketBatch, i: number): void {
    const nv = batch.net[i]
    if ((nv === 4 || nv === 6) && batch.dstAddr[i] !== 0) this.overflow.add(batch.srcAddr[i], batch.dstAddr[i], batch.origLen[i])
  }

  flowStarted(e: FlowStartEvent): void {
    this.windows.flowStarted(e)
    this.io.addFlowStart(e.time)
  }

  flowEnded(e: FlowEndEvent): void {
    this.windows.flowEnded(e)
  }

  /** Closes the windows and builds the report (idempotent). */
  finish(): StatisticsReport {
    if (this.finished) return this.finished
    this.windows.finish()
    const addresses = this.addressTable()
    const topN = this.options.topN ?? 100
    const topConv = this.options.topConversations ?? 20
    const endpoints = this.endpointColumns()
    const c = this.conversations
    const start = this.packets > 0 ? this.start : 0
    const list = (k: ConversationKind): ConversationRecord[] => c.list(k, addresses, start, 'bytes', topConv)
    const windowSummary = this.windows.summary()
    const seen = this.windows.seenPairs
    this.finished = {
      packets: this.packets,
      bytes: this.bytes,
      start: this.packets > 0 ? this.start : null,
      end: this.packets > 0 ? this.end : null,
      conversations: c.counts(addresses),
      topConversations: { eth: list('eth'), ipv4: list('ipv4'), ipv6: list('ipv6'), tcp: list('tcp'), udp: list('udp') },
      endpoints: { count: endpoints.count, ...countEndpoints(endpoints, addresses) },
      topTalkers: topTalkers(endpoints, this.overflow, addresses, topN),
      protocolHierarchy: this.hierarchy.tree(),
      services: computeServices(c.tcp, c.udp, topN),
      windows: windowSummary,
      ioGraph: { baseSeconds: this.io.baseSeconds, buckets: this.io.used, packetsBeforeStart: this.io.beforeOrigin },
      sketches: {
        topTalkers: this.overflow.bound(),
        conversationOverflow: {
          packets: c.eth.overflowPackets + c.ip.overflowPackets + c.tcp.overflowPackets + c.udp.overflowPackets,
          relativeStandardError: c.ip.overflowDistinct.relativeStandardError,
        },
        distinctPerWindow: {
          maxExactPairs: windowSummary.maxExactPairs,
          relativeStandardError: windowSummary.distinctSketchError,
          untracked: windowSummary.untrackedDistinct,
        },
        seenBefore: { targetFpr: seen.targetFpr, estimatedFpr: seen.estimatedFpr(), items: seen.count },
        quantileRelativeError: 2 ** (1 / 16) - 1,
      },
    }
    // What only reading needed (the capture is complete): freed before detection and queries allocate theirs.
    c.dropHints()
    this.windows.dropUnchosenLevels()
    return this.finished
  }

  // Queries over the full tables (after finish, or at any time for a partial view).

  listConversations(kind: ConversationKind, sort: ConversationSort = 'bytes', limit = 100, offset = 0): ConversationRecord[] {
    return this.conversations.list(kind, this.addressTable(), this.packets > 0 ? this.start : 0, sort, limit, offset)
  }

  listEndpoints(sort: EndpointSort = 'bytes', limit = 100, offset = 0): EndpointRecord[] {
    return listEndpoints(this.endpointColumns(), this.addressTable(), sort, limit, offset)
  }

  ioSeries(bucketSeconds: number, maxPoints = 2000): IoSeries {
    return this.io.series(bucketSeconds, maxPoints)
  }

  windowSeries(): WindowSeries {
    return windowSeries(this.windows.chosen())
  }

  hostWindows(hostId: number): HostWindowRecord[] {
    return hostWindowSeries(this.windows.chosen(), hostId, this.addressTable())
  }

  hostsInWindow(time: number, limit = 100): HostWindowRecord[] {
    return hostsInWindow(this.windows.chosen(), time, this.addressTable(), limit)
  }

  hostHeatmap(metric: HostMetric, hosts = 50): HostMatrix {
    return hostMatrix(this.windows.chosen(), metric, this.addressTable(), hosts)
  }

  private endpointColumns(): EndpointColumns {
    if (!this.endpointCache) this.endpointCache = computeEndpoints(this.conversations.ip, this.addressTable().size)
    return this.endpointCache
  }

  private addressTable(): AddressTable {
    // Before any batch there are no addresses: an empty table formats nothing and counts nothing.
    if (!this.addresses) this.addresses = new AddressTable()
    return this.addresses
  }
}
