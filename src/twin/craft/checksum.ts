/**
 * The Internet checksum (RFC 1071, https://www.rfc-editor.org/rfc/rfc1071) and the pseudo-header sums TCP
 * (RFC 9293 section 3.1), UDP (RFC 768) and ICMPv6 (RFC 4443 section 2.3, pseudo-header of RFC 8200 section 8.1)
 * add in front of their segment.
 */

/**
 * One's-complement sum of buf[from, to) as big-endian 16-bit words, added to `initial`, NOT folded: a frame is at
 * most 64 KiB, so the sum stays far below 2^53 and folding once at the end is exact.
 */
export function sum16(buf: Uint8Array, from: number, to: number, initial = 0): number {
  let sum = initial
  let i = from
  const even = to - ((to - from) & 1)
  for (; i < even; i += 2) sum += (buf[i] << 8) | buf[i + 1]
  if (i < to) sum += buf[i] << 8 // an odd trailing byte is padded with a zero byte
  return sum
}

/** Folds a sum to 16 bits and complements it: the value that goes into the checksum field. */
export function foldChecksum(sum: number): number {
  let s = sum
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 65536)
  return ~s & 0xffff
}

/** The checksum of buf[from, to) alone (IPv4 header, ICMPv4 message). */
export function internetChecksum(buf: Uint8Array, from: number, to: number): number {
  return foldChecksum(sum16(buf, from, to))
}

/**
 * Sum of the pseudo-header for a transport segment: source and destination addresses as they sit in the IP
 * header at buf[srcAt, srcAt + addrLen) and buf[dstAt, dstAt + addrLen), the protocol and the segment length.
 * IPv4 (RFC 9293): src, dst, zero, PTCL, length(16). IPv6 (RFC 8200): src, dst, length(32), zeros, next header;
 * the sums are the same because the length fits 16 bits here.
 */
export function pseudoHeaderSum(buf: Uint8Array, srcAt: number, dstAt: number, addrLen: number, protocol: number, length: number): number {
  let sum = sum16(buf, srcAt, srcAt + addrLen)
  sum = sum16(buf, dstAt, dstAt + addrLen, sum)
  return sum + protocol + (length & 0xffff) + Math.floor(length / 65536)
}
