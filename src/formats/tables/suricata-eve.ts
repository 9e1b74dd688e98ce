/**
 * Suricata EVE JSON (https://docs.suricata.io/en/latest/output/eve/eve-json-format.html): one event per line.
 * "flow" events (bidirectional: pkts_toserver/toclient, bytes_toserver/toclient, start, end, state) and
 * "netflow" events (one direction each) become flow records; "alert" events become the label of their flow
 * (matched by flow_id, else by 5-tuple in either direction; the most severe alert's signature wins); other events
 * (dns, tls, http, anomaly, fileinfo, ...) become facts keyed by flow_id. Suricata logs a flow when it ends, so
 * its alerts normally come first; when a file has alerts but no flow events at all, each alerted flow becomes a
 * record built from its alert's own flow fields.
 * flow_id is a 64-bit number that a double cannot always hold, so it is read from the line's text.
 */
import type { OpenOptions, TableDialect, TextParser } from './dialect.ts'
import { headLines } from './head-text.ts'
import type { JsonObject } from './json-lines.ts'
import { isJsonObject, JsonLinesReader, own } from './json-lines.ts'
import { argusConnState } from './argus-states.ts'
import { normaliseProtocol, normaliseService, PortServices } from './protocols.ts'
import { capLength, detach } from './string-table.ts'
import { parseTableTime } from './table-times.ts'
import type { TableSession } from './table-session.ts'

const FLOW_ID = /"flow_id"\s*:\s*(\d+)/
const MAX_FACT_VALUE = 1024
/** Alerts waiting for their flow; past this many, further unmatched alerts are only counted. */
const MAX_PENDING_ALERTS = 1_000_000

function sniff(headText: string): number {
  for (const line of headLines(headText, 8)) {
    const t = line.trim()
    if (t === '') continue
    if (!t.startsWith('{')) return 0
    try {
      const obj: unknown = JSON.parse(t)
      return isJsonObject(obj) && typeof own(obj, 'event_type') === 'string' ? 0.97 : 0
    } catch {
      return /"event_type"\s*:\s*"/.test(t) && /"timestamp"\s*:/.test(t) ? 0.8 : 0
    }
  }
  return 0
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const num = (v: unknown): number => (typeof v === 'number' ? v : NaN)
const port = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535 ? v : -1)

/** TCP flags as Suricata writes them (hex text, "1b") to Argus-style letters for argusConnState. */
function flagLetters(hex: unknown): string {
  const v = typeof hex === 'string' ? Number.parseInt(hex, 16) : NaN
  if (!Number.isFinite(v)) return ''
  return (v & 2 ? 'S' : '') + (v & 1 ? 'F' : '') + (v & 4 ? 'R' : '') + (v & 8 ? 'P' : '') + (v & 16 ? 'A' : '')
}

/** The fields of an event a flow record is made from, copied out so a pending alert does not hold the whole event. */
function flowFields(ev: JsonObject): JsonObject {
  const pick = (obj: unknown, keys: readonly string[]): JsonObject => {
    const out: Record<string, unknown> = {}
    for (const k of keys) {
      const v = own(obj, k)
      if (typeof v === 'number') out[k] = v
      else if (typeof v === 'string') out[k] = detach(capLength(v))
    }
    return out
  }
  return {
    ...pick(ev, ['timestamp', 'src_ip', 'src_port', 'dest_ip', 'dest_port', 'proto', 'app_proto']),
    flow: pick(own(ev, 'flow'), ['pkts_toserver', 'pkts_toclient', 'bytes_toserver', 'bytes_toclient', 'start', 'end', 'age', 'state']),
    tcp: pick(own(ev, 'tcp'), ['tcp_flags_ts', 'tcp_flags_tc']),
  }
}

function tupleKey(proto: string, a: string, ap: number, b: string, bp: number): string {
  return `${proto}|${a}|${ap}|${b}|${bp}`
}

interface PendingAlert {
  labelId: number
  severity: number
  readonly event: JsonObject
  readonly line: number
  readonly flowId: string
  matched: boolean
}

function open(session: TableSession, _options: OpenOptions): TextParser {
  const s = session.strings
  const services = new PortServices(s)
  const b = session.flowBuilder([], 'alert.signature')
  const byFlowId = new Map<string, PendingAlert>()
  const byTuple = new Map<string, PendingAlert>()
  let flowEvents = 0

  const alert = (ev: JsonObject, flowId: string, line: number): void => {
    const signature = str(own(own(ev, 'alert'), 'signature'))
    const severity = num(own(own(ev, 'alert'), 'severity'))
    const labelId = session.labels.id(signature === '' ? 'alert' : signature)
    const known = flowId !== '' ? byFlowId.get(flowId) : undefined
    if (known !== undefined) {
      if (severity < known.severity) {
        known.labelId = labelId
        known.severity = severity
      }
      if (known.matched) session.note('suricata.alert-after-flow')
      return
    }
    if (byFlowId.size >= MAX_PENDING_ALERTS) {
      session.note('suricata.alerts-not-kept')
      return
    }
    const pending: PendingAlert = { labelId, severity: Number.isNaN(severity) ? 99 : severity, event: flowFields(ev), line, flowId, matched: false }
    if (flowId !== '') byFlowId.set(flowId, pending)
    const proto = normaliseProtocol(str(own(ev, 'proto')))
    byTuple.set(tupleKey(proto, str(own(ev, 'src_ip')), port(own(ev, 'src_port')), str(own(ev, 'dest_ip')), port(own(ev, 'dest_port'))), pending)
  }

  const labelFor = (flowId: string, proto: string, src: string, sport: number, dst: string, dport: number): number => {
    const pending = (flowId !== '' ? byFlowId.get(flowId) : undefined) ?? byTuple.get(tupleKey(proto, src, sport, dst, dport)) ?? byTuple.get(tupleKey(proto, dst, dport, src, sport))
    if (pending === undefined) return 0
    pending.matched = true
    return pending.labelId
  }

  /** A flow record from a flow, netflow or (fallback) alert event. */
  const flow = (ev: JsonObject, flowId: string, line: number, kind: 'flow' | 'netflow' | 'alert'): void => {
    const f = own(ev, kind === 'netflow' ? 'netflow' : 'flow')
    const i = b.n
    b.begin(line)
    const start = parseTableTime(str(own(f, 'start')) || str(own(ev, 'timestamp')))
    const end = parseTableTime(str(own(f, 'end')))
    b.startTime[i] = start
    b.duration[i] = end >= start ? end - start : num(own(f, 'age'))
    const proto = normaliseProtocol(str(own(ev, 'proto')))
    const src = str(own(ev, 'src_ip'))
    const dst = str(own(ev, 'dest_ip'))
    const sport = port(own(ev, 'src_port'))
    const dport = port(own(ev, 'dest_port'))
    b.srcAddr[i] = s.intern(src)
    b.dstAddr[i] = s.intern(dst)
    b.srcPort[i] = sport
    b.dstPort[i] = dport
    const p = s.intern(proto)
    b.protocol[i] = p
    const app = normaliseService(str(own(ev, 'app_proto')))
    b.service[i] = app !== '' && app !== 'failed' ? s.intern(app) : services.id(p, dport)
    b.uid[i] = s.intern(flowId)
    if (kind === 'netflow') {
      b.origPkts[i] = num(own(f, 'pkts'))
      b.origBytes[i] = num(own(f, 'bytes'))
    } else {
      b.origPkts[i] = num(own(f, 'pkts_toserver'))
      b.respPkts[i] = num(own(f, 'pkts_toclient'))
      b.origBytes[i] = num(own(f, 'bytes_toserver'))
      b.respBytes[i] = num(own(f, 'bytes_toclient'))
    }
    b.state[i] = s.intern(str(own(f, 'state')))
    const tcp = own(ev, 'tcp')
    if (proto === 'tcp' && tcp !== undefined) {
      b.connState[i] = s.intern(argusConnState('tcp', `${flagLetters(own(tcp, 'tcp_flags_ts'))}_${flagLetters(own(tcp, 'tcp_flags_tc'))}`))
    } else if (proto === 'udp' && kind === 'flow') {
      b.connState[i] = s.intern(b.respPkts[i] > 0 ? 'SF' : 'S0')
    }
    b.labels[i] = labelFor(flowId, proto, src, sport, dst, dport)
    b.commit()
  }

  const fact = (ev: JsonObject, type: string, flowId: string, line: number): void => {
    const values = new Map<string, string>()
    for (const key of Object.keys(ev)) {
      const v = ev[key]
      values.set(detach(key), detach(capLength(typeof v === 'object' && v !== null ? (JSON.stringify(v) ?? '') : str(v) || String(v), MAX_FACT_VALUE)))
    }
    const t = parseTableTime(str(own(ev, 'timestamp')))
    session.fact({ log: type, line, uids: flowId === '' ? [] : [flowId], time: Number.isNaN(t) ? null : t, values })
  }

  const reader = new JsonLinesReader({
    value(ev, line, text) {
      const type = str(own(ev, 'event_type'))
      const flowId = FLOW_ID.exec(text)?.[1] ?? ''
      if (type === 'flow' || type === 'netflow') {
        flowEvents++
        flow(ev, flowId, line, type)
      } else if (type === 'alert') alert(ev, flowId, line)
      else if (type === '') session.reject(line, 'no event_type')
      else fact(ev, type, flowId, line)
    },
    reject(line, reason) {
      session.reject(line, reason)
    },
  })

  return {
    push: (bytes) => reader.push(bytes),
    end: () => {
      reader.end()
      const unmatched = [...new Set([...byFlowId.values(), ...byTuple.values()])].filter((a) => !a.matched)
      if (flowEvents === 0) {
        unmatched.sort((x, y) => x.line - y.line)
        for (const a of unmatched) flow(a.event, a.flowId, a.line, 'alert')
        if (unmatched.length > 0) session.note('suricata.flows-from-alerts', unmatched.length)
      } else if (unmatched.length > 0) session.note('suricata.alert-without-flow', unmatched.length)
    },
    get done() {
      return reader.done
    },
  }
}

export const suricataEve: TableDialect = {
  id: 'suricata-eve',
  label: 'Suricata EVE JSON',
  records: 'flows-and-facts',
  sniff,
  open,
}
