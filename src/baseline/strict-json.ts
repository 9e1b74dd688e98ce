/**
 * A small strict validator for JSON read back from users (baseline files): every object must have exactly the
 * expected keys (unknown keys, `__proto__` and `constructor` included, are rejected, never merged), numbers
 * must be finite and in range, strings and arrays are capped, and the result is built fresh from the checked
 * values, so nothing of the input's prototype chain survives. Depth is fixed by the schema, not by the data.
 */

export class SchemaError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path || '(root)'}: ${message}`)
    this.name = 'SchemaError'
  }
}

export type Check<T> = (value: unknown, path: string) => T

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function num(min = -Infinity, max = Infinity): Check<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SchemaError(path, 'expected a finite number')
    if (v < min || v > max) throw new SchemaError(path, `expected a number in [${min}, ${max}]`)
    return v
  }
}

export function int(min = 0, max = Number.MAX_SAFE_INTEGER): Check<number> {
  const n = num(min, max)
  return (v, path) => {
    const x = n(v, path)
    if (!Number.isInteger(x)) throw new SchemaError(path, 'expected an integer')
    return x
  }
}

export const bool: Check<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw new SchemaError(path, 'expected true or false')
  return v
}

export function str(maxLength: number): Check<string> {
  return (v, path) => {
    if (typeof v !== 'string') throw new SchemaError(path, 'expected a string')
    if (v.length > maxLength) throw new SchemaError(path, `string longer than ${maxLength}`)
    return v
  }
}

export function literal<T extends string | number>(expected: T): Check<T> {
  return (v, path) => {
    if (v !== expected) throw new SchemaError(path, `expected ${JSON.stringify(expected)}`)
    return expected
  }
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v, path) => (v === null ? null : check(v, path))
}

export function arr<T>(item: Check<T>, maxItems: number, exactLength?: number): Check<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) throw new SchemaError(path, 'expected an array')
    if (v.length > maxItems) throw new SchemaError(path, `more than ${maxItems} items`)
    if (exactLength !== undefined && v.length !== exactLength) throw new SchemaError(path, `expected ${exactLength} items`)
    const out: T[] = []
    for (let i = 0; i < v.length; i++) out.push(item(v[i], `${path}[${i}]`))
    return out
  }
}

type Shape = Readonly<Record<string, Check<unknown>>>
type Out<S extends Shape> = { [K in keyof S]: S[K] extends Check<infer T> ? T : never }

/** An object with exactly the keys of `shape`. */
export function obj<S extends Shape>(shape: S): Check<Out<S>> {
  const keys = Object.keys(shape)
  return (v, path) => {
    if (!isPlainObject(v)) throw new SchemaError(path, 'expected an object')
    for (const k of Object.keys(v)) {
      if (!Object.prototype.hasOwnProperty.call(shape, k)) throw new SchemaError(path, `unknown key ${JSON.stringify(k.slice(0, 40))}`)
    }
    const out = Object.create(null) as Record<string, unknown>
    for (const k of keys) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) throw new SchemaError(path, `missing key "${k}"`)
      out[k] = shape[k](v[k], path === '' ? k : `${path}.${k}`)
    }
    // Plain prototype again so callers can use the object normally; the keys were copied one by one above.
    return Object.assign({}, out) as Out<S>
  }
}
