/**
 * The scenario builder's rows (what the user edits) and how they become a scenario file (version 1, the form
 * the worker validates strictly). Starts are seconds after the traffic starts; attacker and target are the
 * kind's default, "new", or an address from the traffic. Pure functions, so the builder's rules are tested
 * without a page.
 */
import type { LessonPack } from '../../twin/packs/lesson-packs.ts'
import type { ScenarioKindInfo } from '../../twin/scenarios/kinds.ts'

/** 'default': the kind's own pick; 'new': a host that is not in the traffic; else an IPv4 address. */
export type HostPick = 'default' | 'new' | string

export interface ScenarioDraft {
  /** Unique within the builder: "<kind>-<n>". */
  readonly id: string
  readonly kind: string
  readonly attacker: HostPick
  readonly target: HostPick
  /** Seconds after the traffic starts. */
  readonly start: number
  readonly duration: number
  readonly intensity: number
  /** Stealth: a cap on packets per second (null: none), shuffling of targets and ports, and timing jitter (0..1). */
  readonly rate: number | null
  readonly randomisation: number
  readonly jitter: number
}

/** Longest a scenario may last in the builder (the scenario file allows a week; a lesson needs far less). */
export const MAX_DRAFT_SECONDS = 7 * 86400
export const MIN_DRAFT_SECONDS = 1

function freeId(kind: string, taken: readonly ScenarioDraft[]): string {
  const ids = new Set(taken.map((d) => d.id))
  for (let n = 1; n <= taken.length + 1; n++) if (!ids.has(`${kind}-${n}`)) return `${kind}-${n}`
  return `${kind}-${taken.length + 2}`
}

/** A new row of `kind` with its defaults, placed at 40% of the traffic (clamped so it ends inside it when it can). */
export function newDraft(kind: ScenarioKindInfo, spanSeconds: number, taken: readonly ScenarioDraft[]): ScenarioDraft {
  const span = Math.max(1, spanSeconds)
  const duration = Math.min(kind.defaultDuration, span)
  const start = Math.max(0, Math.min(Math.floor(span * 0.4), Math.floor(span - duration)))
  return { id: freeId(kind.id, taken), kind: kind.id, attacker: 'default', target: 'default', start, duration, intensity: 1, rate: null, randomisation: 0, jitter: 0 }
}

/** The pack's scenarios as rows: each at its share of the span, with its kind's default duration. */
export function packDrafts(pack: LessonPack, catalog: readonly ScenarioKindInfo[], spanSeconds: number): ScenarioDraft[] {
  const rows: ScenarioDraft[] = []
  for (const s of pack.scenarios) {
    const kind = catalog.find((k) => k.id === s.kind)
    if (kind === undefined) continue
    const row = newDraft(kind, spanSeconds, rows)
    rows.push({ ...row, start: Math.floor(Math.max(1, spanSeconds) * s.startFraction), intensity: s.intensity ?? 1 })
  }
  return rows
}

function clamp(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : lo
}

/** Applies an edit, keeping numbers in range (intensity 1/1000..1000, times whole-ish seconds). */
export function editDraft(d: ScenarioDraft, patch: Partial<Omit<ScenarioDraft, 'id' | 'kind'>>): ScenarioDraft {
  const next = { ...d, ...patch }
  return {
    ...next,
    start: Math.round(clamp(next.start, 0, MAX_DRAFT_SECONDS) * 10) / 10,
    duration: Math.round(clamp(next.duration, MIN_DRAFT_SECONDS, MAX_DRAFT_SECONDS) * 10) / 10,
    intensity: clamp(next.intensity, 0.001, 1000),
    rate: next.rate === null || !(next.rate > 0) ? null : clamp(next.rate, 0.001, 1e7),
    randomisation: clamp(next.randomisation, 0, 1),
    jitter: clamp(next.jitter, 0, 1),
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

/** A host choice the scenario file accepts, or null for the kind's default. */
function hostOf(pick: HostPick): string | null {
  if (pick === 'new') return 'new'
  return IPV4.test(pick) ? pick : null
}

/** The rows as a scenario file (plain JSON value): what the Run button sends. */
export function toScenarioFile(drafts: readonly ScenarioDraft[], seed: number): { version: 1; seed: number; scenarios: Record<string, unknown>[] } {
  return {
    version: 1,
    seed: Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? seed : 1,
    scenarios: drafts.map((d) => {
      const out: Record<string, unknown> = {
        id: d.id, kind: d.kind, start: d.start, duration: d.duration, intensity: d.intensity,
        stealth: { rate: d.rate, randomisation: d.randomisation, jitter: d.jitter },
      }
      const attacker = hostOf(d.attacker)
      const target = hostOf(d.target)
      if (attacker !== null) out.attacker = attacker
      if (target !== null) out.target = target
      return out
    }),
  }
}
