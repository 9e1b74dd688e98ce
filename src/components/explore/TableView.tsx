/**
 * One exploration table with its filter box, row count, sort and CSV export: the rows come page by page from
 * the DataSource (usePagedRows), which filters and sorts where the data is. The filter text and the brushed
 * time range are shared through the view store (and the URL); `range` overrides the time range (replay).
 */
import { useCallback, useState, type ReactNode } from 'react'
import type { FilterTable } from '../../analysis/filter/index.ts'
import type { QueryParams } from '../../analysis/queries/index.ts'
import { csvBlob, exportFileName, type CsvValue } from '../../lib/csv-export.ts'
import type { DataSource } from '../../state/data-source.ts'
import { downloadBlob } from '../../state/sessions-store.ts'
import { exportTextMap } from '../../state/export-store.ts'
import { setFilter, useViewStore, type TimeRange } from '../../state/view-store.ts'
import { FilterBar } from './FilterBar.tsx'
import { usePagedRows } from './use-paged-rows.ts'
import { VirtualTable, type Column } from './VirtualTable.tsx'

type PageQuery = 'flowsPage' | 'conversationsPage' | 'endpointsPage'

/** Most rows a CSV export fetches. */
const CSV_ROWS = 200_000

interface Props<N extends PageQuery, R> {
  readonly source: DataSource
  readonly query: N
  readonly title: string
  readonly table: FilterTable
  readonly columns: readonly Column<R>[]
  readonly defaultSort: { readonly column: string; readonly descending: boolean }
  /** Params besides filter, sort, range and paging (e.g. the conversation kind). */
  readonly extra?: Record<string, unknown>
  /** Overrides the shared time range (undefined: use it; null: none). */
  readonly range?: TimeRange | null
  readonly examples: readonly string[]
  readonly csv: { readonly header: readonly string[]; readonly row: (r: R) => readonly CsvValue[] }
  readonly onOpen?: (row: R) => void
  readonly testId: string
  readonly controls?: ReactNode
}

export function TableView<N extends PageQuery, R>(props: Props<N, R>) {
  const { source, query, title, table, columns, defaultSort, extra, examples, csv, onOpen, testId, controls } = props
  const filter = useViewStore((s) => s.filter)
  const shared = useViewStore((s) => s.timeRange)
  const range = props.range === undefined ? shared : props.range
  const [sort, setSort] = useState(defaultSort)
  const [exporting, setExporting] = useState<string | null>(null)
  const params = { ...extra, filter, sort, range } as unknown as Omit<QueryParams<N>, 'offset' | 'limit'>
  const rows = usePagedRows<N, R>(source, query, params)
  // A first click sorts counts largest first and everything else (addresses, names, times) ascending.
  const onSort = useCallback((column: string) => {
    const numeric = columns.some((c) => c.sort === column && c.align === 'right' && c.key !== 'srcPort' && c.key !== 'dstPort')
    setSort((s) => (s.column === column ? { column, descending: !s.descending } : { column, descending: numeric }))
  }, [columns])
  const exportCsv = async () => {
    try {
      setExporting('Preparing CSV…')
      const all = await rows.all(CSV_ROWS)
      downloadBlob(csvBlob(csv.header, all.map(csv.row), exportTextMap()), exportFileName(title, 'csv'))
      setExporting(null)
    } catch (e) {
      setExporting(`CSV export failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  return (
    <section className="card explore-table" aria-label={title}>
      <div className="explore-table-head">
        <FilterBar table={table} applied={filter} onApply={setFilter} queryError={rows.error} matched={rows.matched} total={rows.total} examples={examples} />
        <span className="explore-table-actions">
          {controls}
          {range && <span className="muted" data-testid="range-note">time range applied</span>}
          <button type="button" className="small" onClick={() => void exportCsv()} disabled={!rows.matched} data-testid="export-csv" aria-label={`Export ${title} as CSV`}>CSV</button>
          {exporting && <span className="muted" role="status">{exporting}</span>}
        </span>
      </div>
      {rows.failure && <p className="notice error" role="alert">{rows.failure}</p>}
      <VirtualTable label={title} columns={columns} rowCount={rows.matched ?? 0} row={rows.row} ensure={rows.ensure} sort={sort}
        onSort={onSort} onOpen={onOpen} revision={rows.revision} testId={testId} />
    </section>
  )
}
