/**
 * What a scenario generator gets (ScenarioRun: its resolved parameters, hosts, seeded randomness, the crafter
 * and the labelled sink) and what every kind declares (ScenarioKind: title, plain-words description, the alert
 * categories and detectors meant to catch it, defaults, how intensity scales it, and `generate`).
 */
import type { AlertCategory } from '../../detect/alert.ts'
import { MAX_ATTACK_FRAMES } from './attack-frames.ts'
import type { FrameCrafter } from '../craft/frame-crafter.ts'
import type { FrameSink } from '../craft/frame-sink.ts'
import type { Host, HostPool } from './hosts.ts'
import type { ScenarioKindId } from './kind-ids.ts'
import type { Random } from './random.ts'
import type { Stealth } from './schema.ts'
import type { Survey } from './survey.ts'

export interface ScenarioRun {
  readonly id: string
  readonly kind: ScenarioKindId
  /** 1-based label of this scenario in the set (0 is ordinary traffic). */
  readonly label: number
  readonly rng: Random
  readonly hosts: HostPool
  readonly survey: Survey
  readonly crafter: FrameCrafter
  /** Frames of the attack (labelled with `label`). */
  readonly sink: FrameSink
  /** Ordinary frames the attack needs around it (e.g. the real ARP bindings a spoof contradicts): label 0. */
  readonly context: FrameSink
  readonly startUs: number
  readonly durationSeconds: number
  readonly intensity: number
  readonly stealth: Stealth
  readonly attacker: Host
  readonly target: Host
}

/** Who a kind picks when the scenario leaves attacker or target out. */
export type HostDefault =
  | 'new-internal'
  | 'new-external'
  | 'busy-internal'
  | 'internal-server'
  | 'any-server'
  | 'dns-server'

export interface ScenarioKind {
  readonly id: ScenarioKindId
  readonly title: string
  /** What the attack is, in plain words for a class. */
  readonly description: string
  /** What intensity 1 means, and what it scales. */
  readonly intensityMeaning: string
  /** Alert categories that count as catching it, and the detectors meant for it. */
  readonly categories: readonly AlertCategory[]
  readonly detectors: readonly string[]
  /** Which views show it, for the classroom summary. */
  readonly lookFor: string
  readonly defaultDuration: number
  readonly attacker: HostDefault
  readonly target: HostDefault
  /** Port of the service attacked, when the kind targets one (to pick a target that offers it). */
  readonly servicePort?: number
  generate(run: ScenarioRun): void
}

/**
 * Event times (microseconds) of `n` events spread evenly over the run: the gap is jittered by stealth.jitter,
 * and the count is capped by stealth.rate (events x packetsPerEvent per second) and by what AttackFrames
 * keeps. Sorted ascending.
 */
export function schedule(run: ScenarioRun, n: number, packetsPerEvent = 1): Float64Array {
  // No run can make more frames than the store keeps: past that, generating would only burn time.
  let count = Math.min(Math.max(0, Math.floor(n)), Math.floor(MAX_ATTACK_FRAMES / Math.max(1, packetsPerEvent)))
  const rate = run.stealth.rate
  if (rate !== null) count = Math.min(count, Math.max(1, Math.floor((rate * run.durationSeconds) / Math.max(1, packetsPerEvent))))
  const out = new Float64Array(count)
  if (count === 0) return out
  const span = run.durationSeconds * 1e6
  const gap = span / count
  const jitter = run.stealth.jitter
  for (let i = 0; i < count; i++) {
    const wobble = jitter > 0 ? (run.rng.next() - 0.5) * jitter * gap : 0
    out[i] = run.startUs + Math.min(span, Math.max(0, i * gap + gap / 2 + wobble))
  }
  return out.sort()
}

/**
 * Event times (microseconds) of `n` events at uniformly random moments of the run (sorted), for activity that
 * is not periodic (a person's connections); capped by stealth.rate like schedule().
 */
export function scatter(run: ScenarioRun, n: number, packetsPerEvent = 1): Float64Array {
  const out = schedule(run, n, packetsPerEvent)
  const span = run.durationSeconds * 1e6
  for (let i = 0; i < out.length; i++) out[i] = run.startUs + run.rng.next() * span
  return out.sort()
}

/** An ephemeral client port (IANA 49152-65535), random or counting up depending on stealth.randomisation. */
export function ephemeralPort(run: ScenarioRun, i: number): number {
  return run.rng.next() < run.stealth.randomisation ? run.rng.int(49152, 65535) : 49152 + ((run.label * 7919 + i) % 16384)
}

/** Scales a default count by the run's intensity, at least `min`. */
export function scaled(run: ScenarioRun, base: number, min = 1): number {
  return Math.max(min, Math.round(base * run.intensity))
}
