/**
 * Who is the originator of a new flow. By default the sender of its first packet, except:
 * - `zeek`: a TCP connection first seen at its SYN-ACK is flipped; otherwise Zeek's WantConnection guess for
 *   connections that do not start with a plain SYN (TCP) and for UDP: when the first packet comes from a likely
 *   server port (well-known-ports.ts) and goes to a port that is not one, its receiver is the originator; for
 *   TCP with both ports likely, only a packet from the lower port flips (Zeek's TCP.cc). Nothing is flipped
 *   towards the IPv4 broadcast address (Zeek's NewConn).
 * - `first-packet-syn-ack-flip`: a SYN-ACK seen first was sent by the responder.
 * Flips later in a connection (SYN and SYN-ACK seen in reverse order) are the TCP state machine's (tcp-state.ts).
 */
import type { DecodeContext } from '../decode/context.ts'
import type { PacketKey } from './flow-key.ts'
import { FlowKind, IPPROTO_TCP, IPPROTO_UDP } from './flow-key.ts'
import type { FlowModeParams } from './flow-modes.ts'
import { isLikelyServerPort } from './well-known-ports.ts'

const SYN = 2
const ACK = 16

/** True when the first packet's receiver should be the originator. */
export function flipsAtStart(rule: FlowModeParams['originator'], k: PacketKey, tcpFlags: number, ctx: DecodeContext): boolean {
  if (k.kind !== FlowKind.IP || !k.hasL4 || rule === 'first-packet') return false
  if (k.proto === IPPROTO_TCP) {
    const synAck = (tcpFlags & (SYN | ACK)) === (SYN | ACK)
    if (rule === 'first-packet-syn-ack-flip') return synAck
    if ((tcpFlags & SYN) !== 0 && (tcpFlags & ACK) === 0) return false
    // Current Zeek flips a connection first seen at its SYN-ACK whatever the ports (conn.log baselines
    // core.tcp.flip-without-syn and core.local-flip: '^h' with likely server ports on both sides).
    if (synAck) return !isBroadcast(ctx, k.dstAddr)
    if (!isLikelyServerPort(IPPROTO_TCP, k.srcPort) || isBroadcast(ctx, k.dstAddr)) return false
    if (isLikelyServerPort(IPPROTO_TCP, k.dstPort)) return (tcpFlags & SYN) === 0 && k.srcPort < k.dstPort
    return true
  }
  if (k.proto === IPPROTO_UDP && rule === 'zeek') {
    return isLikelyServerPort(IPPROTO_UDP, k.srcPort) && !isLikelyServerPort(IPPROTO_UDP, k.dstPort) && !isBroadcast(ctx, k.dstAddr)
  }
  return false
}

function isBroadcast(ctx: DecodeContext, addr: number): boolean {
  return ctx.addresses.ipv4Value(addr) === 0xffffffff
}
