/**
 * HMAC-SHA-256 (RFC 2104, https://www.rfc-editor.org/rfc/rfc2104) over the project's synchronous SHA-256, so
 * the anonymiser runs the same in the page, the worker and Node without WebCrypto's async API.
 */
import { sha256 } from '../sha256.ts'

const BLOCK = 64

/** A key prepared once: the inner and outer padded keys (K0 XOR ipad, K0 XOR opad). */
export class HmacKey {
  private readonly inner: Uint8Array
  private readonly outer: Uint8Array

  constructor(key: Uint8Array) {
    const k0 = new Uint8Array(BLOCK)
    k0.set(key.length > BLOCK ? sha256(key) : key)
    this.inner = k0.map((b) => b ^ 0x36)
    this.outer = k0.map((b) => b ^ 0x5c)
  }

  /** HMAC-SHA-256 of `message`: 32 bytes. */
  mac(message: Uint8Array): Uint8Array {
    const a = new Uint8Array(BLOCK + message.length)
    a.set(this.inner)
    a.set(message, BLOCK)
    const b = new Uint8Array(BLOCK + 32)
    b.set(this.outer)
    b.set(sha256(a), BLOCK)
    return sha256(b)
  }
}
