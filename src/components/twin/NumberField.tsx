/**
 * A number input that commits on blur or Enter (typing "1" on the way to "120" must not move a bar), and
 * shows the stored value again when the text is not a number.
 */
import { useEffect, useState } from 'react'

interface Props {
  readonly label: string
  readonly value: number
  readonly onCommit: (v: number) => void
  readonly min?: number
  readonly max?: number
  readonly step?: number
  readonly testId?: string
  readonly disabled?: boolean
}

export function NumberField({ label, value, onCommit, min, max, step, testId, disabled }: Props) {
  const [text, setText] = useState(String(value))
  useEffect(() => setText(String(value)), [value])
  const commit = () => {
    const v = Number(text)
    if (text.trim() === '' || !Number.isFinite(v)) setText(String(value))
    else if (v !== value) onCommit(v)
  }
  return (
    <input type="number" aria-label={label} value={text} min={min} max={max} step={step ?? 'any'} data-testid={testId} disabled={disabled}
      onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => { if (e.key === 'Enter') commit() }} />
  )
}
