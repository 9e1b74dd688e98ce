/** Growing typed-array columns: the flow table's columns double when full, keeping their contents. */
export type NumericArray =
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array

/** A copy of `a` with room for `n` elements (n >= a.length); new elements are 0 unless `fill` is given. */
export function grown<T extends NumericArray>(a: T, n: number, fill = 0): T {
  const Ctor = a.constructor as new (len: number) => T
  const b = new Ctor(n)
  b.set(a as never)
  if (fill !== 0) b.fill(fill as never, a.length)
  return b
}
