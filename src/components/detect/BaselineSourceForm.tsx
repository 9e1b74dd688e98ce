/**
 * Where the baseline is learned from: the first part of the input (with the fraction), the time range brushed
 * on the time series, a baseline file, another saved session, or none. Applying re-runs the detectors in the
 * worker (the file is not read again). Export saves the baseline in use as JSON for other files.
 */
import { useEffect, useState } from 'react'
import type { BaselineRequest, DetectSettings } from '../../detect/detect-settings.ts'
import { DEFAULT_DETECT_SETTINGS } from '../../detect/detect-settings.ts'
import { baselineOfFile, baselineOfSession } from '../../state/baseline-actions.ts'
import type { DataSource } from '../../state/data-source.ts'
import { rerunDetectors, useDetectStore } from '../../state/detect-store.ts'
import { exportAnonymizer } from '../../state/export-store.ts'
import { downloadBlob, refreshSessions, useSessionsStore } from '../../state/sessions-store.ts'
import { useViewStore } from '../../state/view-store.ts'
import { fullTime } from '../explore/cell-format.ts'

type Choice = 'fraction' | 'range' | 'file' | 'session' | 'none'

interface Props {
  readonly source: DataSource
  /** The settings of the run on screen (the new baseline keeps its detector parameters). */
  readonly settings: DetectSettings | null
  /** The baseline in use as JSON text (null: none to export). */
  readonly json: string | null
  readonly fileName: string
}

export function BaselineSourceForm({ source, settings, json, fileName }: Props) {
  const busy = useDetectStore((s) => s.busy)
  const error = useDetectStore((s) => s.error)
  const range = useViewStore((s) => s.timeRange)
  const sessions = useSessionsStore((s) => s.sessions)
  const current = settings?.baseline ?? DEFAULT_DETECT_SETTINGS.baseline
  const [choice, setChoice] = useState<Choice>(current.kind === 'json' ? 'file' : current.kind)
  const [percent, setPercent] = useState(current.kind === 'fraction' ? Math.round(current.fraction * 100) : 30)
  const [file, setFile] = useState<File | null>(null)
  const [sessionId, setSessionId] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  useEffect(() => {
    if (choice === 'session') void refreshSessions()
  }, [choice])
  const live = source.kind === 'live'

  const apply = async (): Promise<void> => {
    setProblem(null)
    let baseline: BaselineRequest
    if (choice === 'fraction') baseline = { kind: 'fraction', fraction: Math.min(100, Math.max(1, percent)) / 100 }
    else if (choice === 'none') baseline = { kind: 'none' }
    else if (choice === 'range') {
      if (range === null) return setProblem('Brush a time range on the Time series view first (drag across the chart), then come back.')
      baseline = { kind: 'range', start: range.start, end: range.end }
    } else {
      const picked = choice === 'file'
        ? file === null ? null : await baselineOfFile(file)
        : sessionId === '' ? null : await baselineOfSession(sessionId, sessions.find((s) => s.id === sessionId)?.name ?? sessionId)
      if (picked === null) return setProblem(choice === 'file' ? 'Choose a baseline file (.json) first.' : 'Choose a saved session first.')
      if (!picked.ok) return setProblem(picked.message)
      baseline = { kind: 'json', text: picked.text, label: picked.label }
    }
    await rerunDetectors(source, { ...(settings ?? DEFAULT_DETECT_SETTINGS), baseline })
  }

  const exportJson = (): void => {
    if (json === null) return
    const base = fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'capture'
    // The export setting's anonymiser rewrites every address in the baseline, as in the other exports.
    const anon = exportAnonymizer()
    const text = anon === null ? json : JSON.stringify(anon.json(JSON.parse(json)))
    downloadBlob(new Blob([text], { type: 'application/json' }), `${base}.baseline.json`)
  }

  const radio = (value: Choice, label: string) => (
    <label className="inline-control">
      <input type="radio" name="baseline-source" value={value} checked={choice === value} onChange={() => setChoice(value)} disabled={!live} data-testid={`baseline-from-${value}`} /> {label}
    </label>
  )
  return (
    <section className="card baseline-source" aria-labelledby="baseline-source-title" data-testid="baseline-source">
      <h3 id="baseline-source-title">Learn the baseline from</h3>
      {!live && <p className="muted">A saved session keeps its baseline and alerts; open the capture file again to learn a different one.</p>}
      <div role="radiogroup" aria-label="Baseline source" className="baseline-choices">
        {radio('fraction', 'the first part of this file')}
        {choice === 'fraction' && (
          <label className="inline-control">
            <input type="number" min={1} max={100} step={1} value={percent} onChange={(e) => setPercent(Number(e.target.value))} aria-label="Percent of the file" data-testid="baseline-fraction" /> %
          </label>
        )}
        {radio('range', 'the time range brushed on the time series')}
        {choice === 'range' && <span className="muted" data-testid="baseline-range">{range ? `${fullTime(range.start)} – ${fullTime(range.end)}` : 'no range brushed yet'}</span>}
        {radio('file', 'a baseline file')}
        {choice === 'file' && (
          <input type="file" accept=".json,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} aria-label="Baseline file" data-testid="baseline-import" />
        )}
        {radio('session', 'another saved session')}
        {choice === 'session' && (
          <select value={sessionId} onChange={(e) => setSessionId(e.target.value)} aria-label="Saved session" data-testid="baseline-session">
            <option value="">Choose a session…</option>
            {sessions.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        )}
        {radio('none', 'nothing (self-contained detection only)')}
      </div>
      <div className="alert-actions">
        <button type="button" onClick={() => void apply()} disabled={!live || busy} data-testid="baseline-apply">{busy ? 'Running the detectors…' : 'Apply and re-run the detectors'}</button>
        <button type="button" onClick={exportJson} disabled={json === null} data-testid="baseline-export">Export baseline (JSON)</button>
      </div>
      {(problem ?? error) !== null && <p className="notice error" role="alert" data-testid="baseline-error">{problem ?? error}</p>}
    </section>
  )
}
