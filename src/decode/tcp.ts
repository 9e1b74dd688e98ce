/**
 * TCP (RFC 9293 section 3.1, https://www.rfc-editor.org/rfc/rfc9293#section-3.1): Source Port, Destination
 * Port, Sequence Number, Acknowledgment Number, Data Offset, Reserved, control bits (the low bit of the
 * reserved nibble is NS / AE, RFC 3540 / RFC 9768), Window, Checksum, Urgent Pointer, Options.
 * Fixed fields are written before the options are walked, so a bad option loses nothing. An option length
 * below 2 stops the walk (the infinite-loop class of RELIABILITY.md row 29).
 */
import { Layer } from '../model/layers.ts'
import { decodeApp } from './app.ts'
import { payloadEntropyCode } from './payload-entropy.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

export const TCP_MIN_HEADER_LENGTH = 20
const OPT_EOL = 0
const OPT_NOP = 1

export function decodeTcp(s: FrameState): number {
  s.truncCode = 'tcp.truncated'
  const r = s.reader
  const at = s.off
  s.layers |= Layer.tcp
  const segment = s.wireLeft(at)
  if (segment < TCP_MIN_HEADER_LENGTH) {
    s.anomaly('tcp.pkt_too_small')
    return Step.Done
  }
  r.need(at, TCP_MIN_HEADER_LENGTH)
  const b = s.batch
  const row = s.row
  // The fixed header lies inside the range need() has just accepted: read straight from the buffer, as
  // decodeIpv4 does (the reader's accessors repeat the check and are not all inlined here).
  const h = r.buf
  b.srcPort[row] = (h[at] << 8) | h[at + 1]
  b.dstPort[row] = (h[at + 2] << 8) | h[at + 3]
  // As int32 (no `>>> 0`): the Uint32Array column stores the same 32 bits, and an int32 is never boxed.
  b.tcpSeq[row] = (h[at + 4] << 24) | (h[at + 5] << 16) | (h[at + 6] << 8) | h[at + 7]
  b.tcpAck[row] = (h[at + 8] << 24) | (h[at + 9] << 16) | (h[at + 10] << 8) | h[at + 11]
  const offsetAndFlags = (h[at + 12] << 8) | h[at + 13]
  b.tcpFlags[row] = offsetAndFlags & 0x01ff
  b.tcpWindow[row] = (h[at + 14] << 8) | h[at + 15]
  const headerLength = (offsetAndFlags >> 12) << 2
  if (headerLength < TCP_MIN_HEADER_LENGTH || headerLength > segment) {
    s.anomaly('tcp.hlen_too_small')
    return Step.Done
  }
  const payload = at + headerLength
  b.payloadLen[row] = segment - headerLength
  if (headerLength > TCP_MIN_HEADER_LENGTH) checkOptions(s, at + TCP_MIN_HEADER_LENGTH, payload)
  const capturedEnd = r.end
  if (payload < capturedEnd) {
    b.payloadEntropy[row] = payloadEntropyCode(r.buf, payload, capturedEnd)
    s.truncCode = 'app.truncated'
    decodeApp(s.ctx, b, row, payload, capturedEnd)
  }
  return Step.Done
}

/** Walks option kinds and lengths only: EOL stops, NOP is 1 byte, any other length must be >= 2 and fit. */
function checkOptions(s: FrameState, at: number, end: number): void {
  const r = s.reader
  let o = at
  while (o < end) {
    const kind = r.u8(o)
    if (kind === OPT_EOL) return
    if (kind === OPT_NOP) {
      o++
      continue
    }
    if (o + 1 >= end) {
      s.anomaly('tcp.opt_invalid_len')
      return
    }
    const length = r.u8(o + 1)
    if (length < 2 || o + length > end) {
      s.anomaly('tcp.opt_invalid_len')
      return
    }
    o += length
  }
}
