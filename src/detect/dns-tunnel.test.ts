import { describe, expect, it } from 'vitest'
import { defaultParams } from './detector.ts'
import { dnsTunnel } from './dns-tunnel.ts'
import { contextOf, dnsQuery, rng, udpExchange, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const run = (pkts: Pkt[]) => dnsTunnel.run(contextOf(pkts), defaultParams(dnsTunnel))

function base32(r: () => number, n: number): string {
  const abc = 'abcdefghijklmnopqrstuvwxyz234567'
  let s = ''
  for (let i = 0; i < n; i++) s += abc[Math.floor(r() * 32)]
  return s
}

describe('DNS tunnel and DGA', () => {
  it('raises data carried in subdomains of one domain (iodine-like, one socket)', () => {
    const r = rng(2)
    const pkts: Pkt[] = []
    for (let i = 0; i < 120; i++) pkts.push(...udpExchange(T0 + i * 0.2, '10.0.0.8:5353', '10.0.0.1:53', { fact: dnsQuery(`${base32(r, 50)}.${base32(r, 40)}.t.hidemyself.org`, 10), app: 1 }))
    const alerts = run(pkts)
    expect(alerts.map((a) => [a.category, a.src[0]])).toEqual([['dns-tunnel', '10.0.0.8']])
    expect(alerts[0].explanation).toMatch(/hidemyself\.org/)
  })

  it('does not raise ordinary lookups of many sites and a CDN with many short names', () => {
    const sites = ['www.google.com', 'mail.example.org', 'cdn.jsdelivr.net', 'api.github.com', 'www.bbc.co.uk', 'images.example.com']
    const pkts: Pkt[] = []
    for (let i = 0; i < 300; i++) pkts.push(...udpExchange(T0 + i, `10.0.0.8:${20000 + i}`, '10.0.0.1:53', { fact: dnsQuery(sites[i % sites.length]), app: 1 }))
    for (let i = 0; i < 60; i++) pkts.push(...udpExchange(T0 + i, `10.0.0.9:${30000 + i}`, '10.0.0.1:53', { fact: dnsQuery(`img${i}.static.example.net`), app: 1 }))
    expect(run(pkts)).toEqual([])
  })

  it('raises a client getting NXDOMAIN for many random-looking names (DGA)', () => {
    const r = rng(4)
    const pkts: Pkt[] = []
    for (let i = 0; i < 40; i++) {
      const name = `${base32(r, 16)}.com`
      pkts.push({ t: T0 + i, src: `10.0.0.8:${20000 + i}`, dst: '10.0.0.1:53', proto: 'udp', len: 40, fact: dnsQuery(name), app: 1 })
      pkts.push({ t: T0 + i + 0.01, src: '10.0.0.1:53', dst: `10.0.0.8:${20000 + i}`, proto: 'udp', len: 90, fact: dnsQuery(name, 1, true, 3), app: 1 })
    }
    const alerts = run(pkts)
    expect(alerts.map((a) => [a.category, a.mitre?.id])).toEqual([['dns-tunnel', 'T1568.002']])
  })
})
