/**
 * CRC-32 (the ISO-HDLC / zlib polynomial 0xEDB88320, reflected), computed incrementally so an exported
 * session file can be checksummed part by part without joining the parts. It detects corruption and
 * truncation of session files; it is not a defence against tampering (validation is).
 */

const TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/** Continues a CRC over `bytes`; start with crc32Update(0, first) and chain the result. */
export function crc32Update(crc: number, bytes: Uint8Array): number {
  let c = ~crc >>> 0
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}

export function crc32(bytes: Uint8Array): number {
  return crc32Update(0, bytes)
}
