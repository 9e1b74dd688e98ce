/**
 * Capture timestamps to seconds. pcap stores (seconds, fraction); pcapng stores a 64-bit tick count split into
 * two 32-bit halves with a per-interface resolution (if_tsresol, draft-ietf-opsawg-pcapng section 4.2).
 *
 * Numbers are exact integers only below 2^53, and a nanosecond tick count for today (~1.7e18) is above that, so
 * the tick count is first split exactly into whole seconds and a remainder, without allocating a BigInt per
 * packet; BigInt is the fallback for resolutions finer than 1e-9 s on such large counts.
 */

const TWO_32 = 4294967296
/** Largest divisor for the allocation-free split: keeps the remainder's error band inside 32 bits. */
const SPLIT_MAX_DIVISOR = 1e9

/** Seconds for a pcap (seconds, fraction) pair where one fraction unit is 1/div s. Fraction may exceed div. */
export function partsToSeconds(sec: number, frac: number, div: number): number {
  const units = sec * div + frac
  // Below 2^53 the tick count is exact and one division gives the correctly rounded result.
  return units <= Number.MAX_SAFE_INTEGER ? units / div : sec + frac / div
}

/**
 * Seconds for the 64-bit tick count hi * 2^32 + lo where one tick is 1/div s (div an integer, divBig the same
 * value as a BigInt). Correctly rounded while the count is below 2^53; otherwise whole seconds exact and the
 * fraction rounded once.
 */
export function ticksToSeconds(hi: number, lo: number, div: number, divBig: bigint): number {
  if (hi < 0x200000) return (hi * TWO_32 + lo) / div
  if (div <= SPLIT_MAX_DIVISOR) {
    const approx = hi * TWO_32 + lo
    let q = Math.floor(approx / div)
    if (q < Number.MAX_SAFE_INTEGER / 2) {
      // The estimate is off by a few ticks at most, so the true remainder lies well inside a signed 32-bit band;
      // its low 32 bits are exact from the low words alone (units mod 2^32 = lo).
      let r = (lo - Math.imul(q, div)) >>> 0
      if (r >= 0x80000000) r -= TWO_32
      const k = Math.floor(r / div)
      q += k
      r -= k * div
      return q + r / div
    }
    // Over 2^52 seconds (absurd, but possible in a damaged file): the exact path below.
  }
  const units = (BigInt(hi) << 32n) | BigInt(lo)
  return Number(units / divBig) + Number(units % divBig) / div
}

export interface TsResolution {
  /** Ticks per second. */
  readonly div: number
  readonly divBig: bigint
  /** True when the stored exponent was beyond the cap and was clamped. */
  readonly capped: boolean
}

/** Finest resolutions accepted (RELIABILITY row 22): 10^-18 and 2^-63 s. Beyond that the exponent is capped. */
export const MAX_DECIMAL_EXPONENT = 18
export const MAX_BINARY_EXPONENT = 63

/** Decodes an if_tsresol byte: high bit clear = 10^-value s, high bit set = 2^-(value & 0x7f) s. */
export function tsResolution(byte: number): TsResolution {
  const binary = (byte & 0x80) !== 0
  const raw = byte & 0x7f
  const max = binary ? MAX_BINARY_EXPONENT : MAX_DECIMAL_EXPONENT
  const exp = Math.min(raw, max)
  const divBig = binary ? 1n << BigInt(exp) : 10n ** BigInt(exp)
  return { div: Number(divBig), divBig, capped: raw > max }
}

export const MICRO: TsResolution = { div: 1e6, divBig: 1_000_000n, capped: false }
export const NANO: TsResolution = { div: 1e9, divBig: 1_000_000_000n, capped: false }

/** The report's name for a resolution: 'micro', 'nano', or seconds per tick. */
export function precisionName(div: number): string {
  if (div === 1e6) return 'micro'
  if (div === 1e9) return 'nano'
  return String(1 / div)
}
