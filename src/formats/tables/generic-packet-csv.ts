/**
 * Tables no specific dialect knows, read through a column mapping (mapping.ts): generic packet CSVs (a time,
 * addresses, ports, a protocol and a length under any of the usual header spellings, e.g. tshark -T fields -E
 * header=y output) and generic flow CSVs. Sniffing proposes a mapping from the head; its confidence is scaled
 * down so that a specific dialect always wins, and a table with too little to go on is left to the mapping dialog.
 * With a user's mapping (OpenOptions.mapping) that mapping is used as it is.
 */
import { FormatError } from '../format.ts'
import type { OpenOptions, TableDialect, TextParser } from './dialect.ts'
import { csvParser } from './dialect.ts'
import { detectDelimiter, headRows } from './head-text.ts'
import type { MappingProposal } from './mapping.ts'
import { applyMapping, looksLikeHeader, proposeMapping } from './mapping.ts'
import type { TableSession } from './table-session.ts'

/** Share of a specific dialect's certainty a generic reading can reach. */
const GENERIC_SCALE = 0.6

/** The mapping proposed for a table's head (delimiter, header row and columns all guessed from content). */
export function proposeFromHead(headText: string, target?: 'flows' | 'packets'): MappingProposal | null {
  const delimiter = detectDelimiter(headText)
  if (delimiter === null) return null
  const rows = headRows(headText, delimiter, 64)
  if (rows.length === 0) return null
  const hasHeader = looksLikeHeader(rows)
  const header = hasHeader ? rows[0] : []
  return proposeMapping(header, hasHeader ? rows.slice(1) : rows, { target, delimiter, hasHeader })
}

/** A dialect that reads through a proposed (or the user's) column mapping. */
export function genericDialect(id: 'generic-packet-csv' | 'generic-flow-csv', target: 'packets' | 'flows', label: string): TableDialect {
  return {
    id,
    label,
    records: target,
    sniff(headText: string): number {
      const p = proposeFromHead(headText)
      if (p === null || p.mapping.target !== target) return 0
      return Math.round(p.confidence * GENERIC_SCALE * 100) / 100
    },
    open(session: TableSession, options: OpenOptions): TextParser {
      const mapping = options.mapping ?? proposeFromHead(options.headText, target)?.mapping
      if (mapping === undefined) throw new FormatError('needs-mapping', 'no columns could be mapped in this table: map them to read it')
      return csvParser(session, applyMapping(mapping, session), { delimiter: mapping.delimiter })
    },
  }
}

export const genericPacketCsv = genericDialect('generic-packet-csv', 'packets', 'Packet table (mapped columns)')
