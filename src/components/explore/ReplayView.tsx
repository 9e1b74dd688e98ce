/**
 * Replay: the capture played back at a chosen speed. The topology shows the traffic of the last `window`
 * seconds before the playhead (busy hosts highlighted), the traffic chart carries the playhead, and the flows
 * table lists the flows active in that window. Drag the scrubber, or play.
 */
import { useCallback, useEffect, useState } from 'react'
import type { ViewProps } from '../views/view-definition.ts'
import { useQuery } from '../../state/use-query.ts'
import { bitRate, clockTime, count, fullTime, size } from './cell-format.ts'
import { selectHost, setPlayhead, useExploreSelection } from './explore-selection.ts'
import { FlowsTable } from './FlowsTable.tsx'
import { HostDetails } from './HostDetails.tsx'
import { ReplayIoChart } from './ReplayIoChart.tsx'
import { useReplayClock } from './ReplayPlayer.ts'
import { TopologyGraph } from './TopologyGraph.tsx'

const SPEEDS = [1, 10, 60, 600, 3600] as const
const WINDOWS = [0.1, 1, 10, 60, 300] as const
/** The flows table re-asks at most this often while playing (each question filters every flow). */
const TABLE_EVERY_MS = 1000

export function ReplayView({ source }: ViewProps) {
  const playhead = useExploreSelection((s) => s.playhead)
  const host = useExploreSelection((s) => s.host)
  const [playing, setPlaying] = useState(false)
  const [speed, setSpeed] = useState<number>(10)
  const [span, setSpan] = useState<number>(1)
  const frame = useQuery(source, 'replayFrame', { time: playhead ?? undefined, window: span, maxNodes: 300 })
  const io = useQuery(source, 'ioSeries', { bucketSeconds: 0, maxPoints: 400 })
  const f = frame.data
  const start = f?.captureStart ?? 0
  const end = f?.captureEnd ?? 0
  const time = f ? Math.min(end, Math.max(start, playhead ?? start)) : 0
  const stop = useCallback(() => setPlaying(false), [])
  useReplayClock(playing, speed, start, end, stop)
  // The table follows the playhead, but at most once a second while playing.
  const [tableRange, setTableRange] = useState<{ start: number; end: number } | null>(null)
  useEffect(() => {
    if (!f) return
    const update = () => setTableRange({ start: Math.max(start, time - span), end: time })
    if (!playing) return update()
    const timer = setTimeout(update, TABLE_EVERY_MS)
    return () => clearTimeout(timer)
  }, [f, playing, time, span, start])
  const seek = (t: number) => setPlayhead(Math.min(end, Math.max(start, t)))
  const step = Math.max(0.001, (end - start) / 1000)
  return (
    <div className="explore-view">
      <div className="card explore-controls replay-controls" role="group" aria-label="Replay controls">
        <button type="button" className="primary" onClick={() => {
          if (!playing && time >= end) setPlayhead(start)
          setPlaying(!playing)
        }} disabled={!f || end <= start} data-testid="replay-play">{playing ? 'Pause' : 'Play'}</button>
        <label className="inline-control">Speed{' '}
          <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} data-testid="replay-speed">
            {SPEEDS.map((s) => <option key={s} value={s}>{s}×</option>)}
          </select>
        </label>
        <label className="inline-control">Window{' '}
          <select value={span} onChange={(e) => setSpan(Number(e.target.value))} data-testid="replay-window">
            {WINDOWS.map((w) => <option key={w} value={w}>{w < 1 ? `${w * 1000} ms` : `${w} s`}</option>)}
          </select>
        </label>
        <input type="range" className="replay-scrubber" min={start} max={end} step={step} value={time} disabled={!f || end <= start}
          onChange={(e) => seek(Number(e.target.value))} aria-label="Playhead" aria-valuetext={fullTime(time)} data-testid="replay-scrubber" />
        <output className="replay-time" data-testid="replay-time" title={fullTime(time)}>{f ? `${clockTime(time)} (+${(time - start).toFixed(3)} s)` : '…'}</output>
      </div>
      {frame.status === 'error' && <p className="notice error" role="alert">{frame.error}</p>}
      {f && (
        <dl className="facts card replay-rates" aria-live="off">
          <div><dt>Throughput in window</dt><dd data-testid="replay-rate">{bitRate(f.bytesPerSecond * 8)}</dd></div>
          <div><dt>Packets per second</dt><dd>{f.packetsPerSecond.toFixed(1)}</dd></div>
          <div><dt>Active flows</dt><dd data-testid="replay-active-flows">{count(f.activeFlows)}</dd></div>
          <div><dt>New flows</dt><dd>{count(f.newFlows)}</dd></div>
        </dl>
      )}
      {io.data && <ReplayIoChart io={io.data} playhead={time} onSeek={seek} />}
      {f && f.graph.nodes.length > 0 && (
        <TopologyGraph title="Topology at the playhead" graph={f.graph} layoutKey={`replay|${source.id}`} maxNodes={300} highlight={f.active}
          onNodeClick={(id) => selectHost(id)} height={440} />
      )}
      {f && f.topFlows.length > 0 && (
        <table className="count-table card" data-testid="replay-top-flows">
          <caption>Busiest flows in the window</caption>
          <thead><tr><th scope="col">Source</th><th scope="col">Destination</th><th scope="col">Proto</th><th scope="col" className="num">Bytes in window</th></tr></thead>
          <tbody>
            {f.topFlows.map((r) => (
              <tr key={r.id}><th scope="row">{r.src}</th><td>{r.dst}{r.dstPort !== null ? `:${r.dstPort}` : ''}</td><td>{r.app ?? r.proto}</td><td className="num">{size(Math.round(r.bytes))}</td></tr>
            ))}
          </tbody>
        </table>
      )}
      {tableRange && <FlowsTable source={source} range={tableRange} onOpenHost={selectHost} />}
      {host && <HostDetails source={source} address={host} />}
    </div>
  )
}
