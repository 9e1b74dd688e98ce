/**
 * UNSW-NB15 (https://research.unsw.edu.au/projects/unsw-nb15-dataset): the training/testing sets (a header
 * row: id, dur, proto, service, state, spkts, dpkts, sbytes, dbytes, ..., attack_cat, label) and the raw
 * UNSW-NB15_1..4.csv files, which have no header and hold the 49 columns of the published feature list
 * (NUSW-NB15_features.csv: srcip, sport, dstip, dsport, proto, state, dur, ..., Stime, Ltime, ..., Label).
 * The class is attack_cat (empty for normal traffic in the raw files, where Label 0 then means "Normal").
 * Byte counts are Argus's (whole packets); ports may be written in hex ("0x000b") or as '-'.
 */
import { argusConnState } from './argus-states.ts'
import type { OpenOptions, TableDialect, TextParser } from './dialect.ts'
import { csvParser, readFeatures, readNumber, readPort } from './dialect.ts'
import { headRows, isIpAddress, normName } from './head-text.ts'
import { LabelColumn } from './label-table.ts'
import { NumberStatus } from './numbers.ts'
import { normaliseProtocol, normaliseService, PortServices } from './protocols.ts'
import type { RowFields } from './row-fields.ts'
import { ColumnInterner } from './string-table.ts'
import type { TableSession } from './table-session.ts'

/** The raw files' columns, from the dataset's published feature list (NUSW-NB15_features.csv). */
export const UNSW_RAW_COLUMNS = [
  'srcip', 'sport', 'dstip', 'dsport', 'proto', 'state', 'dur', 'sbytes', 'dbytes', 'sttl', 'dttl', 'sloss', 'dloss',
  'service', 'Sload', 'Dload', 'Spkts', 'Dpkts', 'swin', 'dwin', 'stcpb', 'dtcpb', 'smeansz', 'dmeansz',
  'trans_depth', 'res_bdy_len', 'Sjit', 'Djit', 'Stime', 'Ltime', 'Sintpkt', 'Dintpkt', 'tcprtt', 'synack', 'ackdat',
  'is_sm_ips_ports', 'ct_state_ttl', 'ct_flw_http_mthd', 'is_ftp_login', 'ct_ftp_cmd', 'ct_srv_src', 'ct_srv_dst',
  'ct_dst_ltm', 'ct_src_ ltm', 'ct_src_dport_ltm', 'ct_dst_sport_ltm', 'ct_dst_src_ltm', 'attack_cat', 'Label',
] as const

/** Names (after normName) only UNSW-NB15 tables have. */
const SIGNATURE = new Set(['sbytes', 'dbytes', 'sttl', 'dttl', 'sloss', 'dloss', 'sload', 'dload', 'sinpkt', 'sintpkt', 'ctsrvsrc', 'ctstatettl', 'attackcat', 'issmipsports', 'ctflwhttpmthd'])
const NOT_FEATURES = new Set(['id', 'srcip', 'dstip', 'proto', 'state', 'service', 'attackcat', 'stime', 'ltime'])

function signature(row: readonly string[]): number {
  let n = 0
  for (const c of row) if (SIGNATURE.has(normName(c))) n++
  return n
}

function isRawRow(r: readonly string[]): boolean {
  return r.length === UNSW_RAW_COLUMNS.length && isIpAddress(r[0]) && isIpAddress(r[2]) && /^\d{9,10}$/.test(r[28])
}

function sniff(headText: string): number {
  const rows = headRows(headText, ',', 16)
  if (rows.length === 0) return 0
  const k = signature(rows[0])
  if (k >= 5) return 0.95
  const fit = rows.filter(isRawRow).length / rows.length
  return fit >= 0.8 ? 0.9 : 0
}

function open(session: TableSession, _options: OpenOptions): TextParser {
  const nr = session.numberReader({})
  const interner = (): ColumnInterner => new ColumnInterner(session.strings)
  const protocol = new ColumnInterner(session.strings, normaliseProtocol)
  const service = new ColumnInterner(session.strings, (s) => normaliseService(s))
  const portServices = new PortServices(session.strings)
  const state = interner()
  const connStates = new Map<number, number>()
  const [srcAddr, dstAddr] = [interner(), interner()]
  let label: LabelColumn | null = null
  let ix: Record<string, number> | null = null
  let width = 0
  let featureCols = new Int32Array(0)

  const configure = (names: readonly string[]): void => {
    const norm = names.map(normName)
    const at = (n: string): number => norm.indexOf(n)
    ix = {
      srcAddr: at('srcip'), srcPort: at('sport'), dstAddr: at('dstip'), dstPort: at('dsport'), proto: at('proto'),
      state: at('state'), dur: at('dur'), sbytes: at('sbytes'), dbytes: at('dbytes'), service: at('service'),
      spkts: at('spkts'), dpkts: at('dpkts'), stime: at('stime'), attackCat: at('attackcat'), label: at('label'),
    }
    width = names.length
    const cols: number[] = []
    for (let i = 0; i < norm.length; i++) if (!NOT_FEATURES.has(norm[i]) && norm[i] !== '') cols.push(i)
    featureCols = Int32Array.from(cols)
    session.columns = names.slice()
    const labelName = ix.attackCat >= 0 ? names[ix.attackCat] : ix.label >= 0 ? names[ix.label] : null
    session.flowBuilder(cols.map((i) => names[i]), labelName)
    if (labelName !== null) label = new LabelColumn(session.labels)
  }

  const mapRow = (row: RowFields): string | null => {
    if (ix === null) {
      const cells = row.toArray()
      if (signature(cells) >= 5) {
        configure(cells.map((c) => c.trim()))
        return null
      }
      configure(UNSW_RAW_COLUMNS)
    }
    const c = ix as Record<string, number>
    if (row.count !== width) return `expected ${width} fields, found ${row.count}`
    const b = session.flows
    if (b === null) return 'no columns'
    const i = b.n
    b.begin(row.line)
    const dur = readNumber(row, c.dur, nr)
    if (nr.status === NumberStatus.invalid) return 'dur is not a number'
    b.duration[i] = dur
    if (c.stime >= 0) b.startTime[i] = readNumber(row, c.stime, nr)
    b.srcAddr[i] = srcAddr.id(row, c.srcAddr)
    b.dstAddr[i] = dstAddr.id(row, c.dstAddr)
    b.srcPort[i] = readPort(row, c.srcPort)
    b.dstPort[i] = readPort(row, c.dstPort)
    const p = protocol.id(row, c.proto)
    b.protocol[i] = p
    const svc = service.id(row, c.service)
    b.service[i] = svc !== 0 ? svc : portServices.id(p, b.dstPort[i])
    const st = state.id(row, c.state)
    b.state[i] = st
    b.connState[i] = connStateId(p, st)
    b.origPkts[i] = readNumber(row, c.spkts, nr)
    b.respPkts[i] = readNumber(row, c.dpkts, nr)
    b.origBytes[i] = readNumber(row, c.sbytes, nr)
    b.respBytes[i] = readNumber(row, c.dbytes, nr)
    readFeatures(row, featureCols, b.features, i * b.featureCount, nr)
    if (label !== null) {
      let id = label.id(row, c.attackCat >= 0 ? c.attackCat : c.label)
      // The raw files leave attack_cat empty for normal traffic and say so with Label 0.
      if (id === 0 && c.attackCat >= 0 && row.equals(c.label, '0')) id = session.labels.id('Normal')
      b.labels[i] = id
    }
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

  return csvParser(session, mapRow, { delimiter: ',' })
}

export const unswNb15: TableDialect = {
  id: 'unsw-nb15',
  label: 'UNSW-NB15 flows',
  records: 'flows',
  sniff,
  open,
}
