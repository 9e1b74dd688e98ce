/**
 * The value of a plain decimal whose significant digits the row scanner (row-reader.ts, row-scan-unquoted.ts)
 * gathered in two int32 runs while scanning: m, the first nine significant digits (leading zeros leave it 0), and
 * m2, the n2 digits after them (used only while n2 <= 9). `fraction` is the number of digits after the dot.
 * While the digits make an integer below 2^53 (all of 15 significant digits, most of 16) the value is an exact
 * integer over an exact power of ten, which one IEEE division rounds correctly (W. D. Clinger, "How to read
 * floating point numbers accurately", PLDI 1990); up to 18 digits decimalQuotient's double-double division
 * decides; NaN means "read it from the bytes" (longer numbers, or a value too close to a rounding boundary).
 */
import { decimalQuotient } from './byte-decimal.ts'

/** Digits in each int32 run. */
export const RUN_DIGITS = 9
/** m below this has at most eight significant digits: one more still fits the first run. */
export const RUN_FULL = 100_000_000
/** 10^22 is the largest power of ten that is an exact double. */
export const MAX_FRACTION = 22
/** Integers below 2^53 are exact doubles. */
export const EXACT_INTEGER = 2 ** 53

/** The exact powers of ten, 10^0 to 10^22. */
export const POW10 = new Float64Array(MAX_FRACTION + 1)
for (let i = 0, p = 1; i <= MAX_FRACTION; i++, p *= 10) POW10[i] = p

/** The unsigned value of the digits (the caller applies the sign); NaN when the scanner cannot decide it. */
export function runsValue(m: number, m2: number, n2: number, fraction: number): number {
  if (fraction > MAX_FRACTION) return NaN
  // Zero needs no division (tables are full of 0 and 0.00).
  if (n2 === 0) return fraction === 0 || m === 0 ? m : m / POW10[fraction]
  if (n2 > RUN_DIGITS) return NaN
  // m * 10^n2 is exact (m * 5^n2 < 2^53), so the sum is exact exactly when it stays below 2^53.
  const whole = m * POW10[n2] + m2
  return whole < EXACT_INTEGER ? whole / POW10[fraction] : decimalQuotient(m, m2, n2, fraction)
}
