/** One saved session in the list, with its actions; delete asks once more inline (no browser dialog). */
import { useState, type FormEvent } from 'react'
import { formatCount, formatSize } from '../../lib/display-format.ts'
import { escapeDisplay } from '../../lib/escape.ts'
import type { SessionListing } from '../../storage/session-types.ts'
import { noteSessionDeleted, noteSessionRenamed, openStoredSession } from '../../state/session-actions.ts'
import { deleteStoredSession, downloadStoredSession, renameStoredSession } from '../../state/sessions-store.ts'

export function SessionRow({ session, onOpened }: { readonly session: SessionListing; readonly onOpened: () => void }) {
  const [mode, setMode] = useState<'idle' | 'rename' | 'delete'>('idle')
  const [draft, setDraft] = useState(session.name)
  const name = escapeDisplay(session.name, 120)

  const rename = async (e: FormEvent) => {
    e.preventDefault()
    if (await renameStoredSession(session.id, draft)) {
      noteSessionRenamed(session.id, draft.trim())
      setMode('idle')
    }
  }
  const remove = async () => {
    if (await deleteStoredSession(session.id)) noteSessionDeleted(session.id)
    setMode('idle')
  }

  return (
    <tr data-testid="session-row" data-id={session.id}>
      <th scope="row">
        {mode === 'rename' ? (
          <form className="rename" onSubmit={(e) => void rename(e)}>
            <input aria-label={`New name for ${name}`} value={draft} maxLength={256} autoFocus onChange={(e) => setDraft(e.currentTarget.value)}
              onKeyDown={(e) => e.key === 'Escape' && setMode('idle')} />
            <button type="submit" className="small">Save</button>
          </form>
        ) : (
          <span className="file-name" data-testid="session-row-name">{name}</span>
        )}
        {session.source.fileName !== session.name && <div className="muted file-name">{escapeDisplay(session.source.fileName, 120)}</div>}
      </th>
      <td data-testid="session-kind" data-kind={session.kind}>{session.kind === 'table' ? `Table (${escapeDisplay(session.source.format, 32)})` : 'Capture'}</td>
      <td className="num" title={session.kind === 'table' ? 'records' : 'packets'}>{formatCount(session.stats.packets)}</td>
      <td className="num">{formatSize(session.source.size)}</td>
      <td>{new Date(session.updatedAt).toLocaleString()}</td>
      <td className="row-actions">
        {mode === 'delete' ? (
          <>
            <span>Delete {name}?</span>
            <button type="button" className="small danger" onClick={() => void remove()} data-testid="confirm-delete">Delete</button>
            <button type="button" className="small" onClick={() => setMode('idle')}>Keep</button>
          </>
        ) : (
          <>
            <button type="button" className="small" onClick={() => { onOpened(); void openStoredSession(session.id) }} data-testid="session-open" aria-label={`Open ${name}`}>Open</button>
            <button type="button" className="small" onClick={() => { setDraft(session.name); setMode('rename') }} aria-label={`Rename ${name}`}>Rename</button>
            <button type="button" className="small" onClick={() => void downloadStoredSession(session, session.hasOriginalFile)} data-testid="session-export" aria-label={`Export ${name}`}>Export</button>
            <button type="button" className="small" onClick={() => setMode('delete')} data-testid="session-delete" aria-label={`Delete ${name}`}>Delete</button>
          </>
        )}
      </td>
    </tr>
  )
}
