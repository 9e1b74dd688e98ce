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
const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
/** Index of the high word of a double in u32 (the platform's byte order). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0

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
    else if (loDigits <= 4) v = doubleDouble(hi, lo, loDigits, fraction)
  }
  if (v !== v) v = Number(decodeBytes(bytes, negative ? start + 1 : start, end))
  return negative ? -v : v
}

/** (hi * 10^loDigits + lo) / 10^fraction, correctly rounded, or NaN when too close to a rounding boundary. */
function doubleDouble(hi: number, lo: number, loDigits: number, fraction: number): number {
  // The integer hi * 10^k + lo (< 10^19) exactly as s + e.
  const p = twoProduct(hi, EXACT_POW10[loDigits])
  const pe = productError
  const s = p + lo
  const bb = s - p
  const se = p - (s - bb) + (lo - bb)
  const e = pe + se
  if (fraction === 0) return roundChecked(s, e)
  // q need not be the rounded quotient: within a few ulps is enough, as the exact remainder s + e - q * d
  // (t + te, by twoProduct) gives the correction q2. Multiplying by 1/10^f spares two divisions.
  const d = EXACT_POW10[fraction]
  const inverse = INVERSE_POW10[fraction]
  const q = s * inverse
  const t = twoProduct(q, d)
  const te = productError
  const q2 = (s - t - te + e) * inverse
  return roundChecked(q, q2)
}

/** The rounding error of the last twoProduct (a module variable, so no pair is allocated per call). */
let productError = 0

/** fl(a * b); the exact product is that plus productError. */
function twoProduct(a: number, b: number): number {
  const p = a * b
  let c = SPLIT * a
  const ah = c - (c - a)
  const al = a - ah
  c = SPLIT * b
  const bh = c - (c - b)
  const bl = b - bh
  productError = ah * bh - p + ah * bl + al * bh + al * bl
  return p
}

/** Relative distance from a rounding boundary below which the double-double result is not trusted. */
const BOUNDARY_MARGIN = 2 ** -90

/** fl(a + b) when a + b is far enough from the midpoint between two doubles that a tiny error cannot matter. */
function roundChecked(a: number, b: number): number {
  const r = a + b
  const bb = r - a
  const residual = a - (r - bb) + (b - bb)
  f64[0] = r
  const high = u32[HI]
  const exponent = (high >>> 20) & 0x7ff
  // Zero, tiny, infinite: the platform decides. At a power of two the gap below is half the gap above: the same.
  if (exponent <= 53 || exponent === 0x7ff || ((high & 0xfffff) === 0 && u32[1 - HI] === 0 && residual !== 0)) return NaN
  // Half the gap between r and its neighbours: 2^(exponent - 1076), built from its bits.
  u32[HI] = (exponent - 53) << 20
  u32[1 - HI] = 0
  const half = f64[0]
  const off = residual < 0 ? -residual : residual
  const margin = (r < 0 ? -r : r) * BOUNDARY_MARGIN
  return off - half <= margin && half - off <= margin ? NaN : r
}
