/**
 * Plain decimals (digits, at most one '.', a leading '-') read straight from UTF-8 bytes, correctly rounded, so a
 * table cell such as 0.0519457013574657 or 23887.99224453891 (Python and Java write 16-17 significant digits)
 * costs no string. Up to 15 significant digits the value is m / 10^f of two exact doubles, which IEEE division
 * rounds correctly (W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990). Up to 19 digits
 * the decimal is held exactly as a sum of two doubles and divided in double-double arithmetic (T. J. Dekker, "A
 * floating-point technique for extending the available precision", 1971), which leaves an error below 2^-95 of the
 * value; the rounded result is kept unless the value lies that close to a rounding boundary, in which case (and
 * for longer numbers) the platform's own parser decides. Either way the result is exactly Number(text).
 */
import { decodeBytes } from './row-fields.ts'

const EXACT_POW10 = new Float64Array(23)
for (let i = 0, p = 1; i < 23; i++, p *= 10) EXACT_POW10[i] = p
const INVERSE_POW10 = EXACT_POW10.map((p) => 1 / p)

/** Dekker's splitter for doubles: 2^27 + 1. */
const SPLIT = 134217729

/**
 * The value of the plain decimal bytes[start, end) (the row reader has checked the grammar), exactly as
 * Number() reads its text.
 */
export function plainDecimalFromBytes(bytes: Uint8Array, start: number, end: number): number {
  let i = start
  const negative = bytes[i] === 45
  if (negative) i++
  let dot = -1
  // Leading zeros (and a dot among them) are not significant digits.
  for (; i < end; i++) {
    const c = bytes[i]
    if (c === 46) dot = i
    else if (c !== 48) break
  }
  // The significant digits in int32 runs (faster than a chain of float multiply-adds): 9, then 6, then up to 4.
  let a = 0
  let na = 0
  for (; i < end && na < 9; i++) {
    const x = bytes[i] - 48
    if (x < 0) dot = i
    else {
      a = (a * 10 + x) | 0
      na++
    }
  }
  let b = 0
  let nb = 0
  for (; i < end && nb < 6; i++) {
    const x = bytes[i] - 48
    if (x < 0) dot = i
    else {
      b = (b * 10 + x) | 0
      nb++
    }
  }
  let lo = 0
  let loDigits = 0
  for (; i < end && loDigits < 5; i++) {
    const x = bytes[i] - 48
    if (x < 0) dot = i
    else {
      lo = (lo * 10 + x) | 0
      loDigits++
    }
  }
  const fraction = dot < 0 ? 0 : end - dot - 1
  let v = NaN
  if (i === end && fraction <= 22) {
    const hi = a * EXACT_POW10[nb] + b
    if (loDigits === 0) v = fraction === 0 ? hi : hi / EXACT_POW10[fraction]
    else if (loDigits <= 4) v = decimalQuotient(hi, lo, loDigits, fraction)
  }
  if (v !== v) v = Number(decodeBytes(bytes, negative ? start + 1 : start, end))
  return negative ? -v : v
}

/**
 * (hi * 10^loDigits + lo) / 10^fraction, correctly rounded, or NaN when too close to a rounding boundary (the
 * caller then asks the platform). The integer must stay below 10^19 and fraction at most 22.
 */
export function decimalQuotient(hi: number, lo: number, loDigits: number, fraction: number): number {
  const parts = decimalParts
  parts[0] = hi
  parts[1] = lo
  parts[2] = loDigits
  parts[3] = fraction
  quotientOfParts()
  return parts[0]
}

/**
 * The operands of quotientOfParts (hi, lo, loDigits, fraction in slots 0 to 3) and its result (slot 0, NaN when
 * undecided): a typed array, because V8 boxes every double passed to or returned from a call it does not inline.
 */
export const decimalParts = new Float64Array(4)

/** Dekker's halves of the powers of ten, split once. */
const POW10_HIGH = EXACT_POW10.map((p) => SPLIT * p - (SPLIT * p - p))
const POW10_LOW = EXACT_POW10.map((p, i) => p - POW10_HIGH[i])

/** hi below this makes hi * 10^k (k <= 9) exact. */
const EXACT_PRODUCT_HI = 2 ** 30
/** Relative distance from a rounding boundary below which the double-double result is not trusted. */
const BOUNDARY_MARGIN = 2 ** -90
/** Below this the relative error bound of the double-double steps no longer holds (far below any table value). */
const SMALLEST_TRUSTED = 2 ** -900

/**
 * decimalQuotient on decimalParts, result in decimalParts[0]. The row reader calls this for plain decimals of 16 to
 * 18 significant digits, already split into two int32 runs. It is one flat function without parameters on
 * purpose: V8 boxes every double passed to or returned from a call it does not inline, and a helper per step
 * (Dekker's product, the checked rounding) made one to five heap numbers per long decimal, most of a CIC-IDS2017
 * table's garbage. Operands and result go through the typed array, so it allocates nothing.
 *
 * The steps: the integer hi * 10^k + lo (< 10^19) exactly as s + e (Dekker's product and Knuth's two-sum); a
 * quotient q within a few ulps (multiplying by 1/10^f spares a division), the exact remainder s + e - q * 10^f
 * (Dekker's product again) giving the correction q2; then r = fl(q + q2), kept when r + residual pushed further
 * out by the error margin still rounds to r. Rounding does that test itself, on the side the residual points to,
 * so the narrower gap below a power of two needs no special case.
 */
export function quotientOfParts(): void {
  const parts = decimalParts
  const hi = parts[0]
  const lo = parts[1]
  // Indexes as int32: a double used as a typed-array index takes V8's generic (allocating) path.
  const loDigits = parts[2] | 0
  const fraction = parts[3] | 0
  // s + e = hi * 10^k + lo, exactly.
  const p = hi * EXACT_POW10[loDigits]
  let c = 0
  let ah = 0
  let al = 0
  let bh = 0
  let bl = 0
  let pe = 0
  // Below 2^30 times at most 10^9 = 2^9 * 5^9 the product needs at most 51 bits: exact (the row reader's case).
  if (hi >= EXACT_PRODUCT_HI || loDigits > 9) {
    c = SPLIT * hi
    ah = c - (c - hi)
    al = hi - ah
    bh = POW10_HIGH[loDigits]
    bl = POW10_LOW[loDigits]
    pe = ah * bh - p + ah * bl + al * bh + al * bl
  }
  const s = p + lo
  let bb = s - p
  const e = pe + (p - (s - bb) + (lo - bb))
  let a = s
  let b = e
  if (fraction !== 0) {
    const inverse = INVERSE_POW10[fraction]
    const q = s * inverse
    const t = q * EXACT_POW10[fraction]
    c = SPLIT * q
    ah = c - (c - q)
    al = q - ah
    bh = POW10_HIGH[fraction]
    bl = POW10_LOW[fraction]
    const te = ah * bh - t + ah * bl + al * bh + al * bl
    a = q
    b = (s - t - te + e) * inverse
  }
  const r = a + b
  bb = r - a
  const residual = a - (r - bb) + (b - bb)
  // NaN is stored in its own branches: a value that is either a double or the NaN constant is boxed by V8.
  const size = Math.abs(r)
  if (!(size >= SMALLEST_TRUSTED && size < Infinity)) {
    parts[0] = NaN
    return
  }
  const margin = size * BOUNDARY_MARGIN
  const pushed = residual < 0 ? residual - margin : residual + margin
  if (r + pushed === r) parts[0] = r
  else parts[0] = NaN
}
