import { describe, expect, it } from 'vitest'
import { FlowKind, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from '../flows/flow-key.ts'
import { contextOf, officeTraffic, ping, udpExchange } from './test-traffic.ts'

const T0 = 1_700_000_000

describe('flow lists', () => {
  it('lists every non-TCP IP flow once, under its transport, in ascending order', () => {
    const pkts = [...officeTraffic(T0, 300, 2), ...ping(T0 + 5, '10.0.0.5', '10.0.0.9'), ...udpExchange(T0 + 7, '10.0.0.5:5000', '10.0.0.9:161'), { t: T0 + 9, src: '10.0.0.5', dst: '10.0.0.9', proto: 47 }]
    const ctx = contextOf(pkts.sort((a, b) => a.t - b.t))
    const { udp, icmp, otherIp } = ctx.lists
    const c = ctx.c
    const expected = { udp: [] as number[], icmp: [] as number[], otherIp: [] as number[] }
    for (let id = 0; id < ctx.count; id++) {
      if (c.kind[id] !== FlowKind.IP || c.proto[id] === IPPROTO_TCP) continue
      const p = c.proto[id]
      if (p === IPPROTO_UDP) expected.udp.push(id)
      else if (p === IPPROTO_ICMP || p === IPPROTO_ICMPV6) expected.icmp.push(id)
      else expected.otherIp.push(id)
    }
    expect([...udp]).toEqual(expected.udp)
    expect([...icmp]).toEqual(expected.icmp)
    expect([...otherIp]).toEqual(expected.otherIp)
    expect(udp.length).toBeGreaterThan(0)
    expect(icmp.length).toBeGreaterThan(0)
    expect(otherIp.length).toBe(1)
    // The same object on every use.
    expect(ctx.lists).toBe(ctx.lists)
  })
})
