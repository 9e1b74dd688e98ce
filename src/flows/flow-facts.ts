/**
 * Application facts per flow: the first fact of each kind seen in the flow's packets (DNS query and response,
 * TLS ClientHello and ServerHello, HTTP request, DHCP message with a host name, QUIC Initial). Facts are rare
 * (a few packets per flow at most), so they are kept as objects in a map by flow id, and only for flows that
 * have any; no memory is spent on the others.
 */
import type { AppFact, DhcpFact, DnsFact, HttpRequestFact, QuicInitialFact, TlsHelloFact, TlsServerHelloFact } from '../model/app-facts.ts'

export interface FlowFacts {
  dnsQuery: DnsFact | null
  dnsResponse: DnsFact | null
  tlsClientHello: TlsHelloFact | null
  tlsServerHello: TlsServerHelloFact | null
  httpRequest: HttpRequestFact | null
  dhcp: DhcpFact | null
  quicInitial: QuicInitialFact | null
}

function emptyFacts(): FlowFacts {
  return { dnsQuery: null, dnsResponse: null, tlsClientHello: null, tlsServerHello: null, httpRequest: null, dhcp: null, quicInitial: null }
}

export class FlowFactStore {
  private readonly byFlow = new Map<number, FlowFacts>()

  get size(): number {
    return this.byFlow.size
  }

  get(id: number): FlowFacts | null {
    return this.byFlow.get(id) ?? null
  }

  /** Keeps `fact` for flow `id` when it is the first of its kind there. */
  add(id: number, fact: AppFact): void {
    let f = this.byFlow.get(id)
    if (f === undefined) {
      f = emptyFacts()
      this.byFlow.set(id, f)
    }
    switch (fact.kind) {
      case 'dns':
        if (fact.isResponse) f.dnsResponse ??= fact
        else f.dnsQuery ??= fact
        break
      case 'tls-client-hello':
        f.tlsClientHello ??= fact
        break
      case 'tls-server-hello':
        f.tlsServerHello ??= fact
        break
      case 'http-request':
        f.httpRequest ??= fact
        break
      case 'dhcp':
        // Prefer the first message that names the host.
        if (f.dhcp === null || (f.dhcp.hostName === null && fact.hostName !== null)) f.dhcp = fact
        break
      case 'quic-initial':
        f.quicInitial ??= fact
        break
    }
  }
}
