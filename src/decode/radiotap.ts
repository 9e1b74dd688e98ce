/**
 * Radiotap headers (https://www.radiotap.org/): it_version (0), it_pad, it_len (little-endian, covers the
 * whole radiotap header), it_present bitmaps (bit 31 = another bitmap follows), then the fields in bit order,
 * each aligned to its natural size from the start of the header. Only TSFT (bit 0, 8 bytes) may precede the
 * Flags field (bit 1), whose 0x10 bit says the 802.11 frame ends in a 4-byte FCS and 0x20 that the 802.11
 * header is padded to a multiple of 4 bytes.
 */
import { Layer } from '../model/layers.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const MIN_RADIOTAP_LENGTH = 8
/** Present bitmaps walked before giving up (each is 4 bytes, so it_len also bounds them). */
const MAX_PRESENT_WORDS = 16
const PRESENT_TSFT = 1 << 0
const PRESENT_FLAGS = 1 << 1
const PRESENT_EXT = 0x80000000
export const RADIOTAP_FLAG_DATA_PAD = 0x20
export const RADIOTAP_FLAG_FCS = 0x10
const FCS_LENGTH = 4

export function decodeRadiotap(s: FrameState): number {
  s.truncCode = 'radiotap.truncated'
  const r = s.reader
  const at = s.off
  const version = r.u8(at)
  const length = r.u16le(at + 2)
  if (version !== 0) {
    s.anomaly('radiotap.wrong_version')
    return Step.Done
  }
  s.layers |= Layer.radiotap
  if (length < MIN_RADIOTAP_LENGTH || at + length > s.wireEnd) {
    s.anomaly('radiotap.len_invalid')
    return Step.Done
  }
  const end = at + length
  const firstPresent = r.u32le(at + 4)
  let field = at + 8
  let present = firstPresent
  for (let words = 1; (present & PRESENT_EXT) !== 0; words++) {
    if (words >= MAX_PRESENT_WORDS || field + 4 > end) {
      s.anomaly('radiotap.len_invalid')
      return Step.Done
    }
    present = r.u32le(field)
    field += 4
  }
  let flags = 0
  if ((firstPresent & PRESENT_TSFT) !== 0) field = at + (((field - at + 7) >> 3) << 3) + 8
  if ((firstPresent & PRESENT_FLAGS) !== 0) {
    if (field >= end) {
      s.anomaly('radiotap.len_invalid')
      return Step.Done
    }
    flags = r.u8(field)
  }
  if ((flags & RADIOTAP_FLAG_FCS) !== 0) {
    // The FCS is the last 4 bytes on the wire; if the snaplen cut the frame it was not captured anyway.
    const frameEnd = s.wireEnd - FCS_LENGTH
    if (frameEnd < end) {
      s.anomaly('radiotap.len_invalid')
      return Step.Done
    }
    s.narrow(frameEnd)
  }
  s.wlanDataPad = (flags & RADIOTAP_FLAG_DATA_PAD) !== 0
  s.off = end
  return Step.WLAN
}
