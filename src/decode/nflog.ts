/**
 * Linux NFLOG (https://www.tcpdump.org/linktypes/LINKTYPE_NFLOG.html): a 4-byte header (nflog_family,
 * nflog_version, nflog_rid big-endian) and then TLVs of tlv_length (including the 4-byte TLV header) and
 * tlv_type, both in the writing host's byte order, each padded to a multiple of 4 bytes. The packet is the
 * value of the NFULA_PAYLOAD (9) TLV. The TLV walk moves forward by at least 4 bytes and is capped.
 */
import { Layer } from '../model/layers.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const NFLOG_HEADER_LENGTH = 4
const TLV_HEADER_LENGTH = 4
const NFULA_PAYLOAD = 9
const MAX_TLVS = 64
const AF_INET = 2
const AF_INET6 = 10

export function decodeNflog(s: FrameState): number {
  s.truncCode = 'nflog.truncated'
  const r = s.reader
  const at = s.off
  const family = r.u8(at)
  s.layers |= Layer.nflog
  const end = s.wireEnd
  let tlv = at + NFLOG_HEADER_LENGTH
  // Byte order: decided on the first TLV (a little-endian length that does not fit while the big-endian one does
  // means a big-endian writer), then kept for the packet.
  let littleEndian = true
  if (tlv + TLV_HEADER_LENGTH <= end) {
    const le = r.u16le(tlv)
    const be = r.u16(tlv)
    if ((le < TLV_HEADER_LENGTH || tlv + le > end) && be >= TLV_HEADER_LENGTH && tlv + be <= end) littleEndian = false
  }
  for (let n = 0; n < MAX_TLVS && tlv + TLV_HEADER_LENGTH <= end; n++) {
    const length = littleEndian ? r.u16le(tlv) : r.u16(tlv)
    const type = (littleEndian ? r.u16le(tlv + 2) : r.u16(tlv + 2)) & 0x7fff
    if (length < TLV_HEADER_LENGTH || tlv + length > end) {
      s.anomaly('nflog.tlv_len_invalid')
      return Step.Done
    }
    if (type === NFULA_PAYLOAD) {
      const payload = tlv + TLV_HEADER_LENGTH
      s.narrow(tlv + length)
      s.off = payload
      if (family === AF_INET) return Step.IPv4
      if (family === AF_INET6) return Step.IPv6
      return Step.RawIP
    }
    tlv += (length + 3) & ~3
  }
  return Step.Done
}
