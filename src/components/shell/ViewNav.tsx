/**
 * The list of views. A real list of buttons (Tab reaches the current one; arrow keys, Home and End move along
 * the list), the current one marked with aria-current.
 */
import { useRef, type KeyboardEvent } from 'react'
import { setView } from '../../state/view-store.ts'
import type { ViewDefinition } from '../views/view-definition.ts'

export function ViewNav({ views, current }: { readonly views: readonly ViewDefinition[]; readonly current: string }) {
  const list = useRef<HTMLUListElement>(null)
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const buttons = [...(list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])]
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
    if (at < 0) return
    const next = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : null
    if (next === null) return
    e.preventDefault()
    buttons[(next + buttons.length) % buttons.length]?.focus()
  }
  return (
    <nav className="view-nav" aria-label="Views">
      <ul ref={list} onKeyDown={onKeyDown}>
        {views.map((v) => (
          <li key={v.id}>
            <button type="button" aria-current={v.id === current ? 'page' : undefined} tabIndex={v.id === current ? 0 : -1} onClick={() => setView(v.id)} data-testid={`view-${v.id}`}>
              {v.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
