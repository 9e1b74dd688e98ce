/**
 * Replays finished flows as flow events (flow-events.ts), for wiring the flow table into the statistics after
 * the read instead of event by event: `emitFlowEvents(flowTable.columns, flowTable.count, CONN_STATE_NAMES,
 * stats)` before `stats.finish()`. Windows accept events for windows already closed, so the result is the same
 * as live events.
 *
 * Typed structurally (the columns this needs, by the flow table's names) so this file does not depend on
 * src/flows. Outcome from Zeek's conn_state (https://docs.zeek.org/en/master/scripts/base/protocols/conn/main.zeek.html):
 * S0 (no reply), REJ (rejected), RSTOS0 and SH (originator gave up before any SYN-ACK) are failed connection
 * attempts; S1, SF, S2, S3, RSTO and RSTR saw the handshake answered; everything else (OTH, RSTRH, SHR, non-TCP)
 * is Other.
 */
import { type FlowEndEvent, type FlowEventSink, FlowOutcome } from './flow-events.ts'

export interface FlowColumnsLike {
  readonly proto: ArrayLike<number>
  readonly origAddr: ArrayLike<number>
  readonly respAddr: ArrayLike<number>
  readonly origPort: ArrayLike<number>
  readonly respPort: ArrayLike<number>
  readonly first: ArrayLike<number>
  readonly last: ArrayLike<number>
  readonly origPkts: ArrayLike<number>
  readonly respPkts: ArrayLike<number>
  readonly state: ArrayLike<number>
  readonly handshakeRtt: ArrayLike<number>
  readonly jitter: ArrayLike<number>
  readonly retransOrig: ArrayLike<number>
  readonly retransResp: ArrayLike<number>
}

const FAILED = new Set(['S0', 'REJ', 'RSTOS0', 'SH'])
const ESTABLISHED = new Set(['S1', 'SF', 'S2', 'S3', 'RSTO', 'RSTR'])

/** Emits flowStarted then flowEnded for flows 0..count-1. One event object is reused (sinks must not keep it). */
export function emitFlowEvents(c: FlowColumnsLike, count: number, stateNames: readonly string[], sink: FlowEventSink): void {
  const outcomes = stateNames.map((n) => (FAILED.has(n) ? FlowOutcome.Failed : ESTABLISHED.has(n) ? FlowOutcome.Established : FlowOutcome.Other))
  const e = {
    time: 0, ipProto: 0, src: 0, dst: 0, srcPort: 0, dstPort: 0, endTime: 0, outcome: FlowOutcome.Other as FlowOutcome,
    rtt: Number.NaN, jitter: Number.NaN, packets: 0, retransmissions: 0,
  }
  const n = Math.max(0, Math.min(count, c.first.length))
  for (let id = 0; id < n; id++) {
    e.time = c.first[id]
    e.ipProto = c.proto[id]
    e.src = c.origAddr[id]
    e.dst = c.respAddr[id]
    e.srcPort = c.origPort[id]
    e.dstPort = c.respPort[id]
    sink.flowStarted(e)
    e.endTime = c.last[id]
    e.outcome = e.ipProto === 6 ? (outcomes[c.state[id]] ?? FlowOutcome.Other) : FlowOutcome.Other
    e.rtt = c.handshakeRtt[id]
    e.jitter = c.jitter[id]
    e.packets = c.origPkts[id] + c.respPkts[id]
    e.retransmissions = c.retransOrig[id] + c.retransResp[id]
    sink.flowEnded(e as FlowEndEvent)
  }
}
