/**
 * Notices above the view: results are partial (still reading, or the read was cancelled), a newer version of
 * the app is ready (offered, never forced while a file is read), storage problems, counts that are estimates.
 */
import { useAnalysisStore } from '../../state/analysis-store.ts'
import { estimateNotices } from './estimate-notice.ts'
import { applyUpdate, useUpdateStore } from '../../state/update-store.ts'
import { useSessionsStore } from '../../state/sessions-store.ts'

export function PartialBanner() {
  const phase = useAnalysisStore((s) => s.phase)
  const summary = useAnalysisStore((s) => s.summary)
  if (!summary) return null
  if (phase === 'reading' && summary.partial && !summary.cancelled) {
    return (
      <p className="notice" role="status" data-testid="partial-banner">
        Partial results: the file is still being read, so every number and chart covers only the part read so far.
      </p>
    )
  }
  if (summary.cancelled) {
    return (
      <p className="notice" data-testid="partial-banner">
        Partial results: reading was cancelled, so these numbers and charts cover only the start of the file.
      </p>
    )
  }
  return null
}

/** Counts that passed a memory cap and are estimates (a capture with millions of flows). */
export function EstimateBanner() {
  const summary = useAnalysisStore((s) => s.summary)
  const notes = summary ? estimateNotices(summary) : []
  if (notes.length === 0) return null
  return (
    <p className="notice" data-testid="estimate-banner">
      {notes.join(' ')}
    </p>
  )
}

export function UpdateBanner() {
  const ready = useUpdateStore((s) => s.ready)
  const reading = useAnalysisStore((s) => s.phase === 'reading')
  if (!ready) return null
  return (
    <p className="notice" role="status" data-testid="update-banner">
      A new version of nettwin is ready.{' '}
      {reading ? (
        <span className="muted">It can be installed when the current file has been read.</span>
      ) : (
        <button type="button" className="small" onClick={() => void applyUpdate()}>Reload to update</button>
      )}
    </p>
  )
}

export function StorageBanner() {
  const message = useSessionsStore((s) => s.message)
  if (!message) return null
  return (
    <p className="notice" role="status" data-testid="storage-banner">
      {message}
    </p>
  )
}
