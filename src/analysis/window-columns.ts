/** The columns of a global window row and of its top-ports block (window-level.ts fills them). */

/** Columns of a global window row (all doubles). */
export const WinCol = Object.freeze({
  Window: 0, Packets: 1, Bytes: 2, FlowsStarted: 3, FailedConnections: 4, SrcHosts: 5, DstHosts: 6, DstPorts: 7,
  DnsQueries: 8, Nxdomain: 9, TlsHandshakes: 10, TcpSyn: 11, Tcp: 12, Udp: 13, Icmp: 14, OtherIp: 15, NonIp: 16,
  Retransmissions: 17, FlowPackets: 18,
  /** Packets counted here although their timestamp is earlier (time went backwards), at the finest level. */
  Late: 19,
  HostStart: 20, HostCount: 21, ActiveHosts: 22,
  /** (source, destination) pairs seen for the first time in the capture (Bloom filter: may undercount). */
  NewPairs: 23,
})
export const WIN_COLS = 24
/** Busiest service ports kept per window: (port key, packets) pairs; port key = port + 65536 for UDP. */
export const TOP_PORTS = 5
