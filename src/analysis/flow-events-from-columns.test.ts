import { describe, expect, it } from 'vitest'
import { DecodeContext } from '../decode/context.ts'
import type { FlowEndEvent, FlowStartEvent } from './flow-events.ts'
import { FlowOutcome } from './flow-events.ts'
import { type FlowColumnsLike, emitFlowEvents } from './flow-events-from-columns.ts'
import { Statistics } from './statistics.ts'
import { buildBatches, internIp } from './test-batch.ts'

const NAMES = ['S0', 'S1', 'SF', 'REJ', 'S2', 'S3', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH']
const T0 = 1_700_000_000

function columns(rows: { proto: number; first: number; state: string; rtt?: number; pkts?: number; retrans?: number }[], a: number, b: number): FlowColumnsLike {
  const col = (f: (r: (typeof rows)[number]) => number) => Float64Array.from(rows.map(f))
  return {
    proto: col((r) => r.proto), origAddr: col(() => a), respAddr: col(() => b), origPort: col(() => 40000), respPort: col(() => 443),
    first: col((r) => r.first), last: col((r) => r.first + 1), origPkts: col((r) => r.pkts ?? 1), respPkts: col(() => 0),
    state: col((r) => NAMES.indexOf(r.state)), handshakeRtt: col((r) => r.rtt ?? Number.NaN), jitter: col(() => Number.NaN),
    retransOrig: col((r) => r.retrans ?? 0), retransResp: col(() => 0),
  }
}

describe('emitFlowEvents', () => {
  it('maps Zeek connection states to outcomes and copies the measures', () => {
    const seen: { start: FlowStartEvent; end: FlowEndEvent }[] = []
    let start: FlowStartEvent | null = null
    const c = columns([
      { proto: 6, first: 1, state: 'S0' }, { proto: 6, first: 2, state: 'REJ' }, { proto: 6, first: 3, state: 'SF', rtt: 0.05, pkts: 10, retrans: 2 },
      { proto: 6, first: 4, state: 'OTH' }, { proto: 17, first: 5, state: 'S0' },
    ], 7, 8)
    emitFlowEvents(c, 5, NAMES, {
      flowStarted: (e) => (start = { ...e }),
      flowEnded: (e) => seen.push({ start: start as FlowStartEvent, end: { ...e } }),
    })
    expect(seen.map((s) => s.end.outcome)).toEqual([FlowOutcome.Failed, FlowOutcome.Failed, FlowOutcome.Established, FlowOutcome.Other, FlowOutcome.Other])
    expect(seen[2].end).toMatchObject({ time: 3, endTime: 4, src: 7, dst: 8, srcPort: 40000, dstPort: 443, rtt: 0.05, packets: 10, retransmissions: 2 })
    expect(seen[2].start.time).toBe(3)
  })

  it('replayed after the read, gives the same windows as live events', () => {
    const packets = [0.5, 1.5, 2.5, 70.5].map((d) => ({ t: T0 + d, src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 443 }))
    const run = (live: boolean) => {
      const ctx = new DecodeContext()
      const stats = new Statistics()
      const a = internIp(ctx, '10.0.0.1')
      const b = internIp(ctx, '10.0.0.2')
      const cols = columns([{ proto: 6, first: T0 + 0.5, state: 'S0' }, { proto: 6, first: T0 + 1.5, state: 'SF', rtt: 0.02, pkts: 4, retrans: 1 }], a, b)
      const batches = buildBatches(ctx, packets, 1)
      batches.forEach((batch, i) => {
        stats.consume(batch, ctx)
        if (live && i === 1) emitFlowEvents(cols, 2, NAMES, stats)
      })
      if (!live) {
        stats.windows.finish()
        emitFlowEvents(cols, 2, NAMES, stats)
      }
      stats.finish()
      const s = stats.windowSeries()
      return { flows: Array.from(s.flowsStarted), failed: Array.from(s.failedConnections), rtt: Array.from(s.rttP50), host: stats.hostWindows(a), io: Array.from(stats.ioSeries(1).flowsStarted) }
    }
    const live = run(true)
    expect(live.flows).toEqual([1, 1, 0, 0])
    expect(live.failed).toEqual([1, 0, 0, 0])
    expect(run(false)).toEqual(live)
  })
})
