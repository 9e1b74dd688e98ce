/**
 * Fast 32-bit hashes of numbers for hash tables and sketches, built from the MurmurHash3 x86_32 block step and
 * finaliser (public domain, https://github.com/aappleby/smhasher/wiki/MurmurHash3). Inputs are uint32 words,
 * so hashing an address id, a port or a pair of them costs a few multiplications and no allocation.
 */

const C1 = 0xcc9e2d51
const C2 = 0x1b873593

/**
 * MurmurHash3's finaliser ("fmix32"): a bijection on uint32 with full avalanche, so distinct inputs give
 * distinct outputs. Enough on its own for dense ids.
 */
export function fmix32(x: number): number {
  let h = x | 0
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** One MurmurHash3 block step: mixes the word k into the running hash h. */
function mixWord(h: number, k: number): number {
  k = Math.imul(k, C1)
  k = (k << 15) | (k >>> 17)
  k = Math.imul(k, C2)
  h ^= k
  h = (h << 13) | (h >>> 19)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

/** MurmurHash3 x86_32 of one uint32 word with a seed. */
export function hashWord(a: number, seed = 0): number {
  return fmix32(mixWord(seed | 0, a) ^ 4)
}

/** MurmurHash3 x86_32 of two uint32 words (an ordered pair) with a seed. */
export function hashPair(a: number, b: number, seed = 0): number {
  return fmix32(mixWord(mixWord(seed | 0, a), b) ^ 8)
}

/** MurmurHash3 x86_32 of three uint32 words with a seed. */
export function hashTriple(a: number, b: number, c: number, seed = 0): number {
  return fmix32(mixWord(mixWord(mixWord(seed | 0, a), b), c) ^ 12)
}

/**
 * A hash of the unordered pair {(a, pa), (b, pb)}: the same for both directions of a conversation, so a
 * table keyed by it needs no separate normalisation step. Each side is mixed on its own, combined with a
 * symmetric sum and xor (keeping apart pairs that differ only by which side a port belongs to), and finalised.
 */
export function hashUnorderedEndpoints(a: number, pa: number, b: number, pb: number): number {
  const x = Math.imul(a ^ Math.imul(pa, 0x85ebca6b), 0xcc9e2d51)
  const y = Math.imul(b ^ Math.imul(pb, 0x85ebca6b), 0xcc9e2d51)
  return fmix32(Math.imul((x + y) | 0, 0x9e3779b1) ^ (x ^ y) ^ ((x ^ y) >>> 15))
}

/**
 * A small seeded pseudo-random generator (mulberry32) for tests, benchmarks and synthetic data: deterministic,
 * no allocation per draw.
 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
