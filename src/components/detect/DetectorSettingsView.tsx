/**
 * Detector settings: one form per detector from the registry's catalog (its method, the categories it raises,
 * each parameter with its default, range and explanation), a switch per detector, and Apply, which re-runs the
 * detectors in the worker over the analysis already made (the file is not read again). The engine clamps every
 * value to its documented range, so the form cannot set one the detector would not accept.
 */
import { useEffect, useState } from 'react'
import type { ParamValue } from '../../detect/detector.ts'
import { DEFAULT_DETECT_SETTINGS } from '../../detect/detect-settings.ts'
import type { DetectorInfo } from '../../detect/registry.ts'
import { rerunDetectors, useDetectStore } from '../../state/detect-store.ts'
import { useQuery } from '../../state/use-query.ts'
import type { ViewProps } from '../views/view-definition.ts'

type Draft = Record<string, Record<string, ParamValue>>

function DetectorForm({ d, values, enabled, lastRun, onValue, onEnabled }: {
  readonly d: DetectorInfo
  readonly values: Record<string, ParamValue>
  readonly enabled: boolean
  readonly lastRun: string
  readonly onValue: (key: string, v: ParamValue) => void
  readonly onEnabled: (on: boolean) => void
}) {
  return (
    <fieldset className="card detector-form" data-testid="detector-form" data-detector={d.id}>
      <legend>
        <label>
          <input type="checkbox" checked={enabled} onChange={(e) => onEnabled(e.target.checked)} data-testid="detector-enabled" /> {d.name}
        </label>{' '}
        <span className="muted">({d.id}{d.modes === 'baseline' ? ', needs a baseline' : ''}{d.optIn ? ', off by default' : ''}) {lastRun}</span>
      </legend>
      <p className="muted">{d.method} Raises: {d.categories.join(', ')}.</p>
      <div className="param-grid">
        {Object.entries(d.params).map(([key, spec]) => {
          const v = values[key] ?? spec.default
          const id = `param-${d.id}-${key}`
          return (
            <div key={key} className="param">
              {typeof spec.default === 'boolean' ? (
                <label htmlFor={id}>
                  <input id={id} type="checkbox" checked={v === true} onChange={(e) => onValue(key, e.target.checked)} data-testid="detector-param" data-param={key} /> {spec.label}
                </label>
              ) : (
                <>
                  <label htmlFor={id}>{spec.label}{spec.unit ? ` (${spec.unit})` : ''}</label>
                  <input id={id} type="number" value={String(v)} min={spec.min} max={spec.max} step={spec.step ?? (spec.integer ? 1 : 'any')}
                    onChange={(e) => { const n = Number(e.target.value); if (e.target.value !== '' && Number.isFinite(n)) onValue(key, n) }}
                    aria-describedby={`${id}-help`} data-testid="detector-param" data-param={key} />
                </>
              )}
              <small id={`${id}-help`} className="muted">{spec.help} Default {String(spec.default)}{spec.min !== undefined ? `, ${spec.min}–${spec.max}` : ''}.</small>
            </div>
          )
        })}
      </div>
    </fieldset>
  )
}

export function DetectorSettingsView({ source }: ViewProps) {
  const catalog = useQuery(source, 'detectors', {}).data
  const detection = useQuery(source, 'detection', {}).data
  const busy = useDetectStore((s) => s.busy)
  const error = useDetectStore((s) => s.error)
  const settings = detection?.settings ?? DEFAULT_DETECT_SETTINGS
  const [draft, setDraft] = useState<Draft>({})
  const [enabled, setEnabled] = useState<Record<string, boolean>>({})
  const [done, setDone] = useState<string | null>(null)
  // The form starts from the settings of the run on screen (a new run, e.g. a new file, resets it).
  const sequenceKey = detection ? `${source.id}:${detection.sequence}` : source.id
  useEffect(() => {
    setDraft(Object.fromEntries(Object.entries(settings.params).map(([id, p]) => [id, { ...p }])))
    setEnabled({ ...settings.enabled })
    // Only when another run is shown (settings is derived from that run).
  }, [sequenceKey])
  if (!catalog) return <p className="muted">Loading the detector list…</p>
  const runs = new Map((detection?.detection.detectors ?? []).map((r) => [r.id, r]))
  const describe = (id: string): string => {
    const r = runs.get(id)
    if (!r) return ''
    if (r.skipped === 'disabled') return '– off'
    if (r.skipped === 'needs-baseline') return '– skipped: no usable baseline'
    if (r.error !== undefined) return '– failed'
    return `– ${r.alerts} alert(s) in ${r.milliseconds.toFixed(0)} ms`
  }
  const apply = async (): Promise<void> => {
    setDone(null)
    const ok = await rerunDetectors(source, { params: draft, enabled, baseline: settings.baseline })
    if (ok) setDone('The detectors ran again with these settings.')
  }
  const reset = (): void => {
    setDraft({})
    setEnabled({})
  }
  return (
    <div className="detector-settings" data-testid="detector-settings">
      <section className="card">
        <h2>Detector settings</h2>
        <p>
          Change a detector's parameters or turn it off, then apply: the detectors run again over the flows already read, in the background,
          without reading the file again. {source.kind === 'stored' && <strong>This is a saved session: open the capture file again to re-run its detectors.</strong>}
        </p>
        <div className="alert-actions">
          <button type="button" onClick={() => void apply()} disabled={busy || source.kind !== 'live'} data-testid="detector-apply">{busy ? 'Running…' : 'Apply and re-run'}</button>
          <button type="button" onClick={reset} data-testid="detector-reset">Back to defaults</button>
          {done && !busy && <span className="muted" role="status" data-testid="detector-done">{done}</span>}
        </div>
        {error && <p className="notice error" role="alert" data-testid="detector-error">{error}</p>}
      </section>
      {catalog.map((d) => (
        <DetectorForm key={d.id} d={d} values={draft[d.id] ?? {}} enabled={enabled[d.id] ?? !d.optIn} lastRun={describe(d.id)}
          onValue={(key, v) => setDraft((x) => ({ ...x, [d.id]: { ...(x[d.id] ?? {}), [key]: v } }))}
          onEnabled={(on) => setEnabled((x) => ({ ...x, [d.id]: on }))} />
      ))}
    </div>
  )
}
