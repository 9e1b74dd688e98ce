import { describe, expect, it } from 'vitest'
import { seg } from '../flows/test-batch.ts'
import { defaultParams } from './detector.ts'
import { latencyShift } from './latency-shift.ts'
import { contextOf, tcpSession, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const params = { ...defaultParams(latencyShift), minPackets: 200 }

/** A connection with handshake RTT `rtt` and `retrans` retransmitted data segments. */
function conn(t: number, i: number, rtt: number, retrans: number): Pkt[] {
  const c = `10.0.0.20:${30000 + i}`
  const s = '10.0.0.80:443'
  const out: Pkt[] = [seg(t, c, s, 'S', 100, 0), seg(t + rtt / 2, s, c, 'SA', 500, 101), seg(t + rtt, c, s, 'A', 101, 501)]
  for (let k = 0; k < 4; k++) out.push(seg(t + rtt + 0.01 * (k + 1), c, s, 'PA', 101 + k * 100, 501, 100))
  for (let k = 0; k < retrans; k++) out.push(seg(t + rtt + 0.1 + 0.01 * k, c, s, 'PA', 101 + k * 100, 501, 100))
  out.push(seg(t + rtt + 0.2, s, c, 'A', 501, 501))
  return out
}

describe('latency, jitter and retransmission shifts', () => {
  it('raises a retransmission storm without a baseline', () => {
    const pkts: Pkt[] = []
    for (let i = 0; i < 60; i++) pkts.push(...conn(T0 + i * 0.5, i, 0.01, 3))
    const alerts = latencyShift.run(contextOf(pkts), params)
    expect(alerts.map((a) => a.category)).toContain('retransmission-storm')
  })

  it('raises slower handshakes against the baseline, and nothing when they stay the same', () => {
    const pkts: Pkt[] = []
    for (let i = 0; i < 200; i++) pkts.push(...conn(T0 + i, i, i < 120 ? 0.01 : 0.2, 0))
    const alerts = latencyShift.run(contextOf(pkts, 0.5), params)
    expect(alerts.map((a) => a.category)).toContain('latency-shift')
    const same: Pkt[] = []
    for (let i = 0; i < 200; i++) same.push(...tcpSession(T0 + i, `10.0.0.20:${30000 + i}`, '10.0.0.80:443'))
    expect(latencyShift.run(contextOf(same, 0.5), params)).toEqual([])
  })
})
