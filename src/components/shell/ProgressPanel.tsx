/**
 * Progress of the current read: bytes read of the total, packets and flows so far, elapsed time and an
 * estimate of the time left (from the byte rate so far), and Cancel.
 */
import { useEffect, useState } from 'react'
import { escapeDisplay } from '../../lib/escape.ts'
import { formatCount, formatElapsed, formatSize } from '../../lib/display-format.ts'
import { cancelReading, useAnalysisStore } from '../../state/analysis-store.ts'
import { LiveAlertCount } from '../detect/LiveAlertCount.tsx'

/** Re-render this often so the elapsed time moves even when progress reports pause (e.g. a slow disk). */
const TICK_MS = 250
/** No estimate before this much time and progress: early rates swing too much to be useful. */
const MIN_ESTIMATE_SECONDS = 1

/** Seconds left at the average rate so far, or null when there is no sound estimate yet. */
export function timeLeft(bytesRead: number, total: number | null, elapsedSeconds: number): number | null {
  if (!total || total <= 0 || bytesRead <= 0 || elapsedSeconds < MIN_ESTIMATE_SECONDS) return null
  const rate = bytesRead / elapsedSeconds
  return Math.max(0, (total - bytesRead) / rate)
}

export function ProgressPanel() {
  const reading = useAnalysisStore((s) => s.reading)
  const progress = useAnalysisStore((s) => s.progress)
  const startedAt = useAnalysisStore((s) => s.startedAt)
  const [now, setNow] = useState(() => performance.now())

  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), TICK_MS)
    return () => clearInterval(timer)
  }, [])

  if (!reading) return null
  const bytesRead = progress?.bytesRead ?? 0
  const total = progress?.totalBytes ?? (reading.size > 0 ? reading.size : null)
  const percent = total && total > 0 ? Math.min(100, Math.floor((bytesRead / total) * 100)) : 0
  const amount = total ? `${formatSize(bytesRead)} of ${formatSize(total)}` : formatSize(bytesRead)
  const elapsed = (Math.max(now, startedAt) - startedAt) / 1000
  const left = timeLeft(bytesRead, total, elapsed)

  return (
    <section className="progress card" aria-label="Reading progress" data-testid="progress">
      <h2>
        Reading <span className="file-name">{escapeDisplay(reading.name)}</span>
      </h2>
      <div
        className="progress-track"
        role="progressbar"
        aria-label="Bytes read"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% (${amount})`}
      >
        <div className="progress-fill" style={{ transform: `scaleX(${percent / 100})` }} />
      </div>
      <dl className="progress-facts">
        <div>
          <dt>Read</dt>
          <dd data-testid="progress-bytes">{amount}</dd>
        </div>
        <div>
          <dt>Packets</dt>
          <dd data-testid="progress-packets">{formatCount(progress?.packets ?? 0)}</dd>
        </div>
        <div>
          <dt>Flows</dt>
          <dd data-testid="progress-flows">{formatCount(progress?.flows ?? 0)}</dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd>{formatElapsed(elapsed)}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd data-testid="progress-left">{left === null ? 'estimating…' : `about ${formatElapsed(left)}`}</dd>
        </div>
        <LiveAlertCount />
      </dl>
      <button type="button" onClick={cancelReading} data-testid="cancel">
        Cancel
      </button>
    </section>
  )
}
