/**
 * The flow table: assembles packet batches into bidirectional flows as they stream past, in the worker.
 *
 * Storage is columnar (flow-columns.ts, indexed by flow id, BYTES_PER_FLOW = 145 bytes per flow). Open flows
 * also hold a slot of working state (key index, TCP endpoints, running statistics: flow-hash.ts, tcp-state.ts,
 * flow-features.ts; ~300 bytes) that is recycled when the flow ends, so memory grows per flow, never per
 * packet: ~140 B per finished flow, ~440 B per open one. (Wireshark mode has no timeouts, so its conversations
 * stay open to the end.) Flows end by the mode's rules (flow-modes.ts, flow-expiry.ts), checked when a flow's
 * next packet arrives and by a periodic sweep that only frees slots early: results do not depend on when it
 * runs or on how the input is cut into batches. Past `maxFlows` stored flows, packets of new flows are only
 * counted, with a distinct-flow sketch (flow-overflow.ts). A tunnelled packet belongs to its inner flow and is
 * also counted in its outer UDP conversation (flag Tunnel), as Zeek and tshark count both.
 */
import type { DecodeContext } from '../decode/context.ts'
import type { PacketBatch } from '../model/packet-batch.ts'
import { CONN_STATE_NAMES, ConnState, Tcp, tcpConnState, udpConnState, type ConnStateName } from './conn-state.ts'
import { BYTES_PER_FLOW, EndReason, FlowColumns, FlowFlag } from './flow-columns.ts'
import { FlowExpiry } from './flow-expiry.ts'
import { FlowFactStore } from './flow-facts.ts'
import { FeatureSlots } from './flow-features.ts'
import { ActiveFlowIndex, Match } from './flow-hash.ts'
import { FlowKind, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_NONE, IPPROTO_TCP, IPPROTO_UDP, PacketKey, readPacketKey, readTunnelKey } from './flow-key.ts'
import { DEFAULT_FLOW_MODE, resolveFlowMode, type FlowModeName, type FlowModeParams } from './flow-modes.ts'
import { FlowOverflow } from './flow-overflow.ts'
import type { FinishedFlows } from './flow-transfer.ts'
import { flipsAtStart } from './originator.ts'
import { flowRecords, type FlowRecord, type FlowRecordOptions } from './flow-records.ts'
import { TcpResult, TcpTracker } from './tcp-state.ts'
import { isWiresharkReuse, isZeekReuse } from './tcp-timers.ts'

const FIN = 1

export interface FlowTableOptions {
  /** Flows stored individually; past this, new flows are counted in `overflow` only. Default 2^20 (~152 MB of columns). */
  readonly maxFlows?: number
  /** Keep each flow's application facts (default true); false for a table exported without them (flow-transfer.ts). */
  readonly keepFacts?: boolean
}

export interface FlowMemory {
  readonly flows: number
  readonly openFlows: number
  /** Bytes of the per-flow columns per flow. */
  readonly bytesPerFlow: number
  /** Bytes of working state per open-flow slot. */
  readonly bytesPerOpenSlot: number
  /** Total bytes held (allocated capacity). */
  readonly bytes: number
}

/**
 * Flow cap: 2^20 flows, ~152 MB of columns (a million-row flows table stays whole); past it the count is
 * estimated (flow-overflow.ts, `flowsEstimated`). The 2 GiB benchmark capture holds 318k.
 */
export const DEFAULT_MAX_FLOWS = 1 << 20

/** Seconds of capture time between sweeps that free the slots of ended flows. */
const SWEEP_INTERVAL = 15

export class FlowTable {
  readonly mode: FlowModeParams
  readonly columns = new FlowColumns()
  readonly facts = new FlowFactStore()
  readonly overflow = new FlowOverflow()
  readonly maxFlows: number
  private readonly keepFacts: boolean
  /** Flows stored (ids 0..count-1). */
  count = 0
  /** Latest packet time seen (the table's clock; timestamps that go backwards do not move it back). */
  now = -Infinity
  private readonly index = new ActiveFlowIndex()
  private readonly tcp = new TcpTracker()
  private readonly features = new FeatureSlots()
  private readonly expiry: FlowExpiry
  private readonly key = new PacketKey()
  private lastSweep = -Infinity
  private sizeAfterSweep = 0
  private finished = false
  /** Whether the flow start() just created has the first packet's receiver as originator. */
  private startedFlipped = false

  constructor(mode: FlowModeName | FlowModeParams = DEFAULT_FLOW_MODE, options: FlowTableOptions = {}) {
    this.mode = resolveFlowMode(mode)
    const max = options.maxFlows ?? DEFAULT_MAX_FLOWS
    this.maxFlows = Number.isFinite(max) && max >= 0 ? Math.floor(max) : DEFAULT_MAX_FLOWS
    this.columns.maxRows = this.maxFlows
    this.keepFacts = options.keepFacts !== false
    this.expiry = new FlowExpiry(this.mode, this.columns, this.tcp)
    this.tcp.grow(this.index.capacity)
    this.features.grow(this.index.capacity)
    this.index.onGrow = (n) => {
      this.tcp.grow(n)
      this.features.grow(n)
    }
  }

  /** Open flows (still accepting packets). */
  get openCount(): number {
    return this.index.size
  }

  /**
   * Adds rows 0..count-1 of `batch`. When `flowIdOut` is given (length >= batch.count), row i receives the id
   * of the flow its packet went to, or -1 past the flow cap and for a packet the mode keeps out of flows
   * (FlowModeParams.untrackedLikeZeek).
   */
  consume(batch: PacketBatch, ctx: DecodeContext, flowIdOut?: Int32Array): void {
    const n = Math.min(batch.count, batch.capacity)
    for (let i = 0; i < n; i++) {
      const id = this.consumeRow(batch, i, ctx)
      if (flowIdOut !== undefined && i < flowIdOut.length) flowIdOut[i] = id
    }
    this.sweepIfDue()
  }

  // Not inline in consume(): there V8 dropped consume()'s optimised code ~25 times a run (no type feedback).
  private sweepIfDue(): void {
    if (this.now - this.lastSweep >= SWEEP_INTERVAL || (this.index.size > 2 * this.sizeAfterSweep + 4096 && this.now - this.lastSweep >= 1)) this.sweep(this.now)
  }

  private consumeRow(b: PacketBatch, i: number, ctx: DecodeContext): number {
    let t = b.time[i]
    // Readers normalise timestamps; a non-finite one is still never allowed to poison durations.
    if (!Number.isFinite(t)) t = Number.isFinite(this.now) ? this.now : 0
    if (t > this.now) this.now = t
    const k = this.key
    readPacketKey(b, i, this.mode, k)
    const id = this.mode.untrackedLikeZeek && isUntrackedByZeek(k) ? -1 : this.account(k, b, i, ctx, t, false)
    // A tunnelled packet also belongs to its outer UDP conversation (VXLAN, Geneve, GTP, Teredo ...), which
    // Zeek logs and tshark counts as well; the packet's flow id stays the inner flow's.
    if (readTunnelKey(b, i, this.mode, k)) this.account(k, b, i, ctx, t, true)
    return id
  }

  /** Finds or starts the flow of key `k` and counts packet row `i` in it; `outer` for a tunnel's outer header. */
  private account(k: PacketKey, b: PacketBatch, i: number, ctx: DecodeContext, t: number, outer: boolean): number {
    const isTcp = !outer && k.kind === FlowKind.IP && k.proto === IPPROTO_TCP && k.hasL4
    const flags = outer ? 0 : b.tcpFlags[i]
    let s = this.index.find(k)
    let fromOrig = true
    let keepOrientation = false
    if (s >= 0) {
      fromOrig = this.index.direction === Match.Forward
      const reason = this.expiry.reason(s, this.index.flowId[s], this.now)
      if (reason !== EndReason.Open) {
        this.end(s, reason)
        keepOrientation = reason === EndReason.ActiveTimeout
        s = -1
      } else if (isTcp && this.isReuse(s, fromOrig, flags, b.tcpSeq[i])) {
        this.end(s, EndReason.Reused)
        s = -1
      }
    }
    const created = s < 0
    if (s < 0) {
      if (this.count >= this.maxFlows) {
        this.overflow.add(k.hash, b.origLen[i])
        return -1
      }
      s = this.start(k, t, flags, ctx, keepOrientation && !fromOrig)
      fromOrig = !this.startedFlipped
      const fid = this.index.flowId[s]
      this.columns.origMac[fid] = fromOrig ? b.srcMac[i] : b.dstMac[i]
      this.columns.respMac[fid] = fromOrig ? b.dstMac[i] : b.srcMac[i]
      if (outer) this.columns.flags[this.index.flowId[s]] |= FlowFlag.Tunnel
    }
    const id = this.index.flowId[s]
    this.count1(s, id, b, i, fromOrig, t, outer)
    if (isTcp) {
      const r = this.tcp.process(s, fromOrig, flags, b.tcpSeq[i], b.tcpAck[i], b.payloadLen[i], b.tcpWindow[i], t, this.columns, id)
      if ((r & TcpResult.Flip) !== 0) this.swapRoles(s, id)
      // CICFlowMeter checks FIN only on packets that join an existing flow; a FIN that starts one does not end it.
      if (this.mode.finEndsFlow && (flags & FIN) !== 0 && !created) this.end(s, EndReason.Fin)
    } else if (k.kind === FlowKind.IP && k.proto === IPPROTO_UDP && k.hasL4) {
      // Zeek's UDP history: D / d once per direction.
      const mask = fromOrig ? 1 : 2
      if ((this.tcp.histSeen[s] & mask) === 0) {
        this.tcp.histSeen[s] |= mask
        this.columns.appendHistory(id, fromOrig ? 0x44 : 0x64)
      }
    }
    return id
  }

  /** Packet, byte and payload counters, times, statistics, application and facts of one packet. */
  private count1(s: number, id: number, b: PacketBatch, i: number, fromOrig: boolean, t: number, outer: boolean): void {
    const c = this.columns
    // The outer datagram's payload is the inner packet: its size is not in the batch, and it has no app facts.
    const payload = outer ? 0 : b.payloadLen[i]
    if (fromOrig) {
      c.origPkts[id]++
      c.origBytes[id] += b.origLen[i]
      c.origPayload[id] += payload
    } else {
      c.respPkts[id]++
      c.respBytes[id] += b.origLen[i]
      c.respPayload[id] += payload
    }
    if (c.origPkts[id] + c.respPkts[id] > 1) this.features.addArrival(s, t)
    if (t > c.last[id]) c.last[id] = t
    if (t < c.first[id]) c.first[id] = t
    if (payload > 0) {
      if (c.payloadPkts[id] === 0 || payload < c.payloadMin[id]) c.payloadMin[id] = payload
      if (payload > c.payloadMax[id]) c.payloadMax[id] = payload
      c.payloadPkts[id]++
      this.features.addEntropy(s, b.payloadEntropy[i], payload)
    }
    if (outer) return
    if (c.app[id] === 0 && b.app[i] !== 0) c.app[id] = b.app[i]
    const fi = b.factIndex[i]
    if (fi >= 0 && fi < b.facts.length && this.keepFacts) this.facts.add(id, b.facts[fi])
  }

  /** Starts a flow for key `k` whose first packet arrives at `t`; decides the originator. */
  private start(k: PacketKey, t: number, flags: number, ctx: DecodeContext, reverse: boolean): number {
    const id = this.count++
    const c = this.columns
    c.ensure(id)
    c.clear(id)
    c.kind[id] = k.kind
    c.proto[id] = k.proto
    c.vlan[id] = k.vlan
    c.origAddr[id] = k.srcAddr
    c.respAddr[id] = k.dstAddr
    c.origPort[id] = k.srcPort
    c.respPort[id] = k.dstPort
    c.first[id] = t
    c.last[id] = t
    if (!k.hasL4 && k.kind === FlowKind.IP) c.flags[id] |= FlowFlag.NoTransport
    const s = this.index.add(k, id)
    this.tcp.reset(s)
    this.tcp.zeekLast[s] = t
    this.features.reset(s, t)
    this.startedFlipped = reverse || flipsAtStart(this.mode.originator, k, flags, ctx)
    if (this.startedFlipped) {
      this.swapRoles(s, id)
      c.appendHistory(id, 0x5e) // ^
    }
    return s
  }

  private swapRoles(s: number, id: number): void {
    this.index.swapRoles(s)
    this.columns.swapRoles(id)
  }

  private isReuse(s: number, fromOrig: boolean, flags: number, seq: number): boolean {
    const rule = this.mode.tcpReuse
    if (rule === 'zeek') return isZeekReuse(this.tcp, s, flags, seq)
    if (rule === 'wireshark') return isWiresharkReuse(this.tcp, s, fromOrig, flags, seq)
    return false
  }

  /** Ends the open flow in slot `s`: final state and statistics into its columns, slot freed. */
  private end(s: number, reason: number): void {
    const id = this.index.flowId[s]
    const c = this.columns
    this.features.writeTo(s, c, id)
    c.state[id] = this.stateOfSlot(s, id)
    c.endReason[id] = reason
    c.flags[id] &= ~FlowFlag.Open
    this.index.remove(s)
  }

  private stateOfSlot(s: number, id: number): ConnState {
    const c = this.columns
    if (c.kind[id] !== FlowKind.IP || (c.flags[id] & FlowFlag.NoTransport) !== 0) return ConnState.OTH
    if (c.proto[id] === IPPROTO_UDP) return udpConnState(c.origPkts[id] > 0, c.respPkts[id] > 0)
    if (c.proto[id] !== IPPROTO_TCP) return ConnState.OTH
    const os = this.tcp.state[s * 2]
    const rs = this.tcp.state[s * 2 + 1]
    const sizesZero = this.tcp.seqSize(s * 2) === 0 && this.tcp.seqSize(s * 2 + 1) === 0
    return tcpConnState(os, rs, sizesZero, os === Tcp.Reset ? c.historyOf(id) : '')
  }

  /** Ends every open flow whose time is up at `now` (frees their slots; results are unchanged). */
  sweep(now: number): void {
    const idx = this.index
    for (let s = 0; s < idx.capacity; s++) {
      if (idx.flowId[s] < 0) continue
      const reason = this.expiry.reason(s, idx.flowId[s], now)
      if (reason !== EndReason.Open) this.end(s, reason)
    }
    this.lastSweep = now
    this.sizeAfterSweep = idx.size
  }

  /**
   * Ends all open flows: those whose time was up by `endTime` (default: the last packet's time) with that
   * reason, the rest as end-of-capture. Further packets start new flows.
   */
  finish(endTime = this.now): void {
    const idx = this.index
    for (let s = 0; s < idx.capacity; s++) {
      if (idx.flowId[s] < 0) continue
      const reason = this.expiry.reason(s, idx.flowId[s], endTime)
      this.end(s, reason === EndReason.Open ? EndReason.EndOfCapture : reason)
    }
    this.finished = true
  }

  /** The finished table as data for another thread (flow-transfer.ts; without facts: FlowFactStore.collect). */
  exportFinished(withFacts = true): FinishedFlows {
    if (!this.isFinished) throw new Error('flow table: only a finished table can be exported')
    const { columns: c, facts: f, overflow: o } = this
    const facts = withFacts ? f.exportFacts() : null
    return { mode: this.mode.name, maxFlows: this.maxFlows, count: this.count, now: this.now, columns: c.exportColumns(), facts, overflow: o.exportOverflow() }
  }

  /** Takes over a table another thread assembled and finished (exportFinished), in place of anything counted here. */
  adoptFinished(f: FinishedFlows): void {
    if (f.mode !== this.mode.name || f.maxFlows !== this.maxFlows) throw new Error('flow table: the finished flows were assembled with other settings')
    if (this.index.size > 0 || !(f.count >= 0 && f.count <= f.columns.capacity)) throw new Error('flow table: cannot adopt these flows here')
    this.columns.adoptColumns(f.columns)
    // Without facts, the ones this table collected from the batches (FlowFactStore.collect) stay.
    if (f.facts !== null) this.facts.adoptFacts(f.facts)
    this.overflow.adoptOverflow(f.overflow)
    this.count = f.count
    this.now = f.now
    this.finished = true
  }

  /** True after finish() (every flow's state and statistics are final). */
  get isFinished(): boolean {
    return this.finished && this.index.size === 0
  }

  /** conn_state of flow `id`: final for ended flows, as of now for open ones. */
  stateOf(id: number): ConnState {
    if ((this.columns.flags[id] & FlowFlag.Open) === 0) return this.columns.state[id]
    const s = this.slotOf(id)
    return s < 0 ? this.columns.state[id] : this.stateOfSlot(s, id)
  }

  /** Flows per conn_state name (open flows counted by their current state). */
  stateCounts(): Record<ConnStateName, number> {
    const out = Object.fromEntries(CONN_STATE_NAMES.map((n) => [n, 0])) as Record<ConnStateName, number>
    const open = this.openSlots()
    for (let id = 0; id < this.count; id++) {
      const s = open.get(id)
      out[CONN_STATE_NAMES[s === undefined ? this.columns.state[id] : this.stateOfSlot(s, id)]]++
    }
    return out
  }

  /** Writes the running statistics and current state of every open flow to its columns (a live view before finish()). */
  snapshotOpen(): void {
    const idx = this.index
    for (let s = 0; s < idx.capacity; s++) {
      const id = idx.flowId[s]
      if (id < 0) continue
      this.features.writeTo(s, this.columns, id)
      this.columns.state[id] = this.stateOfSlot(s, id)
    }
  }

  /** Plain records of flows [offset, offset + limit) for CSV, JSON and the UI (see flow-records.ts). */
  toRecords(ctx: DecodeContext, options: FlowRecordOptions = {}): FlowRecord[] {
    if (this.index.size > 0) this.snapshotOpen()
    return flowRecords(this, ctx, options)
  }

  memory(): FlowMemory {
    const slotBytes = TcpTracker.BYTES_PER_SLOT + FeatureSlots.BYTES_PER_SLOT
    return {
      flows: this.count,
      openFlows: this.index.size,
      bytesPerFlow: BYTES_PER_FLOW,
      bytesPerOpenSlot: slotBytes + 38,
      bytes: this.columns.memoryBytes + this.index.memoryBytes + this.index.capacity * slotBytes,
    }
  }

  private slotOf(id: number): number {
    const idx = this.index
    for (let s = 0; s < idx.capacity; s++) if (idx.flowId[s] === id) return s
    return -1
  }

  private openSlots(): Map<number, number> {
    const m = new Map<number, number>()
    const idx = this.index
    for (let s = 0; s < idx.capacity; s++) if (idx.flowId[s] >= 0) m.set(idx.flowId[s], s)
    return m
  }
}

/** Zeek makes no connection of IPv6 No Next Header, nor of TCP/UDP/ICMP without a readable transport header. */
function isUntrackedByZeek(k: PacketKey): boolean {
  if (k.kind !== FlowKind.IP) return false
  const p = k.proto
  if (p === IPPROTO_NONE) return true
  return !k.hasL4 && (p === IPPROTO_TCP || p === IPPROTO_UDP || p === IPPROTO_ICMP || p === IPPROTO_ICMPV6)
}

/** A flow table in the given mode (default `zeek`, see flow-modes.ts for why). */
export function createFlowTable(mode: FlowModeName | FlowModeParams = DEFAULT_FLOW_MODE, options: FlowTableOptions = {}): FlowTable {
  return new FlowTable(mode, options)
}
