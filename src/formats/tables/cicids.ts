/**
 * CIC-IDS2017 / CSE-CIC-IDS2018 / CICFlowMeter flow tables (https://www.unb.ca/cic/datasets/ids-2017.html,
 * https://github.com/ahlashkari/CICFlowMeter) and the improved CIC-IDS2017 re-labelling of Engelen et al.
 * Quirks handled: header names with leading spaces, duplicated names ("Fwd Header Length" twice: the second
 * is kept as "Fwd Header Length.1"), "Infinity" and "NaN" cells (kept in the feature vector as written, and
 * counted), -1 meaning "none" (ports, window sizes), rows of empty cells at the end of some files, day-first
 * timestamps with or without seconds and AM/PM ("3/7/2017 8:55", "20/01/1970 05:20:20 AM"), ISO timestamps
 * ("2017-07-05 18:12:15.650811") and epoch numbers, and header-less CICFlowMeter output (its 84 columns).
 * Flow Duration is in microseconds; Total Length of Fwd/Bwd Packets is payload bytes.
 */
import { CIC_CANONICAL, CIC_NOT_FEATURES, CIC_SIGNATURE, CICFLOWMETER_COLUMNS } from './cicids-columns.ts'
import type { CicCanonical } from './cicids-columns.ts'
import type { CsvParser, OpenOptions, TableDialect, TextParser } from './dialect.ts'
import { csvParser, readFeatures, readNumber, readPort, readTime, tallySpecialCells } from './dialect.ts'
import { detectDelimiter, headRows, isIpAddress, normName, uniqueNames } from './head-text.ts'
import { LabelColumn } from './label-table.ts'
import { NumberStatus } from './numbers.ts'
import { normaliseProtocol, PortServices } from './protocols.ts'
import type { RowFields } from './row-fields.ts'
import { ColumnInterner } from './string-table.ts'
import type { TableSession } from './table-session.ts'

const FLOW_ID = /^[0-9a-fA-F:.]+-[0-9a-fA-F:.]+-\d+-\d+-\d+$/

function signatureCount(row: readonly string[]): number {
  let n = 0
  for (const name of row) if (CIC_SIGNATURE.has(normName(name))) n++
  return n
}

/** A CICFlowMeter data row: Flow ID "a-b-sport-dport-proto", then Src IP. */
function isHeaderlessRow(r: readonly string[]): boolean {
  return r.length === CICFLOWMETER_COLUMNS.length && FLOW_ID.test(r[0]) && isIpAddress(r[1]) && isIpAddress(r[3])
}

function sniff(headText: string): number {
  const delimiter = detectDelimiter(headText) ?? ','
  const rows = headRows(headText, delimiter, 16)
  if (rows.length === 0) return 0
  const k = signatureCount(rows[0])
  if (k >= 4) return 0.95
  if (k >= 2) return 0.6
  const fit = rows.filter(isHeaderlessRow).length / rows.length
  return fit >= 0.8 ? 0.9 : 0
}

type Indices = Record<CicCanonical, number>

function findColumns(norm: readonly string[]): Indices {
  const out = {} as Indices
  for (const key of Object.keys(CIC_CANONICAL) as CicCanonical[]) {
    const spellings: readonly string[] = CIC_CANONICAL[key]
    out[key] = norm.findIndex((n) => spellings.includes(n))
  }
  return out
}

function open(session: TableSession, options: OpenOptions): TextParser {
  const delimiter = detectDelimiter(options.headText) ?? ','
  const nr = session.numberReader({ nan: ['NaN', 'nan'], infinity: ['Infinity', 'inf', 'Inf'] })
  const protocol = new ColumnInterner(session.strings, normaliseProtocol)
  const srcAddr = new ColumnInterner(session.strings)
  const dstAddr = new ColumnInterner(session.strings)
  const services = new PortServices(session.strings)
  let label: LabelColumn | null = null
  let ix: Indices | null = null
  let width = 0
  let featureCols = new Int32Array(0)
  /** Feature columns whose cells are only tallied (read without feature vectors). */
  let tallyCols = new Int32Array(0)
  // Set once the row reader exists; configure() runs from its first row on.
  let parser: CsvParser | null = null

  const configure = (names: readonly string[]): void => {
    const trimmed = uniqueNames(names.map((n) => n.trim()))
    const norm = trimmed.map(normName)
    ix = findColumns(norm)
    width = names.length
    const all: number[] = []
    for (let i = 0; i < norm.length; i++) if (!CIC_NOT_FEATURES.has(norm[i]) && norm[i] !== '') all.push(i)
    // Without feature vectors the feature cells are still looked at for the notes (NaN, Infinity cells).
    const skipFeatures = options.featureVectors === 'unaddressed' && (ix.srcAddr >= 0 || ix.dstAddr >= 0)
    const cols = skipFeatures ? [] : all
    featureCols = Int32Array.from(cols)
    tallyCols = skipFeatures ? Int32Array.from(all) : new Int32Array(0)
    // The columns read as numbers: the features, and the mapped ones other than addresses, flow id and label.
    const numeric = [ix.duration, ix.timestamp, ix.srcPort, ix.dstPort, ix.protocol, ix.origPkts, ix.respPkts, ix.origPayloadBytes, ix.respPayloadBytes]
    parser?.setNumberColumns([...cols, ...numeric.filter((i) => i >= 0)], skipFeatures ? all : [])
    session.columns = trimmed
    session.flowBuilder(cols.map((i) => trimmed[i]), ix.label >= 0 ? trimmed[ix.label] : null)
    if (ix.label >= 0) label = new LabelColumn(session.labels)
  }

  const time = (row: RowFields, i: number): number => {
    const t = readTime(row, i, true)
    if (t !== t && i >= 0 && row.length(i) > 0) session.note('cicids.unreadable-timestamp')
    return t
  }

  const mapRow = (row: RowFields): string | null => {
    if (ix === null) {
      const cells = row.toArray()
      if (signatureCount(cells) >= 2) {
        configure(cells)
        return null
      }
      configure(CICFLOWMETER_COLUMNS)
    }
    const c = ix as Indices
    if (row.count !== width) return allEmpty(row) ? 'empty row' : `expected ${width} fields, found ${row.count}`
    if (allEmpty(row)) return 'empty row'
    const b = session.flows
    if (b === null) return 'no columns'
    const i = b.n
    b.begin(row.line)
    if (c.duration >= 0) {
      const us = readNumber(row, c.duration, nr)
      if (nr.status === NumberStatus.invalid) return 'Flow Duration is not a number'
      if (us < 0) session.note('cicids.negative-duration')
      else b.duration[i] = us / 1e6
    }
    b.startTime[i] = time(row, c.timestamp)
    b.srcAddr[i] = srcAddr.id(row, c.srcAddr)
    b.dstAddr[i] = dstAddr.id(row, c.dstAddr)
    b.srcPort[i] = readPort(row, c.srcPort)
    const dport = readPort(row, c.dstPort)
    b.dstPort[i] = dport
    const p = protocol.id(row, c.protocol)
    b.protocol[i] = p
    b.service[i] = services.id(p, dport)
    b.origPkts[i] = readCount(row, c.origPkts)
    b.respPkts[i] = readCount(row, c.respPkts)
    b.origPayloadBytes[i] = readCount(row, c.origPayloadBytes)
    b.respPayloadBytes[i] = readCount(row, c.respPayloadBytes)
    readFeatures(row, featureCols, b.features, i * b.featureCount, nr)
    if (tallyCols.length > 0) tallySpecialCells(row, tallyCols, nr)
    if (label !== null) b.labels[i] = label.id(row, c.label)
    b.commit()
    return null
  }

  /** A non-negative count column, NaN when absent or negative (-1 means "none" in CIC tables). */
  const readCount = (row: RowFields, i: number): number => {
    const v = readNumber(row, i, nr)
    return v >= 0 ? v : NaN
  }

  parser = csvParser(session, mapRow, { delimiter })
  return parser
}

function allEmpty(row: RowFields): boolean {
  for (let i = 0; i < row.count; i++) if (row.length(i) > 0) return false
  return true
}

export const cicids: TableDialect = {
  id: 'cicids',
  label: 'CIC-IDS2017 / CICFlowMeter flows',
  records: 'flows',
  sniff,
  open,
}
