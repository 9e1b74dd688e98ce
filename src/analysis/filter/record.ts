/**
 * What a compiled filter reads from a table row. Tables implement it over whatever they hold (plain records,
 * typed-array columns with a row cursor); a compiled filter asks only for the keys of the fields it uses.
 * Getters must not allocate: return stored numbers and strings, and write addresses into the caller's buffer.
 *
 * "src" and "dst" are the originator and responder for flows, A and B for conversations, and for endpoints
 * "src" is the endpoint's own address (there is no "dst").
 */

export type NumKey =
  | 'ipProto' // IP protocol number (6 TCP, 17 UDP, ...)
  | 'srcPort' | 'dstPort' // ports: null for protocols without ports
  | 'bytes' | 'packets' // both directions
  | 'srcBytes' | 'dstBytes' | 'srcPackets' | 'dstPackets' // originator (A) -> responder (B) and back
  | 'txBytes' | 'rxBytes' | 'txPackets' | 'rxPackets' // endpoints: sent and received
  | 'start' | 'end' | 'duration' // seconds (start/end since the epoch)
  | 'vlan' | 'rtt' | 'retrans'
  | 'dnsQtype' | 'dnsRcode'
  | 'handshake' | 'tunnel' // booleans as 1 / 0

export type StrKey =
  | 'proto' // lower-case protocol name: tcp, udp, icmp, icmpv6, sctp, arp, l2, or the IP protocol number
  | 'app' // lower-case application name, by content or guessed from the port
  | 'state' | 'history' // Zeek conn_state and history
  | 'tlsSni' | 'tlsJa3' | 'tlsJa4' | 'tlsAlpn'
  | 'dnsQuery' | 'dnsAnswer'
  | 'httpHost' | 'httpUserAgent' | 'httpMethod' | 'httpUri'
  | 'dhcpHostName'
  | 'label'

export type AddrKey = 'src' | 'dst' | 'ethSrc' | 'ethDst'

export interface FilterRecord {
  /** A number, or null when the row has none (e.g. ports of an ICMP flow). */
  num(key: NumKey): number | null
  /**
   * The index-th value of a text field, null past the last. Single-valued fields answer index 0 only;
   * multi-valued ones (tlsAlpn, dnsAnswer) answer 0, 1, ... in turn.
   */
  str(key: StrKey, index: number): string | null
  /**
   * Writes the address into out[0..3] as AddressTable stores it (IPv4: out[0]; IPv6: four big-endian words;
   * MAC: first four bytes in out[0], last two in out[1]) and returns its AddrKind (4, 6, 48), or 0 for none.
   */
  addr(key: AddrKey, out: Uint32Array): number
}

/** Most values a multi-valued text field is asked for, per row. */
export const MAX_VALUES_PER_FIELD = 64
