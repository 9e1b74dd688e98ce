/**
 * The longest silence the generator leaves inside one flow, per protocol, in microseconds: safely below the
 * flow table's idle timeouts (src/flows/flow-modes.ts, Zeek's: TCP 5 min, 1 min while in the handshake, UDP
 * and ICMP 1 min, DNS sessions expire after 9 s idle), so that a generated flow is measured as one flow, as
 * its source flow was.
 */
export interface IdleCaps {
  readonly tcp: number
  readonly tcpHandshake: number
  readonly udp: number
  readonly icmp: number
  readonly dns: number
  readonly other: number
}

export const DEFAULT_IDLE_CAPS: IdleCaps = Object.freeze({
  tcp: 240e6,
  tcpHandshake: 45e6,
  udp: 45e6,
  icmp: 45e6,
  dns: 7e6,
  other: 45e6,
})
