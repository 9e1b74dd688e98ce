/**
 * Per-slot TCP endpoint state of open flows, in typed arrays: endpoint e = slot * 2 is the originator, e + 1 the
 * responder. Field names follow Zeek's TCP_Endpoint (state, prev_state, start_seq, last_seq, ack_seq, did_close,
 * FIN_cnt, hist_last_SYN/FIN/RST, the scaled-history counters) so tcp-state.ts and tcp-timers.ts read like the
 * code they reproduce.
 */
import { Tcp } from './conn-state.ts'
import { grown } from './typed-grow.ts'

export const enum SlotFlag {
  /** An endpoint left the handshake: Zeek's inactivity timeout switched from UDP's to TCP's. */
  LongTimeout = 1,
  /** The connection closed completely: Zeek cancelled its analyzer timers and set the delete timer. */
  TimersCanceled = 2,
  WsBaseOrig = 4,
  WsBaseResp = 8,
}

/** Signed distance between two 32-bit sequence numbers (Zeek's seq_delta). */
export function seqDelta(a: number, b: number): number {
  return (a - b) | 0
}

export class TcpEndpoints {
  state = new Uint8Array(0)
  prevState = new Uint8Array(0)
  didClose = new Uint8Array(0)
  finCnt = new Uint8Array(0)
  startSeq = new Uint32Array(0)
  lastSeq = new Uint32Array(0)
  ackSeq = new Uint32Array(0)
  /** End of the data seen without holes (the reassembler's delivered edge), and where data beyond a hole starts. */
  contig = new Uint32Array(0)
  aboveHole = new Uint32Array(0)
  holeOpen = new Uint8Array(0)
  histLastSyn = new Uint32Array(0)
  histLastFin = new Uint32Array(0)
  histLastRst = new Uint32Array(0)
  rxmtCnt = new Uint32Array(0)
  rxmtThresh = new Uint32Array(0)
  win0Cnt = new Uint32Array(0)
  win0Thresh = new Uint32Array(0)
  gapCnt = new Uint32Array(0)
  gapThresh = new Uint32Array(0)
  wsBase = new Uint32Array(0)
  lastAdvance = new Float64Array(0)
  histSeen = new Uint32Array(0)
  flags = new Uint8Array(0)
  /** Zeek's Connection::last_time: not advanced once both sides have closed. */
  zeekLast = new Float64Array(0)
  attemptDeadline = new Float64Array(0)
  closeDeadline = new Float64Array(0)
  extraExpire = new Float64Array(0)
  synTime = new Float64Array(0)
  synAckTime = new Float64Array(0)
  capacity = 0

  /** Per-slot bytes of this state (for the memory report). */
  static readonly BYTES_PER_SLOT = 2 * (5 + 15 * 4 + 8) + 4 + 1 + 6 * 8

  grow(n: number): void {
    const e = n * 2
    this.state = grown(this.state, e)
    this.prevState = grown(this.prevState, e)
    this.didClose = grown(this.didClose, e)
    this.finCnt = grown(this.finCnt, e)
    this.startSeq = grown(this.startSeq, e)
    this.lastSeq = grown(this.lastSeq, e)
    this.ackSeq = grown(this.ackSeq, e)
    this.contig = grown(this.contig, e)
    this.aboveHole = grown(this.aboveHole, e)
    this.holeOpen = grown(this.holeOpen, e)
    this.histLastSyn = grown(this.histLastSyn, e)
    this.histLastFin = grown(this.histLastFin, e)
    this.histLastRst = grown(this.histLastRst, e)
    this.rxmtCnt = grown(this.rxmtCnt, e)
    this.rxmtThresh = grown(this.rxmtThresh, e)
    this.win0Cnt = grown(this.win0Cnt, e)
    this.win0Thresh = grown(this.win0Thresh, e)
    this.gapCnt = grown(this.gapCnt, e)
    this.gapThresh = grown(this.gapThresh, e)
    this.wsBase = grown(this.wsBase, e)
    this.lastAdvance = grown(this.lastAdvance, e)
    this.histSeen = grown(this.histSeen, n)
    this.flags = grown(this.flags, n)
    this.zeekLast = grown(this.zeekLast, n)
    this.attemptDeadline = grown(this.attemptDeadline, n)
    this.closeDeadline = grown(this.closeDeadline, n)
    this.extraExpire = grown(this.extraExpire, n)
    this.synTime = grown(this.synTime, n)
    this.synAckTime = grown(this.synAckTime, n)
    this.capacity = n
  }

  /** Fresh state for a new flow in slot `s`. */
  reset(s: number): void {
    for (let e = s * 2; e < s * 2 + 2; e++) {
      this.state[e] = Tcp.Inactive
      this.prevState[e] = Tcp.Inactive
      this.didClose[e] = 0
      this.finCnt[e] = 0
      this.startSeq[e] = 0
      this.lastSeq[e] = 0
      this.ackSeq[e] = 0
      this.contig[e] = 0
      this.aboveHole[e] = 0
      this.holeOpen[e] = 0
      this.histLastSyn[e] = 0
      this.histLastFin[e] = 0
      this.histLastRst[e] = 0
      this.rxmtCnt[e] = 0
      this.rxmtThresh[e] = 1
      this.win0Cnt[e] = 0
      this.win0Thresh[e] = 1
      this.gapCnt[e] = 0
      this.gapThresh[e] = 1
      this.wsBase[e] = 0
      this.lastAdvance[e] = -Infinity
    }
    this.histSeen[s] = 0
    this.flags[s] = 0
    this.zeekLast[s] = 0
    this.attemptDeadline[s] = Infinity
    this.closeDeadline[s] = Infinity
    this.extraExpire[s] = Infinity
    this.synTime[s] = NaN
    this.synAckTime[s] = NaN
  }

  /** Swaps the two endpoints of slot `s` (Zeek's FlipRoles); history bits stay as they are, as in Zeek. */
  swapEndpoints(s: number): void {
    const o = s * 2
    for (const a of [this.state, this.prevState, this.didClose, this.finCnt, this.startSeq, this.lastSeq, this.ackSeq, this.contig, this.aboveHole, this.holeOpen,
      this.histLastSyn, this.histLastFin, this.histLastRst, this.rxmtCnt, this.rxmtThresh, this.win0Cnt, this.win0Thresh,
      this.gapCnt, this.gapThresh, this.wsBase, this.lastAdvance]) {
      const t = a[o]
      a[o] = a[o + 1]
      a[o + 1] = t
    }
    const f = this.flags[s]
    this.flags[s] = (f & ~(SlotFlag.WsBaseOrig | SlotFlag.WsBaseResp)) | ((f & SlotFlag.WsBaseOrig) << 1) | ((f & SlotFlag.WsBaseResp) >> 1)
  }

  /** Zeek's TCP_Endpoint::Size() (payload bytes from sequence numbers), within 2 GiB per direction. */
  seqSize(e: number): number {
    const p = e ^ 1
    if (this.prevState[e] === Tcp.SynSent && this.state[e] === Tcp.Reset && this.state[p] === Tcp.Inactive) {
      const acked = seqDelta(this.ackSeq[e], this.startSeq[e])
      if (acked !== 0 && acked !== 1) return 0
    }
    const l = seqDelta(this.lastSeq[e], this.startSeq[e])
    const a = seqDelta(this.ackSeq[e], this.startSeq[e])
    let size = Math.max(l, a, 0)
    if (size !== 0) size--
    if (this.finCnt[e] > 0 && size !== 0) size--
    return size
  }
}
