/**
 * When Zeek ends a TCP connection without a packet telling it to: its timers (init-bare.zeek values in
 * flow-modes.ts) and its port-reuse rule, plus Wireshark's port-reuse rule. The flow table evaluates these
 * lazily, when the flow's next packet arrives or a sweep runs; that gives the same flows as Zeek's timer queue
 * because a timer's outcome depends only on the state left by the packets before it.
 *
 * - inactivity: last_time + tcp_inactivity_timeout (the UDP timeout until an endpoint leaves the handshake);
 * - AttemptTimer: tcp_attempt_delay after the originator's SYN, if the responder is still silent;
 * - close: a complete close (both FINs, or a RST) removes the connection tcp_close_delay after its last time;
 *   a RST after a FIN arms tcp_reset_delay;
 * - ExpireTimer: first at start + tcp_SYN_timeout, then every tcp_session_timer; removes a connection idle for
 *   tcp_connection_linger when one side closed and the other is closed, reset or was never seen.
 */
import { Tcp } from './conn-state.ts'
import { ZEEK_CONNECTION_LINGER, ZEEK_SESSION_TIMER, ZEEK_SYN_TIMEOUT } from './flow-modes.ts'
import type { TcpEndpoints } from './tcp-endpoints.ts'
import { SlotFlag } from './tcp-endpoints.ts'

const SYN = 2
const ACK = 16

/** Zeek's IsReuse: would this SYN on the open connection in slot `s` start a new connection? */
export function isZeekReuse(tr: TcpEndpoints, s: number, flags: number, seq: number): boolean {
  if ((flags & SYN) === 0) return false
  const o = s * 2
  let connOrig = o
  if ((flags & ACK) !== 0) {
    if (tr.state[o] !== Tcp.Inactive) return false
    connOrig = o + 1
  }
  if (tr.didClose[o] === 0 && tr.didClose[o + 1] === 0) {
    if (seq === tr.startSeq[connOrig]) return false
    if ((flags & ACK) === 0 && tr.state[connOrig] === Tcp.SynAckSent && tr.state[o + 1] === Tcp.Inactive && seq === tr.startSeq[o + 1]) return false
  }
  return true
}

/** Wireshark's port-reuse rule: a SYN (no ACK) whose sequence number differs from the first seen from that side. */
export function isWiresharkReuse(tr: TcpEndpoints, s: number, fromOrig: boolean, flags: number, seq: number): boolean {
  if ((flags & (SYN | ACK)) !== SYN) return false
  const bit = fromOrig ? SlotFlag.WsBaseOrig : SlotFlag.WsBaseResp
  return (tr.flags[s] & bit) !== 0 && tr.wsBase[s * 2 + (fromOrig ? 0 : 1)] !== seq
}

/**
 * The time at which Zeek would have removed the connection in slot `s` by a timer (inactivity, attempt,
 * close/reset delay, expire grid), given its start `t0` and the time of its last packet.
 */
export function zeekDeadline(tr: TcpEndpoints, s: number, t0: number, lastPacket: number, tcpIdle: number, handshakeIdle: number): number {
  const o = s * 2
  const os = tr.state[o]
  const rs = tr.state[o + 1]
  const f = tr.flags[s]
  const last = tr.zeekLast[s]
  let dl = last + ((f & SlotFlag.LongTimeout) !== 0 ? tcpIdle : handshakeIdle)
  if (tr.closeDeadline[s] < dl) dl = tr.closeDeadline[s]
  if ((os === Tcp.SynSent || os === Tcp.SynAckSent) && rs === Tcp.Inactive && tr.attemptDeadline[s] < dl) dl = tr.attemptDeadline[s]
  if ((f & SlotFlag.TimersCanceled) === 0) {
    const oc = tr.didClose[o] !== 0
    const rc = tr.didClose[o + 1] !== 0
    const expires =
      ((oc || rc) && ((oc && rc) || os === Tcp.Reset || rs === Tcp.Reset || os === Tcp.Inactive || rs === Tcp.Inactive)) ||
      (os === Tcp.Inactive && rs === Tcp.Inactive)
    if (expires) {
      const lower = Math.max(lastPacket, last + ZEEK_CONNECTION_LINGER)
      dl = Math.min(dl, nextGridPoint(t0 + ZEEK_SYN_TIMEOUT, lower))
      if (Number.isFinite(tr.extraExpire[s])) dl = Math.min(dl, nextGridPoint(tr.extraExpire[s], lower))
    }
  }
  return dl
}

/** The first point of the grid start + k * tcp_session_timer strictly after `lower`. */
function nextGridPoint(start: number, lower: number): number {
  if (start > lower) return start
  return start + ZEEK_SESSION_TIMER * (Math.floor((lower - start) / ZEEK_SESSION_TIMER) + 1)
}
