/**
 * The flow table's per-flow columns, indexed by flow id (ids are dense, in order of each flow's first packet).
 * Every column is a typed array that doubles when full; one flow costs BYTES_PER_FLOW bytes here whether it is
 * still open or long finished. Open flows also hold working state in flow-slots.ts, recycled when they end.
 */
import { grown, type NumericArray } from './typed-grow.ts'

/** A FlowColumns' arrays and long histories as plain, transferable data (FlowColumns.exportColumns). */
export interface ExportedColumns {
  readonly capacity: number
  readonly arrays: Readonly<Record<string, NumericArray>>
  readonly longHistory: readonly (readonly [number, string])[]
}

function isNumericArray(v: unknown): v is NumericArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array)
}

/** Inline history bytes per flow: a length byte plus up to 11 letters; longer histories spill into a map. */
export const HISTORY_INLINE = 12
const HISTORY_CHARS = HISTORY_INLINE - 1

export const enum FlowFlag {
  /** SYN, SYN-ACK and the originator's ACK all seen (three-way handshake). */
  Handshake = 1,
  /** Roles were swapped from "first packet's sender is the originator" (history has '^'). */
  Flipped = 2,
  SynSeen = 4,
  SynAckSeen = 8,
  /** Still open: counters are running and features are not final. */
  Open = 16,
  /** Keyed without a transport header (truncated header, non-first fragment, or a protocol keyed without ports). */
  NoTransport = 32,
  /** The outer UDP conversation of a tunnel (its packets also belong to their inner flows). */
  Tunnel = 64,
}

/** Why a flow ended. */
export const enum EndReason {
  Open = 0,
  IdleTimeout = 1,
  ActiveTimeout = 2,
  /** Zeek: closed (FIN exchange or RST) and its 5 s linger passed, or half-closed and expired. */
  Closed = 3,
  /** Zeek: an unanswered SYN given up after tcp_attempt_delay. */
  AttemptTimeout = 4,
  /** A new SYN reused the 5-tuple. */
  Reused = 5,
  /** CICFlowMeter: a FIN ended the flow. */
  Fin = 6,
  EndOfCapture = 7,
}

export const END_REASON_NAMES = ['open', 'idle-timeout', 'active-timeout', 'closed', 'attempt-timeout', 'reused', 'fin', 'end-of-capture'] as const

/** Bytes one flow costs in these columns (sum of the element sizes below). */
export const BYTES_PER_FLOW =
  1 + 1 + 2 + 4 + 4 + 2 + 2 + // identity
  4 + 4 + // MACs
  8 + 8 + // first, last
  4 + 4 + 8 + 8 + 8 + 8 + // packets, bytes, payload bytes
  4 + 4 + 4 + // payload packets, min, max
  1 + 1 + 1 + 1 + // state, flags, end reason, app
  HISTORY_INLINE +
  4 + 4 + // handshake RTT, SYN -> SYN-ACK
  4 + 4 + 4 + 4 + // retransmissions (orig, resp), out of order, zero windows
  4 + 4 + 4 + // inter-arrival mean, std, jitter
  1 // entropy

export class FlowColumns {
  capacity: number
  /**
   * Rows the owner will ever store (the flow table's maxFlows): growth stops there instead of overshooting
   * by up to half (at 2^19 flows, 148,000 unused rows). Ids past it still get room.
   */
  maxRows = Infinity
  kind: Uint8Array
  proto: Uint8Array
  vlan: Uint16Array
  origAddr: Uint32Array
  respAddr: Uint32Array
  origPort: Uint16Array
  respPort: Uint16Array
  /** MAC ids (model/address-table.ts) of the outermost link header of the flow's first packet, per role; 0 when none. */
  origMac: Uint32Array
  respMac: Uint32Array
  first: Float64Array
  last: Float64Array
  origPkts: Uint32Array
  respPkts: Uint32Array
  /** Bytes on the wire (frame orig_len), per direction. */
  origBytes: Float64Array
  respBytes: Float64Array
  /** L4 payload bytes according to the headers, per direction. */
  origPayload: Float64Array
  respPayload: Float64Array
  /** Packets with payload > 0, and the smallest / largest such payload. */
  payloadPkts: Uint32Array
  payloadMin: Uint32Array
  payloadMax: Uint32Array
  /** ConnState code (tcp-state.ts), final once the flow is closed. */
  state: Uint8Array
  flags: Uint8Array
  endReason: Uint8Array
  /** AppGuess code (app-guess.ts). */
  app: Uint8Array
  history: Uint8Array
  /** Seconds SYN -> ACK of the handshake and SYN -> SYN-ACK; NaN when not seen. */
  handshakeRtt: Float32Array
  synAckRtt: Float32Array
  retransOrig: Uint32Array
  retransResp: Uint32Array
  outOfOrder: Uint32Array
  zeroWindows: Uint32Array
  /** Seconds between consecutive packets: mean, standard deviation, mean |difference of consecutive gaps|. */
  iatMean: Float32Array
  iatStd: Float32Array
  jitter: Float32Array
  /** Payload entropy in 1/31.75 bit per byte (0..254); 255 when unknown. */
  entropy: Uint8Array
  /** Histories longer than the inline bytes, by flow id. */
  readonly longHistory = new Map<number, string>()

  constructor(capacity = 1024) {
    this.capacity = capacity
    this.kind = new Uint8Array(capacity)
    this.proto = new Uint8Array(capacity)
    this.vlan = new Uint16Array(capacity)
    this.origAddr = new Uint32Array(capacity)
    this.respAddr = new Uint32Array(capacity)
    this.origPort = new Uint16Array(capacity)
    this.respPort = new Uint16Array(capacity)
    this.origMac = new Uint32Array(capacity)
    this.respMac = new Uint32Array(capacity)
    this.first = new Float64Array(capacity)
    this.last = new Float64Array(capacity)
    this.origPkts = new Uint32Array(capacity)
    this.respPkts = new Uint32Array(capacity)
    this.origBytes = new Float64Array(capacity)
    this.respBytes = new Float64Array(capacity)
    this.origPayload = new Float64Array(capacity)
    this.respPayload = new Float64Array(capacity)
    this.payloadPkts = new Uint32Array(capacity)
    this.payloadMin = new Uint32Array(capacity)
    this.payloadMax = new Uint32Array(capacity)
    this.state = new Uint8Array(capacity)
    this.flags = new Uint8Array(capacity)
    this.endReason = new Uint8Array(capacity)
    this.app = new Uint8Array(capacity)
    this.history = new Uint8Array(capacity * HISTORY_INLINE)
    this.handshakeRtt = new Float32Array(capacity)
    this.synAckRtt = new Float32Array(capacity)
    this.retransOrig = new Uint32Array(capacity)
    this.retransResp = new Uint32Array(capacity)
    this.outOfOrder = new Uint32Array(capacity)
    this.zeroWindows = new Uint32Array(capacity)
    this.iatMean = new Float32Array(capacity)
    this.iatStd = new Float32Array(capacity)
    this.jitter = new Float32Array(capacity)
    this.entropy = new Uint8Array(capacity)
  }

  /** Makes room for flow id `id`. */
  ensure(id: number): void {
    if (id < this.capacity) return
    // Grow by half, not double: at the end of a big capture a third less slack (BYTES_PER_FLOW per unused id).
    let n = this.capacity
    while (n <= id) n = Math.max(n + 1, Math.floor(n * 1.5))
    if (n > this.maxRows) n = Math.max(id + 1, this.maxRows)
    this.kind = grown(this.kind, n)
    this.proto = grown(this.proto, n)
    this.vlan = grown(this.vlan, n)
    this.origAddr = grown(this.origAddr, n)
    this.respAddr = grown(this.respAddr, n)
    this.origPort = grown(this.origPort, n)
    this.respPort = grown(this.respPort, n)
    this.origMac = grown(this.origMac, n)
    this.respMac = grown(this.respMac, n)
    this.first = grown(this.first, n)
    this.last = grown(this.last, n)
    this.origPkts = grown(this.origPkts, n)
    this.respPkts = grown(this.respPkts, n)
    this.origBytes = grown(this.origBytes, n)
    this.respBytes = grown(this.respBytes, n)
    this.origPayload = grown(this.origPayload, n)
    this.respPayload = grown(this.respPayload, n)
    this.payloadPkts = grown(this.payloadPkts, n)
    this.payloadMin = grown(this.payloadMin, n)
    this.payloadMax = grown(this.payloadMax, n)
    this.state = grown(this.state, n)
    this.flags = grown(this.flags, n)
    this.endReason = grown(this.endReason, n)
    this.app = grown(this.app, n)
    this.history = grown(this.history, n * HISTORY_INLINE)
    this.handshakeRtt = grown(this.handshakeRtt, n)
    this.synAckRtt = grown(this.synAckRtt, n)
    this.retransOrig = grown(this.retransOrig, n)
    this.retransResp = grown(this.retransResp, n)
    this.outOfOrder = grown(this.outOfOrder, n)
    this.zeroWindows = grown(this.zeroWindows, n)
    this.iatMean = grown(this.iatMean, n)
    this.iatStd = grown(this.iatStd, n)
    this.jitter = grown(this.jitter, n)
    this.entropy = grown(this.entropy, n)
    this.capacity = n
  }

  /** Resets row `id` for a new flow (rows are written once, but a fresh row may hold zeros only). */
  clear(id: number): void {
    this.first[id] = 0
    this.last[id] = 0
    this.origPkts[id] = 0
    this.respPkts[id] = 0
    this.origBytes[id] = 0
    this.respBytes[id] = 0
    this.origPayload[id] = 0
    this.respPayload[id] = 0
    this.payloadPkts[id] = 0
    this.payloadMin[id] = 0
    this.payloadMax[id] = 0
    this.state[id] = 0
    this.flags[id] = FlowFlag.Open
    this.endReason[id] = EndReason.Open
    this.app[id] = 0
    this.history.fill(0, id * HISTORY_INLINE, (id + 1) * HISTORY_INLINE)
    this.handshakeRtt[id] = NaN
    this.synAckRtt[id] = NaN
    this.retransOrig[id] = 0
    this.retransResp[id] = 0
    this.outOfOrder[id] = 0
    this.zeroWindows[id] = 0
    this.iatMean[id] = NaN
    this.iatStd[id] = NaN
    this.jitter[id] = NaN
    this.entropy[id] = 255
  }

  /** Appends one history letter (a char code) to flow `id`. */
  appendHistory(id: number, code: number): void {
    const o = id * HISTORY_INLINE
    const len = this.history[o]
    if (len < HISTORY_CHARS) {
      this.history[o + 1 + len] = code
      this.history[o] = len + 1
      return
    }
    const extra = this.longHistory.get(id) ?? ''
    // Zeek's history has no cap; ours stops at 255 letters so a hostile flow cannot grow it without bound.
    if (extra.length < 255 - HISTORY_CHARS) this.longHistory.set(id, extra + String.fromCharCode(code))
  }

  /** The history string of flow `id` (Zeek's letters). */
  historyOf(id: number): string {
    const o = id * HISTORY_INLINE
    const len = this.history[o]
    let s = ''
    for (let k = 0; k < len; k++) s += String.fromCharCode(this.history[o + 1 + k])
    return len === HISTORY_CHARS ? s + (this.longHistory.get(id) ?? '') : s
  }

  /** Swaps originator and responder of flow `id` (Zeek's FlipRoles); the history is kept as written. */
  swapRoles(id: number): void {
    const a = this.origAddr[id]
    this.origAddr[id] = this.respAddr[id]
    this.respAddr[id] = a
    const p = this.origPort[id]
    this.origPort[id] = this.respPort[id]
    this.respPort[id] = p
    const m = this.origMac[id]
    this.origMac[id] = this.respMac[id]
    this.respMac[id] = m
    let t = this.origPkts[id]
    this.origPkts[id] = this.respPkts[id]
    this.respPkts[id] = t
    t = this.origBytes[id]
    this.origBytes[id] = this.respBytes[id]
    this.respBytes[id] = t
    t = this.origPayload[id]
    this.origPayload[id] = this.respPayload[id]
    this.respPayload[id] = t
    t = this.retransOrig[id]
    this.retransOrig[id] = this.retransResp[id]
    this.retransResp[id] = t
    this.flags[id] ^= FlowFlag.Flipped
  }

  /**
   * Every column as it is (not copied) plus the long histories: what another thread needs to take these
   * columns over (flow-transfer.ts). The arrays are meant to be transferred, which leaves this object unusable.
   */
  exportColumns(): ExportedColumns {
    const arrays: Record<string, NumericArray> = {}
    for (const [name, value] of Object.entries(this)) if (isNumericArray(value)) arrays[name] = value
    return { capacity: this.capacity, arrays, longHistory: [...this.longHistory] }
  }

  /**
   * Takes over columns exported by another FlowColumns (exportColumns). Throws, changing nothing, unless every
   * column is there with the right element type and length.
   */
  adoptColumns(e: ExportedColumns): void {
    const self = this as unknown as Record<string, unknown>
    const own = Object.entries(this).filter(([, v]) => isNumericArray(v))
    for (const [name, mine] of own) {
      const theirs: unknown = e.arrays[name]
      const length = name === 'history' ? e.capacity * HISTORY_INLINE : e.capacity
      if (!isNumericArray(theirs) || theirs.constructor !== (mine as NumericArray).constructor || theirs.length !== length) {
        throw new Error(`flow columns: column ${name} does not fit`)
      }
    }
    for (const [name] of own) self[name] = e.arrays[name]
    this.capacity = e.capacity
    this.longHistory.clear()
    for (const [id, text] of e.longHistory) this.longHistory.set(id, text)
  }

  /** Bytes held by the columns (capacity, not just the flows in use). */
  get memoryBytes(): number {
    return this.capacity * BYTES_PER_FLOW
  }
}
