/** A flow's application facts (src/flows/flow-facts.ts) as the text fields the tables show and filter on. */
import type { FlowFacts } from '../../flows/flow-facts.ts'
import type { FactRow } from './explore-types.ts'

/** The same choices as src/flows/flow-records.ts, so a filter reads the same values from either. */
export function factRowOf(facts: FlowFacts): FactRow {
  const dns = facts.dnsResponse ?? facts.dnsQuery
  const query = facts.dnsQuery ?? facts.dnsResponse
  const hello = facts.tlsClientHello
  const http = facts.httpRequest
  return {
    dnsQuery: query?.qname ?? null,
    dnsQtype: query === null ? null : query.qtype,
    dnsRcode: dns !== null && dns.isResponse ? dns.rcode : null,
    dnsAnswers: dns !== null && dns.isResponse ? dns.answers.map((a) => a.data) : [],
    tlsSni: hello?.sni ?? facts.quicInitial?.sni ?? null,
    tlsAlpn: hello?.alpn ?? [],
    ja3: hello?.ja3Hash ?? null,
    ja4: hello?.ja4 ?? null,
    httpHost: http?.host ?? null,
    httpMethod: http?.method ?? null,
    httpUri: http?.uri ?? null,
    httpUserAgent: http?.userAgent ?? null,
    dhcpHostName: facts.dhcp?.hostName ?? null,
  }
}

/** The most telling fact of a flow, for an "info" column: SNI, HTTP request, DNS query or DHCP host name. */
export function factSummary(f: FactRow | undefined): string {
  if (f === undefined) return ''
  if (f.tlsSni !== null) return f.tlsSni
  if (f.httpMethod !== null) return `${f.httpMethod} ${f.httpHost ?? ''}${f.httpUri ?? ''}`
  if (f.dnsQuery !== null) return f.dnsAnswers.length > 0 ? `${f.dnsQuery} → ${f.dnsAnswers[0]}` : f.dnsQuery
  if (f.dhcpHostName !== null) return `DHCP ${f.dhcpHostName}`
  return f.httpHost ?? ''
}
