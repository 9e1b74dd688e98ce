/**
 * The saved sessions: open one (shown from its stored aggregates, no file read), rename, delete, export to a
 * file and import one back (validated before anything is stored). Names came from file names: text only.
 */
import { useEffect, useRef } from 'react'
import { formatCount, formatSize } from '../../lib/display-format.ts'
import { importSessionBlob, refreshSessions, useSessionsStore } from '../../state/sessions-store.ts'
import { SessionRow } from './SessionRow.tsx'

export function SessionsPanel({ onClose }: { readonly onClose: () => void }) {
  const { status, sessions, usage } = useSessionsStore()
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => {
    void refreshSessions()
  }, [])

  return (
    <section id="sessions-panel" className="panel card" aria-labelledby="sessions-title" data-testid="sessions-panel">
      <div className="panel-head">
        <h2 id="sessions-title">Saved sessions</h2>
        <span className="chart-controls">
          <button type="button" className="small" onClick={() => input.current?.click()} data-testid="import-session">
            Import a session file…
          </button>
          <input ref={input} type="file" accept=".nettwin,application/x-nettwin-session" className="visually-hidden" tabIndex={-1} aria-label="Session file to import"
            data-testid="import-input"
            onChange={(e) => {
              const file = e.currentTarget.files?.item(0)
              e.currentTarget.value = ''
              if (file) void importSessionBlob(file)
            }} />
          <button type="button" className="small" onClick={onClose}>Close</button>
        </span>
      </div>
      <p className="muted">
        Sessions are kept in this browser only (IndexedDB), for this site. Opening one shows it without the capture or table file.
        {usage && usage.quota > 0 && ` Storage used: ${formatSize(usage.usage)} of ${formatSize(usage.quota)}.`}
      </p>
      {status === 'unavailable' && <p className="notice">This browser does not let nettwin store sessions.</p>}
      {status === 'ready' && sessions.length === 0 && <p data-testid="no-sessions">No saved sessions yet. Analyse a capture or a traffic table and it is saved here.</p>}
      {sessions.length > 0 && (
        <table className="count-table sessions" data-testid="sessions-table">
          <caption className="visually-hidden">Saved sessions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col" className="num">Packets or records</th>
              <th scope="col" className="num">Size</th>
              <th scope="col">Saved</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <SessionRow key={s.id} session={s} onOpened={onClose} />
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={6} className="muted">{formatCount(sessions.length)} sessions</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  )
}
