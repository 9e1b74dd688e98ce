import { describe, expect, it } from 'vitest'
import { defaultParams } from './detector.ts'
import { newEntities } from './new-entities.ts'
import { contextOf, officeTraffic, tcpSession, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const params = defaultParams(newEntities)

describe('new host and new service', () => {
  it('needs a baseline', () => {
    expect(newEntities.run(contextOf(officeTraffic(T0, 60, 2)), params)).toEqual([])
  })

  it('reports an internal host and a service that appear after the baseline period', () => {
    const pkts: Pkt[] = [...officeTraffic(T0, 300, 2)]
    for (let i = 0; i < 5; i++) pkts.push(...tcpSession(T0 + 200 + i, `10.0.0.77:${41000 + i}`, '93.184.216.34:443'))
    // The resolver 10.0.0.1 starts answering on SSH: a service it never offered.
    for (let i = 0; i < 4; i++) pkts.push(...tcpSession(T0 + 250 + i, `10.0.0.12:${42000 + i}`, '10.0.0.1:22'))
    const alerts = newEntities.run(contextOf(pkts, 0.3), params)
    expect(alerts.filter((a) => a.category === 'new-host').map((a) => a.src[0])).toEqual(['10.0.0.77'])
    expect(alerts.filter((a) => a.category === 'new-service').map((a) => [a.dst[0], a.ports[0]])).toEqual([['10.0.0.1', 22]])
  })

  it('does not take a known host answering ARP for the first time for a new service', () => {
    const pkts: Pkt[] = [...officeTraffic(T0, 300, 2)]
    const arp = (t: number, src: string, dst: string): Pkt => ({ t, src, dst, proto: 'arp' })
    // Four hosts ask for 10.0.0.12 and it answers each: four ARP flows, enough for a "service".
    for (let i = 0; i < 4; i++) pkts.push(arp(T0 + 250 + i, `10.0.0.${30 + i}`, '10.0.0.12'), arp(T0 + 250.001 + i, '10.0.0.12', `10.0.0.${30 + i}`))
    expect(newEntities.run(contextOf(pkts, 0.3), params).filter((a) => a.category === 'new-service')).toEqual([])
  })

  it('stays quiet when the later traffic is like the baseline', () => {
    expect(newEntities.run(contextOf(officeTraffic(T0, 300, 2), 0.3), params)).toEqual([])
  })

  it('groups many new hosts into one alert with each host\'s first five flows as evidence', () => {
    const pkts: Pkt[] = [...officeTraffic(T0, 300, 2)]
    const news = ['10.0.0.77', '10.0.0.78', '10.0.0.79']
    for (let i = 0; i < 7; i++) for (const [k, h] of news.entries()) pkts.push(...tcpSession(T0 + 200 + i + k * 0.1, `${h}:${41000 + i}`, '93.184.216.34:443'))
    const ctx = contextOf(pkts, 0.3)
    const grouped = newEntities.run(ctx, { ...params, groupAbove: 2 }).filter((a) => a.category === 'new-host')
    expect(grouped).toHaveLength(1)
    expect([...grouped[0].src].sort()).toEqual(news)
    expect(grouped[0].observed).toBe(3)
    expect(grouped[0].evidence).toHaveLength(15)
    // Each host's own alert (below the group size) lists all its flows; the group's evidence is their first five.
    const single = newEntities.run(ctx, { ...params, groupAbove: 3 }).filter((a) => a.category === 'new-host')
    expect(single.map((a) => a.src[0]).sort()).toEqual(news)
    expect(single.map((a) => a.evidence.length)).toEqual([7, 7, 7])
    expect([...grouped[0].evidence].sort((a, b) => a - b)).toEqual(single.flatMap((a) => a.evidence.slice(0, 5)).sort((a, b) => a - b))
    expect(grouped[0].start).toBe(Math.min(...single.map((a) => a.start)))
    expect(grouped[0].end).toBe(Math.max(...single.map((a) => a.end)))
  })
})
