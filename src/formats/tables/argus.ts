/**
 * Argus bidirectional flows (https://openargus.org/, ra(1) -c , output) as the CTU-13 / Stratosphere
 * ".binetflow" files carry them: StartTime, Dur, Proto, SrcAddr, Sport, Dir, DstAddr, Dport, State, sTos, dTos,
 * TotPkts, TotBytes, SrcBytes (SrcPkts), Label. Also ra's default whitespace-aligned output with the same header
 * names, where a "2019/04/04 16:24:47.672448" start time spans two fields.
 * SrcAddr is the originator; resp counts are the totals minus the source's. Ports may be hex ("0x0303": ICMP
 * type and code). State keywords and TCP flag states are mapped to Zeek conn_state (argus-states.ts).
 */
import { argusConnState } from './argus-states.ts'
import type { OpenOptions, TableDialect, TextParser } from './dialect.ts'
import { csvParser, readFeatures, readNumber, readPort, readTime } from './dialect.ts'
import { detectDelimiter, headLines, normName } from './head-text.ts'
import { LabelColumn } from './label-table.ts'
import { normaliseProtocol, PortServices } from './protocols.ts'
import type { Delimiter } from './row-reader.ts'
import type { RowFields } from './row-fields.ts'
import { ColumnInterner } from './string-table.ts'
import { parseTableTime } from './table-times.ts'
import type { TableSession } from './table-session.ts'

const SIGNATURE = ['starttime', 'dur', 'proto', 'srcaddr', 'dstaddr', 'dport', 'totpkts', 'totbytes', 'srcbytes', 'state']
const NOT_FEATURES = new Set(['starttime', 'proto', 'srcaddr', 'sport', 'dir', 'dstaddr', 'dport', 'state', 'label'])

function headerScore(names: readonly string[]): number {
  const norm = names.map(normName)
  return SIGNATURE.filter((s) => norm.includes(s)).length
}

/** The delimiter of an Argus table: the CSV one, else whitespace when the header splits on it. */
function argusDelimiter(headText: string): Delimiter | null {
  const first = headLines(headText, 1)[0] ?? ''
  const d = detectDelimiter(headText)
  if (d !== null && headerScore(first.split(d)) >= 5) return d
  if (headerScore(first.trim().split(/\s+/)) >= 5) return 'whitespace'
  return null
}

/** Column `col` of the header in a row whose first (date) field was split in two when `shift` is 1. */
function at(shift: number, col: number): number {
  return col <= 0 ? col : col + shift
}

function sniff(headText: string): number {
  const d = argusDelimiter(headText)
  if (d === null) return 0
  const first = headLines(headText, 1)[0] ?? ''
  const k = headerScore(d === 'whitespace' ? first.trim().split(/\s+/) : first.split(d))
  return k >= 7 ? 0.95 : 0.7
}

function open(session: TableSession, options: OpenOptions): TextParser {
  const delimiter = argusDelimiter(options.headText) ?? ','
  const nr = session.numberReader({})
  const protocol = new ColumnInterner(session.strings, normaliseProtocol)
  const [src, dst, state] = [new ColumnInterner(session.strings), new ColumnInterner(session.strings), new ColumnInterner(session.strings)]
  const services = new PortServices(session.strings)
  const connStates = new Map<number, number>()
  let ix: Record<string, number> | null = null
  let width = 0
  let featureCols = new Int32Array(0)
  let shiftedFeatureCols = new Int32Array(0)
  let label: LabelColumn | null = null

  const configure = (names: readonly string[]): void => {
    const norm = names.map(normName)
    const col = (n: string): number => norm.indexOf(n)
    ix = {
      start: col('starttime'), dur: col('dur'), proto: col('proto'), src: col('srcaddr'), sport: col('sport'),
      dst: col('dstaddr'), dport: col('dport'), state: col('state'), totPkts: col('totpkts'), totBytes: col('totbytes'),
      srcBytes: col('srcbytes'), srcPkts: col('srcpkts'), label: col('label'),
    }
    width = names.length
    const cols: number[] = []
    for (let i = 0; i < norm.length; i++) if (!NOT_FEATURES.has(norm[i]) && norm[i] !== '') cols.push(i)
    featureCols = Int32Array.from(cols)
    shiftedFeatureCols = featureCols.map((col) => at(1, col))
    session.columns = names.slice()
    session.flowBuilder(cols.map((i) => names[i]), ix.label >= 0 ? names[ix.label] : null)
    if (ix.label >= 0) label = new LabelColumn(session.labels)
  }

  const mapRow = (row: RowFields): string | null => {
    if (ix === null) {
      const names = row.toArray()
      if (headerScore(names) < 5) return 'no Argus header row'
      configure(names.map((n) => n.trim()))
      return null
    }
    const c = ix as Record<string, number>
    // Whitespace output: "2019/04/04 16:24:47.672448" is two fields; read them together and shift the rest.
    const shift = delimiter === 'whitespace' && row.count === width + 1 && c.start === 0 ? 1 : 0
    if (row.count !== width + shift) return `expected ${width} fields, found ${row.count}`
    const b = session.flows
    if (b === null) return 'no columns'
    const i = b.n
    b.begin(row.line)
    if (c.start >= 0) {
      b.startTime[i] = shift === 1 ? parseTableTime(`${row.field(0)} ${row.field(1)}`, false) : readTime(row, c.start, false)
    }
    b.duration[i] = readNumber(row, at(shift, c.dur), nr)
    const p = protocol.id(row, at(shift, c.proto))
    b.protocol[i] = p
    b.srcAddr[i] = src.id(row, at(shift, c.src))
    b.dstAddr[i] = dst.id(row, at(shift, c.dst))
    b.srcPort[i] = readPort(row, at(shift, c.sport))
    b.dstPort[i] = readPort(row, at(shift, c.dport))
    b.service[i] = p === 0 ? 0 : services.id(p, b.dstPort[i])
    const st = state.id(row, at(shift, c.state))
    b.state[i] = st
    b.connState[i] = connStateId(p, st)
    const totPkts = readNumber(row, at(shift, c.totPkts), nr)
    const totBytes = readNumber(row, at(shift, c.totBytes), nr)
    const srcBytes = readNumber(row, at(shift, c.srcBytes), nr)
    const srcPkts = readNumber(row, at(shift, c.srcPkts), nr)
    b.origBytes[i] = srcBytes
    b.respBytes[i] = totBytes - srcBytes
    b.origPkts[i] = srcPkts
    b.respPkts[i] = totPkts - srcPkts
    readFeatures(row, shift === 0 ? featureCols : shiftedFeatureCols, b.features, i * b.featureCount, nr)
    if (label !== null) b.labels[i] = label.id(row, at(shift, c.label))
    b.commit()
    return null
  }

  const connStateId = (protoId: number, stateId: number): number => {
    const key = protoId * 0x1000000 + stateId
    let id = connStates.get(key)
    if (id === undefined) {
      const s = session.strings.strings
      id = session.strings.intern(argusConnState(s[protoId] ?? '', s[stateId] ?? ''))
      connStates.set(key, id)
    }
    return id
  }

  return csvParser(session, mapRow, { delimiter })
}

export const argus: TableDialect = {
  id: 'argus',
  label: 'Argus bidirectional flows (binetflow)',
  records: 'flows',
  sniff,
  open,
}
