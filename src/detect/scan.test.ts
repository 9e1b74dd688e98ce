import { describe, expect, it } from 'vitest'
import { defaultParams } from './detector.ts'
import { hostSweep } from './host-sweep.ts'
import { portScan } from './port-scan.ts'
import { contextOf, officeTraffic, ping, synProbe, tcpSession, type Pkt } from './test-traffic.ts'
import { thresholdRandomWalk } from './trw.ts'

const T0 = 1_700_000_000

describe('thresholdRandomWalk', () => {
  it('decides "scanner" after four failures in a row with the paper defaults', () => {
    expect(thresholdRandomWalk([false, false, false]).decidedAt).toBe(-1)
    expect(thresholdRandomWalk([false, false, false, false]).decidedAt).toBe(3)
  })

  it('stays undecided for mostly successful first contacts', () => {
    const outcomes = Array.from({ length: 200 }, (_, i) => i % 5 !== 0)
    expect(thresholdRandomWalk(outcomes).decidedAt).toBe(-1)
  })
})

describe('port scan', () => {
  it('fires on a SYN scan of 100 ports of one host and names scanner and target', () => {
    const pkts: Pkt[] = []
    for (let p = 1; p <= 100; p++) pkts.push(...synProbe(T0 + p * 0.01, `10.0.0.66:${50000 + p}`, `10.0.0.5:${p}`, true))
    const alerts = portScan.run(contextOf(pkts), defaultParams(portScan))
    expect(alerts).toHaveLength(1)
    expect(alerts[0].src).toEqual(['10.0.0.66'])
    expect(alerts[0].dst).toEqual(['10.0.0.5'])
    expect(alerts[0].evidenceCount).toBe(100)
    expect(alerts[0].mitre?.id).toBe('T1046')
  })

  it('fires on the target\'s ICMP port-unreachable answers alone', () => {
    const pkts: Pkt[] = []
    for (let i = 0; i < 40; i++) pkts.push({ t: T0 + i * 0.001, src: '10.0.0.5', dst: '10.0.0.66', proto: 'icmp', type: 3, code: 3, len: 56 })
    const alerts = portScan.run(contextOf(pkts), defaultParams(portScan))
    expect(alerts.map((a) => [a.src[0], a.dst[0]])).toEqual([['10.0.0.66', '10.0.0.5']])
  })

  it('does not fire on a client using five services of one server successfully', () => {
    const pkts: Pkt[] = [...officeTraffic(T0, 60)]
    const ports = [22, 80, 443, 445, 3389]
    ports.forEach((p, i) => pkts.push(...tcpSession(T0 + i, `10.0.0.11:${41000 + i}`, `10.0.0.5:${p}`)))
    expect(portScan.run(contextOf(pkts), defaultParams(portScan))).toEqual([])
  })

  it('does not fire on 12 refused ports (below the threshold, and too few for the walk with successes mixed in)', () => {
    const pkts: Pkt[] = []
    for (let p = 1; p <= 12; p++) {
      pkts.push(...tcpSession(T0 + p, `10.0.0.66:${40000 + p}`, `10.0.0.5:${8000 + p}`))
      if (p % 3 === 0) pkts.push(...synProbe(T0 + p + 0.5, `10.0.0.66:${50000 + p}`, `10.0.0.5:${p}`, true))
    }
    expect(portScan.run(contextOf(pkts), defaultParams(portScan))).toEqual([])
  })
})

describe('host sweep', () => {
  it('fires on an unanswered ping sweep of a /24', () => {
    const pkts: Pkt[] = []
    for (let h = 1; h < 255; h++) pkts.push(...ping(T0 + h * 0.01, '192.168.1.109', `192.168.1.${h}`, h % 10 === 0, h))
    const alerts = hostSweep.run(contextOf(pkts), defaultParams(hostSweep))
    expect(alerts).toHaveLength(1)
    expect(alerts[0].src).toEqual(['192.168.1.109'])
    expect(alerts[0].dstCount).toBe(254)
    expect(alerts[0].mitre?.id).toBe('T1018')
  })

  it('fires on an answered ping sweep through the window count', () => {
    const pkts: Pkt[] = []
    for (let h = 1; h <= 40; h++) pkts.push(...ping(T0 + h * 0.05, '10.1.1.1', `10.1.2.${h}`, true, h))
    expect(hostSweep.run(contextOf(pkts), defaultParams(hostSweep)).map((a) => a.src[0])).toEqual(['10.1.1.1'])
  })

  it('fires on a slow SYN sweep of port 23 to random hosts through the random walk', () => {
    const pkts: Pkt[] = []
    for (let h = 0; h < 12; h++) pkts.push(...synProbe(T0 + h * 60, `192.168.2.16:${30000 + h}`, `${20 + h}.1.2.3:23`))
    const alerts = hostSweep.run(contextOf(pkts), defaultParams(hostSweep))
    expect(alerts.map((a) => a.src[0])).toEqual(['192.168.2.16'])
    expect(alerts[0].ports).toEqual([23])
  })

  it('does not fire on a browser reaching 60 web servers successfully', () => {
    const pkts: Pkt[] = []
    for (let h = 0; h < 60; h++) pkts.push(...tcpSession(T0 + h * 2, `10.0.0.11:${40000 + h}`, `${30 + h}.10.10.10:443`, { up: 600, down: 20000 }))
    expect(hostSweep.run(contextOf(pkts), defaultParams(hostSweep))).toEqual([])
  })
})
