/**
 * A table of any length: only the rows in view (plus a margin) are in the DOM (@tanstack/react-virtual), rows
 * come from a paged source and show as placeholders until their page arrives. Sortable headers (aria-sort),
 * keyboard: Tab into the body, arrows / Page Up / Page Down / Home / End move the current row, Enter opens it.
 * Cell texts are React text (packet strings never become markup), sanitised and capped by displayText (cells
 * of imported tables and packet strings may hold control, bidi or invisible characters). The first rows mount
 * a few per task after the table's frame (useStepMount), so no single task lays out a whole screenful.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { displayText } from '../../lib/escape.ts'
import { useStepMount } from './use-step-mount.ts'

/** Longest tooltip text (full values are in the CSV export). */
const TITLE_CAP = 1000

export interface Column<R> {
  readonly key: string
  readonly label: string
  /** A CSS grid track: '7rem', 'minmax(9rem, 1fr)'. */
  readonly width: string
  readonly align?: 'right'
  /** The sort column name the query understands; absent: not sortable. */
  readonly sort?: string
  readonly text: (row: R) => string
  /** Full value for the tooltip, when the cell shortens it. */
  readonly title?: (row: R) => string
}

interface Props<R> {
  readonly label: string
  readonly columns: readonly Column<R>[]
  readonly rowCount: number
  readonly row: (index: number) => R | undefined
  readonly ensure: (from: number, to: number) => void
  readonly sort: { readonly column: string; readonly descending: boolean } | null
  readonly onSort: (column: string) => void
  readonly onOpen?: (row: R) => void
  /** Changes when rows arrive (forces a render of the visible rows). */
  readonly revision: number
  readonly testId?: string
}

const ROW_HEIGHT = 26
/**
 * Browsers stop growing an element at about 33.5 million pixels, so a scroll area shows at most this many
 * rows; past it the table says so (sorting or filtering brings any row into the first ones).
 */
export const MAX_SCROLL_ROWS = Math.floor(32_000_000 / ROW_HEIGHT)

export function VirtualTable<R>({ label, columns, rowCount: allRows, row, ensure, sort, onSort, onOpen, revision, testId }: Props<R>) {
  const rowCount = Math.min(allRows, MAX_SCROLL_ROWS)
  const scroller = useRef<HTMLDivElement>(null)
  const [current, setCurrent] = useState(0)
  const virtualizer = useVirtualizer({ count: rowCount, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 })
  const items = virtualizer.getVirtualItems()
  const mounted = useStepMount(items.length)
  const first = items.length > 0 ? items[0].index : 0
  const last = items.length > 0 ? items[items.length - 1].index + 1 : 0
  useEffect(() => {
    if (last > first) ensure(first, last)
  }, [first, last, ensure, revision])
  useEffect(() => setCurrent((c) => Math.min(c, Math.max(0, rowCount - 1))), [rowCount])
  const template = columns.map((c) => c.width).join(' ')
  const open = useRef(onOpen)
  open.current = onOpen
  const pick = useCallback((index: number, r: unknown) => {
    setCurrent(index)
    if (r !== undefined) open.current?.(r as R)
  }, [])

  const move = (to: number) => {
    const next = Math.max(0, Math.min(rowCount - 1, to))
    setCurrent(next)
    virtualizer.scrollToIndex(next, { align: 'auto' })
  }
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 280) / ROW_HEIGHT) - 1)
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(current + 1), ArrowUp: () => move(current - 1), PageDown: () => move(current + page),
      PageUp: () => move(current - page), Home: () => move(0), End: () => move(rowCount - 1),
      Enter: () => {
        const r = row(current)
        if (r !== undefined) onOpen?.(r)
      },
    }
    const action = keys[e.key]
    if (action && rowCount > 0) {
      e.preventDefault()
      action()
    }
  }

  return (
    <div className="vtable" role="table" aria-label={label} aria-rowcount={rowCount + 1} data-testid={testId}>
      <div className="vtable-head" role="rowgroup">
        <div className="vtable-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
          {columns.map((c) => {
            const sorted = sort !== null && c.sort !== undefined && sort.column === c.sort
            const ariaSort = sorted ? (sort.descending ? 'descending' : 'ascending') : 'none'
            return (
              <div key={c.key} role="columnheader" aria-sort={c.sort ? ariaSort : undefined} className={c.align === 'right' ? 'num' : undefined}>
                {c.sort ? (
                  <button type="button" className="vtable-sort" onClick={() => c.sort && onSort(c.sort)} data-testid={`sort-${c.key}`}>
                    {c.label}
                    <span aria-hidden="true">{sorted ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                ) : c.label}
              </div>
            )
          })}
        </div>
      </div>
      <div ref={scroller} className="vtable-body" role="rowgroup" tabIndex={0} onKeyDown={onKey} aria-label={`${label}: rows (arrow keys move, Enter opens)`}
        data-testid={testId ? `${testId}-body` : undefined}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {(mounted < items.length ? items.slice(0, mounted) : items).map((v) => (
            <Row key={v.key} index={v.index} start={v.start} data={row(v.index)} current={v.index === current} columns={columns} template={template}
              onPick={pick} />
          ))}
        </div>
      </div>
      {allRows > rowCount && <p className="muted small-print">Showing the first {rowCount.toLocaleString('en-US')} rows; sort or filter to reach the others.</p>}
    </div>
  )
}

interface RowProps<R> {
  readonly index: number
  readonly start: number
  readonly data: R | undefined
  readonly current: boolean
  readonly columns: readonly Column<R>[]
  readonly template: string
  readonly onPick: (index: number, row: unknown) => void
}

/** One row; memoised, so scrolling renders only the rows that came into view (and those whose page arrived). */
function RowOf<R>({ index, start, data, current, columns, template, onPick }: RowProps<R>) {
  return (
    <div role="row" aria-rowindex={index + 2} className={`vtable-row${current ? ' current' : ''}`} data-index={index}
      style={{ gridTemplateColumns: template, position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      onClick={() => onPick(index, data)}>
      {columns.map((c) => (
        <div key={c.key} role="cell" className={c.align === 'right' ? 'num' : undefined} title={data && c.title ? displayText(c.title(data), TITLE_CAP) : undefined}>
          {data === undefined ? '…' : displayText(c.text(data))}
        </div>
      ))}
    </div>
  )
}

const Row = memo(RowOf) as typeof RowOf
