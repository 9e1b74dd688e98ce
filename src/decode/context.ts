/**
 * State shared by the decoders of one analysis: the reader they all read through, interned addresses,
 * anomaly counts, the set of IP address pairs seen in every IP header, and per-flow reassembly for the few
 * protocols whose messages span segments (TLS ClientHello).
 */
import { ByteReader } from '../lib/byte-reader.ts'
import { PairSet } from '../lib/pair-set.ts'
import { AddressTable } from '../model/address-table.ts'
import { AnomalyCounter } from '../model/anomalies.ts'
import { TlsReassembly } from './tls-reassembly.ts'

export class DecodeContext {
  readonly reader = new ByteReader()
  readonly addresses = new AddressTable()
  /** Packet-level anomalies (decode events). */
  readonly anomalies: AnomalyCounter
  /**
   * Distinct unordered address pairs over every IPv4/IPv6 header a frame carries (outer and inner headers of
   * tunnels), as tshark's `-z conv,ip` and `-z conv,ipv6` count them.
   */
  readonly ipPairs = new PairSet()
  /** Packets per link type that no decoder handles (counted and reported, never assumed to be Ethernet). */
  readonly unsupportedLinkTypes = new Map<number, number>()
  /** ClientHellos waiting for their next TCP segment (decode/tls-reassembly.ts). */
  readonly tls = new TlsReassembly()
  /** Time of the packet being decoded (seconds), for reassembly timeouts. */
  time = 0

  constructor(anomalies = new AnomalyCounter()) {
    this.anomalies = anomalies
  }
}
