/**
 * Zeek's conn_state: the summary of a connection's endpoint states, as computed by the conn_state function of
 * base/protocols/conn/main.zeek (https://docs.zeek.org/en/master/scripts/base/protocols/conn/main.zeek.html):
 *
 *   S0 attempt seen, no reply        S1 established, not terminated   SF normal establishment and termination
 *   REJ attempt rejected             S2 established, originator close attempt, no reply
 *   S3 established, responder close attempt, no reply                RSTO originator aborted (RST)
 *   RSTR responder sent a RST        RSTOS0 originator SYN then RST, no SYN-ACK seen
 *   RSTRH responder SYN-ACK then RST, no SYN seen from the originator
 *   SH originator SYN then FIN, no SYN-ACK    SHR responder SYN-ACK then FIN, no SYN    OTH no SYN, midstream
 */
export const enum ConnState {
  S0 = 0,
  S1 = 1,
  SF = 2,
  REJ = 3,
  S2 = 4,
  S3 = 5,
  RSTO = 6,
  RSTR = 7,
  RSTOS0 = 8,
  RSTRH = 9,
  SH = 10,
  SHR = 11,
  OTH = 12,
}

export const CONN_STATE_NAMES = ['S0', 'S1', 'SF', 'REJ', 'S2', 'S3', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH'] as const
export type ConnStateName = (typeof CONN_STATE_NAMES)[number]

/** Zeek's TCP endpoint states (TCP_ENDPOINT_*), in Zeek's order. */
export const enum Tcp {
  Inactive = 0,
  SynSent = 1,
  SynAckSent = 2,
  Partial = 3,
  Established = 4,
  Closed = 5,
  Reset = 6,
}

/** Zeek's RSTOS0 pattern matched against the whole history: an optional '^', 'S', no H/A/F/G/I/Q letter, then an 'R'. */
export function looksLikeRstOs0(history: string): boolean {
  let i = 0
  if (history.charCodeAt(0) === 0x5e) i = 1 // '^'
  if (history.charCodeAt(i) !== 0x53) return false // 'S'
  for (i++; i < history.length; i++) {
    const c = history[i]
    if (c === 'R') return true
    if (c === 'H' || c === 'A' || c === 'F' || c === 'G' || c === 'I' || c === 'Q') return false
  }
  return false
}

/**
 * conn_state of a TCP connection from its endpoint states; `sizesZero` is Zeek's c$orig$size == 0 &&
 * c$resp$size == 0 and `history` is only read for RSTOS0.
 */
export function tcpConnState(os: number, rs: number, sizesZero: boolean, history: string): ConnState {
  const oInactive = os === Tcp.Inactive || os === Tcp.Partial
  const rInactive = rs === Tcp.Inactive || rs === Tcp.Partial
  if (rs === Tcp.Reset) {
    if (os === Tcp.SynSent || os === Tcp.SynAckSent || (os === Tcp.Reset && sizesZero)) return ConnState.REJ
    return oInactive ? ConnState.RSTRH : ConnState.RSTR
  }
  if (os === Tcp.Reset) {
    if (rInactive) return looksLikeRstOs0(history) ? ConnState.RSTOS0 : ConnState.OTH
    return ConnState.RSTO
  }
  if (rs === Tcp.Closed && os === Tcp.Closed) return ConnState.SF
  if (os === Tcp.Closed) return rInactive ? ConnState.SH : ConnState.S2
  if (rs === Tcp.Closed) return oInactive ? ConnState.SHR : ConnState.S3
  if (os === Tcp.SynSent && rs === Tcp.Inactive) return ConnState.S0
  if (os === Tcp.Established && rs === Tcp.Established) return ConnState.S1
  return ConnState.OTH
}

/** conn_state of a UDP flow: which sides sent anything. */
export function udpConnState(origActive: boolean, respActive: boolean): ConnState {
  if (origActive) return respActive ? ConnState.SF : ConnState.S0
  return respActive ? ConnState.SHR : ConnState.OTH
}
