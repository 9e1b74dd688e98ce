import { describe, expect, it } from 'vitest'
import { defaultParams } from './detector.ts'
import { protocolMix } from './protocol-mix.ts'
import { contextOf, officeTraffic, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const params = { ...defaultParams(protocolMix), minPackets: 100 }

describe('protocol mix', () => {
  it('raises a window dominated by a service the baseline never carried', () => {
    const pkts: Pkt[] = [...officeTraffic(T0, 400, 6)]
    for (let i = 0; i < 3000; i++) pkts.push({ t: T0 + 300 + i / 50, src: `10.0.0.${11 + (i % 3)}:5060`, dst: '198.51.100.9:5060', proto: 'udp', len: 400 })
    const alerts = protocolMix.run(contextOf(pkts, 0.3), params)
    expect(alerts.length).toBeGreaterThan(0)
    expect(alerts[0].explanation).toMatch(/udp\/5060/)
  })

  it('stays quiet when the mix is the baseline\'s, and without a baseline', () => {
    expect(protocolMix.run(contextOf(officeTraffic(T0, 400, 6), 0.3), params)).toEqual([])
    expect(protocolMix.run(contextOf(officeTraffic(T0, 100, 6)), params)).toEqual([])
  })
})
