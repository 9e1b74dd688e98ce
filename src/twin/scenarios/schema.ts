/**
 * The scenario file: a versioned JSON document listing attacks to inject, read with a strict parser (unknown
 * keys rejected at every level, version required, numbers finite and in range, strings capped), in the manner
 * of the baseline reader (baseline/strict-json.ts). Optional keys take the kind's defaults (kinds.ts), so a
 * classroom file can be as short as `{"version": 1, "scenarios": [{"kind": "port-scan"}]}`.
 *
 * {
 *   "version": 1,
 *   "seed": 7,                         // optional: the seed of the whole set (default 1)
 *   "scenarios": [{
 *     "id": "scan-1",                  // optional: default "<kind>-<n>"
 *     "kind": "port-scan",             // one of SCENARIO_KIND_IDS
 *     "attacker": "10.0.0.5" | "new",  // optional: an existing host's address, or a new host (default per kind)
 *     "target": "10.0.0.7" | "new",    // optional: default picked from the traffic per kind
 *     "start": 120 | "2024-05-01T10:00:00Z", // optional: seconds after the traffic starts, or an absolute time
 *     "duration": 60,                  // optional: seconds
 *     "intensity": 1,                  // optional: multiplier of the kind's default strength (rate, volume)
 *     "stealth": { "rate": 50, "randomisation": 0.5, "jitter": 0.2 }, // optional, each key optional
 *     "seed": 3                        // optional: the scenario's own seed
 *   }]
 * }
 */
import { SchemaError } from '../../baseline/strict-json.ts'
import { isScenarioKind, type ScenarioKindId } from './kind-ids.ts'

export const SCENARIO_FORMAT_VERSION = 1
export const MAX_SCENARIOS = 64
/** Intensity range: 1/1000 to 1000 times the default keeps every generator's packet count bounded. */
export const MIN_INTENSITY = 0.001
export const MAX_INTENSITY = 1000
export const MAX_DURATION_SECONDS = 7 * 86400

/** "new": a host that does not exist in the traffic; otherwise an IPv4 address in dotted-quad form. */
export type HostChoice = 'new' | string

export interface Stealth {
  /** Cap on the attack's packets per second (null: no cap). */
  readonly rate: number | null
  /** 0..1: how much the order of targets/ports and the source ports are shuffled. */
  readonly randomisation: number
  /** 0..1: random spread of each inter-event gap, as a share of the gap. */
  readonly jitter: number
}

/** Start: seconds after the traffic starts, or an absolute time in seconds since the epoch. */
export type ScenarioStart = { readonly offset: number } | { readonly at: number }

export interface ScenarioSpec {
  readonly id: string
  readonly kind: ScenarioKindId
  readonly attacker: HostChoice | null
  readonly target: HostChoice | null
  readonly start: ScenarioStart | null
  readonly duration: number | null
  readonly intensity: number
  readonly stealth: Stealth
  readonly seed: number | null
}

export interface ScenarioSet {
  readonly version: typeof SCENARIO_FORMAT_VERSION
  readonly seed: number
  readonly scenarios: readonly ScenarioSpec[]
}

export type ParseScenarioResult = { readonly ok: true; readonly set: ScenarioSet } | { readonly ok: false; readonly error: string }

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
/** ISO 8601 date-time with a zone, the only absolute form accepted (Date.parse alone accepts too much). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Checks that `v` is an object with only `allowed` keys; returns a reader of its own properties. */
function fields(v: unknown, path: string, allowed: readonly string[]): (key: string) => unknown {
  if (!isPlainObject(v)) throw new SchemaError(path, 'expected an object')
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) throw new SchemaError(path, `unknown key ${JSON.stringify(k.slice(0, 40))}`)
  }
  return (key) => (Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined)
}

function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

function number(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SchemaError(path, 'expected a finite number')
  if (v < min || v > max) throw new SchemaError(path, `expected a number in [${min}, ${max}]`)
  return v
}

function integer(v: unknown, path: string, min: number, max: number): number {
  const x = number(v, path, min, max)
  if (!Number.isInteger(x)) throw new SchemaError(path, 'expected an integer')
  return x
}

function host(v: unknown, path: string): HostChoice {
  if (v === 'new') return 'new'
  if (typeof v !== 'string' || v.length > 15 || !IPV4.test(v)) throw new SchemaError(path, 'expected "new" or an IPv4 address like "10.0.0.5"')
  return v
}

function start(v: unknown, path: string): ScenarioStart {
  if (typeof v === 'number') return { offset: number(v, path, 0, MAX_DURATION_SECONDS * 52) }
  if (typeof v === 'string' && v.length <= 40 && ISO_TIME.test(v)) {
    const ms = Date.parse(v)
    // 1970 to 2106: the times a pcap file can hold (pcapng goes further, but nothing needs to).
    if (Number.isFinite(ms) && ms >= 0 && ms < 4294967296000 - MAX_DURATION_SECONDS * 1000) return { at: ms / 1000 }
  }
  throw new SchemaError(path, 'expected seconds after the start (a number) or an ISO 8601 time with a zone, between 1970 and 2106')
}

function stealth(v: unknown, path: string): Stealth {
  if (v === undefined) return { rate: null, randomisation: 0, jitter: 0 }
  const get = fields(v, path, ['rate', 'randomisation', 'jitter'])
  const rate = get('rate')
  const randomisation = get('randomisation')
  const jitter = get('jitter')
  return {
    rate: rate === undefined || rate === null ? null : number(rate, at(path, 'rate'), 0.001, 1e7),
    randomisation: randomisation === undefined ? 0 : number(randomisation, at(path, 'randomisation'), 0, 1),
    jitter: jitter === undefined ? 0 : number(jitter, at(path, 'jitter'), 0, 1),
  }
}

function scenario(v: unknown, path: string, index: number): ScenarioSpec {
  const get = fields(v, path, ['id', 'kind', 'attacker', 'target', 'start', 'duration', 'intensity', 'stealth', 'seed'])
  const kind = get('kind')
  if (typeof kind !== 'string' || !isScenarioKind(kind)) throw new SchemaError(at(path, 'kind'), 'unknown scenario kind')
  const id = get('id')
  if (id !== undefined && (typeof id !== 'string' || !ID.test(id))) throw new SchemaError(at(path, 'id'), 'expected 1-64 letters, digits, dot, dash or underscore')
  const attacker = get('attacker')
  const target = get('target')
  const begin = get('start')
  const duration = get('duration')
  const intensity = get('intensity')
  const seed = get('seed')
  return {
    id: typeof id === 'string' ? id : `${kind}-${index + 1}`,
    kind,
    attacker: attacker === undefined ? null : host(attacker, at(path, 'attacker')),
    target: target === undefined ? null : host(target, at(path, 'target')),
    start: begin === undefined ? null : start(begin, at(path, 'start')),
    duration: duration === undefined ? null : number(duration, at(path, 'duration'), 0.001, MAX_DURATION_SECONDS),
    intensity: intensity === undefined ? 1 : number(intensity, at(path, 'intensity'), MIN_INTENSITY, MAX_INTENSITY),
    stealth: stealth(get('stealth'), at(path, 'stealth')),
    seed: seed === undefined ? null : integer(seed, at(path, 'seed'), 0, 0xffffffff),
  }
}

/** Validates a parsed JSON value as a scenario set; throws SchemaError with the path of the first problem. */
export function checkScenarioSet(v: unknown): ScenarioSet {
  const get = fields(v, '', ['version', 'seed', 'scenarios'])
  const version = get('version')
  if (version === undefined) throw new SchemaError('version', 'missing key "version"')
  if (version !== SCENARIO_FORMAT_VERSION) throw new SchemaError('version', `unsupported version (this nettwin reads version ${SCENARIO_FORMAT_VERSION})`)
  const seed = get('seed')
  const list = get('scenarios')
  if (!Array.isArray(list)) throw new SchemaError('scenarios', 'expected an array')
  if (list.length > MAX_SCENARIOS) throw new SchemaError('scenarios', `more than ${MAX_SCENARIOS} scenarios`)
  const scenarios = list.map((s, i) => scenario(s, `scenarios[${i}]`, i))
  const ids = new Set<string>()
  for (const s of scenarios) {
    if (ids.has(s.id)) throw new SchemaError('scenarios', `duplicate id ${JSON.stringify(s.id)}`)
    ids.add(s.id)
  }
  return { version: SCENARIO_FORMAT_VERSION, seed: seed === undefined ? 1 : integer(seed, 'seed', 0, 0xffffffff), scenarios }
}

/** Parses scenario JSON text (1 MiB at most); never throws. */
export function parseScenarioSet(text: string): ParseScenarioResult {
  if (text.length > 1 << 20) return { ok: false, error: 'scenario file larger than 1 MiB' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return { ok: false, error: `not JSON: ${e instanceof Error ? e.message.slice(0, 200) : 'parse error'}` }
  }
  try {
    return { ok: true, set: checkScenarioSet(value) }
  } catch (e) {
    if (e instanceof SchemaError) return { ok: false, error: e.message }
    throw e
  }
}

/** The scenario set as JSON text that parseScenarioSet reads back equal (absolute starts in ISO form). */
export function scenarioSetToJSON(set: ScenarioSet): string {
  const scenarios = set.scenarios.map((s) => {
    const out: Record<string, unknown> = { id: s.id, kind: s.kind }
    if (s.attacker !== null) out.attacker = s.attacker
    if (s.target !== null) out.target = s.target
    if (s.start !== null) out.start = 'offset' in s.start ? s.start.offset : new Date(s.start.at * 1000).toISOString()
    if (s.duration !== null) out.duration = s.duration
    out.intensity = s.intensity
    out.stealth = { rate: s.stealth.rate, randomisation: s.stealth.randomisation, jitter: s.stealth.jitter }
    if (s.seed !== null) out.seed = s.seed
    return out
  })
  return JSON.stringify({ version: set.version, seed: set.seed, scenarios }, null, 2)
}
