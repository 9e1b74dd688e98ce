/**
 * Detection in a saved session: the final alerts, host risk, run information and settings go into the JSON
 * aggregate 'detect.view', the baseline into 'detect.baseline' (the same JSON a baseline file holds, so a session
 * can serve as "another session's baseline"). Sessions store aggregates generically, so no storage migration
 * is needed; sessions saved before detection existed simply have neither aggregate. Reading back is strict:
 * exact keys, capped strings and lists, finite numbers (storage/validate.ts), and the baseline goes through its
 * own strict reader; anything damaged makes the session show no alerts rather than wrong ones.
 */
import { baselineToJSON, parseBaseline } from '../../baseline/baseline-json.ts'
import { ALERT_CATEGORIES, MAX_EVIDENCE, MAX_LISTED, SEVERITIES, type Alert } from '../../detect/alert.ts'
import type { BaselineRequest, DetectSettings } from '../../detect/detect-settings.ts'
import type { BaselineBrief, DetectionInfo } from '../../detect/detection-report.ts'
import type { DetectionView } from '../../detect/live-detection.ts'
import type { HostRisk } from '../../detect/risk.ts'
import type { DetectorRun } from '../../detect/run-detectors.ts'
import type { Aggregate, JsonValue } from '../../storage/session-types.ts'
import { arrayOf, bool, either, int, literal, nullable, num, object, record, str, tagged, type Validator } from '../../storage/validate.ts'

export const DETECT_VIEW_AGGREGATE = 'detect.view'
export const DETECT_BASELINE_AGGREGATE = 'detect.baseline'
const STORED_DETECTION_VERSION = 1

const MAX = Number.MAX_VALUE
const time = num(-1e12, 1e12)
const count = num(0, MAX)
const address = str(256)

const alertSchema: Validator<Alert> = object<Alert>({
  id: str(128, 1),
  detector: str(64, 1),
  category: literal(...ALERT_CATEGORIES),
  severity: literal(...SEVERITIES),
  confidence: num(0, 1),
  start: time,
  end: time,
  src: arrayOf(address, MAX_LISTED),
  dst: arrayOf(address, MAX_LISTED),
  srcCount: count,
  dstCount: count,
  ports: arrayOf(int(0, 65535), MAX_LISTED),
  metric: str(200),
  unit: str(64),
  observed: num(-MAX, MAX),
  baseline: nullable(num(-MAX, MAX)),
  baselineSource: literal('baseline', 'self', 'default'),
  evidence: arrayOf(int(0, 2 ** 32), MAX_EVIDENCE),
  evidenceCount: count,
  explanation: str(8000),
  mitre: nullable(object({ id: str(32), name: str(200) })),
})

const hostRiskSchema: Validator<HostRisk> = object<HostRisk>({
  host: address,
  score: num(0, 100),
  asSource: count,
  asTarget: count,
  categories: arrayOf(literal(...ALERT_CATEGORIES), ALERT_CATEGORIES.length),
  topAlert: str(128),
})

/** A detector run as stored: optional fields become explicit nulls, so the object check stays exact. */
interface StoredRun {
  readonly id: string
  readonly alerts: number
  readonly milliseconds: number
  readonly error: string | null
  readonly skipped: 'disabled' | 'needs-baseline' | null
}

const runSchema = object<StoredRun>({
  id: str(64, 1),
  alerts: count,
  milliseconds: count,
  error: nullable(str(400)),
  skipped: nullable(literal('disabled', 'needs-baseline')),
})

const briefSchema = object<BaselineBrief>({ fileName: nullable(str(1024)), start: time, end: time, fraction: nullable(num(0, 1)), windowSeconds: num(0, 1e9), thin: bool })

interface StoredInfo extends Omit<DetectionInfo, 'detectors'> {
  readonly detectors: readonly StoredRun[]
}

const infoSchema = object<StoredInfo>({
  mode: literal('baseline', 'self-contained'),
  compareFrom: nullable(time),
  partial: bool,
  droppedAlerts: count,
  detectors: arrayOf(runSchema, 64),
  baseline: nullable(briefSchema),
  milliseconds: count,
  skipped: nullable(str(400)),
})

const baselineRequestSchema: Validator<BaselineRequest> = tagged<BaselineRequest>('kind', {
  fraction: object({ kind: literal('fraction'), fraction: num(0, 1) }),
  range: object({ kind: literal('range'), start: time, end: time }),
  json: object({ kind: literal('json'), text: str(0), label: str(200) }),
  none: object({ kind: literal('none') }),
})

const settingsSchema = object<DetectSettings>({
  params: record(record(either(num(-MAX, MAX), bool), 64, 64), 64, 64),
  enabled: record(bool, 64, 64),
  baseline: baselineRequestSchema,
})

interface StoredView {
  readonly version: number
  readonly alerts: readonly Alert[]
  readonly hostRisk: readonly HostRisk[]
  readonly info: StoredInfo
  readonly baselineLabel: string
  readonly settings: DetectSettings
}

const storedViewSchema = object<StoredView>({
  version: literal(STORED_DETECTION_VERSION),
  alerts: arrayOf(alertSchema, 10_000),
  hostRisk: arrayOf(hostRiskSchema, 10_000),
  info: infoSchema,
  baselineLabel: str(400),
  settings: settingsSchema,
})

const storedRun = (r: DetectorRun): StoredRun => ({ id: r.id, alerts: r.alerts, milliseconds: r.milliseconds, error: r.error ?? null, skipped: r.skipped ?? null })

/** The aggregates that store a finished detection (the baseline's text is not repeated in the settings). */
export function detectionAggregates(view: DetectionView): Record<string, Aggregate> {
  const s = view.settings
  const stored: StoredView = {
    version: STORED_DETECTION_VERSION,
    alerts: view.report.alerts,
    hostRisk: view.report.hostRisk,
    info: { ...view.report.detection, detectors: view.report.detection.detectors.map(storedRun) },
    baselineLabel: view.baselineLabel,
    settings: { ...s, baseline: s.baseline.kind === 'json' ? { kind: 'json', text: '', label: s.baseline.label } : s.baseline },
  }
  const out: Record<string, Aggregate> = { [DETECT_VIEW_AGGREGATE]: { kind: 'json', value: JSON.parse(JSON.stringify(stored)) as JsonValue } }
  if (view.baseline !== null) out[DETECT_BASELINE_AGGREGATE] = { kind: 'json', value: JSON.parse(baselineToJSON(view.baseline)) as JsonValue }
  return out
}

function jsonAggregate(aggregates: Readonly<Record<string, Aggregate>>, name: string): unknown {
  const a = Object.hasOwn(aggregates, name) ? aggregates[name] : undefined
  return a?.kind === 'json' ? a.value : undefined
}

/** The stored detection, validated; null when the session has none or it is damaged. */
export function readStoredDetection(aggregates: Readonly<Record<string, Aggregate>>): DetectionView | null {
  const raw = jsonAggregate(aggregates, DETECT_VIEW_AGGREGATE)
  if (raw === undefined) return null
  let stored: StoredView
  try {
    stored = storedViewSchema(raw, DETECT_VIEW_AGGREGATE)
  } catch {
    return null
  }
  const rawBaseline = jsonAggregate(aggregates, DETECT_BASELINE_AGGREGATE)
  let baseline = null
  if (rawBaseline !== undefined) {
    const parsed = parseBaseline(rawBaseline)
    if (!parsed.ok) return null
    baseline = parsed.baseline
  }
  const detectors: DetectorRun[] = stored.info.detectors.map((r) => ({
    id: r.id, alerts: r.alerts, milliseconds: r.milliseconds, ...(r.error !== null ? { error: r.error } : {}), ...(r.skipped !== null ? { skipped: r.skipped } : {}),
  }))
  return {
    report: { alerts: stored.alerts, hostRisk: stored.hostRisk, detection: { ...stored.info, detectors } },
    baseline,
    baselineLabel: stored.baselineLabel,
    provisional: false,
    settings: stored.settings,
    sequence: 0,
  }
}

/** The stored baseline's JSON text, for learning-from-another-session without opening that session. */
export function storedBaselineText(aggregates: Readonly<Record<string, Aggregate>>): string | null {
  const raw = jsonAggregate(aggregates, DETECT_BASELINE_AGGREGATE)
  if (raw === undefined) return null
  const parsed = parseBaseline(raw)
  return parsed.ok ? baselineToJSON(parsed.baseline) : null
}
