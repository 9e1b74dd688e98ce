import { describe, expect, it } from 'vitest'
import type { AppFact, DhcpFact, DnsFact, TlsHelloFact, TlsServerHelloFact } from '../model/app-facts.ts'
import { FlowFactStore } from './flow-facts.ts'

const query: DnsFact = { kind: 'dns', id: 1, isResponse: false, opcode: 0, rcode: 0, qname: 'a.test', qtype: 1, qclass: 1, questions: 1, answers: [], counts: [1, 0, 0, 0] }
const response: DnsFact = { ...query, isResponse: true, answers: [{ name: 'a.test', type: 1, ttl: 30, data: '192.0.2.1' }], counts: [1, 1, 0, 0] }
const hello: TlsHelloFact = {
  kind: 'tls-client-hello', legacyVersion: 0x303, versions: [0x304], sni: 'b.test', alpn: ['h2'], cipherSuites: [0x1301], extensions: [0, 16],
  ja3: '771,4865,0-16,,', ja3Hash: '0'.repeat(32), ja4: 't13d0102h2_x_y', reason: null,
}
const serverHello: TlsServerHelloFact = { kind: 'tls-server-hello', version: 0x304, cipherSuite: 0x1301 }
const dhcp = (hostName: string | null): DhcpFact => ({ kind: 'dhcp', messageType: 1, clientMac: '00:00:00:00:00:01', hostName, requestedIp: null, yourIp: '0.0.0.0' })

describe('FlowFactStore', () => {
  it('keeps the first fact of each kind per flow and gives them back equal', () => {
    const s = new FlowFactStore()
    expect(s.get(0)).toBeNull()
    s.add(3, query)
    s.add(3, response)
    s.add(3, { ...query, id: 2, qname: 'later.test' })
    s.add(3, hello)
    s.add(3, serverHello)
    s.add(8, serverHello)
    expect(s.size).toBe(2)
    const f = s.get(3)
    expect(f).toEqual({ dnsQuery: query, dnsResponse: response, tlsClientHello: hello, tlsServerHello: serverHello, httpRequest: null, dhcp: null, quicInitial: null })
    expect(JSON.stringify(f?.dnsResponse)).toBe(JSON.stringify(response))
    expect(s.get(8)?.tlsServerHello).toEqual(serverHello)
    expect(s.get(4)).toBeNull()
    expect(s.get(-1)).toBeNull()
    expect(s.get(1e9)).toBeNull()
    expect(s.packedDnsFacts).toBe(2)
  })

  it('prefers the first DHCP message that names the host, and ignores ids that are not flow ids', () => {
    const s = new FlowFactStore()
    s.add(0, dhcp(null))
    s.add(0, dhcp('first'))
    s.add(0, dhcp('second'))
    expect(s.get(0)?.dhcp?.hostName).toBe('first')
    s.add(-1, query)
    s.add(1.5, query)
    expect(s.size).toBe(1)
  })

  it('keeps a DNS fact it cannot pack as it is', () => {
    const s = new FlowFactStore()
    const odd = { ...query, ttlHint: 5 } as unknown as AppFact
    s.add(0, odd)
    expect(s.packedDnsFacts).toBe(0)
    expect(s.get(0)?.dnsQuery).toBe(odd)
  })

  it('moves to another store through a structured clone, facts and packed DNS facts alike', () => {
    const s = new FlowFactStore()
    for (let id = 0; id < 3000; id++) {
      s.add(id, { ...query, id: id & 0xffff })
      if (id % 3 === 0) s.add(id, hello)
    }
    const moved = new FlowFactStore()
    moved.adoptFacts(structuredClone(s.exportFacts()))
    expect(moved.size).toBe(3000)
    for (const id of [0, 1, 2999]) expect(moved.get(id)).toEqual(s.get(id))
    expect(() => new FlowFactStore().adoptFacts({ ...s.exportFacts(), list: [12345] })).toThrow(/packed fact/)
  })

  it('reads the DNS question name and the ClientHello through narrow accessors exactly as get() gives them', () => {
    const s = new FlowFactStore()
    // 0: packed query and response; 1: response only; 2: a query without a name before a named response;
    // 3: an unpackable query kept as an object (an extra field); 4: a ClientHello alone; 5: nothing.
    s.add(0, query)
    s.add(0, response)
    s.add(0, hello)
    s.add(1, { ...response, qname: 'only-response.test' })
    s.add(2, { ...query, qname: null })
    s.add(2, { ...response, qname: 'named.test' })
    s.add(3, { ...query, qname: 'object.test', extra: 1 } as DnsFact)
    s.add(4, hello)
    expect(s.packedDnsFacts).toBe(5)
    for (let id = -1; id <= 6; id++) {
      const f = s.get(id)
      const q = f === null ? null : (f.dnsQuery ?? f.dnsResponse)
      expect(s.dnsQuestionName(id)).toBe(q === null ? null : q.qname)
      expect(s.clientHello(id)).toBe(f?.tlsClientHello ?? null)
    }
    expect(s.dnsQuestionName(0)).toBe('a.test')
    expect(s.dnsQuestionName(1)).toBe('only-response.test')
    expect(s.dnsQuestionName(2)).toBeNull()
    expect(s.dnsQuestionName(3)).toBe('object.test')
    expect(s.clientHello(4)).toBe(hello)
    expect(s.clientHello(1)).toBeNull()
  })
})
