/**
 * The application facts a twin re-creates, gathered from a flow source's per-flow facts: DNS names with their
 * query type, response code and answers; TLS SNI names and ClientHello fingerprints; HTTP Host names. Only
 * names a DNS message or a hello can carry again are kept (printable ASCII, valid labels); lists are capped
 * to the most frequent entries.
 */
import type { FlowSource } from '../../baseline/flow-source.ts'
import { TWIN_LIMITS, type DnsName, type TlsFingerprint, type WeightedName } from './types.ts'

const NAME_RE = /^(?=.{1,253}$)([A-Za-z0-9_-]{1,63})(\.[A-Za-z0-9_-]{1,63})*\.?$/
const ANSWER_RE = /^[0-9A-Za-z.:_-]{1,253}$/

export function isCraftableName(name: string): boolean {
  return NAME_RE.test(name)
}

function top<T extends { weight: number }>(items: Iterable<T>, cap: number): T[] {
  return [...items].sort((a, b) => b.weight - a.weight).slice(0, cap)
}

export interface AppFactSummary {
  readonly dns: DnsName[]
  readonly sni: WeightedName[]
  readonly tls: TlsFingerprint[]
  readonly httpHosts: WeightedName[]
}

export function collectAppFacts(src: FlowSource): AppFactSummary {
  const dns = new Map<string, { name: string; qtype: number; rcode: number; weight: number; answers: string[] }>()
  const sni = new Map<string, number>()
  const tls = new Map<string, { cipherSuites: number[]; extensions: number[]; alpn: string[]; versions: number[]; weight: number }>()
  const http = new Map<string, number>()
  const facts = src.facts
  if (facts !== null) {
    for (let i = 0; i < src.count; i++) {
      const f = facts.get(i)
      if (f === null) continue
      const q = f.dnsQuery ?? f.dnsResponse
      if (q !== null && q.qname !== null && isCraftableName(q.qname)) {
        const k = `${q.qname}\u0000${q.qtype}`
        let d = dns.get(k)
        if (!d && dns.size < TWIN_LIMITS.names * 4) dns.set(k, (d = { name: q.qname, qtype: q.qtype, rcode: 0, weight: 0, answers: [] }))
        if (d) {
          d.weight++
          const r = f.dnsResponse
          if (r !== null && d.answers.length === 0) {
            d.rcode = r.rcode
            for (const a of r.answers.slice(0, TWIN_LIMITS.answersPerName)) {
              if ((a.type === 1 || a.type === 28 || a.type === 5) && ANSWER_RE.test(a.data)) d.answers.push(`${a.type} ${a.data}`)
            }
          }
        }
      }
      const h = f.tlsClientHello
      if (h !== null && h.reason === null) {
        if (h.sni !== null && isCraftableName(h.sni)) sni.set(h.sni, (sni.get(h.sni) ?? 0) + 1)
        const key = `${h.cipherSuites.join(',')}|${h.extensions.join(',')}|${h.alpn.join(',')}|${h.versions.join(',')}`
        const t = tls.get(key)
        if (t) t.weight++
        else if (tls.size < TWIN_LIMITS.fingerprints * 4 && h.alpn.every((p) => /^[\x21-\x7e]{1,32}$/.test(p))) {
          tls.set(key, { cipherSuites: h.cipherSuites.slice(0, 128), extensions: h.extensions.slice(0, 64), alpn: h.alpn.slice(0, 8), versions: h.versions.slice(0, 8), weight: 1 })
        }
      }
      const host = f.httpRequest?.host ?? null
      if (host !== null && isCraftableName(host)) http.set(host, (http.get(host) ?? 0) + 1)
    }
  }
  return {
    dns: top(dns.values(), TWIN_LIMITS.names),
    sni: top([...sni].map(([name, weight]) => ({ name, weight })), TWIN_LIMITS.names),
    tls: top(tls.values(), TWIN_LIMITS.fingerprints),
    httpHosts: top([...http].map(([name, weight]) => ({ name, weight })), TWIN_LIMITS.names),
  }
}
