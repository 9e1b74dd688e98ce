/**
 * NSL-KDD and KDD Cup 1999 connection records (https://www.unb.ca/cic/datasets/nsl.html,
 * http://kdd.ics.uci.edu/databases/kddcup99/task.html): no header row; 41 features (duration, protocol_type,
 * service, flag, src_bytes, dst_bytes, ...), the attack label (KDD'99 ends it with '.'), and in NSL-KDD a
 * difficulty level. Some copies add a header row with the feature names; it is recognised and used.
 * The records have no addresses and no times: those columns stay unknown.
 */
import type { OpenOptions, TableDialect, TextParser } from './dialect.ts'
import { csvParser, readFeatures, readNumber } from './dialect.ts'
import { column, headRows, normName, share } from './head-text.ts'
import { NumberStatus } from './numbers.ts'
import { normaliseProtocol, normaliseService } from './protocols.ts'
import type { RowFields } from './row-fields.ts'
import { LabelColumn } from './label-table.ts'
import { ColumnInterner } from './string-table.ts'
import type { TableSession } from './table-session.ts'

/** The 41 features in file order (the dataset's Field_Names). */
export const KDD_FEATURES = [
  'duration', 'protocol_type', 'service', 'flag', 'src_bytes', 'dst_bytes', 'land', 'wrong_fragment', 'urgent',
  'hot', 'num_failed_logins', 'logged_in', 'num_compromised', 'root_shell', 'su_attempted', 'num_root',
  'num_file_creations', 'num_shells', 'num_access_files', 'num_outbound_cmds', 'is_host_login', 'is_guest_login',
  'count', 'srv_count', 'serror_rate', 'srv_serror_rate', 'rerror_rate', 'srv_rerror_rate', 'same_srv_rate',
  'diff_srv_rate', 'srv_diff_host_rate', 'dst_host_count', 'dst_host_srv_count', 'dst_host_same_srv_rate',
  'dst_host_diff_srv_rate', 'dst_host_same_src_port_rate', 'dst_host_srv_diff_host_rate', 'dst_host_serror_rate',
  'dst_host_srv_serror_rate', 'dst_host_rerror_rate', 'dst_host_srv_rerror_rate',
] as const

/** The connection states KDD writes in its flag column: Bro's (Zeek's) conn_state names. */
const FLAGS = new Set(['SF', 'S0', 'S1', 'S2', 'S3', 'REJ', 'RSTO', 'RSTR', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH'])
const PROTOCOLS = new Set(['tcp', 'udp', 'icmp'])
const CATEGORICAL = new Set([1, 2, 3])

const isNumber = (s: string): boolean => /^-?\d+(\.\d+)?$/.test(s)

function isRecord(r: readonly string[]): boolean {
  return (r.length === 42 || r.length === 43) && PROTOCOLS.has(r[1]) && FLAGS.has(r[3]) && isNumber(r[0]) && isNumber(r[4])
}

function isHeader(r: readonly string[]): boolean {
  return r.length >= 41 && normName(r[0]) === 'duration' && normName(r[1]) === 'protocoltype' && normName(r[3]) === 'flag'
}

function sniff(headText: string): number {
  const rows = headRows(headText, ',', 32)
  if (rows.length === 0) return 0
  const body = isHeader(rows[0]) ? rows.slice(1) : rows
  if (body.length === 0) return isHeader(rows[0]) ? 0.6 : 0
  const fit = share(body.map((r) => (isRecord(r) ? 'y' : 'n')), (v) => v === 'y')
  const numeric = share(column(body, 22), isNumber)
  return fit < 0.8 ? 0 : Math.min(1, 0.75 + 0.2 * fit * numeric + (isHeader(rows[0]) ? 0.05 : 0))
}

function open(session: TableSession, _options: OpenOptions): TextParser {
  // Features: every numeric column (the 38 non-categorical ones) plus the difficulty level when present.
  const featureCols: number[] = []
  for (let i = 0; i < KDD_FEATURES.length; i++) if (!CATEGORICAL.has(i)) featureCols.push(i)
  const featureNames = [...featureCols.map((i) => KDD_FEATURES[i]), 'difficulty']
  const cols = Int32Array.from([...featureCols, 42])
  const b = session.flowBuilder(featureNames, 'label')
  const nr = session.numberReader({})
  const protocol = new ColumnInterner(session.strings, normaliseProtocol)
  const service = new ColumnInterner(session.strings, (s) => normaliseService(s, true))
  const flag = new ColumnInterner(session.strings)
  // The flag column is already Zeek's conn_state vocabulary: the same id serves both columns when it is one.
  const stateOfFlag: number[] = []
  const label = new LabelColumn(session.labels, kddLabel)
  session.columns = [...KDD_FEATURES, 'label', 'difficulty']
  let first = true

  const mapRow = (row: RowFields): string | null => {
    if (first) {
      first = false
      if (isHeader(row.toArray())) {
        session.columns = row.toArray().slice()
        return null
      }
    }
    if (row.count !== 42 && row.count !== 43) return `expected 42 or 43 fields, found ${row.count}`
    const i = b.n
    b.begin(row.line)
    const duration = readNumber(row, 0, nr)
    if (nr.status !== NumberStatus.ok) return 'duration is not a number'
    const srcBytes = readNumber(row, 4, nr)
    if (nr.status !== NumberStatus.ok) return 'src_bytes is not a number'
    const dstBytes = readNumber(row, 5, nr)
    if (nr.status !== NumberStatus.ok) return 'dst_bytes is not a number'
    b.duration[i] = duration
    b.origPayloadBytes[i] = srcBytes
    b.respPayloadBytes[i] = dstBytes
    b.protocol[i] = protocol.id(row, 1)
    b.service[i] = service.id(row, 2)
    const f = flag.id(row, 3)
    b.state[i] = f
    let cs = stateOfFlag[f]
    if (cs === undefined) {
      cs = FLAGS.has(session.strings.strings[f] ?? '') ? f : 0
      stateOfFlag[f] = cs
    }
    b.connState[i] = cs
    readFeatures(row, cols, b.features, i * b.featureCount, nr)
    b.labels[i] = label.id(row, 41)
    b.commit()
    return null
  }
  return csvParser(session, mapRow, { delimiter: ',' })
}

/** KDD'99 writes "smurf." where NSL-KDD writes "smurf". */
function kddLabel(s: string): string {
  return s.endsWith('.') ? s.slice(0, -1) : s
}

export const nslKdd: TableDialect = {
  id: 'nsl-kdd',
  label: "NSL-KDD / KDD'99 connection records",
  records: 'flows',
  sniff,
  open,
}
