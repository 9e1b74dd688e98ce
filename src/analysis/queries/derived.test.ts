import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { IoGraph } from '../io-graph.ts'
import { hourDayMatrix, portHostMatrix } from './heatmap-data.ts'
import { hostMatrixOf, hostSeriesOf, hostsInWindowOf, isHostMetric } from './host-window-table.ts'
import { rebucket } from './io-rebucket.ts'
import { type LiveRun, readLive } from './live-test-kit.ts'
import { HOSTS, lanCaptureBytes } from './test-capture.ts'

let run: LiveRun
beforeAll(async () => {
  run = await readLive(lanCaptureBytes(), 'lan.pcap')
})

describe('the host x window table', () => {
  it('answers as the statistics module does for host series and window rows', () => {
    const t = run.live.hostWindowTable()
    if (!t) throw new Error('a finished analysis has a host table')
    const { stats, ctx } = run.live.analysis
    const web = HOSTS.web.ip.join('.')
    const id = [...Array(ctx.addresses.size).keys()].find((k) => k > 0 && ctx.addresses.format(k) === web)
    if (id === undefined) throw new Error('web server address not interned')
    expect(hostSeriesOf(t, web)).toEqual(stats.hostWindows(id))
    for (const start of t.windowStarts) expect(hostsInWindowOf(t, start + 0.5, 100)).toEqual(stats.hostsInWindow(start + 0.5, 100))
  })

  it('builds the same heatmap rows as the statistics module (same hosts, same values per host)', () => {
    const t = run.live.hostWindowTable()
    if (!t) throw new Error('a finished analysis has a host table')
    for (const metric of ['bytesOut', 'packetsIn', 'flowsStarted'] as const) {
      const mine = hostMatrixOf(t, metric, 50)
      const theirs = run.live.analysis.stats.hostHeatmap(metric, 50)
      expect([...mine.hosts].sort()).toEqual([...theirs.hosts].sort())
      const w = mine.windowStart.length
      for (const [k, host] of mine.hosts.entries()) {
        const j = theirs.hosts.indexOf(host)
        expect(mine.values.subarray(k * w, (k + 1) * w)).toEqual(theirs.values.subarray(j * w, (j + 1) * w))
      }
    }
  })

  it('knows its metric names and nothing else', () => {
    expect(isHostMetric('bytesOut')).toBe(true)
    expect(isHostMetric('tcpSyn')).toBe(true)
    expect(isHostMetric('constructor')).toBe(false)
    expect(isHostMetric(3)).toBe(false)
  })
})

describe('rebucket', () => {
  it('equals IoGraph.series for any bucket and point cap', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 500, noNaN: true }), fc.integer({ min: 0, max: 1500 })), { maxLength: 300 }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        (packets, bucket, maxPoints) => {
          const g = new IoGraph(64)
          for (const [t, len] of packets) g.addPacket(1_700_000_000 + t, len)
          expect(rebucket(g.series(0, Number.MAX_SAFE_INTEGER), bucket, maxPoints)).toEqual(g.series(bucket, maxPoints))
        },
      ),
      { seed: 7, numRuns: 200 },
    )
  })
})

describe('heatmap matrices', () => {
  it('sum the (host, port) table into the busiest hosts and ports', () => {
    const t = { host: ['a', 'b', 'a', 'c'], port: ['tcp/80', 'tcp/80', 'udp/53', 'tcp/22'], bytes: Float64Array.of(10, 5, 3, 1), packets: Float64Array.of(1, 1, 1, 1), conversations: Float64Array.of(1, 2, 3, 4) }
    const m = portHostMatrix(t, 'bytes', 2, 2)
    expect(m.hosts).toEqual(['a', 'b'])
    expect(m.ports).toEqual(['tcp/80', 'udp/53'])
    expect([...m.values]).toEqual([10, 3, 5, 0])
  })

  it('puts base buckets into UTC hours and days, days without traffic included', () => {
    const day = 86400
    const start = 19_000 * day + 23 * 3600 // 23:00 UTC
    const io = { start, bucketSeconds: 1800, packets: Float64Array.of(1, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8), bytes: new Float64Array(51), flowsStarted: new Float64Array(51) }
    const m = hourDayMatrix(io, 'packets')
    expect(m.days).toEqual(['2022-01-08', '2022-01-09', '2022-01-10'])
    expect(m.values[23]).toBe(3)
    expect(m.values[24]).toBe(4)
    expect(m.values.reduce((a, b) => a + b, 0)).toBe(15)
    expect(m.values[2 * 24 + 0]).toBe(8) // 23:00 + 50 x 30 min = day 3, 00:00
    expect(hourDayMatrix({ ...io, packets: new Float64Array(0) }, 'packets').days).toEqual([])
  })
})
