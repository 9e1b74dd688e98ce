/**
 * Teredo (RFC 4380 section 5.1.1, https://www.rfc-editor.org/rfc/rfc4380#section-5.1.1): IPv6 over UDP, the
 * IPv6 packet optionally preceded by an authentication indicator (0x0001, client id length, auth value length,
 * id, auth value, 8-byte nonce, 1-byte confirmation) and/or an origin indication (0x0000, port, address; 8
 * bytes). A payload that is not IPv6 after them is handed to the application decoders as plain UDP.
 */
import { decodeApp } from './app.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const AUTH_INDICATOR = 0x0001
const ORIGIN_INDICATION = 0x0000
const ORIGIN_INDICATION_LENGTH = 8
const AUTH_FIXED_LENGTH = 4 + 8 + 1

export function decodeTeredo(s: FrameState): number {
  s.truncCode = 'teredo.truncated'
  const r = s.reader
  const start = s.off
  let at = start
  if (r.has(at, 2) && r.u16(at) === AUTH_INDICATOR && r.has(at, 4)) {
    at += AUTH_FIXED_LENGTH + r.u8(at + 2) + r.u8(at + 3)
  }
  if (r.has(at, 2) && r.u16(at) === ORIGIN_INDICATION) at += ORIGIN_INDICATION_LENGTH
  if (r.has(at, 1) && r.u8(at) >> 4 === 6 && s.wireLeft(at) >= 40) {
    s.off = at
    return Step.IPv6
  }
  if (start < r.end) {
    s.truncCode = 'app.truncated'
    decodeApp(s.ctx, s.batch, s.row, start, r.end)
  }
  return Step.Done
}
