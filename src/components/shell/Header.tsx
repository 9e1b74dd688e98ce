/**
 * The page header: the app name, the capture on screen (its session name, renamable, and whether it is saved),
 * and the actions: open a file, open the sample, the sessions and settings panels, and the theme.
 * "Open a capture…" comes first in the tab order: it is what a first visit needs.
 */
import { useState, type FormEvent } from 'react'
import { escapeDisplay } from '../../lib/escape.ts'
import { SAMPLES, openFile, openSample, useAnalysisStore } from '../../state/analysis-store.ts'
import { setPreferences, usePreferences, type Theme } from '../../state/preferences-store.ts'
import { canSaveCurrent, renameCurrent, saveCurrent } from '../../state/session-actions.ts'
import { FilePicker } from '../FilePicker.tsx'

export type Panel = 'sessions' | 'settings' | null

const NEXT_THEME: Readonly<Record<Theme, Theme>> = { system: 'light', light: 'dark', dark: 'system' }
const THEME_LABEL: Readonly<Record<Theme, string>> = { system: 'Theme: system', light: 'Theme: light', dark: 'Theme: dark' }

function SaveStatus() {
  const save = useAnalysisStore((s) => s.save)
  const phase = useAnalysisStore((s) => s.phase)
  if (save.status === 'saving') return <span className="muted" role="status" data-testid="save-status">Saving…</span>
  if (save.status === 'saved') return <span className="muted" data-testid="save-status" data-saved="true">Saved</span>
  if (save.status === 'failed') {
    return (
      <span className="save-failed" role="alert" data-testid="save-status">
        {save.message}{' '}
        <button type="button" className="small" onClick={() => void saveCurrent()}>Try again</button>
      </span>
    )
  }
  if (phase === 'done' && canSaveCurrent()) {
    return <button type="button" className="small" onClick={() => void saveCurrent()} data-testid="save-now">Save session</button>
  }
  return null
}

function SessionName() {
  const name = useAnalysisStore((s) => s.name)
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState('')
  if (name === '') return null
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (await renameCurrent(draft)) setEditing(false)
  }
  if (editing) {
    return (
      <form className="rename" onSubmit={(e) => void submit(e)}>
        <input aria-label="Session name" value={draft} maxLength={256} onChange={(e) => setDraft(e.currentTarget.value)} autoFocus
          onKeyDown={(e) => e.key === 'Escape' && setEditing(false)} />
        <button type="submit" className="small">Rename</button>
        <button type="button" className="small" onClick={() => setEditing(false)}>Cancel</button>
      </form>
    )
  }
  return (
    <span className="session-name">
      <span className="file-name" data-testid="session-name">{escapeDisplay(name, 120)}</span>
      <button type="button" className="small link" aria-label="Rename this session" onClick={() => { setDraft(name); setEditing(true) }}>Rename</button>
      <SaveStatus />
    </span>
  )
}

export function Header({ panel, onPanel }: { readonly panel: Panel; readonly onPanel: (p: Panel) => void }) {
  const theme = usePreferences((s) => s.theme)
  const toggle = (p: Exclude<Panel, null>) => onPanel(panel === p ? null : p)
  return (
    <header className="app-header">
      <h1>nettwin</h1>
      <div className="actions">
        <FilePicker onFile={(f) => void openFile(f)} />
        <button type="button" onClick={() => void openSample(SAMPLES[0])} data-testid="open-sample">
          Open the sample capture
        </button>
        <span className="muted drop-hint">or drop a file anywhere on this page</span>
      </div>
      <SessionName />
      <div className="actions end">
        <button type="button" aria-expanded={panel === 'sessions'} aria-controls="sessions-panel" onClick={() => toggle('sessions')} data-testid="open-sessions">
          Sessions
        </button>
        <button type="button" aria-expanded={panel === 'settings'} aria-controls="settings-panel" onClick={() => toggle('settings')} data-testid="open-settings">
          Settings
        </button>
        <button type="button" onClick={() => setPreferences({ theme: NEXT_THEME[theme] })} data-testid="theme-toggle" aria-label={`${THEME_LABEL[theme]} (change)`}>
          {THEME_LABEL[theme]}
        </button>
      </div>
    </header>
  )
}
