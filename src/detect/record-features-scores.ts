/**
 * Recall and false-positive rate of the record-feature rules per attack group, for the evaluation. The groups
 * follow each dataset's own taxonomy, so nothing hard is left out of a group:
 *  - NSL-KDD / KDD'99: the KDD Cup 99 category map (http://kdd.ics.uci.edu/databases/kddcup99/training_attack_types,
 *    extended with the test-set names of the DARPA 1998/1999 evaluations). Flooding = the whole DoS category,
 *    scanning = Probe, brute force = the password-guessing names of R2L (guess_passwd, snmpguess); the rest of R2L
 *    and U2R are exploits and payload attacks, reported name by name as other attacks.
 *  - UNSW-NB15: attack_cat DoS = flooding, Reconnaissance = scanning; it has no brute-force class.
 * Within DoS, each name expects the category that describes it: floods a flood category, land/teardrop/pod the
 * decoders' malformed-packet anomaly; `back` (oversized HTTP requests) expects a flood category it cannot get from
 * window features and stays in the group as a miss.
 */
import { hasCode, Rc } from './record-features-rules.ts'

export type RecordGroup = 'flooding' | 'scanning' | 'brute force' | 'other attacks' | 'normal'

const FLOOD_CODES = [Rc.SynFlood, Rc.UdpFlood, Rc.IcmpFlood] as const
const SCAN_CODES = [Rc.PortScan, Rc.HostSweep] as const

interface NameRule {
  readonly group: RecordGroup
  /** Codes that count as the right finding for this name. */
  readonly right: readonly number[]
}

const flood: NameRule = { group: 'flooding', right: FLOOD_CODES }
const malformed: NameRule = { group: 'flooding', right: [Rc.Malformed] }
const scan: NameRule = { group: 'scanning', right: SCAN_CODES }
const guess: NameRule = { group: 'brute force', right: [Rc.BruteForce] }

/** KDD attack name to group and expected finding (names not listed: other attacks). */
export const KDD_NAMES: Readonly<Record<string, NameRule>> = {
  // DoS
  neptune: flood, smurf: flood, back: flood, apache2: flood, processtable: flood, udpstorm: flood, mailbomb: flood,
  land: malformed, teardrop: malformed, pod: malformed,
  // Probe
  satan: scan, ipsweep: scan, nmap: scan, portsweep: scan, mscan: scan, saint: scan,
  // R2L password guessing
  guess_passwd: guess, snmpguess: guess,
}

/** UNSW-NB15 attack_cat (lower case) to group. */
export const UNSW_NAMES: Readonly<Record<string, NameRule>> = { dos: flood, reconnaissance: scan }

export interface GroupTally {
  rows: number
  /** Rows with the finding their name expects. */
  right: number
  /** Rows with any finding. */
  any: number
  /** Rows per category code found (index = code). */
  readonly byCode: number[]
}

export interface RecordScores {
  readonly groups: Map<RecordGroup, GroupTally>
  /** Per class name (file spelling), with its group. */
  readonly classes: Map<string, ClassTally>
}

export interface ClassTally extends GroupTally {
  readonly group: RecordGroup
  /** The codes that count as right for this class (none for normal and other attacks). */
  readonly expects: readonly number[]
}

const newTally = (): GroupTally => ({ rows: 0, right: 0, any: 0, byCode: new Array<number>(Rc.Malformed + 1).fill(0) })

/**
 * Tallies rows `from` (inclusive) to `to` (exclusive) of the flags by group and class. `isBenign` decides the
 * normal class; unlabelled rows are skipped.
 */
export function scoreRecordGroups(
  codes: Uint8Array, labelOf: Uint32Array, labelNames: readonly string[], names: Readonly<Record<string, NameRule>>,
  isBenign: (name: string) => boolean, from = 0, to = codes.length,
): RecordScores {
  const groups = new Map<RecordGroup, GroupTally>()
  const classes = new Map<string, ClassTally>()
  const end = Math.min(to, codes.length, labelOf.length)
  for (let row = Math.max(0, from); row < end; row++) {
    const name = labelNames[labelOf[row]] ?? ''
    if (name === '') continue
    let c = classes.get(name)
    if (c === undefined) {
      // Own properties only: class names come from the file ("__proto__", "constructor").
      const key = name.trim().toLowerCase()
      const rule = Object.hasOwn(names, key) ? names[key] : undefined
      const benign = isBenign(name)
      c = { ...newTally(), group: benign ? 'normal' : (rule?.group ?? 'other attacks'), expects: benign ? [] : (rule?.right ?? []) }
      classes.set(name, c)
    }
    let g = groups.get(c.group)
    if (g === undefined) {
      g = newTally()
      groups.set(c.group, g)
    }
    const mask = codes[row]
    const right = c.expects.some((code) => hasCode(mask, code))
    for (const t of [g, c]) {
      t.rows++
      if (mask !== 0) t.any++
      if (right) t.right++
      for (let code = 1; code <= Rc.Malformed; code++) if (hasCode(mask, code)) t.byCode[code]++
    }
  }
  return { groups, classes }
}
