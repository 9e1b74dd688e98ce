/**
 * Export for a view's chart (PNG, SVG) or table (CSV). Files are made in the page and offered as downloads
 * through blob: URLs: nothing is sent anywhere.
 */
import { useState, type RefObject } from 'react'
import { svgToPngBlob, svgToString } from '../../charts/export.ts'
import { csvBlob, exportFileName, type CsvValue } from '../../lib/csv-export.ts'
import { downloadBlob } from '../../state/sessions-store.ts'

export function ChartExport({ svg, title }: { readonly svg: RefObject<SVGSVGElement | null>; readonly title: string }) {
  const [error, setError] = useState<string | null>(null)
  const asSvg = () => {
    if (!svg.current) return
    downloadBlob(new Blob([svgToString(svg.current)], { type: 'image/svg+xml' }), exportFileName(title, 'svg'))
  }
  const asPng = async () => {
    if (!svg.current) return
    try {
      setError(null)
      downloadBlob(await svgToPngBlob(svg.current), exportFileName(title, 'png'))
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }
  return (
    <span className="export" role="group" aria-label={`Export ${title}`}>
      <button type="button" className="small" onClick={() => void asPng()} data-testid="export-png">PNG</button>
      <button type="button" className="small" onClick={asSvg} data-testid="export-svg">SVG</button>
      {error && <span className="muted" role="status">{error}</span>}
    </span>
  )
}

export function CsvExport({ title, header, rows }: { readonly title: string; readonly header: readonly string[]; readonly rows: () => Iterable<readonly CsvValue[]> }) {
  return (
    <button type="button" className="small" onClick={() => downloadBlob(csvBlob(header, rows()), exportFileName(title, 'csv'))} data-testid="export-csv" aria-label={`Export ${title} as CSV`}>
      CSV
    </button>
  )
}
