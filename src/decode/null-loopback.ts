/**
 * BSD loopback encapsulation (https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html): a 4-byte address family
 * in the byte order of the host that wrote the file (LINKTYPE_NULL) or in network byte order (LINKTYPE_LOOP,
 * OpenBSD). IPv6's AF_INET6 differs between systems: 24 (NetBSD, OpenBSD, BSD/OS), 28 (FreeBSD, DragonFly),
 * 30 (macOS), 10 (Linux).
 */
import { Layer } from '../model/layers.ts'
import type { FrameState } from './frame-state.ts'
import { Step } from './step.ts'

const NULL_HEADER_LENGTH = 4
const AF_INET = 2

function stepForFamily(family: number): number {
  switch (family) {
    case AF_INET:
      return Step.IPv4
    case 10:
    case 24:
    case 28:
    case 30:
      return Step.IPv6
    default:
      return Step.Done
  }
}

/** LINKTYPE_NULL: the family's byte order is the writer's; a value with only high bytes set is byte-swapped. */
export function decodeNullLoopback(s: FrameState): number {
  s.truncCode = 'null.truncated'
  s.layers |= Layer.null
  const at = s.off
  let family = s.reader.u32le(at)
  if ((family & 0xffff) === 0 && family !== 0) family = s.reader.u32(at)
  s.off = at + NULL_HEADER_LENGTH
  return stepForFamily(family)
}

/** LINKTYPE_LOOP: the family is in network byte order. */
export function decodeLoop(s: FrameState): number {
  s.truncCode = 'null.truncated'
  s.layers |= Layer.null
  const at = s.off
  const family = s.reader.u32(at)
  s.off = at + NULL_HEADER_LENGTH
  return stepForFamily(family)
}

/** Raw IP (LINKTYPE_RAW and DLT 12/14): the version nibble says IPv4 or IPv6. */
export function decodeRawIp(s: FrameState): number {
  s.truncCode = 'ipraw.truncated'
  const version = s.reader.u8(s.off) >> 4
  if (version === 4) return Step.IPv4
  if (version === 6) return Step.IPv6
  s.anomaly('ipraw.invalid_ip_version')
  return Step.Done
}
