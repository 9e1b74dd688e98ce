/**
 * Wireshark's File > Export Packet Dissections > As CSV (https://www.wireshark.org/docs/wsug_html_chunked/
 * ChIOExportSection.html): one row per packet with the packet list's columns, every cell quoted:
 * "No.","Time","Source","Destination","Protocol","Length","Info", plus any extra columns the user added
 * ("Source Port", "Destination Port", ...). Time is whatever the time display format was: seconds since the
 * capture start (relative), seconds since the epoch, or a date and time. Without port columns, TCP/UDP ports
 * are read from the start of Info ("41859 → 1 [SYN] ...").
 */
import type { OpenOptions, TableDialect, TextParser } from './dialect.ts'
import { csvParser, readNumber, readPort } from './dialect.ts'
import { detectDelimiter, headRows, normName } from './head-text.ts'
import { NumberStatus } from './numbers.ts'
import { MAX_INFO_LENGTH } from './packet-batch-builder.ts'
import type { RowFields } from './row-fields.ts'
import { capLength, ColumnInterner, detach } from './string-table.ts'
import { parseTableTime } from './table-times.ts'
import type { TableSession } from './table-session.ts'

const COLUMNS = ['no', 'time', 'source', 'destination', 'protocol', 'length', 'info']
const SRC_PORT = ['sourceport', 'srcport', 'tcpsrcport', 'udpsrcport']
const DST_PORT = ['destinationport', 'dstport', 'destport', 'tcpdstport', 'udpdstport']

function sniff(headText: string): number {
  const delimiter = detectDelimiter(headText) ?? ','
  const header = headRows(headText, delimiter, 2)[0] ?? []
  const norm = header.map(normName)
  const found = COLUMNS.filter((n) => norm.includes(n)).length
  return found === COLUMNS.length ? 0.97 : found >= 5 && norm.includes('no') ? 0.8 : 0
}

/**
 * Ports from the start of a TCP/UDP Info cell: "41859 → 1 [SYN] ..." or "41859 > 1". Writes into out[0..1];
 * returns false when Info does not start that way.
 */
export function portsFromInfo(info: string, out: Int32Array): boolean {
  let i = 0
  // Expert notes come first ("[TCP Retransmission] 41859 → 1 ..."): skip up to two of them.
  for (let notes = 0; notes < 2 && info.charCodeAt(i) === 91; notes++) {
    const close = info.indexOf(']', i)
    if (close < 0 || close - i > 64) return false
    i = close + 1
    while (info.charCodeAt(i) === 32) i++
  }
  const first = i
  let a = 0
  while (i < info.length && i - first < 5 && info.charCodeAt(i) >= 48 && info.charCodeAt(i) <= 57) a = a * 10 + info.charCodeAt(i++) - 48
  if (i === first || a > 65535) return false
  while (info.charCodeAt(i) === 32) i++
  const arrow = info.charCodeAt(i)
  if (arrow === 0x2192 || arrow === 62) i++
  else if (arrow === 45 && info.charCodeAt(i + 1) === 62) i += 2
  else return false
  while (info.charCodeAt(i) === 32) i++
  const from = i
  let b = 0
  while (i < info.length && i - from < 5 && info.charCodeAt(i) >= 48 && info.charCodeAt(i) <= 57) b = b * 10 + info.charCodeAt(i++) - 48
  if (i === from || b > 65535) return false
  const next = info.charCodeAt(i)
  if (i < info.length && next !== 32 && next !== 44) return false
  out[0] = a
  out[1] = b
  return true
}

function open(session: TableSession, options: OpenOptions): TextParser {
  const delimiter = detectDelimiter(options.headText) ?? ','
  const nr = session.numberReader({ missing: [''] })
  const s = session.strings
  const [src, dst] = [new ColumnInterner(s), new ColumnInterner(s)]
  const protocol = new ColumnInterner(s, (v) => v.trim().toLowerCase())
  const ports = new Int32Array(2)
  let ix: Record<string, number> | null = null
  let width = 0
  let timeBaseSet = false
  const b = session.packetBuilder(null)

  const mapRow = (row: RowFields): string | null => {
    if (ix === null) {
      const names = row.toArray().slice()
      const norm = names.map(normName)
      if (COLUMNS.filter((n) => norm.includes(n)).length < 5) return 'no Wireshark header row'
      const at = (n: string): number => norm.indexOf(n)
      const any = (ns: readonly string[]): number => norm.findIndex((n) => ns.includes(n))
      ix = { no: at('no'), time: at('time'), src: at('source'), dst: at('destination'), proto: at('protocol'), length: at('length'), info: at('info'), sport: any(SRC_PORT), dport: any(DST_PORT) }
      width = names.length
      session.columns = names
      return null
    }
    const c = ix as Record<string, number>
    if (row.count !== width) return `expected ${width} fields, found ${row.count}`
    const i = b.n
    b.begin(row.line)
    const no = readNumber(row, c.no, nr)
    b.number[i] = Number.isInteger(no) && no > 0 && no <= 0xffffffff ? no : 0
    // Seconds (relative or epoch) arrive as plain decimals; anything else is a date to parse.
    let t = c.time >= 0 && c.time < row.count ? row.simple[c.time] : NaN
    if (Number.isNaN(t) && c.time >= 0 && row.length(c.time) > 0) t = parseTableTime(row.field(c.time))
    if (!timeBaseSet && !Number.isNaN(t)) {
      b.timeBase = t > 1e8 ? 'epoch' : 'relative'
      timeBaseSet = true
    }
    b.timeCol[i] = t
    b.src[i] = src.id(row, c.src)
    b.dst[i] = dst.id(row, c.dst)
    b.protocol[i] = protocol.id(row, c.proto)
    const length = readNumber(row, c.length, nr)
    if (nr.status === NumberStatus.invalid) return 'Length is not a number'
    b.length[i] = length
    const info = c.info >= 0 ? detach(capLength(row.field(c.info), MAX_INFO_LENGTH)) : ''
    b.info[i] = info
    b.srcPort[i] = readPort(row, c.sport)
    b.dstPort[i] = readPort(row, c.dport)
    if (c.sport < 0 && c.dport < 0 && portsFromInfo(info, ports)) {
      b.srcPort[i] = ports[0]
      b.dstPort[i] = ports[1]
    }
    b.commit()
    return null
  }
  return csvParser(session, mapRow, { delimiter })
}

export const wiresharkCsv: TableDialect = {
  id: 'wireshark-csv',
  label: 'Wireshark packet list (CSV export)',
  records: 'packets',
  sniff,
  open,
}
