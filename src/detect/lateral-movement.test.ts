import { describe, expect, it } from 'vitest'
import { defaultParams } from './detector.ts'
import { lateralMovement } from './lateral-movement.ts'
import { contextOf, officeTraffic, tcpSession, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const params = defaultParams(lateralMovement)

describe('lateral movement', () => {
  it('raises SMB sessions from one workstation to 12 others', () => {
    const pkts: Pkt[] = []
    for (let h = 0; h < 12; h++) pkts.push(...tcpSession(T0 + h * 20, `10.0.0.15:${45000 + h}`, `10.0.1.${10 + h}:445`, { up: 2000, down: 3000, requests: 4 }))
    const alerts = lateralMovement.run(contextOf(pkts), params)
    expect(alerts.map((a) => [a.src[0], a.dstCount, a.mitre?.id])).toEqual([['10.0.0.15', 12, 'T1021']])
  })

  it('does not raise an admin reaching a few servers, nor SMB to outside hosts', () => {
    const pkts: Pkt[] = []
    for (let h = 0; h < 4; h++) pkts.push(...tcpSession(T0 + h * 20, `10.0.0.15:${45000 + h}`, `10.0.1.${10 + h}:3389`))
    for (let h = 0; h < 12; h++) pkts.push(...tcpSession(T0 + h * 20, `10.0.0.16:${45000 + h}`, `${40 + h}.1.1.1:445`))
    expect(lateralMovement.run(contextOf(pkts), params)).toEqual([])
  })

  it('with a baseline counts only peers the host never had', () => {
    const pkts: Pkt[] = [...officeTraffic(T0, 300, 8)]
    for (let h = 0; h < 8; h++) pkts.push(...tcpSession(T0 + 10 + h, `10.0.0.11:${46000 + h}`, `10.0.1.${10 + h}:22`))
    for (let h = 0; h < 8; h++) pkts.push(...tcpSession(T0 + 200 + h, `10.0.0.11:${47000 + h}`, `10.0.1.${10 + h}:22`))
    expect(lateralMovement.run(contextOf(pkts, 0.3), params)).toEqual([])
    for (let h = 0; h < 4; h++) pkts.push(...tcpSession(T0 + 250 + h, `10.0.0.11:${48000 + h}`, `10.0.2.${10 + h}:22`))
    const alerts = lateralMovement.run(contextOf(pkts, 0.3), params)
    expect(alerts.map((a) => [a.dstCount, a.baselineSource])).toEqual([[4, 'baseline']])
  })
})
