/**
 * Runs the generators of a scenario set against a survey of the traffic: resolves each scenario's hosts,
 * start and duration (defaults from its kind), seeds its randomness, and collects every frame with its label
 * in one AttackFrames store. The result says, per scenario, what was actually used (for the labels file and
 * the scorecard): id, kind, attacker, target, start, end and frame counts.
 */
import { FrameCrafter } from '../craft/frame-crafter.ts'
import { AttackFrames } from './attack-frames.ts'
import { HostPool, type Host } from './hosts.ts'
import { scenarioKind } from './kinds.ts'
import type { ScenarioKindId } from './kind-ids.ts'
import { deriveSeed, Random } from './random.ts'
import type { HostDefault, ScenarioKind, ScenarioRun } from './scenario-run.ts'
import type { ScenarioSet, ScenarioSpec } from './schema.ts'
import type { Survey } from './survey.ts'

/** Where a scenario without a start goes: after the first 40% of the traffic, past the default baseline period (30%). */
export const DEFAULT_START_FRACTION = 0.4

export interface ResolvedScenario {
  readonly id: string
  readonly kind: ScenarioKindId
  /** 1-based label of its frames. */
  readonly label: number
  readonly attacker: string
  readonly attackerMac: string
  readonly target: string
  readonly targetMac: string
  /** Seconds since the epoch: the scheduled window and the first and last frame actually generated. */
  readonly start: number
  readonly end: number
  readonly firstFrame: number | null
  readonly lastFrame: number | null
  readonly intensity: number
  readonly frames: number
  readonly bytes: number
  readonly seed: number
}

export interface AttackPlan {
  readonly frames: AttackFrames
  readonly scenarios: readonly ResolvedScenario[]
}

function pickDefault(pool: HostPool, role: HostDefault, kind: ScenarioKind, avoid: Host | null): Host {
  const not = (h: Host): boolean => avoid === null || h.text !== avoid.text
  const busy = (): Host => pool.internalHosts().find((h) => not(h) && h.originated > 0) ?? pool.internalHosts().find(not) ?? pool.newInternal()
  switch (role) {
    case 'new-internal':
      return pool.newInternal()
    case 'new-external':
      return pool.newExternal()
    case 'busy-internal':
      return busy()
    case 'internal-server': {
      const port = kind.servicePort ?? null
      return (port !== null ? pool.servers(port, true).find(not) : undefined) ?? pool.servers(null, true).find(not) ?? busy()
    }
    case 'any-server':
      return pool.servers(443).find(not) ?? pool.servers(null).find(not) ?? pool.newExternal()
    case 'dns-server': {
      const s = pool.survey.dnsServers.find((d) => avoid === null || d !== avoid.text)
      return s !== undefined ? pool.byAddress(s) : pool.newInternal()
    }
  }
}

/** Builds every scenario's frames. Never throws for a valid set; a kind that fails records zero frames. */
export function planScenarios(set: ScenarioSet, survey: Survey): AttackPlan {
  const frames = new AttackFrames()
  const pool = new HostPool(survey)
  const crafter = new FrameCrafter()
  const span = Math.max(0, survey.end - survey.start)
  const scenarios: ResolvedScenario[] = []
  set.scenarios.forEach((spec: ScenarioSpec, index: number) => {
    const kind = scenarioKind(spec.kind)
    const label = index + 1
    const seed = deriveSeed(set.seed, spec.seed, index)
    const rng = new Random(seed)
    // Hosts new to the traffic are internal when the kind's default says so; an attacker from outside otherwise.
    const attacker = pool.resolve(spec.attacker, kind.attacker !== 'new-external', () => pickDefault(pool, kind.attacker, kind, null))
    const target = pool.resolve(spec.target, kind.target !== 'new-external' && kind.target !== 'any-server', () => pickDefault(pool, kind.target, kind, attacker))
    const start = spec.start === null ? survey.start + DEFAULT_START_FRACTION * span : 'offset' in spec.start ? survey.start + spec.start.offset : spec.start.at
    const duration = spec.duration ?? kind.defaultDuration
    const before = frames.count
    const bytesBefore = frames.totalBytes
    const run: ScenarioRun = {
      id: spec.id, kind: spec.kind, label, rng, hosts: pool, survey, crafter,
      sink: frames.sink(label), context: frames.sink(0),
      startUs: start * 1e6, durationSeconds: duration, intensity: spec.intensity, stealth: spec.stealth,
      attacker, target,
    }
    kind.generate(run)
    let first = Infinity
    let last = -Infinity
    let own = 0
    for (let i = before; i < frames.count; i++) {
      if (frames.label[i] !== label) continue
      own++
      const t = frames.timeUs[i] / 1e6
      if (t < first) first = t
      if (t > last) last = t
    }
    scenarios.push({
      id: spec.id, kind: spec.kind, label, attacker: attacker.text, attackerMac: attacker.macText, target: target.text, targetMac: target.macText,
      start, end: start + duration, firstFrame: own > 0 ? first : null, lastFrame: own > 0 ? last : null,
      intensity: spec.intensity, frames: own, bytes: frames.totalBytes - bytesBefore, seed,
    })
  })
  return { frames, scenarios }
}
