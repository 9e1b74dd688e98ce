/**
 * pcapng options and the blocks that are mostly options (SHB, IDB):
 * https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html sections 3.5, 4.1 and 4.2.
 *
 * An option is option_code (2), option_length (2), then the value padded to 32 bits. Walking stops at
 * opt_endofopt, at the end of the block, or at the first option whose length runs past the block
 * (RELIABILITY row 21); each step moves at least 4 bytes, so the walk always ends.
 */
import { escapeBytes } from '../lib/escape.ts'
import type { AnomalyCounter } from '../model/anomalies.ts'
import type { TsResolution } from './timestamps.ts'
import { MICRO, tsResolution } from './timestamps.ts'

export const OPT_ENDOFOPT = 0
export const OPT_COMMENT = 1
export const IF_NAME = 2
export const IF_DESCRIPTION = 3
export const IF_TSRESOL = 9
export const IF_TSOFFSET = 14

/** Comments kept per file (SHB, IDB and packet comments together); the rest are counted, not kept. */
export const MAX_COMMENTS = 64

/**
 * Calls visit(code, valueAt, valueLength) for each option in buf[start, end). Returns false when an option ran
 * past `end` (the options are then ignored from that point on).
 */
export function walkOptions(
  view: DataView,
  start: number,
  end: number,
  littleEndian: boolean,
  visit: (code: number, at: number, length: number) => void,
): boolean {
  let p = start
  while (end - p >= 4) {
    const code = view.getUint16(p, littleEndian)
    const length = view.getUint16(p + 2, littleEndian)
    if (code === OPT_ENDOFOPT) return true
    const at = p + 4
    if (length > end - at) return false
    visit(code, at, length)
    p = at + ((length + 3) & ~3)
  }
  return true
}

/** Collects opt_comment values of one block into `out`, escaped for display, up to MAX_COMMENTS in total. */
export function collectComments(
  buf: Uint8Array,
  view: DataView,
  start: number,
  end: number,
  littleEndian: boolean,
  out: string[],
  anomalies: AnomalyCounter,
  label: string,
): void {
  const ok = walkOptions(view, start, end, littleEndian, (code, at, length) => {
    if (code === OPT_COMMENT && out.length < MAX_COMMENTS) {
      out.push(label + escapeBytes(buf.subarray(at, at + length)))
    }
  })
  if (!ok) anomalies.add('pcapng.option_overrun')
}

/** One Interface Description Block, as the reader needs it per packet. */
export interface Interface {
  readonly linkType: number
  /** 0 means no limit. */
  readonly snaplen: number
  readonly resolution: TsResolution
  /** if_tsoffset: seconds added to every timestamp. */
  readonly tsOffset: number
  readonly name: string | null
  readonly description: string | null
  /** Set when a packet was read from this interface (for the report's link types). */
  used: boolean
}

/** Parses an IDB body: LinkType (2), Reserved (2), SnapLen (4), options. `pos` is the block start. */
export function parseInterface(
  buf: Uint8Array,
  view: DataView,
  pos: number,
  total: number,
  littleEndian: boolean,
  anomalies: AnomalyCounter,
  comments: string[],
  commentLabel: string,
): Interface {
  const linkType = view.getUint16(pos + 8, littleEndian)
  const snaplen = view.getUint32(pos + 12, littleEndian)
  let resolution = MICRO
  let tsOffset = 0
  let name: string | null = null
  let description: string | null = null
  let seenResolution = false
  let seenOffset = false
  const ok = walkOptions(view, pos + 16, pos + total - 4, littleEndian, (code, at, length) => {
    switch (code) {
      case IF_NAME:
        name ??= escapeBytes(buf.subarray(at, at + length))
        break
      case IF_DESCRIPTION:
        description ??= escapeBytes(buf.subarray(at, at + length))
        break
      case IF_TSRESOL:
        if (length !== 1) anomalies.add('pcapng.tsresol_bad_length')
        else if (!seenResolution) {
          seenResolution = true
          resolution = tsResolution(buf[at])
          if (resolution.capped) anomalies.add('pcapng.tsresol_capped')
        }
        break
      case IF_TSOFFSET:
        if (length !== 8) anomalies.add('pcapng.tsoffset_bad_length')
        else if (!seenOffset) {
          seenOffset = true
          tsOffset = Number(view.getBigInt64(at, littleEndian))
        }
        break
      case OPT_COMMENT:
        if (comments.length < MAX_COMMENTS) comments.push(commentLabel + escapeBytes(buf.subarray(at, at + length)))
        break
    }
  })
  if (!ok) anomalies.add('pcapng.option_overrun')
  return { linkType, snaplen, resolution, tsOffset, name, description, used: false }
}
