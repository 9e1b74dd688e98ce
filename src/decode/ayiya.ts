/**
 * AYIYA, "Anything In Anything" (draft-massar-v6ops-ayiya-02 section 5, UDP port 5072): identity length (log2
 * of bytes) and type, signature length (4-byte words) and hash method, authentication method and opcode, Next
 * Header, epoch time (4 bytes), identity, signature, then the payload named by Next Header (4 IPv4, 41 IPv6).
 */
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const AYIYA_FIXED_LENGTH = 8
const OPCODE_FORWARD = 1

export function decodeAyiya(s: FrameState): number {
  s.truncCode = 'ayiya.truncated'
  const r = s.reader
  const at = s.off
  const identityLength = 1 << (r.u8(at) >> 4)
  const signatureLength = (r.u8(at + 1) >> 4) * 4
  const opcode = r.u8(at + 2) & 0x0f
  const nextHeader = r.u8(at + 3)
  if (opcode !== OPCODE_FORWARD) return Step.Done
  s.off = at + AYIYA_FIXED_LENGTH + identityLength + signatureLength
  if (nextHeader === 4) return Step.IPv4
  if (nextHeader === 41) return Step.IPv6
  return Step.Done
}
