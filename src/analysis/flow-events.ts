/**
 * The input the statistics take from the flow table (src/flows): one event when a flow starts and one when it
 * ends. The flow table owns the definitions (what a flow is, when it times out, what "failed" means); the
 * statistics only count. Fields are plain numbers so a producer can reuse one mutable event object per kind:
 * a consumer reads the fields during the call and never keeps the object.
 *
 * Wiring order matters for windows: give a batch to Statistics.consume first, then to the flow table, so flow
 * events never run ahead of the packets (an event later than the newest packet is counted in the newest window).
 */

/** How a flow ended, as far as the statistics care. */
export const FlowOutcome = Object.freeze({
  /** Bidirectional, or TCP with a completed handshake. */
  Established: 0,
  /** A connection attempt that got no answer or was refused (e.g. TCP SYN with no SYN-ACK, or RST to a SYN). */
  Failed: 1,
  /** Anything else (one-way UDP, ICMP, flows whose start was not captured). */
  Other: 2,
})
export type FlowOutcome = (typeof FlowOutcome)[keyof typeof FlowOutcome]

export interface FlowStartEvent {
  /** Time of the flow's first packet (seconds since the epoch). */
  readonly time: number
  /** IP protocol number (6 TCP, 17 UDP, ...). */
  readonly ipProto: number
  /** Address ids (DecodeContext.addresses) of the originator and the responder. */
  readonly src: number
  readonly dst: number
  readonly srcPort: number
  readonly dstPort: number
}

export interface FlowEndEvent extends FlowStartEvent {
  /** Time of the flow's last packet. */
  readonly endTime: number
  readonly outcome: FlowOutcome
  /** Handshake round-trip time in seconds (SYN -> ACK of the SYN-ACK, or first request -> reply); NaN if unknown. */
  readonly rtt: number
  /** Packet delay variation in seconds (e.g. RFC 3550 interarrival jitter); NaN if unknown. */
  readonly jitter: number
  /** Packets of the flow (both directions) and how many of them were retransmissions. */
  readonly packets: number
  readonly retransmissions: number
}

/** What the flow table calls; Statistics and Windows implement it. */
export interface FlowEventSink {
  flowStarted(e: FlowStartEvent): void
  flowEnded(e: FlowEndEvent): void
}
