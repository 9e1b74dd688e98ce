/**
 * Ethernet tags and shims that sit between an EtherType and the next EtherType or an inner Ethernet frame.
 * Each is fixed-size or self-describing, so each moves forward by at least its fixed length:
 * - MACsec SecTAG (IEEE 802.1AE clause 9.3): TCI/AN, SL, PN, SCI (8 bytes when the SC bit is set); the payload
 *   is readable only without the E (encrypted) and C (changed text) bits, and then begins with its EtherType.
 * - Provider Backbone Bridging I-TAG (IEEE 802.1ah): 4-byte I-TAG, then a customer Ethernet frame.
 * - E-TAG (IEEE 802.1BR): 6 bytes, then the EtherType. VN-Tag (Cisco, pre-802.1Qbh): 4 bytes, then the EtherType.
 * - Cisco FabricPath: the 16-byte outer header ends with a 2-byte FTag/TTL after EtherType 0x8903, then the
 *   inner Ethernet frame.
 * - Arista timestamp: sub-type, version (0x0010/0x0110 carry an 8-byte timestamp, 0x0020/0x0120 a 6-byte one),
 *   then the EtherType.
 * - Cisco MetaData (SGT): version, length, option type, SGT, then the EtherType (8 bytes in all).
 */
import { stepForEtherType } from './ethertype.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const MACSEC_TCI_SC = 0x20
const MACSEC_TCI_E = 0x08
const MACSEC_TCI_C = 0x04
const MACSEC_SECTAG_LENGTH = 6
const MACSEC_SCI_LENGTH = 8

export function decodeMacsec(s: FrameState): number {
  s.truncCode = 'macsec.truncated'
  const r = s.reader
  const at = s.off
  const tci = r.u8(at)
  if ((tci & (MACSEC_TCI_E | MACSEC_TCI_C)) !== 0) return Step.Done
  const payload = at + MACSEC_SECTAG_LENGTH + ((tci & MACSEC_TCI_SC) !== 0 ? MACSEC_SCI_LENGTH : 0)
  return stepForEtherType(s, r.u16(payload), payload + 2)
}

const PBB_ITAG_LENGTH = 4

export function decodePbb(s: FrameState): number {
  s.truncCode = 'pbb.truncated'
  s.reader.need(s.off, PBB_ITAG_LENGTH)
  s.off += PBB_ITAG_LENGTH
  return Step.Ethernet
}

const E_TAG_LENGTH = 6
const VN_TAG_LENGTH = 4

export function decodeETag(s: FrameState): number {
  s.truncCode = 'etag.truncated'
  return stepAfterFixedTag(s, E_TAG_LENGTH)
}

export function decodeVnTag(s: FrameState): number {
  s.truncCode = 'vntag.truncated'
  return stepAfterFixedTag(s, VN_TAG_LENGTH)
}

/** A tag of fixed length followed by an EtherType. */
function stepAfterFixedTag(s: FrameState, length: number): number {
  const at = s.off
  return stepForEtherType(s, s.reader.u16(at + length), at + length + 2)
}

const FABRICPATH_FTAG_TTL_LENGTH = 2

export function decodeFabricPath(s: FrameState): number {
  s.truncCode = 'fabricpath.truncated'
  s.reader.need(s.off, FABRICPATH_FTAG_TTL_LENGTH)
  s.off += FABRICPATH_FTAG_TTL_LENGTH
  return Step.Ethernet
}

const ARISTA_SUBTYPE_TIMESTAMP = 0x0001

export function decodeArista(s: FrameState): number {
  s.truncCode = 'arista.truncated'
  const r = s.reader
  const at = s.off
  if (r.u16(at) !== ARISTA_SUBTYPE_TIMESTAMP) return Step.Done
  const version = r.u16(at + 2)
  let timestampLength: number
  if (version === 0x0010 || version === 0x0110) timestampLength = 8
  else if (version === 0x0020 || version === 0x0120) timestampLength = 6
  else return Step.Done
  const type = at + 4 + timestampLength
  return stepForEtherType(s, r.u16(type), type + 2)
}

const CISCO_METADATA_LENGTH = 6

export function decodeCiscoMetadata(s: FrameState): number {
  s.truncCode = 'cmd.truncated'
  const at = s.off
  return stepForEtherType(s, s.reader.u16(at + CISCO_METADATA_LENGTH), at + CISCO_METADATA_LENGTH + 2)
}
