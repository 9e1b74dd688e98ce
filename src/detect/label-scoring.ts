/**
 * Scoring detectors against a labelled table: which rows were flagged, per label class, and a confusion matrix
 * per detector (true/false positives and negatives, treating every class that is not benign as an attack).
 *
 * A row is flagged by an alert when its flow is cited as the alert's evidence. Evidence lists are capped
 * (MAX_EVIDENCE, and some detectors cap earlier), so when an alert says it had more evidence than it lists,
 * the rows it could not list are recovered from what it names: a row is also flagged when it starts within the
 * alert's time span, its originator is one of the alert's sources, and (if the alert names targets) its
 * responder is one of them. Unlabelled rows count in no matrix.
 */
import type { Alert } from './alert.ts'
import type { TableFlowSource } from '../baseline/table-flow-source.ts'

export interface ConfusionCounts {
  /** Attack rows flagged. */
  readonly tp: number
  /** Benign rows flagged. */
  readonly fp: number
  /** Attack rows not flagged. */
  readonly fn: number
  /** Benign rows not flagged. */
  readonly tn: number
}

export interface LabelScores {
  /** Rows flagged by any detector, per label class name. */
  readonly flaggedByClass: { readonly [name: string]: number }
  /** Per detector id that ran, plus ANY_DETECTOR for the union of all of them. */
  readonly confusion: { readonly [detector: string]: ConfusionCounts }
  /** Label classes counted as benign (every other class counts as an attack). */
  readonly benignClasses: readonly string[]
  /** Labelled rows that entered the matrices (rows without a usable start time never reach the detectors). */
  readonly scoredRows: number
}

/** The confusion key for "flagged by at least one detector". */
export const ANY_DETECTOR = 'any'

/**
 * Label values that mean "not an attack" across the datasets nettwin reads: NSL-KDD `normal`, CIC-IDS2017
 * `BENIGN`, UNSW-NB15 `Normal`/0, CTU/Argus `flow=Background-...` and `flow=From-Normal-...`.
 */
const BENIGN_WORDS = new Set(['benign', 'normal', 'background', 'legitimate', 'clean', '0', 'false', 'no', '-', 'none'])

export function isBenignLabel(name: string): boolean {
  const t = name.trim().toLowerCase()
  if (BENIGN_WORDS.has(t)) return true
  // Argus/CTU labels: "flow=Background-TCP-Established", "flow=From-Normal-V42-Stribrek", "flow=To-Normal-...".
  return /^flow=(background|from-normal|to-normal|normal)/.test(t)
}

/** Bit per detector (at most 31 detectors are scored separately; the rest only count towards ANY_DETECTOR). */
const MAX_SCORED_DETECTORS = 31

export function scoreLabels(source: TableFlowSource, alerts: readonly Alert[], detectorIds: readonly string[]): LabelScores {
  const n = source.count
  const ids = detectorIds.slice(0, MAX_SCORED_DETECTORS)
  const bitOf = new Map(ids.map((id, i) => [id, 1 << i] as const))
  const mask = new Uint32Array(n)
  const flaggedAny = new Uint8Array(n)
  const byHost = rowsByOriginator(source)
  const addressIds = addressIdsByText(source)
  for (const a of alerts) {
    const bit = bitOf.get(a.detector) ?? 0
    const flag = (row: number): void => {
      mask[row] |= bit
      flaggedAny[row] = 1
    }
    for (const f of a.evidence) if (f >= 0 && f < n) flag(f)
    if (a.evidenceCount <= a.evidence.length) continue
    const targets = new Set<number>()
    for (const d of a.dst) {
      const id = addressIds.get(d)
      if (id !== undefined) targets.add(id)
    }
    for (const s of a.src) {
      const id = addressIds.get(s)
      const rows = id === undefined ? undefined : byHost.get(id)
      if (rows === undefined) continue
      for (const row of rows) {
        const t = source.columns.first[row]
        if (t < a.start || t > a.end) continue
        if (a.dst.length > 0 && !targets.has(source.columns.respAddr[row])) continue
        flag(row)
      }
    }
  }
  return tallyLabels(source.labelOf, source.labelNames, ids, mask, flaggedAny)
}

/**
 * The per-class counts and matrices from per-row flags: bit i of `mask[row]` says detector `ids[i]` flagged the
 * row, `flaggedAny[row]` that any did. Shared by flow-record tables and record-feature tables (record-features.ts).
 */
export function tallyLabels(labelOf: Uint32Array, names: readonly string[], ids: readonly string[], mask: Uint32Array, flaggedAny: Uint8Array): LabelScores {
  const n = Math.min(labelOf.length, mask.length, flaggedAny.length)
  const bitOf = new Map(ids.slice(0, MAX_SCORED_DETECTORS).map((id, i) => [id, 1 << i] as const))
  const benign = names.map((name, id) => id !== 0 && isBenignLabel(name))
  const counts = new Map<string, { tp: number; fp: number; fn: number; tn: number }>()
  for (const id of [...bitOf.keys(), ANY_DETECTOR]) counts.set(id, { tp: 0, fp: 0, fn: 0, tn: 0 })
  const flaggedCounts = new Map<string, number>()
  let scoredRows = 0
  for (let row = 0; row < n; row++) {
    const label = labelOf[row]
    if (label === 0 || label >= names.length) continue
    scoredRows++
    const isBenign = benign[label]
    const name = names[label]
    if (flaggedAny[row] === 1) flaggedCounts.set(name, (flaggedCounts.get(name) ?? 0) + 1)
    for (const [id, c] of counts) {
      const hit = id === ANY_DETECTOR ? flaggedAny[row] === 1 : (mask[row] & (bitOf.get(id) ?? 0)) !== 0
      if (hit) {
        if (isBenign) c.fp++
        else c.tp++
      } else if (isBenign) c.tn++
      else c.fn++
    }
  }
  const flaggedByClass: { [name: string]: number } = {}
  for (const [name, k] of flaggedCounts) setCount(flaggedByClass, name, k)
  const confusion: { [detector: string]: ConfusionCounts } = {}
  for (const [id, c] of counts) setCount(confusion, id, c)
  const benignClasses = [...new Set(names.filter((_, id) => benign[id]))]
  return { flaggedByClass, confusion, benignClasses, scoredRows }
}

/** Own-property assignment that stays harmless for class names like "__proto__" (they come from the file). */
function setCount<T>(target: { [key: string]: T }, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** Row ids by originator address id, for recovering the rows of an alert whose evidence list was capped. */
function rowsByOriginator(source: TableFlowSource): Map<number, number[]> {
  const out = new Map<number, number[]>()
  const orig = source.columns.origAddr
  for (let row = 0; row < source.count; row++) {
    const id = orig[row]
    if (id === 0) continue
    let list = out.get(id)
    if (list === undefined) {
      list = []
      out.set(id, list)
    }
    list.push(row)
  }
  return out
}

/** Address text (as alerts name hosts) to address id, for every address the rows use. */
function addressIdsByText(source: TableFlowSource): Map<string, number> {
  const out = new Map<string, number>()
  const seen = new Set<number>()
  const add = (id: number): void => {
    if (id === 0 || seen.has(id)) return
    seen.add(id)
    out.set(source.addresses.format(id), id)
  }
  for (let row = 0; row < source.count; row++) {
    add(source.columns.origAddr[row])
    add(source.columns.respAddr[row])
  }
  return out
}
