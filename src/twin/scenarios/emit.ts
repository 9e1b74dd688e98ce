/**
 * Building blocks the scenario kinds share, on top of the craft API's Conversation (RFC 9293 segments with
 * correct sequence numbers and checksums): a TCP three-way handshake or a half-open attempt, data in MSS-sized segments with ACKs, an
 * orderly FIN close, a refused attempt (SYN answered by RST), one UDP datagram and one ICMP echo. Times are
 * microseconds; every helper returns the time of its last frame so callers can chain them.
 */
import { ACK, FIN, PSH, RST, SYN } from '../craft/frame-crafter.ts'
import { Conversation } from '../craft/conversation.ts'
import type { FrameSink } from '../craft/frame-sink.ts'
import type { Host } from './hosts.ts'
import type { ScenarioRun } from './scenario-run.ts'

export const MSS = 1448

/** A conversation between two hosts with ISNs from the run's randomness (so runs differ only by seed). */
export function conversation(run: ScenarioRun, client: Host, server: Host, clientPort: number, serverPort: number): Conversation {
  return new Conversation(run.crafter, client, server, clientPort, serverPort, {
    clientIsn: run.rng.int(0, 0xffffffff),
    serverIsn: run.rng.int(0, 0xffffffff),
    clientTtl: client.internal ? 64 : 52,
    serverTtl: server.internal ? 64 : 52,
  })
}

/** A half-open attempt: SYN, answered by SYN-ACK `rttUs` later, never completed (what a SYN flood leaves behind). */
export function halfOpen(conv: Conversation, sink: FrameSink, t: number, rttUs: number): number {
  conv.tcp(true, SYN)
  conv.emit(sink, t)
  conv.tcp(false, SYN | ACK)
  conv.emit(sink, t + rttUs)
  return t + rttUs
}

/** SYN, SYN-ACK, ACK; the capture point is taken to be near the client (SYN-ACK arrives one RTT later). */
export function handshake(conv: Conversation, sink: FrameSink, t: number, rttUs: number): number {
  halfOpen(conv, sink, t, rttUs)
  conv.tcp(true, ACK)
  conv.emit(sink, t + rttUs + 30)
  return t + rttUs + 30
}

/**
 * `bytes` of data from one side (pool bytes, or `payload` when given) in MSS segments `gapUs` apart, each pair
 * acknowledged by the other side half an RTT later (delayed ACKs, RFC 9293 section 3.8.6.3).
 */
export function send(conv: Conversation, sink: FrameSink, fromClient: boolean, t: number, bytes: number, rttUs: number, gapUs: number, payload: Uint8Array | null = null): number {
  let at = t
  if (payload !== null) {
    conv.tcp(fromClient, PSH | ACK, payload)
    conv.emit(sink, at)
    conv.tcp(!fromClient, ACK)
    conv.emit(sink, at + rttUs / 2)
    return at + rttUs / 2
  }
  let left = Math.max(0, Math.floor(bytes))
  let unacked = 0
  while (left > 0) {
    const n = Math.min(MSS, left)
    left -= n
    conv.tcp(fromClient, left === 0 ? PSH | ACK : ACK, null, n)
    conv.emit(sink, at)
    unacked++
    if (unacked === 2 || left === 0) {
      conv.tcp(!fromClient, ACK)
      conv.emit(sink, at + rttUs / 2)
      unacked = 0
    }
    at += gapUs
  }
  return at + rttUs / 2
}

/** FIN from the client, FIN-ACK from the server, final ACK. */
export function close(conv: Conversation, sink: FrameSink, t: number, rttUs: number): number {
  conv.tcp(true, FIN | ACK)
  conv.emit(sink, t)
  conv.tcp(false, FIN | ACK)
  conv.emit(sink, t + rttUs)
  conv.tcp(true, ACK)
  conv.emit(sink, t + rttUs + 30)
  return t + rttUs + 30
}

/** A whole connection: handshake, alternating exchanges of pool bytes (client first), close. Returns the end time. */
export function session(run: ScenarioRun, client: Host, server: Host, clientPort: number, serverPort: number, t: number, rttUs: number, exchanges: readonly number[], sink: FrameSink = run.sink): number {
  const conv = conversation(run, client, server, clientPort, serverPort)
  // On 443 the data goes out as TLS application_data records, so dissectors see well-formed TLS.
  conv.tlsRecords = serverPort === 443
  let at = handshake(conv, sink, t, rttUs)
  for (let i = 0; i < exchanges.length; i++) at = send(conv, sink, i % 2 === 0, at + 200, exchanges[i], rttUs, 40)
  return close(conv, sink, at + 500, rttUs)
}

/** A SYN probe; answered by RST-ACK when `refused`, by SYN-ACK then the prober's RST when `open`, else unanswered. */
export function synProbe(run: ScenarioRun, client: Host, server: Host, clientPort: number, serverPort: number, t: number, answer: 'refused' | 'open' | 'none', rttUs = 400): void {
  const conv = conversation(run, client, server, clientPort, serverPort)
  conv.tcp(true, SYN)
  conv.emit(run.sink, t)
  if (answer === 'refused') {
    conv.tcp(false, RST | ACK)
    conv.emit(run.sink, t + rttUs)
  } else if (answer === 'open') {
    conv.tcp(false, SYN | ACK)
    conv.emit(run.sink, t + rttUs)
    conv.tcp(true, RST)
    conv.emit(run.sink, t + rttUs + 20)
  }
}
