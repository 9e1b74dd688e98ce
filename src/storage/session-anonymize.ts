/**
 * A session with its addresses anonymised, for an exported session file (the stored session is not touched):
 * every string of the summary, of the JSON aggregates and of the JSON columns goes through the export's
 * Anonymizer (addresses replaced, other text kept); numeric columns hold no addresses (addresses are stored as
 * text: analysis/queries/explore-snapshot.ts). The original file, when it goes along, is rewritten as an
 * anonymised capture, or as anonymised text for a table; anything else is left out rather than exported as it is.
 */
import type { CaptureSummary } from '../analysis/capture-summary.ts'
import { ANONYMIZED_CAPTURE_TYPE, anonymizeCapture } from '../formats/anonymize-capture.ts'
import { FormatError } from '../formats/format.ts'
import { blobSource } from '../formats/sources.ts'
import type { Anonymizer } from '../lib/anonymize/anonymizer.ts'
import type { Aggregate, AnyStoredSession, Column, ColumnTable, JsonValue } from './session-types.ts'
import type { TableSummary } from '../analysis/table-summary.ts'

function anonymizeTable(t: ColumnTable, anon: Anonymizer): ColumnTable {
  const columns = t.columns.map((c): Column => (c.type === 'json' ? { name: c.name, type: 'json', data: anon.json(c.data) as JsonValue[] } : c))
  return { rowCount: t.rowCount, columns }
}

export function anonymizeSession(s: AnyStoredSession, anon: Anonymizer): AnyStoredSession {
  const aggregates: Record<string, Aggregate> = {}
  for (const [name, a] of Object.entries(s.aggregates)) {
    aggregates[name] = a.kind === 'json' ? { kind: 'json', value: anon.json(a.value) as JsonValue } : { kind: 'table', table: anonymizeTable(a.table, anon) }
  }
  if (s.kind === 'table') {
    // The summary's strings (file name, top talkers' addresses, columns) go through the same JSON walk.
    return { ...s, name: anon.text(s.name), source: { ...s.source, fileName: anon.text(s.source.fileName) }, table: anon.json(s.table) as TableSummary, aggregates }
  }
  return {
    ...s,
    name: anon.text(s.name),
    source: { ...s.source, fileName: anon.text(s.source.fileName) },
    summary: anon.json(s.summary) as CaptureSummary,
    aggregates,
    flows: s.flows === null ? null : anonymizeTable(s.flows, anon),
  }
}

/** The original file anonymised (a capture rewritten, a text table's addresses replaced), or null to leave it out. */
export async function anonymizeOriginalFile(file: Blob, anon: Anonymizer): Promise<{ bytes: Uint8Array; type: string } | null> {
  try {
    const out = await anonymizeCapture(blobSource(file, 'original'), anon)
    const bytes = new Uint8Array(out.parts.reduce((n, p) => n + p.length, 0))
    let at = 0
    for (const p of out.parts) {
      bytes.set(p, at)
      at += p.length
    }
    return { bytes, type: ANONYMIZED_CAPTURE_TYPE }
  } catch (e) {
    if (!(e instanceof FormatError)) throw e
  }
  // Not a capture: a traffic table is text; anything that is not valid UTF-8 is left out.
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer())
    return { bytes: new TextEncoder().encode(anon.text(text)), type: 'text/plain;charset=utf-8' }
  } catch {
    return null
  }
}
