/**
 * Zeek logs in the ASCII writer's TSV form (https://docs.zeek.org/en/master/logs/index.html and
 * base/frameworks/logging/writers/ascii.zeek): meta lines "#separator \x09", "#set_separator ,",
 * "#empty_field (empty)", "#unset_field -", "#path conn", "#open ...", "#fields ...", "#types ...", "#close ...";
 * then one record per line, values escaped as \xNN. Also the bare form with one header row of names and no meta
 * (zeek-cut output, LogAscii's tsv mode, btest baselines with a "###" comment on top), and files that hold several
 * logs one after another (each new #fields starts over).
 * conn.log records become flows; every other log (dns, ssl, http, notice, dhcp, smtp, tunnel, weird, ...) becomes
 * facts keyed by uid, to be attached to the connections.
 */
import type { OpenOptions, TableDialect, TextParser } from './dialect.ts'
import { csvParser } from './dialect.ts'
import { headLines } from './head-text.ts'
import type { Delimiter } from './row-reader.ts'
import type { RowFields } from './row-fields.ts'
import type { TableSession } from './table-session.ts'
import { declaredSeparator, inferZeekLog, KNOWN_ZEEK_FIELDS } from './zeek-fields.ts'
import { detach } from './string-table.ts'
import { ZeekTsvLog } from './zeek-tsv-log.ts'

function sniff(headText: string): number {
  const lines = headLines(headText, 32).map((l) => l.replace(/^[\t ]+#/, '#'))
  if (lines.length === 0) return 0
  if (declaredSeparator(lines[0]) !== null) return 0.99
  if (lines.some((l) => l.startsWith('#fields\t'))) return 0.95
  // A bare header of Zeek field names (zeek-cut output), possibly under '#' comment lines.
  const header = lines.find((l) => !l.startsWith('#'))
  if (header === undefined) return 0
  const names = header.split('\t')
  const known = names.filter((n) => KNOWN_ZEEK_FIELDS.has(n)).length
  if (known === 0 || names.some((n) => !/^[A-Za-z_][\w.-]*$/.test(n))) return 0
  if (inferZeekLog(names) === 'unknown') return 0
  return known === names.length ? 0.8 : 0.5
}

const DELIMITERS: Record<string, Delimiter> = { '\t': '\t', ',': ',', ';': ';', '|': '|' }

function open(session: TableSession, options: OpenOptions): TextParser {
  const first = headLines(options.headText, 1)[0]?.replace(/^[\t ]+#/, '#') ?? ''
  const declared = declaredSeparator(first)
  const delimiter = declared !== null ? DELIMITERS[declared] : '\t'
  if (declared !== null && delimiter === undefined) session.note('zeek.unsupported-separator')
  let log: ZeekTsvLog | null = null
  let path: string | null = null
  let setSeparator = ','
  let emptyField = '(empty)'
  let unsetField = '-'
  let types: readonly string[] | null = null
  let pendingFields: string[] | null = null

  const configure = (names: readonly string[]): void => {
    const kind = path ?? inferZeekLog(names)
    // Detached copies: the names are kept for the whole log, the slice of text they came from is not.
    const kept = names.map(detach)
    log = new ZeekTsvLog(session, detach(kind), kept, types, { setSeparator: detach(setSeparator), emptyField: detach(emptyField), unsetField: detach(unsetField) })
    session.columns = kept
  }

  const meta = (row: RowFields, at: number): void => {
    const key = row.field(at)
    const rest = (): string[] => row.toArray().slice(at + 1)
    const value = (): string => (row.count > at + 1 ? row.field(at + 1) : key.replace(/^#\S+\s+/, ''))
    if (key === '#fields') {
      // #types usually follows #fields; the log is set up when the first record (or #types) arrives.
      pendingFields = rest()
      types = null
      log = null
    } else if (key === '#types') {
      types = rest()
      if (pendingFields !== null) {
        configure(pendingFields)
        pendingFields = null
      }
    } else if (key === '#path') path = value()
    else if (key === '#set_separator') setSeparator = value()
    else if (key === '#empty_field') emptyField = value()
    else if (key === '#unset_field') unsetField = value()
    else if (key.startsWith('#separator')) {
      // A new log in the same file: its #path and #fields follow.
      path = null
      types = null
    }
  }

  const mapRow = (row: RowFields): string | null => {
    const at = row.count > 1 && row.length(0) === 0 && row.field(1).startsWith('#') ? 1 : 0
    if (row.field(at).startsWith('#')) {
      meta(row, at)
      return null
    }
    if (pendingFields !== null) {
      configure(pendingFields)
      pendingFields = null
    }
    if (log === null) {
      const names = row.toArray()
      if (names.every((n) => /^[A-Za-z_][\w.-]*$/.test(n)) && names.some((n) => KNOWN_ZEEK_FIELDS.has(n))) {
        configure(names.slice())
        return null
      }
      return 'record before any #fields line'
    }
    return (log as ZeekTsvLog).row(row)
  }

  return csvParser(session, mapRow, { delimiter: delimiter ?? '\t', quotes: false })
}

export const zeekTsv: TableDialect = {
  id: 'zeek-tsv',
  label: 'Zeek logs (TSV)',
  records: 'flows-and-facts',
  sniff,
  open,
}
