/**
 * UTF-8 decoding of a stream that arrives in slices. TextDecoder's own stream mode does this too, but in Node it
 * runs several times slower than a one-shot decode; here each slice is decoded in one shot up to its last
 * complete character, and the 1-3 bytes of a character cut by the slice end are carried into the next slice.
 * Every cut is at a point where a streaming decoder would also have emitted everything before it, so the text
 * is the same as decoding the whole input at once (malformed bytes become U+FFFD the same way, per the WHATWG
 * Encoding Standard: https://encoding.spec.whatwg.org/#utf-8-decoder). A byte order mark is dropped only at the
 * very start of the stream.
 */

/** Bytes in the character a lead byte starts (1 for ASCII, continuation bytes and invalid leads). */
function sequenceLength(b: number): number {
  if (b < 0xc0) return 1
  if (b < 0xe0) return 2
  if (b < 0xf0) return 3
  if (b < 0xf8) return 4
  return 1
}

const isContinuation = (b: number): boolean => (b & 0xc0) === 0x80

export class Utf8Slices {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })
  private readonly carry = new Uint8Array(4)
  private carried = 0
  private atStart = true

  /** Text of the next slice (possibly ending before its last bytes, which are carried). */
  decode(bytes: Uint8Array): string {
    let from = 0
    let prefix = ''
    if (this.carried > 0) {
      // Complete the carried character with the continuation bytes that start this slice.
      const need = sequenceLength(this.carry[0]) - this.carried
      while (from < bytes.length && from < need && isContinuation(bytes[from])) this.carry[this.carried++] = bytes[from++]
      if (this.carried < sequenceLength(this.carry[0]) && from === bytes.length && from < need) return ''
      prefix = this.decoder.decode(this.carry.subarray(0, this.carried))
      this.carried = 0
    }
    const end = this.completeEnd(bytes, from)
    for (let i = end; i < bytes.length; i++) this.carry[this.carried++] = bytes[i]
    const text = prefix + (end > from ? this.decoder.decode(bytes.subarray(from, end)) : '')
    return this.stripBom(text)
  }

  /** Text of the carried bytes at the end of the input (an incomplete character becomes U+FFFD). */
  flush(): string {
    if (this.carried === 0) return ''
    const text = this.decoder.decode(this.carry.subarray(0, this.carried))
    this.carried = 0
    return this.stripBom(text)
  }

  /** Index after the last complete character of bytes[from..]; what follows is an incomplete sequence. */
  private completeEnd(bytes: Uint8Array, from: number): number {
    const n = bytes.length
    for (let back = 1; back <= 3 && n - back >= from; back++) {
      const b = bytes[n - back]
      if (isContinuation(b)) continue
      return sequenceLength(b) > back ? n - back : n
    }
    return n
  }

  private stripBom(text: string): string {
    if (!this.atStart || text.length === 0) return text
    this.atStart = false
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  }
}
