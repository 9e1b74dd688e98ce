/**
 * MD5 (RFC 1321, https://www.rfc-editor.org/rfc/rfc1321), synchronous. Used only for JA3 fingerprints, which
 * are defined as an MD5 hex digest; it is not used for anything that needs collision resistance. WebCrypto has
 * no MD5 and its digests are async, while fingerprints are computed on the decode hot path.
 */

/** Per-round left-rotation amounts (RFC 1321 section 3.4). */
const SHIFTS = new Uint8Array([
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
  5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
  6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
])

/** T[i] = floor(abs(sin(i + 1)) * 2^32), computed once as the RFC defines it. */
const T = new Uint32Array(64)
for (let i = 0; i < 64; i++) T[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) >>> 0

const HEX = '0123456789abcdef'

/** MD5 digest of `data` as 16 bytes. */
export function md5(data: Uint8Array): Uint8Array {
  // Padding: 0x80, zeros to 56 mod 64, then the bit length as a 64-bit little-endian number.
  const n = data.length
  const padded = new Uint8Array((((n + 8) >>> 6) + 1) << 6)
  padded.set(data)
  padded[n] = 0x80
  const bitLenLow = (n << 3) >>> 0
  const bitLenHigh = Math.floor(n / 0x20000000) >>> 0
  const tail = padded.length - 8
  for (let i = 0; i < 4; i++) {
    padded[tail + i] = (bitLenLow >>> (8 * i)) & 0xff
    padded[tail + 4 + i] = (bitLenHigh >>> (8 * i)) & 0xff
  }

  let a0 = 0x67452301
  let b0 = 0xefcdab89
  let c0 = 0x98badcfe
  let d0 = 0x10325476
  const x = new Int32Array(16)
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) {
      const o = block + 4 * i
      x[i] = padded[o] | (padded[o + 1] << 8) | (padded[o + 2] << 16) | (padded[o + 3] << 24)
    }
    let a = a0
    let b = b0
    let c = c0
    let d = d0
    for (let i = 0; i < 64; i++) {
      let f: number
      let g: number
      if (i < 16) {
        f = (b & c) | (~b & d)
        g = i
      } else if (i < 32) {
        f = (d & b) | (~d & c)
        g = (5 * i + 1) & 15
      } else if (i < 48) {
        f = b ^ c ^ d
        g = (3 * i + 5) & 15
      } else {
        f = c ^ (b | ~d)
        g = (7 * i) & 15
      }
      const sum = (a + f + T[i] + x[g]) | 0
      const s = SHIFTS[i]
      a = d
      d = c
      c = b
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0
    }
    a0 = (a0 + a) | 0
    b0 = (b0 + b) | 0
    c0 = (c0 + c) | 0
    d0 = (d0 + d) | 0
  }

  const out = new Uint8Array(16)
  const words = [a0, b0, c0, d0]
  for (let w = 0; w < 4; w++) for (let i = 0; i < 4; i++) out[4 * w + i] = (words[w] >>> (8 * i)) & 0xff
  return out
}

/** Lower-case hex of the MD5 digest of `data`. */
export function md5Hex(data: Uint8Array): string {
  return toHex(md5(data))
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] >>> 4] + HEX[bytes[i] & 15]
  return s
}

/** Bytes of a string whose characters are all below U+0100 (fingerprint strings are ASCII). */
export function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff
  return out
}
