/**
 * Detection settings as the page sends them to the engine: detector parameters and on/off switches per
 * detector id, and where the baseline comes from (the first fraction of the input, a brushed time range, a
 * baseline file or saved session as JSON text, or none). They arrive over postMessage, so parseDetectSettings
 * checks them strictly and never throws: unknown keys are refused, numbers must be finite, parameter values
 * are clamped later by resolveParams against each detector's documented range.
 */
import { DEFAULT_BASELINE_FRACTION } from '../baseline/period.ts'
import type { ParamValue } from './detector.ts'
import { detectorById } from './registry.ts'

export type BaselineRequest =
  | { readonly kind: 'fraction'; readonly fraction: number }
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  /** A baseline file's text, or the baseline a saved session stored; `label` names where it came from. */
  | { readonly kind: 'json'; readonly text: string; readonly label: string }
  | { readonly kind: 'none' }

export interface DetectSettings {
  readonly params: Readonly<Record<string, Readonly<Record<string, ParamValue>>>>
  readonly enabled: Readonly<Record<string, boolean>>
  readonly baseline: BaselineRequest
}

export const DEFAULT_DETECT_SETTINGS: DetectSettings = Object.freeze({
  params: {},
  enabled: {},
  baseline: { kind: 'fraction' as const, fraction: DEFAULT_BASELINE_FRACTION },
})

/** Largest baseline text accepted across the worker boundary (the baseline reader caps it again). */
const MAX_JSON_CHARS = 32 * 1024 * 1024

export type ParsedSettings = { readonly ok: true; readonly settings: DetectSettings } | { readonly ok: false; readonly error: string }

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function onlyKeys(v: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const k of Object.keys(v)) if (!keys.includes(k)) return `unknown key "${k.slice(0, 40)}"`
  return null
}

/** Copies into a null-prototype-free plain object with own properties only (keys like "__proto__" stay data). */
function own<T>(entries: readonly (readonly [string, T])[]): Record<string, T> {
  const out: Record<string, T> = {}
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: false, configurable: false })
  return out
}

function parseBaselineRequest(v: unknown): BaselineRequest | string {
  if (!isRecord(v)) return 'baseline: expected an object'
  switch (v.kind) {
    case 'fraction':
      if (onlyKeys(v, ['kind', 'fraction']) !== null) return 'baseline: unknown key'
      if (typeof v.fraction !== 'number' || !(v.fraction > 0 && v.fraction <= 1)) return 'baseline.fraction: expected a number in (0, 1]'
      return { kind: 'fraction', fraction: v.fraction }
    case 'range':
      if (onlyKeys(v, ['kind', 'start', 'end']) !== null) return 'baseline: unknown key'
      if (typeof v.start !== 'number' || typeof v.end !== 'number' || !Number.isFinite(v.start) || !Number.isFinite(v.end) || !(v.end > v.start)) {
        return 'baseline.range: expected finite start < end'
      }
      return { kind: 'range', start: v.start, end: v.end }
    case 'json':
      if (onlyKeys(v, ['kind', 'text', 'label']) !== null) return 'baseline: unknown key'
      if (typeof v.text !== 'string' || v.text.length > MAX_JSON_CHARS) return 'baseline.text: expected JSON text up to 32 MiB'
      return { kind: 'json', text: v.text, label: typeof v.label === 'string' ? v.label.slice(0, 200) : 'imported baseline' }
    case 'none':
      if (onlyKeys(v, ['kind']) !== null) return 'baseline: unknown key'
      return { kind: 'none' }
    default:
      return 'baseline.kind: expected fraction, range, json or none'
  }
}

/** Strict reading of settings from the page; detector ids that do not exist are refused. */
export function parseDetectSettings(v: unknown): ParsedSettings {
  if (!isRecord(v)) return { ok: false, error: 'settings: expected an object' }
  const extra = onlyKeys(v, ['params', 'enabled', 'baseline'])
  if (extra !== null) return { ok: false, error: `settings: ${extra}` }
  const params: [string, Record<string, ParamValue>][] = []
  if (v.params !== undefined) {
    if (!isRecord(v.params)) return { ok: false, error: 'params: expected an object' }
    for (const [id, p] of Object.entries(v.params)) {
      if (detectorById(id) === null) return { ok: false, error: `params: unknown detector "${id.slice(0, 40)}"` }
      if (!isRecord(p)) return { ok: false, error: `params.${id}: expected an object` }
      const values: [string, ParamValue][] = []
      for (const [key, value] of Object.entries(p)) {
        if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) values.push([key, value])
        else return { ok: false, error: `params.${id}.${key.slice(0, 40)}: expected a finite number or a boolean` }
      }
      params.push([id, own(values)])
    }
  }
  const enabled: [string, boolean][] = []
  if (v.enabled !== undefined) {
    if (!isRecord(v.enabled)) return { ok: false, error: 'enabled: expected an object' }
    for (const [id, on] of Object.entries(v.enabled)) {
      if (detectorById(id) === null) return { ok: false, error: `enabled: unknown detector "${id.slice(0, 40)}"` }
      if (typeof on !== 'boolean') return { ok: false, error: `enabled.${id}: expected a boolean` }
      enabled.push([id, on])
    }
  }
  const baseline = v.baseline === undefined ? DEFAULT_DETECT_SETTINGS.baseline : parseBaselineRequest(v.baseline)
  if (typeof baseline === 'string') return { ok: false, error: baseline }
  return { ok: true, settings: { params: own(params), enabled: own(enabled), baseline } }
}
