/**
 * What every detector is: an id, a named method (with the paper or tool it follows), the categories it raises,
 * whether it needs a baseline, and typed parameters with documented defaults and ranges, so a settings panel can
 * list and edit them and `resolveParams` can clamp whatever comes back. `run` reads a DetectContext (flows,
 * taps, baseline) and returns alerts; it must not keep state between runs, so re-running with new parameters
 * never needs the file again.
 */
import type { Alert, AlertCategory } from './alert.ts'
import type { DetectContext } from './context.ts'

export type ParamValue = number | boolean
export type Params = Readonly<Record<string, ParamValue>>

export interface ParamSpec<V extends ParamValue = ParamValue> {
  readonly default: V
  /** Short label for a settings panel and a sentence on what it changes. */
  readonly label: string
  readonly help: string
  /** Numeric parameters: inclusive range, step hint, unit, and whether only integers make sense. */
  readonly min?: number
  readonly max?: number
  readonly step?: number
  readonly unit?: string
  readonly integer?: boolean
}

export type ParamSpecs<P extends Params> = { readonly [K in keyof P]: ParamSpec<P[K]> }

export interface Detector<P extends Params = Params> {
  readonly id: string
  readonly name: string
  /** The method in one sentence, naming its source. */
  readonly method: string
  readonly categories: readonly AlertCategory[]
  /** 'both': self-contained without a baseline and sharper with one; 'baseline': silent without a baseline. */
  readonly modes: 'both' | 'baseline'
  /** Off unless the user turns it on (payload inspection). */
  readonly optIn: boolean
  readonly params: ParamSpecs<P>
  run(ctx: DetectContext, params: P): Alert[]
}

/** The default parameters of a detector. */
export function defaultParams<P extends Params>(d: Detector<P>): P {
  const out: Record<string, ParamValue> = {}
  for (const key of Object.keys(d.params)) out[key] = d.params[key].default
  return out as P
}

/**
 * Parameters from untrusted overrides (a settings panel, a saved session, the CLI): known keys of the right type
 * are clamped to their range (and rounded when integer), anything else keeps its default.
 */
export function resolveParams<P extends Params>(d: Detector<P>, overrides: unknown): P {
  const out: Record<string, ParamValue> = { ...defaultParams(d) }
  if (typeof overrides !== 'object' || overrides === null) return out as P
  const o = overrides as Record<string, unknown>
  for (const key of Object.keys(d.params)) {
    if (!Object.prototype.hasOwnProperty.call(o, key)) continue
    const spec: ParamSpec = d.params[key]
    const v = o[key]
    if (typeof spec.default === 'boolean') {
      if (typeof v === 'boolean') out[key] = v
    } else if (typeof v === 'number' && Number.isFinite(v)) {
      let x = Math.min(spec.max ?? Infinity, Math.max(spec.min ?? -Infinity, v))
      if (spec.integer) x = Math.round(x)
      out[key] = x
    }
  }
  return out as P
}
