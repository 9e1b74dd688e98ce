/**
 * Applies a ColumnMapping: each row becomes a flow or a packet record. A total without a direction gives the
 * responder's side when the originator's is known (resp = total - orig); when neither side is known the whole
 * total is put on the originator's side, so sums over records stay right even though the split is unknown.
 */
import type { RowMapper } from './dialect.ts'
import { readFeatures, readNumber, readPort } from './dialect.ts'
import { LabelColumn } from './label-table.ts'
import type { ColumnMapping } from './mapping.ts'
import type { CanonicalField } from './mapping-synonyms.ts'
import { NumberStatus } from './numbers.ts'
import { MAX_INFO_LENGTH } from './packet-batch-builder.ts'
import { normaliseProtocol, normaliseService, PortServices } from './protocols.ts'
import type { RowFields } from './row-fields.ts'
import { capLength, ColumnInterner, detach } from './string-table.ts'
import { parseTableTime } from './table-times.ts'
import type { TableSession } from './table-session.ts'

const UNIT: Record<ColumnMapping['durationUnit'], number> = { s: 1, ms: 1e-3, us: 1e-6 }

/** A row mapper for `mapping`; the first row is skipped when the mapping says it is a header. */
export function applyMapping(mapping: ColumnMapping, session: TableSession): RowMapper {
  const col = (f: CanonicalField): number => mapping.fields[f]?.column ?? -1
  const c = {
    time: col('time'), end: col('endTime'), duration: col('duration'), src: col('srcAddr'), dst: col('dstAddr'),
    sport: col('srcPort'), dport: col('dstPort'), proto: col('protocol'), service: col('service'),
    origPkts: col('origPkts'), respPkts: col('respPkts'), totalPkts: col('totalPkts'), origBytes: col('origBytes'),
    respBytes: col('respBytes'), totalBytes: col('totalBytes'), state: col('connState'), length: col('length'),
    info: col('info'), uid: col('uid'), label: col('label'),
  }
  const labelName = c.label >= 0 ? mapping.columns[c.label] ?? null : null
  const nr = session.numberReader({ nan: ['NaN', 'nan'], infinity: ['Infinity', 'inf'], missing: ['-'] })
  const s = session.strings
  const [src, dst, state, uid, service] = [new ColumnInterner(s), new ColumnInterner(s), new ColumnInterner(s), new ColumnInterner(s), new ColumnInterner(s, (v) => normaliseService(v))]
  const protocol = new ColumnInterner(s, normaliseProtocol)
  const services = new PortServices(s)
  const label = new LabelColumn(session.labels)
  const unit = UNIT[mapping.durationUnit]
  const features = Int32Array.from(mapping.featureColumns)
  let header = mapping.hasHeader
  let timeText = ''
  let timeValue = NaN
  session.columns = mapping.columns
  const flows = mapping.target === 'flows' ? session.flowBuilder(mapping.featureColumns.map((i) => mapping.columns[i] ?? `column ${i + 1}`), labelName) : null
  const packets = mapping.target === 'packets' ? session.packetBuilder(labelName) : null
  let timeBaseSet = false

  const time = (row: RowFields, i: number): number => {
    if (i < 0 || row.length(i) === 0) return NaN
    if (timeText.length > 0 && row.equals(i, timeText)) return timeValue
    timeText = row.field(i)
    timeValue = parseTableTime(timeText, mapping.dayFirst)
    return timeValue
  }

  const flowRow = (row: RowFields): string | null => {
    const b = flows
    if (b === null) return 'no flow columns'
    const i = b.n
    b.begin(row.line)
    const start = time(row, c.time)
    b.startTime[i] = start
    let duration = readNumber(row, c.duration, nr) * unit
    if (Number.isNaN(duration) && c.end >= 0) duration = time(row, c.end) - start
    b.duration[i] = duration >= 0 ? duration : NaN
    b.srcAddr[i] = src.id(row, c.src)
    b.dstAddr[i] = dst.id(row, c.dst)
    b.srcPort[i] = readPort(row, c.sport)
    b.dstPort[i] = readPort(row, c.dport)
    const p = protocol.id(row, c.proto)
    b.protocol[i] = p
    const svc = service.id(row, c.service)
    b.service[i] = svc !== 0 ? svc : services.id(p, b.dstPort[i])
    b.state[i] = state.id(row, c.state)
    b.uid[i] = uid.id(row, c.uid)
    const origPkts = readNumber(row, c.origPkts, nr)
    const respPkts = readNumber(row, c.respPkts, nr)
    const totalPkts = readNumber(row, c.totalPkts, nr)
    b.origPkts[i] = splitOrig(origPkts, respPkts, totalPkts)
    b.respPkts[i] = splitResp(origPkts, respPkts, totalPkts)
    const origBytes = readNumber(row, c.origBytes, nr)
    const respBytes = readNumber(row, c.respBytes, nr)
    const totalBytes = readNumber(row, c.totalBytes, nr)
    b.origBytes[i] = splitOrig(origBytes, respBytes, totalBytes)
    b.respBytes[i] = splitResp(origBytes, respBytes, totalBytes)
    readFeatures(row, features, b.features, i * b.featureCount, nr)
    b.labels[i] = label.id(row, c.label)
    b.commit()
    return null
  }

  const packetRow = (row: RowFields): string | null => {
    const b = packets
    if (b === null) return 'no packet columns'
    const i = b.n
    b.begin(row.line)
    const t = time(row, c.time)
    if (!timeBaseSet && !Number.isNaN(t)) {
      // Seconds since the capture start are small; epoch times and dates are not.
      b.timeBase = t > 1e8 ? 'epoch' : 'relative'
      timeBaseSet = true
    }
    b.timeCol[i] = t
    b.src[i] = src.id(row, c.src)
    b.dst[i] = dst.id(row, c.dst)
    b.srcPort[i] = readPort(row, c.sport)
    b.dstPort[i] = readPort(row, c.dport)
    b.protocol[i] = protocol.id(row, c.proto)
    const length = readNumber(row, c.length, nr)
    if (nr.status === NumberStatus.invalid) return 'length is not a number'
    b.length[i] = length
    if (c.info >= 0) b.info[i] = detach(capLength(row.field(c.info), MAX_INFO_LENGTH))
    b.labels[i] = label.id(row, c.label)
    b.commit()
    return null
  }

  return (row) => {
    if (header) {
      header = false
      return null
    }
    return flows !== null ? flowRow(row) : packetRow(row)
  }
}

/** The originator's share: as given, else the total less the responder's, else the whole total. */
function splitOrig(orig: number, resp: number, total: number): number {
  if (!Number.isNaN(orig)) return orig
  if (!Number.isNaN(resp)) return total - resp
  return total
}

/** The responder's share: as given, else the total less the originator's, else 0 when only a total is known. */
function splitResp(orig: number, resp: number, total: number): number {
  if (!Number.isNaN(resp)) return resp
  if (!Number.isNaN(orig)) return total - orig
  return Number.isNaN(total) ? Number.NaN : 0
}
