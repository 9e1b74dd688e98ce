/**
 * When an open flow ends by time rather than by a packet: the mode's idle and active timeouts, Zeek's TCP timers
 * (tcp-timers.ts) and Zeek's DNS expire timer. Evaluated lazily by the table, when the flow's next packet comes
 * or a sweep runs; the answer depends only on the flow's state and the time, so both give the same flows.
 */
import { Tcp } from './conn-state.ts'
import type { FlowColumns } from './flow-columns.ts'
import { EndReason, FlowFlag } from './flow-columns.ts'
import { FlowKind, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from './flow-key.ts'
import type { FlowModeParams } from './flow-modes.ts'
import type { TcpTracker } from './tcp-state.ts'
import { zeekDeadline } from './tcp-timers.ts'

export class FlowExpiry {
  /** No timeout or timer can end a flow in this mode (Wireshark conversations): skip the checks. */
  private readonly never: boolean

  constructor(
    private readonly mode: FlowModeParams,
    private readonly columns: FlowColumns,
    private readonly tcp: TcpTracker,
  ) {
    const m = mode
    this.never = !m.zeekTcpTimers && [m.tcpIdleTimeout, m.tcpHandshakeIdleTimeout, m.udpIdleTimeout, m.icmpIdleTimeout, m.otherIdleTimeout, m.activeTimeout, m.dnsSessionTimeout].every((x) => x === Infinity)
  }

  /** Why the open flow `id` in slot `s` has ended by time `now`, or EndReason.Open. */
  reason(s: number, id: number, now: number): number {
    if (this.never) return EndReason.Open
    const m = this.mode
    const c = this.columns
    const first = c.first[id]
    if (now - first > m.activeTimeout) return EndReason.ActiveTimeout
    const last = c.last[id]
    const proto = c.proto[id]
    if (c.kind[id] !== FlowKind.IP) return now >= last + m.otherIdleTimeout ? EndReason.IdleTimeout : EndReason.Open
    if (proto === IPPROTO_TCP && (c.flags[id] & FlowFlag.NoTransport) === 0) {
      if (m.zeekTcpTimers) {
        const dl = zeekDeadline(this.tcp, s, first, last, m.tcpIdleTimeout, m.tcpHandshakeIdleTimeout)
        if (now < dl) return EndReason.Open
        return this.zeekReason(s, dl)
      }
      const hs = this.tcp.state[s * 2] <= Tcp.SynAckSent && this.tcp.state[s * 2 + 1] <= Tcp.SynAckSent
      return now >= last + (hs ? m.tcpHandshakeIdleTimeout : m.tcpIdleTimeout) ? EndReason.IdleTimeout : EndReason.Open
    }
    const idle = proto === IPPROTO_UDP ? m.udpIdleTimeout : proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6 ? m.icmpIdleTimeout : m.otherIdleTimeout
    if (now >= last + idle) return EndReason.IdleTimeout
    if (proto === IPPROTO_UDP && m.dnsSessionTimeout !== Infinity && isDnsPort(c.respPort[id])) {
      return now >= dnsExpiry(first, last, m.dnsSessionTimeout) ? EndReason.IdleTimeout : EndReason.Open
    }
    return EndReason.Open
  }

  private zeekReason(s: number, dl: number): number {
    const tcp = this.tcp
    if (tcp.closeDeadline[s] === dl) return EndReason.Closed
    if (tcp.attemptDeadline[s] === dl) return EndReason.AttemptTimeout
    if (tcp.didClose[s * 2] !== 0 || tcp.didClose[s * 2 + 1] !== 0) return EndReason.Closed
    return EndReason.IdleTimeout
  }
}

/** UDP ports Zeek's DNS analyzer is registered for (base/protocols/dns: 53, 137, 5353, 5355). */
function isDnsPort(port: number): boolean {
  return port === 53 || port === 137 || port === 5353 || port === 5355
}

/**
 * When Zeek's DNS expire timer removes a connection that started at `first` and last saw a packet at `last`:
 * the first timer point first + timeout + k * timeout at least timeout - 1 seconds after `last`.
 */
function dnsExpiry(first: number, last: number, timeout: number): number {
  const start = first + timeout
  const due = last + timeout - 1
  return start >= due ? start : start + timeout * Math.ceil((due - start) / timeout)
}
