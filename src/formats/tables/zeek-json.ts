/**
 * Zeek logs written as JSON lines (LogAscii::use_json=T, https://docs.zeek.org/en/master/logs/index.html):
 * one object per line with the same field names as the TSV form ("id.orig_h", or nested {"id": {"orig_h": ...}}
 * in some exporters), ts as epoch seconds or an ISO 8601 string, and optionally "_path" naming the log.
 * conn records become flows; other logs become facts keyed by uid.
 */
import type { OpenOptions, TableDialect, TextParser } from './dialect.ts'
import { headLines } from './head-text.ts'
import type { JsonObject } from './json-lines.ts'
import { isJsonObject, JsonLinesReader, own } from './json-lines.ts'
import { normaliseProtocol, normaliseService, PortServices } from './protocols.ts'
import { capLength, detach } from './string-table.ts'
import { parseTableTime } from './table-times.ts'
import type { TableSession } from './table-session.ts'
import { inferZeekLog, KNOWN_ZEEK_FIELDS, ZEEK_LABEL_COLUMNS } from './zeek-fields.ts'
import { MAX_FACT_VALUE } from './zeek-tsv-log.ts'

const CONN_FEATURES = ['missed_bytes', 'ip_proto']

function sniff(headText: string): number {
  for (const line of headLines(headText, 8)) {
    const t = line.trim()
    if (t === '') continue
    if (!t.startsWith('{')) return 0
    let obj: unknown
    try {
      obj = JSON.parse(t)
    } catch {
      // The head may cut a long first line: look at the key names only.
      return /"(id\.orig_h|uid|uids)"\s*:/.test(t) && !t.includes('"event_type"') ? 0.7 : 0
    }
    if (!isJsonObject(obj) || own(obj, 'event_type') !== undefined) return 0
    const keys = Object.keys(obj)
    const known = keys.filter((k) => KNOWN_ZEEK_FIELDS.has(k)).length
    if (own(obj, 'uid') !== undefined || own(obj, 'id.orig_h') !== undefined || own(obj, 'id') !== undefined) return known >= 2 ? 0.95 : 0.8
    return inferZeekLog(keys) !== 'unknown' && own(obj, 'ts') !== undefined ? 0.85 : 0
  }
  return 0
}

/** A value at `key` or at the nested path ("id.orig_h" -> obj.id.orig_h). */
function field(obj: JsonObject, key: string): unknown {
  const flat = own(obj, key)
  if (flat !== undefined) return flat
  const dot = key.indexOf('.')
  return dot < 0 ? undefined : own(own(obj, key.slice(0, dot)), key.slice(dot + 1))
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : NaN
}

function text(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  if (Array.isArray(v)) return v.map(text).join(',')
  if (v === null || v === undefined) return ''
  return JSON.stringify(v) ?? ''
}

/** Zeek's time: epoch seconds, or an ISO 8601 string. */
export function zeekTime(v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'string') return parseTableTime(v)
  return NaN
}

function open(session: TableSession, _options: OpenOptions): TextParser {
  const services = new PortServices(session.strings)
  const s = session.strings
  let fileKind: string | null = null

  const conn = (obj: JsonObject, line: number): void => {
    const labelKey = ZEEK_LABEL_COLUMNS.find((k) => own(obj, k) !== undefined) ?? null
    const b = session.flowBuilder(CONN_FEATURES, labelKey)
    if (b.labelColumn === null && labelKey !== null) b.labelColumn = labelKey
    const i = b.n
    b.begin(line)
    b.startTime[i] = zeekTime(field(obj, 'ts'))
    b.duration[i] = num(field(obj, 'duration'))
    b.uid[i] = s.intern(text(field(obj, 'uid')))
    b.srcAddr[i] = s.intern(text(field(obj, 'id.orig_h')))
    b.dstAddr[i] = s.intern(text(field(obj, 'id.resp_h')))
    const sport = field(obj, 'id.orig_p')
    const dport = field(obj, 'id.resp_p')
    b.srcPort[i] = typeof sport === 'number' && sport >= 0 && sport <= 65535 ? sport : -1
    b.dstPort[i] = typeof dport === 'number' && dport >= 0 && dport <= 65535 ? dport : -1
    const p = s.intern(normaliseProtocol(text(field(obj, 'proto'))))
    b.protocol[i] = p
    const svc = s.intern(normaliseService(text(field(obj, 'service'))))
    b.service[i] = svc !== 0 ? svc : services.id(p, b.dstPort[i])
    const state = s.intern(text(field(obj, 'conn_state')))
    b.connState[i] = state
    b.state[i] = state
    b.history[i] = s.intern(text(field(obj, 'history')))
    b.origPkts[i] = num(field(obj, 'orig_pkts'))
    b.respPkts[i] = num(field(obj, 'resp_pkts'))
    b.origBytes[i] = num(field(obj, 'orig_ip_bytes'))
    b.respBytes[i] = num(field(obj, 'resp_ip_bytes'))
    b.origPayloadBytes[i] = num(field(obj, 'orig_bytes'))
    b.respPayloadBytes[i] = num(field(obj, 'resp_bytes'))
    const names = b.featureNames
    for (let f = 0; f < names.length; f++) b.features[i * b.featureCount + f] = num(field(obj, names[f]))
    // The detailed label where there is one, else the plain one (IoT-23's "detailed-label" and "label").
    for (const key of ZEEK_LABEL_COLUMNS) {
      const value = text(own(obj, key))
      if (value === '' || value === '-') continue
      b.labels[i] = session.labels.id(value)
      break
    }
    b.commit()
  }

  const fact = (obj: JsonObject, kind: string, line: number): void => {
    const values = new Map<string, string>()
    for (const key of Object.keys(obj)) values.set(detach(key), detach(capLength(text(obj[key]), MAX_FACT_VALUE)))
    const uid = own(obj, 'uid')
    const uidList = own(obj, 'uids')
    const uids = typeof uid === 'string' ? [detach(uid)] : Array.isArray(uidList) ? uidList.filter((u): u is string => typeof u === 'string').map(detach) : []
    const t = zeekTime(own(obj, 'ts'))
    session.fact({ log: kind, line, uids, time: Number.isNaN(t) ? null : t, values })
  }

  const reader = new JsonLinesReader({
    value(obj, line) {
      const path = own(obj, '_path')
      if (fileKind === null) fileKind = inferZeekLog(Object.keys(obj))
      const kind = typeof path === 'string' ? path : fileKind
      if (kind === 'conn') conn(obj, line)
      else fact(obj, kind, line)
    },
    reject(line, reason) {
      session.reject(line, reason)
    },
  })
  return {
    push: (b) => reader.push(b),
    end: () => reader.end(),
    get done() {
      return reader.done
    },
  }
}

export const zeekJson: TableDialect = {
  id: 'zeek-json',
  label: 'Zeek logs (JSON lines)',
  records: 'flows-and-facts',
  sniff,
  open,
}
