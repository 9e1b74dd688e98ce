import { describe, expect, it } from 'vitest'
import { defaultParams } from './detector.ts'
import { exfiltration } from './exfiltration.ts'
import { contextOf, officeTraffic, tcpSession, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000

describe('exfiltration', () => {
  it('raises a 60 MB upload to an outside address', () => {
    const pkts = tcpSession(T0, '10.0.0.15:50000', '198.51.100.7:443', { up: 60_000, down: 200, requests: 1000 })
    const alerts = exfiltration.run(contextOf(pkts), defaultParams(exfiltration))
    expect(alerts.map((a) => [a.src[0], a.dst[0]])).toEqual([['10.0.0.15', '198.51.100.7']])
  })

  it('does not raise a 60 MB download, nor the same upload between internal hosts', () => {
    const down = tcpSession(T0, '10.0.0.15:50000', '198.51.100.7:443', { up: 200, down: 60_000, requests: 1000 })
    expect(exfiltration.run(contextOf(down), defaultParams(exfiltration))).toEqual([])
    const lan = tcpSession(T0, '10.0.0.15:50000', '10.0.0.200:445', { up: 60_000, down: 200, requests: 1000 })
    expect(exfiltration.run(contextOf(lan), defaultParams(exfiltration))).toEqual([])
  })

  it('with a baseline, raises a smaller upload from a host that never sends much', () => {
    const pkts: Pkt[] = [...officeTraffic(T0, 300, 5), ...tcpSession(T0 + 250, '10.0.0.12:51000', '198.51.100.7:443', { up: 60_000, down: 100, requests: 200 })]
    const alerts = exfiltration.run(contextOf(pkts, 0.3), defaultParams(exfiltration))
    expect(alerts.map((a) => [a.src[0], a.baselineSource])).toEqual([['10.0.0.12', 'baseline']])
    expect(exfiltration.run(contextOf(officeTraffic(T0, 300, 5), 0.3), defaultParams(exfiltration))).toEqual([])
  })
})
