/**
 * The flow checks of suricata-verify (../shared/corpus/labelled/suricata-verify/tests/**\/test.yaml,
 * https://github.com/OISF/suricata-verify): "filter" checks on `event_type: flow` records that state packet or
 * byte counts (flow.pkts_toserver, flow.pkts_toclient, flow.bytes_toserver, flow.bytes_toclient), for the
 * Suricata version TARGET_VERSION: a test or check whose `requires` min-version/lt-version excludes that
 * version is left out. The capture is the test's `pcap:` (relative to the test directory) or else the only
 * .pcap/.pcapng file in the directory.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { parseYaml, type YamlValue } from './yaml-subset.ts'

/** The Suricata release whose expectations are checked (the newest the corpus' tests describe). */
export const TARGET_VERSION = [8, 0, 0] as const

export const COUNT_KEYS = ['flow.pkts_toserver', 'flow.pkts_toclient', 'flow.bytes_toserver', 'flow.bytes_toclient'] as const

export interface FlowCheck {
  /** The test directory relative to the tests root, e.g. "geneve-decoder". */
  readonly test: string
  /** 1-based position among the test's checks. */
  readonly index: number
  /** How many flow records must match (suricata-verify's filter `count`); null: at least one. */
  readonly count: number | null
  readonly match: Readonly<Record<string, YamlValue>>
  /** Absolute path of the capture, or null when the test names none that exists. */
  readonly pcap: string | null
}

type YamlMap = { [key: string]: YamlValue }
const isMap = (v: YamlValue | undefined): v is YamlMap => typeof v === 'object' && v !== null && !Array.isArray(v)

function versionOf(v: YamlValue | undefined): number[] | null {
  if (typeof v !== 'number' && typeof v !== 'string') return null
  const parts = String(v).split('.').map(Number)
  return parts.every((n) => Number.isInteger(n)) ? parts : null
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** Whether a `requires` block admits TARGET_VERSION (only the version keys are read). */
export function admitsTarget(requires: YamlValue | undefined): boolean {
  if (!isMap(requires)) return true
  const min = versionOf(requires['min-version'])
  const lt = versionOf(requires['lt-version'])
  if (min !== null && compareVersions(TARGET_VERSION, min) < 0) return false
  if (lt !== null && compareVersions(TARGET_VERSION, lt) >= 0) return false
  return true
}

function testDirs(root: string): string[] {
  const out: string[] = []
  const pending = [root]
  // Iterative walk (no recursion on directory depth).
  while (pending.length > 0) {
    const dir = pending.pop() as string
    const entries = readdirSync(dir, { withFileTypes: true })
    if (entries.some((e) => e.isFile() && e.name === 'test.yaml')) out.push(dir)
    for (const e of entries) if (e.isDirectory()) pending.push(join(dir, e.name))
  }
  return out.sort()
}

function capturePath(dir: string, doc: YamlMap): string | null {
  if (typeof doc.pcap === 'string') {
    const p = resolve(dir, doc.pcap)
    return existsSync(p) ? p : null
  }
  const captures = readdirSync(dir).filter((n) => /\.pcap(ng)?$/i.test(n))
  return captures.length === 1 ? join(dir, captures[0]) : null
}

/** The flow count checks of every test under `root` that admits TARGET_VERSION. */
export function readFlowChecks(root: string): FlowCheck[] {
  const checks: FlowCheck[] = []
  for (const dir of testDirs(root)) {
    const doc = parseYaml(readFileSync(join(dir, 'test.yaml'), 'utf8'))
    if (!isMap(doc) || !admitsTarget(doc.requires) || !Array.isArray(doc.checks)) continue
    const test = relative(root, dir).split('\\').join('/')
    doc.checks.forEach((c, i) => {
      const filter = isMap(c) ? c.filter : undefined
      if (!isMap(filter) || !isMap(filter.match) || !admitsTarget(filter.requires)) return
      const match = filter.match
      if (match.event_type !== 'flow' || !COUNT_KEYS.some((k) => k in match)) return
      const count = typeof filter.count === 'number' ? filter.count : null
      checks.push({ test, index: i + 1, count, match, pcap: capturePath(dir, doc) })
    })
  }
  return checks
}
