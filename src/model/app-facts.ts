/**
 * Application-layer facts pulled out of the few packets that carry them. Strings here come from packets:
 * they are display-escaped where they are decoded (lib/escape) and must reach a page only as text.
 */
export interface DnsFact {
  readonly kind: 'dns'
  readonly id: number
  readonly isResponse: boolean
  readonly opcode: number
  readonly rcode: number
  /** First question's name (escaped for display), type and class; null when the message has no question. */
  readonly qname: string | null
  readonly qtype: number
  readonly qclass: number
  readonly questions: number
  /** Answer records that were read (name, type, TTL and, for A/AAAA/CNAME/PTR/NS/MX/TXT, the data as text). */
  readonly answers: readonly DnsAnswer[]
  /** Count fields as stated in the header (which a hostile message may overstate). */
  readonly counts: readonly [qd: number, an: number, ns: number, ar: number]
}

export interface DnsAnswer {
  readonly name: string
  readonly type: number
  readonly ttl: number
  readonly data: string
}

export interface TlsHelloFact {
  readonly kind: 'tls-client-hello'
  /** legacy_version of the ClientHello and the highest of supported_versions, both as numbers (0x0303 = TLS 1.2). */
  readonly legacyVersion: number
  readonly versions: readonly number[]
  /** First valid host_name in server_name, escaped; null when absent or unreadable (see reason). */
  readonly sni: string | null
  readonly alpn: readonly string[]
  readonly cipherSuites: readonly number[]
  readonly extensions: readonly number[]
  readonly ja3: string
  readonly ja3Hash: string
  readonly ja4: string
  /** Set when the hello could not be read whole: 'fragmented' (never completed) or 'malformed'. */
  readonly reason: 'fragmented' | 'malformed' | null
}

export interface TlsServerHelloFact {
  readonly kind: 'tls-server-hello'
  readonly version: number
  readonly cipherSuite: number
}

export interface HttpRequestFact {
  readonly kind: 'http-request'
  readonly method: string
  readonly uri: string
  readonly version: string
  readonly host: string | null
  readonly userAgent: string | null
}

export interface DhcpFact {
  readonly kind: 'dhcp'
  /** DHCP message type option 53 (1 DISCOVER, 2 OFFER, 3 REQUEST, 5 ACK, ...), 0 when absent (BOOTP). */
  readonly messageType: number
  readonly clientMac: string
  readonly hostName: string | null
  readonly requestedIp: string | null
  readonly yourIp: string
}

export interface QuicInitialFact {
  readonly kind: 'quic-initial'
  readonly version: number
  readonly sni: string | null
}

export type AppFact = DnsFact | TlsHelloFact | TlsServerHelloFact | HttpRequestFact | DhcpFact | QuicInitialFact
