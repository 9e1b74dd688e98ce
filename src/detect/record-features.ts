/**
 * Detection on tables whose records carry precomputed window features but no addresses or times (NSL-KDD /
 * KDD'99, the UNSW-NB15 training and testing sets): each record goes through the capture detectors' decisions
 * restated on its features (record-features-rules.ts), flagged records are grouped into one alert per category
 * and service with the record numbers as evidence, and when the table is labelled the flags are scored per class
 * like any table (label-scoring.ts).
 */
import { normName } from '../formats/tables/head-text.ts'
import type { FlowRecordBatch } from '../formats/tables/table-model.ts'
import { MAX_EVIDENCE, MITRE, type Alert, type AlertCategory, type MitreTechnique } from './alert.ts'
import type { DetectionReport } from './detection-report.ts'
import { tallyLabels, type LabelScores } from './label-scoring.ts'
import { bit, classifyKdd, KddRow, Rc, RECORD_CATEGORIES } from './record-features-rules.ts'
import { classifyUnsw, UnswRow } from './record-features-unsw.ts'

export const RECORD_FEATURES_DETECTOR = 'record-features'

export type RecordFeatureKind = 'kdd' | 'unsw'

const KDD_NEEDS = ['count', 'srvcount', 'serrorrate', 'rerrorrate', 'samesrvrate', 'diffsrvrate', 'srvdiffhostrate', 'dsthostcount', 'dsthostsrvcount', 'dsthostdiffsrvrate', 'numfailedlogins'] as const
const UNSW_NEEDS = ['ctsrvsrc', 'ctsrcdportltm', 'ctdstsrcltm'] as const
/** Read when present (0 otherwise): a copy with fewer columns still gets the rules that need none of them. */
const KDD_OPTIONAL = ['land', 'wrongfragment', 'dsthostsrvdiffhostrate', 'dsthostsrvserrorrate', 'dsthostsrvrerrorrate'] as const
const UNSW_OPTIONAL = ['ctdstltm', 'ctsrcltm'] as const

/** Codes that raise alerts: every category but the decoders' anomaly (no alert category holds it). */
const ALERT_CODES = [Rc.SynFlood, Rc.UdpFlood, Rc.IcmpFlood, Rc.PortScan, Rc.HostSweep, Rc.BruteForce] as const
const ALERT_MASK = ALERT_CODES.reduce((m, c) => m | bit(c), 0)

/** Which rule set the batches' dialect and feature columns allow, or null. */
export function recordFeatureKind(batches: readonly FlowRecordBatch[]): RecordFeatureKind | null {
  const b = batches.find((x) => x.count > 0)
  if (b === undefined) return null
  const names = new Set(b.featureNames.map(normName))
  if (b.dialect === 'nsl-kdd' && KDD_NEEDS.every((k) => names.has(k))) return 'kdd'
  if (b.dialect === 'unsw-nb15' && UNSW_NEEDS.every((k) => names.has(k))) return 'unsw'
  return null
}

export interface RecordFlags {
  /** Mask of category codes (bit `1 << code`, record-features-rules.ts Rc) per record, in read order. */
  readonly codes: Uint8Array
  /** Service id per record (into `strings`, the batches' shared string table): alerts group by it. */
  readonly service: Uint32Array
  readonly labelOf: Uint32Array
  readonly labelNames: readonly string[]
  readonly strings: readonly string[]
}

/** Runs the rules over every record. Feature columns a batch lacks read as 0 (never flag). */
export function flagRecords(batches: readonly FlowRecordBatch[], kind: RecordFeatureKind): RecordFlags {
  let total = 0
  for (const b of batches) total += b.count
  const codes = new Uint8Array(total)
  const service = new Uint32Array(total)
  const labelOf = new Uint32Array(total)
  const kdd = new KddRow()
  const unsw = new UnswRow()
  let at = 0
  let last: FlowRecordBatch | null = null
  for (const b of batches) {
    last = b
    const norm = b.featureNames.map(normName)
    const col = (name: string): number => norm.indexOf(name)
    const k = KDD_NEEDS.map(col)
    const ko = KDD_OPTIONAL.map(col)
    const u = UNSW_NEEDS.map(col)
    const uo = UNSW_OPTIONAL.map(col)
    const w = b.featureNames.length
    const f = b.features
    const get = (row: number, c: number): number => (c < 0 ? 0 : f[row * w + c])
    for (let i = 0; i < b.count && at < total; i++, at++) {
      const protocol = b.strings[b.protocol[i]] ?? ''
      const svc = b.strings[b.service[i]] ?? ''
      if (kind === 'kdd') {
        kdd.protocol = protocol
        kdd.service = svc
        kdd.flag = b.strings[b.state[i]] ?? ''
        kdd.duration = b.duration[i]
        kdd.srcBytes = b.origPayloadBytes[i]
        kdd.dstBytes = b.respPayloadBytes[i]
        kdd.count = get(i, k[0])
        kdd.srvCount = get(i, k[1])
        kdd.serrorRate = get(i, k[2])
        kdd.rerrorRate = get(i, k[3])
        kdd.sameSrvRate = get(i, k[4])
        kdd.diffSrvRate = get(i, k[5])
        kdd.srvDiffHostRate = get(i, k[6])
        kdd.dstHostCount = get(i, k[7])
        kdd.dstHostSrvCount = get(i, k[8])
        kdd.dstHostDiffSrvRate = get(i, k[9])
        kdd.numFailedLogins = get(i, k[10])
        kdd.land = get(i, ko[0])
        kdd.wrongFragment = get(i, ko[1])
        kdd.dstHostSrvDiffHostRate = get(i, ko[2])
        kdd.dstHostSrvSerrorRate = get(i, ko[3])
        kdd.dstHostSrvRerrorRate = get(i, ko[4])
        codes[at] = classifyKdd(kdd)
      } else {
        unsw.protocol = protocol
        unsw.service = svc
        unsw.state = b.strings[b.state[i]] ?? ''
        unsw.duration = b.duration[i]
        unsw.spkts = b.origPkts[i]
        unsw.dpkts = b.respPkts[i]
        unsw.sbytes = b.origBytes[i]
        unsw.dbytes = b.respBytes[i]
        unsw.ctSrvSrc = get(i, u[0])
        unsw.ctSrcDportLtm = get(i, u[1])
        unsw.ctDstSrcLtm = get(i, u[2])
        unsw.ctDstLtm = get(i, uo[0])
        unsw.ctSrcLtm = get(i, uo[1])
        codes[at] = classifyUnsw(unsw)
      }
      service[at] = b.service[i]
      labelOf[at] = b.labels[i]
    }
  }
  return { codes, service, labelOf, labelNames: last?.labelNames ?? [''], strings: last?.strings ?? [''] }
}

const MITRE_OF: Readonly<Record<string, MitreTechnique>> = {
  'syn-flood': MITRE.networkFlood, 'udp-flood': MITRE.networkFlood, 'icmp-flood': MITRE.networkFlood,
  'port-scan': MITRE.networkServiceDiscovery, 'host-sweep': MITRE.remoteSystemDiscovery, 'brute-force': MITRE.bruteForce,
}

/** The capture detector whose decision each category restates. */
const DETECTOR_OF: Readonly<Record<string, string>> = {
  'syn-flood': 'flood', 'udp-flood': 'flood', 'icmp-flood': 'flood', 'port-scan': 'port-scan', 'host-sweep': 'host-sweep', 'brute-force': 'brute-force',
}

const WHAT: Readonly<Record<string, string>> = {
  'syn-flood': 'half-open connection attempts toward their host at a flood rate',
  'udp-flood': 'unanswered UDP toward their host at a flood rate',
  'icmp-flood': 'ICMP toward their host at a flood rate',
  'port-scan': 'connections to many services of the same host',
  'host-sweep': 'connections to the same service on many hosts',
  'brute-force': 'repeated short or failing connections to one service',
}

/** One alert per (category, service) with the record numbers (0-based, read order) as evidence. */
export function recordAlerts(flags: RecordFlags, kind: RecordFeatureKind): Alert[] {
  const groups = new Map<number, number[]>()
  for (let row = 0; row < flags.codes.length; row++) {
    const mask = flags.codes[row] & ALERT_MASK
    if (mask === 0) continue
    for (const code of ALERT_CODES) {
      if ((mask & bit(code)) === 0) continue
      const key = flags.service[row] * 8 + code
      let list = groups.get(key)
      if (list === undefined) {
        list = []
        groups.set(key, list)
      }
      list.push(row)
    }
  }
  const out: Alert[] = []
  const window = kind === 'kdd' ? "the record's 2 s and 100-connection windows" : "the record's 100-connection windows"
  for (const [key, rows] of groups) {
    const category = RECORD_CATEGORIES[key % 8] as AlertCategory
    const service = (flags.strings[Math.floor(key / 8)] || 'unknown service').slice(0, 40)
    const share = rows.length / Math.max(1, flags.codes.length)
    out.push({
      id: `${RECORD_FEATURES_DETECTOR}-${category}-${service.replace(/[^a-z0-9-]/gi, '_').slice(0, 40)}`,
      detector: RECORD_FEATURES_DETECTOR,
      category,
      severity: rows.length >= 100 ? 'high' : rows.length >= 10 ? 'medium' : 'low',
      confidence: 0.6,
      start: 0,
      end: 0,
      src: [], dst: [], srcCount: 0, dstCount: 0, ports: [],
      metric: 'records flagged', unit: 'records', observed: rows.length, baseline: null, baselineSource: 'default',
      evidence: rows.slice(0, MAX_EVIDENCE),
      evidenceCount: rows.length,
      explanation: `${rows.length} ${service} record${rows.length === 1 ? '' : 's'} (${(100 * share).toFixed(1)}% of the table) show ${WHAT[category]} in ${window}, by the ${DETECTOR_OF[category] ?? category} detector's default thresholds. The records carry no addresses or times: hosts and times are unknown.`,
      mitre: MITRE_OF[category] ?? null,
    })
  }
  return out.sort((a, b) => b.evidenceCount - a.evidenceCount)
}

export interface RecordDetection {
  readonly report: DetectionReport
  readonly scores: LabelScores | null
  readonly flags: RecordFlags
}

/** The whole mode: flags, alerts, a report in the detection schema, label scores when the table is labelled. */
export function detectRecords(batches: readonly FlowRecordBatch[], kind: RecordFeatureKind): RecordDetection {
  const t0 = performance.now()
  const flags = flagRecords(batches, kind)
  const alerts = recordAlerts(flags, kind)
  const n = flags.codes.length
  const mask = new Uint32Array(n)
  const flaggedAny = new Uint8Array(n)
  for (let row = 0; row < n; row++) if ((flags.codes[row] & ALERT_MASK) !== 0) {
    mask[row] = 1
    flaggedAny[row] = 1
  }
  const scores = flags.labelNames.length > 1 ? tallyLabels(flags.labelOf, flags.labelNames, [RECORD_FEATURES_DETECTOR], mask, flaggedAny) : null
  const ms = Math.round((performance.now() - t0) * 10) / 10
  const report: DetectionReport = {
    alerts,
    hostRisk: [],
    detection: {
      mode: 'self-contained', compareFrom: null, partial: false, droppedAlerts: 0,
      detectors: [{ id: RECORD_FEATURES_DETECTOR, alerts: alerts.length, milliseconds: ms }],
      baseline: null, milliseconds: ms, skipped: null,
    },
  }
  return { report, scores, flags }
}
