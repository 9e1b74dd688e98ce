/**
 * The outcome of one flow as a connection attempt, which both the baseline (failure ratios, fan-out) and the
 * detectors (Threshold Random Walk, brute force, floods) need:
 *   Success  the responder answered as a service would: TCP handshake completed or payload came back, a UDP or
 *            ARP reply, an ICMP echo reply;
 *   Failure  no answer, or only a refusal: TCP S0/REJ/RSTOS0/SH, a lone SYN or ACK probe answered by nothing or
 *            a RST, one-way UDP to a single host, an unanswered echo request or ARP request;
 *   Unknown  everything that is not an attempt: flows seen from the middle with data, ICMP errors, multicast,
 *            non-IP frames.
 * Jung et al. 2004 ("Fast portscan detection using sequential hypothesis testing") define first-contact
 * success the same way: a connection that was established versus one that was rejected or went unanswered.
 */
import { ConnState } from '../flows/conn-state.ts'
import { FlowFlag, type FlowColumns } from '../flows/flow-columns.ts'
import { FlowKind, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from '../flows/flow-key.ts'
import type { AddressClasses } from './address-class.ts'

export const Outcome = Object.freeze({ Unknown: 0, Success: 1, Failure: 2 })
export type Outcome = (typeof Outcome)[keyof typeof Outcome]

/** ICMP echo request types (ICMPv4 8, ICMPv6 128): the originator side of a ping. */
export function isEchoRequest(proto: number, type: number): boolean {
  return (proto === IPPROTO_ICMP && type === 8) || (proto === IPPROTO_ICMPV6 && type === 128)
}

/** ICMP error messages (destination unreachable, time exceeded, parameter problem, ...), by IP protocol and type. */
export function isIcmpError(proto: number, type: number): boolean {
  if (proto === IPPROTO_ICMP) return type === 3 || type === 4 || type === 5 || type === 11 || type === 12
  if (proto === IPPROTO_ICMPV6) return type >= 1 && type <= 4
  return false
}

/** True when the responder sent a RST at some point (Zeek history letter 'r'). */
function responderReset(c: FlowColumns, id: number): boolean {
  return c.historyOf(id).includes('r')
}

export function flowOutcome(c: FlowColumns, id: number, classes: AddressClasses): Outcome {
  const kind = c.kind[id]
  if (kind === FlowKind.ARP) return c.respPkts[id] > 0 ? Outcome.Success : Outcome.Failure
  if (kind !== FlowKind.IP) return Outcome.Unknown
  if (!classes.isHost(c.respAddr[id])) return Outcome.Unknown
  const proto = c.proto[id]
  const noTransport = (c.flags[id] & FlowFlag.NoTransport) !== 0
  if (proto === IPPROTO_TCP && !noTransport) return tcpOutcome(c, id)
  if (proto === IPPROTO_UDP && !noTransport) {
    if (c.respPkts[id] > 0) return Outcome.Success
    return c.origPkts[id] > 0 ? Outcome.Failure : Outcome.Unknown
  }
  if (proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) {
    if (!isEchoRequest(proto, c.origPort[id])) return Outcome.Unknown
    return c.respPkts[id] > 0 ? Outcome.Success : Outcome.Failure
  }
  return Outcome.Unknown
}

function tcpOutcome(c: FlowColumns, id: number): Outcome {
  const flags = c.flags[id]
  if ((flags & FlowFlag.Handshake) !== 0) return Outcome.Success
  const state = c.state[id]
  // S0 although the originator sent data: the answers took another path (asymmetric capture), not a failure.
  if (state === ConnState.S0 && c.origPayload[id] > 0) return Outcome.Unknown
  if (state === ConnState.S0 || state === ConnState.REJ || state === ConnState.RSTOS0 || state === ConnState.SH) return Outcome.Failure
  if (state === ConnState.SF || state === ConnState.S1 || state === ConnState.S2 || state === ConnState.S3) return Outcome.Success
  if (c.respPayload[id] > 0) return Outcome.Success
  // A flow that carried data only one way from its start is a conversation seen from the middle (or one direction
  // of asymmetric routing), not an attempt: leave it out rather than call it a failure.
  if (c.origPayload[id] > 0 && (flags & FlowFlag.SynSeen) === 0) return Outcome.Unknown
  // A bare SYN, ACK, FIN or null probe: unanswered or answered with a RST only.
  if (c.origPayload[id] === 0 && (c.respPkts[id] === 0 || responderReset(c, id))) return Outcome.Failure
  if ((flags & FlowFlag.SynSeen) !== 0 && (flags & FlowFlag.SynAckSeen) === 0) return Outcome.Failure
  return Outcome.Unknown
}

/**
 * A probe: a small attempt that moved (almost) no data, the stuff scans are made of. ICMP echo requests are
 * probes whatever their payload; TCP and UDP need at most `maxPackets` packets from the originator, at most
 * `maxPayload` bytes sent and no payload back. ARP requests are probes.
 */
export function isProbe(c: FlowColumns, id: number, maxPackets = 3, maxPayload = 100): boolean {
  const kind = c.kind[id]
  if (kind === FlowKind.ARP) return c.origPkts[id] <= maxPackets
  if (kind !== FlowKind.IP) return false
  const proto = c.proto[id]
  if (proto === IPPROTO_ICMP || proto === IPPROTO_ICMPV6) return isEchoRequest(proto, c.origPort[id]) && c.origPkts[id] <= maxPackets
  if (c.origPkts[id] > maxPackets || c.origPayload[id] > maxPayload) return false
  return c.respPayload[id] === 0
}

/** Outcome of every flow, computed once per flow source. */
export function flowOutcomes(c: FlowColumns, count: number, classes: AddressClasses): Uint8Array {
  const out = new Uint8Array(count)
  for (let id = 0; id < count; id++) out[id] = flowOutcome(c, id, classes)
  return out
}
