/**
 * Export for a view's chart (PNG, SVG) or table (CSV), and the export privacy settings. Files are made in the page
 * and offered as downloads through blob: URLs: nothing is sent anywhere. With "Anonymise addresses" every IP and
 * MAC address in an export is replaced (prefix-preserving for IP, so subnets stay subnets: src/lib/anonymize).
 */
import { useId, useState, type RefObject } from 'react'
import { svgToPngBlob, svgToString, browserRaster } from '../../charts/export.ts'
import { csvBlob, exportFileName, type CsvValue } from '../../lib/csv-export.ts'
import { setExportSettings, exportTextMap, useExportSettings } from '../../state/export-store.ts'
import { downloadBlob } from '../../state/sessions-store.ts'

export function ChartExport({ svg, title }: { readonly svg: RefObject<SVGSVGElement | null>; readonly title: string }) {
  const [error, setError] = useState<string | null>(null)
  const asSvg = () => {
    if (!svg.current) return
    downloadBlob(new Blob([svgToString(svg.current, exportTextMap())], { type: 'image/svg+xml' }), exportFileName(title, 'svg'))
  }
  const asPng = async () => {
    if (!svg.current) return
    try {
      setError(null)
      downloadBlob(await svgToPngBlob(svg.current, 2, browserRaster, exportTextMap()), exportFileName(title, 'png'))
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
    <button type="button" className="small" onClick={() => downloadBlob(csvBlob(header, rows(), exportTextMap()), exportFileName(title, 'csv'))} data-testid="export-csv" aria-label={`Export ${title} as CSV`}>
      CSV
    </button>
  )
}

/** The export privacy settings: anonymise addresses (optionally with a passphrase), and where exports go. */
export function ExportPrivacy() {
  const settings = useExportSettings()
  const id = useId()
  return (
    <fieldset className="export-privacy" data-testid="export-privacy">
      <legend>Exports</legend>
      <label className="choice">
        <input type="checkbox" checked={settings.anonymize} onChange={(e) => setExportSettings({ anonymize: e.currentTarget.checked })} data-testid="export-anonymize" />
        Anonymise addresses
      </label>
      <p className="muted">
        Replaces every IP and MAC address in CSV, chart, session and capture exports. Addresses in one subnet stay in one
        (anonymised) subnet. Host names are kept.
      </p>
      {settings.anonymize && (
        <>
          <label className="field" htmlFor={`${id}-pass`}>
            Passphrase (optional: the same passphrase gives the same addresses in every export; without one each export
            gets its own random key)
          </label>
          <input id={`${id}-pass`} type="password" autoComplete="off" value={settings.passphrase}
            onChange={(e) => setExportSettings({ passphrase: e.currentTarget.value })} data-testid="export-passphrase" />
          <label className="choice">
            <input type="checkbox" checked={settings.keepOui} onChange={(e) => setExportSettings({ keepOui: e.currentTarget.checked })} />
            Keep the vendor part of MAC addresses
          </label>
        </>
      )}
      <p className="muted" data-testid="stays-local">
        Everything stays on this machine: captures are read and exports are made in this page, and saved as downloads.
        Nothing is uploaded.
      </p>
    </fieldset>
  )
}
