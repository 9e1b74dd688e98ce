/**
 * The display-filter box of the tables: checked as you type (the same compiler the worker uses, run here on
 * the text only), applied with Enter or the Apply button, cleared with Escape or Clear. An invalid
 * expression shows the compiler's message with the offending part marked, and is not applied.
 */
import { useEffect, useId, useState } from 'react'
import { tryCompileFilter, type FilterErrorInfo, type FilterTable } from '../../analysis/filter/index.ts'

interface Props {
  readonly table: FilterTable
  /** The filter in force (shared by the tables, kept in the URL). */
  readonly applied: string
  readonly onApply: (text: string) => void
  /** Error of the applied filter as the query reported it (e.g. a field this table lacks). */
  readonly queryError: FilterErrorInfo | null
  readonly matched: number | null
  readonly total: number | null
  readonly examples: readonly string[]
}

export function FilterBar({ table, applied, onApply, queryError, matched, total, examples }: Props) {
  const [text, setText] = useState(applied)
  const id = useId()
  useEffect(() => setText(applied), [applied])
  const check = tryCompileFilter(text, table)
  const typingError = check.ok ? null : check.error
  const error = typingError ?? (text === applied ? queryError : null)
  const shown = typingError ? text : applied
  const apply = () => {
    if (check.ok) onApply(text.trim())
  }
  return (
    <div className="filter-bar">
      <label htmlFor={id} className="filter-label">Filter</label>
      <input id={id} type="text" className={`filter-input${error ? ' invalid' : text.trim() !== '' ? ' valid' : ''}`} value={text} spellCheck={false}
        autoComplete="off" placeholder={`e.g. ${examples[0] ?? ''}`} aria-invalid={error !== null} aria-describedby={`${id}-msg`} data-testid="filter-input"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply()
          if (e.key === 'Escape') {
            setText('')
            onApply('')
          }
        }} />
      <button type="button" className="small" onClick={apply} disabled={!check.ok} data-testid="filter-apply">Apply</button>
      <button type="button" className="small" onClick={() => { setText(''); onApply('') }} disabled={text === '' && applied === ''}>Clear</button>
      <span className="filter-count" data-testid="filter-count" aria-live="polite">
        {matched === null ? '' : total !== null && matched !== total ? `${matched.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows` : `${matched.toLocaleString('en-US')} rows`}
      </span>
      <div id={`${id}-msg`} className="filter-message" role={error ? 'alert' : undefined} data-testid={error ? 'filter-error' : undefined}>
        {error ? <ErrorText text={shown} error={error} /> : <span className="muted">Examples: {examples.join(' · ')}</span>}
      </div>
    </div>
  )
}

/** The message, and the expression with the span the message is about marked. */
function ErrorText({ text, error }: { readonly text: string; readonly error: FilterErrorInfo }) {
  const start = Math.max(0, Math.min(text.length, error.start))
  const end = Math.max(start, Math.min(text.length, error.end))
  return (
    <>
      <strong>Invalid filter: </strong>
      <span data-testid="filter-error-message">{error.message}</span>
      {text !== '' && (
        <code className="filter-echo" aria-hidden="true">
          {text.slice(0, start)}
          <mark>{start === end ? ' ' : text.slice(start, end)}</mark>
          {text.slice(end)}
        </code>
      )}
    </>
  )
}
