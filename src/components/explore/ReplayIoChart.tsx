/** The capture's traffic over time with the replay playhead on it; clicking or arrow keys move the playhead. */
import { useCallback, useEffect, useRef } from 'react'
import type { IoSeries } from '../../analysis/io-graph.ts'
import { renderTimeSeries, type TimeSeriesHandle } from '../../charts/time-series.ts'
import { Chart } from '../shell/Chart.tsx'
import { compact } from './cell-format.ts'

interface Props {
  readonly io: IoSeries
  readonly playhead: number
  readonly onSeek: (time: number) => void
}

export function ReplayIoChart({ io, playhead, onSeek }: Props) {
  const handle = useRef<TimeSeriesHandle | null>(null)
  const at = useRef(playhead)
  at.current = playhead
  const seek = useRef(onSeek)
  seek.current = onSeek
  const draw = useCallback((svg: SVGSVGElement, width: number) => {
    const n = io.bytes.length
    const times = Float64Array.from({ length: n }, (_, i) => io.start + i * io.bucketSeconds)
    const h = renderTimeSeries(svg, { times, series: [{ name: 'traffic', values: Array.from(io.bytes, (b) => (b * 8) / io.bucketSeconds) }] }, {
      label: 'Traffic over the capture, with the replay playhead', width, height: 160, yLabel: 'bit/s', formatValue: compact,
      playhead: at.current, onPlayhead: (t) => seek.current(t),
    })
    handle.current = h
    return h
  }, [io])
  useEffect(() => {
    handle.current?.setPlayhead(playhead)
  }, [playhead])
  return <Chart title="Traffic and playhead" draw={draw} empty={io.bytes.length === 0 ? 'No packets.' : null} testId="replay-io" />
}
