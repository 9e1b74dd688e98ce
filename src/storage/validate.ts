/**
 * A small strict validator for data read back from IndexedDB or from an imported session file. Objects must
 * have exactly the expected keys (unknown keys are errors, missing keys are errors), every string, array and
 * record is size-capped, numbers are finite and ranged, and the keys `__proto__`, `constructor` and
 * `prototype` are refused anywhere. Validators build fresh objects from the expected keys only (records are
 * built on a null prototype), so nothing from the input is merged into anything. No eval, no recursion on
 * data-controlled depth: JSON values are walked with an explicit stack and a depth cap.
 */
import { FORBIDDEN_KEYS, type JsonValue } from './session-types.ts'

export class ValidationError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path || 'value'}: ${problem}`)
    this.name = 'ValidationError'
  }
}

export type Validator<T> = (value: unknown, path: string) => T

function fail(path: string, problem: string): never {
  throw new ValidationError(path, problem)
}

/** Plain data object: not an array, not a class instance, no exotic prototype. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function checkKey(key: string, path: string, maxKeyLength: number): void {
  if (FORBIDDEN_KEYS.has(key)) fail(path, `forbidden key "${key}"`)
  if (key.length === 0 || key.length > maxKeyLength) fail(path, 'key length out of range')
}

export function str(max: number, min = 0): Validator<string> {
  return (v, path) => {
    if (typeof v !== 'string') fail(path, 'expected a string')
    if (v.length < min || v.length > max) fail(path, `string length must be ${min}..${max}`)
    return v
  }
}

export function num(min: number, max: number, integer = false): Validator<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'expected a finite number')
    if (v < min || v > max) fail(path, `number must be within ${min}..${max}`)
    if (integer && !Number.isInteger(v)) fail(path, 'expected an integer')
    return v
  }
}

export const int = (min: number, max: number): Validator<number> => num(min, max, true)

export const bool: Validator<boolean> = (v, path) => (typeof v === 'boolean' ? v : fail(path, 'expected a boolean'))

export function literal<const T extends string | number | boolean | null>(...allowed: readonly T[]): Validator<T> {
  return (v, path) => {
    for (const a of allowed) if (v === a) return a
    return fail(path, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`)
  }
}

export function nullable<T>(inner: Validator<T>): Validator<T | null> {
  return (v, path) => (v === null ? null : inner(v, path))
}

export function either<A, B>(first: Validator<A>, second: Validator<B>): Validator<A | B> {
  return (v, path) => {
    try {
      return first(v, path)
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e
      return second(v, path)
    }
  }
}

export function arrayOf<T>(item: Validator<T>, max: number): Validator<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) fail(path, 'expected an array')
    if (v.length > max) fail(path, `at most ${max} items`)
    const out: T[] = []
    for (let i = 0; i < v.length; i++) out.push(item(v[i], `${path}[${i}]`))
    return out
  }
}

type Spec<T> = { readonly [K in keyof T]-?: Validator<T[K]> }

/** An object with exactly the keys of `spec`. */
export function object<T>(spec: Spec<T>): Validator<T> {
  const keys = Object.keys(spec) as (keyof T & string)[]
  const expected = new Set<string>(keys)
  return (v, path) => {
    if (!isPlainObject(v)) fail(path, 'expected an object')
    for (const k of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(k)) fail(path, `forbidden key "${k}"`)
      if (!expected.has(k)) fail(path, `unknown key "${k.slice(0, 64)}"`)
    }
    const out = {} as T
    for (const k of keys) {
      if (!Object.hasOwn(v, k)) fail(path, `missing key "${k}"`)
      out[k] = spec[k](v[k], `${path}.${k}`)
    }
    return out
  }
}

/** A map from names to values, built on a null prototype. */
export function record<T>(value: Validator<T>, maxKeys: number, maxKeyLength = 128): Validator<Record<string, T>> {
  return (v, path) => {
    if (!isPlainObject(v)) fail(path, 'expected an object')
    const keys = Object.keys(v)
    if (keys.length > maxKeys) fail(path, `at most ${maxKeys} keys`)
    const out = Object.create(null) as Record<string, T>
    for (const k of keys) {
      checkKey(k, path, maxKeyLength)
      out[k] = value(v[k], `${path}.${k}`)
    }
    return out
  }
}

/** A union told apart by the string field `tag`. */
export function tagged<T>(tag: string, variants: Readonly<Record<string, Validator<T>>>): Validator<T> {
  return (v, path) => {
    if (!isPlainObject(v)) fail(path, 'expected an object')
    const t = v[tag]
    if (typeof t !== 'string' || !Object.hasOwn(variants, t)) fail(`${path}.${tag}`, 'unknown variant')
    return variants[t](v, path)
  }
}

export interface JsonLimits {
  readonly maxDepth: number
  readonly maxNodes: number
  readonly maxString: number
}

/**
 * Any JSON value within limits. Checks in place (the value is plain data from JSON.parse or a structured
 * clone) and returns it: objects must be plain, numbers finite, keys not forbidden.
 */
export function jsonValue(limits: JsonLimits): Validator<JsonValue> {
  return (v, path) => {
    const stack: [unknown, number][] = [[v, 0]]
    let nodes = 0
    while (stack.length > 0) {
      const top = stack.pop()
      if (!top) break
      const [value, depth] = top
      if (++nodes > limits.maxNodes) fail(path, `JSON value has more than ${limits.maxNodes} nodes`)
      if (value === null || typeof value === 'boolean') continue
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) fail(path, 'JSON number must be finite')
        continue
      }
      if (typeof value === 'string') {
        if (value.length > limits.maxString) fail(path, 'JSON string too long')
        continue
      }
      if (depth >= limits.maxDepth) fail(path, `JSON nested deeper than ${limits.maxDepth}`)
      if (Array.isArray(value)) {
        if (nodes + stack.length + value.length > limits.maxNodes) fail(path, `JSON value has more than ${limits.maxNodes} nodes`)
        for (const item of value) stack.push([item, depth + 1])
        continue
      }
      if (!isPlainObject(value)) fail(path, 'not a JSON value')
      for (const k of Object.keys(value)) {
        checkKey(k, path, limits.maxString)
        stack.push([value[k], depth + 1])
      }
    }
    return v as JsonValue
  }
}
