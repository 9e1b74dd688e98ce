/** Why the last file gave no summary, in the engine's own words, plus what nettwin can read. */
import { escapeDisplay } from '../lib/escape.ts'
import type { PageError } from '../state/analysis-store.ts'

/** Long enough for any engine message with a file name in it; the cap only stops a hostile name flooding the page. */
const MESSAGE_CAP = 600

function hint(code: string): string | null {
  switch (code) {
    case 'not-recognised':
      return 'nettwin reads pcap and pcapng captures and traffic tables (CSV, TSV, JSON lines), also when gzip-compressed.'
    case 'needs-mapping':
      return "Map the table's columns to read it."
    case 'too-large':
      return 'Split the capture first, for example with editcap -c.'
    case 'worker-crashed':
    case 'cancel-timeout':
      return 'The page has restarted its engine and is ready for another file.'
    default:
      return null
  }
}

export function ErrorMessage({ error, hasSummary }: { readonly error: PageError; readonly hasSummary: boolean }) {
  const extra = hint(error.code)
  return (
    <section className="error card" role="alert" data-testid="error-message" data-code={error.code}>
      <h2>
        <span className="file-name">{escapeDisplay(error.fileName)}</span> could not be read
      </h2>
      <p className="error-text">{escapeDisplay(error.message, MESSAGE_CAP)}</p>
      {extra && <p>{extra}</p>}
      {hasSummary && (
        <p className="muted">
          {error.partial === true
            ? 'The summary below is what was read of this file before the failure: partial, and not saved.'
            : 'The summary below is still the one of the previous file.'}
        </p>
      )}
    </section>
  )
}
