/**
 * The data the exploration views read (flows, conversations, endpoints, topology, host details, replay), in
 * one shape whether it comes from a live CaptureAnalysis (explore-live.ts: the flow table's own typed arrays,
 * no copy) or from a stored session (explore-snapshot.ts: the same columns restored from IndexedDB). Every
 * query in this folder reads only this shape, so a stored session answers exactly as the live analysis did.
 */
import type { AddressBook } from './address-book.ts'

/** Flow columns indexed by flow id (0..count-1), as in src/flows/flow-columns.ts. */
export interface ExploreFlowColumns {
  readonly count: number
  /** FlowKind: 0 IP, 1 ARP, 2 other link-layer. */
  readonly kind: Uint8Array
  /** IP protocol number (IP flows). */
  readonly proto: Uint8Array
  /** Address ids (AddressBook): IP addresses for IP and ARP flows, MACs for link-layer flows. */
  readonly origAddr: Uint32Array
  readonly respAddr: Uint32Array
  /** MAC ids of the first packet's link header, per role; 0 when none. */
  readonly origMac: Uint32Array
  readonly respMac: Uint32Array
  readonly origPort: Uint16Array
  readonly respPort: Uint16Array
  /** Outer VLAN id, 0xffff for none (meaningful only when the flow mode keys by VLAN). */
  readonly vlan: Uint16Array
  /** Seconds since the epoch. */
  readonly first: Float64Array
  readonly last: Float64Array
  readonly origPkts: Uint32Array
  readonly respPkts: Uint32Array
  readonly origBytes: Float64Array
  readonly respBytes: Float64Array
  /** ConnState code (src/flows/conn-state.ts). */
  readonly state: Uint8Array
  /** FlowFlag bits (src/flows/flow-columns.ts). */
  readonly flags: Uint8Array
  /** Content application code (src/flows/app-guess.ts CONTENT_APP_NAMES). */
  readonly app: Uint8Array
  /** Seconds; NaN when not measured. */
  readonly handshakeRtt: Float32Array
  readonly jitter: Float32Array
  readonly retransOrig: Uint32Array
  readonly retransResp: Uint32Array
}

/** Application facts of one flow, as text (strings came from packets: display-escaped, shown only as text). */
export interface FactRow {
  readonly dnsQuery: string | null
  readonly dnsQtype: number | null
  readonly dnsRcode: number | null
  readonly dnsAnswers: readonly string[]
  readonly tlsSni: string | null
  readonly tlsAlpn: readonly string[]
  readonly ja3: string | null
  readonly ja4: string | null
  readonly httpHost: string | null
  readonly httpMethod: string | null
  readonly httpUri: string | null
  readonly httpUserAgent: string | null
  readonly dhcpHostName: string | null
}

/** One conversation table (Ethernet, IP, TCP or UDP) read row by row; ConversationTable has this shape. */
export interface ConversationView {
  readonly rows: number
  addrA(r: number): number
  addrB(r: number): number
  portA(r: number): number
  portB(r: number): number
  packetsAB(r: number): number
  packetsBA(r: number): number
  bytesAB(r: number): number
  bytesBA(r: number): number
  first(r: number): number
  last(r: number): number
}

export type ConversationTableKind = 'eth' | 'ip' | 'tcp' | 'udp'

export interface ExploreData {
  readonly flows: ExploreFlowColumns
  /** Zeek history letters of a flow. */
  history(id: number): string
  /** Facts by flow id (only flows that have any). */
  readonly facts: ReadonlyMap<number, FactRow>
  readonly addresses: AddressBook
  readonly conversations: Readonly<Record<ConversationTableKind, ConversationView>>
  /** First and last packet time of the capture (seconds since the epoch); 0 without packets. */
  readonly captureStart: number
  readonly captureEnd: number
  /** The flow mode keys flows by VLAN (so the vlan column means something). */
  readonly vlanKeyed: boolean
  /** Changes whenever the data may have changed (more packets read): caches compare it. */
  readonly generation: number
}
