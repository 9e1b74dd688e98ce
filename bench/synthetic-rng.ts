/**
 * A small seeded PRNG for the synthetic benchmark capture: sfc32 (Chris Doty-Humphrey's "small fast counting"
 * generator, from PractRand), seeded through splitmix32 so any integer seed gives a well-mixed state.
 * Same seed, same capture, on every machine.
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    let s = seed >>> 0
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0
      let z = s
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
      return (z ^ (z >>> 16)) >>> 0
    }
    this.a = next()
    this.b = next()
    this.c = next()
    this.d = next()
    for (let i = 0; i < 12; i++) this.u32()
  }

  /** Uniform uint32. */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.float() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]
  }

  /** Exponentially distributed with the given mean (inter-arrival gaps). */
  exponential(mean: number): number {
    return -Math.log(1 - this.float()) * mean
  }

  /** Fills buf[from, to) with random bytes. */
  fill(buf: Uint8Array, from = 0, to = buf.length): void {
    for (let i = from; i < to; i += 4) {
      const v = this.u32()
      buf[i] = v
      if (i + 1 < to) buf[i + 1] = v >>> 8
      if (i + 2 < to) buf[i + 2] = v >>> 16
      if (i + 3 < to) buf[i + 3] = v >>> 24
    }
  }
}
