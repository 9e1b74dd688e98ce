/**
 * Parses the stdout of
 * `tshark -r FILE -T fields -e frame.len -e frame.cap_len -e frame.cb_pen -z conv,ip -z conv,ipv6`:
 * one "len<TAB>cap_len<TAB>pen" line per frame, then the conversation tables, each framed by "====" lines,
 * with a title ("IPv4 Conversations") and one row containing "<->" per conversation
 * (https://www.wireshark.org/docs/wsug_html_chunked/ChStatConversations.html).
 *
 * tshark (since 3.6) also shows each pcapng Custom Block as a frame; those carry a Private Enterprise Number
 * (frame.cb_pen) and are counted apart, because a custom block is not a packet (capinfos and nettwin skip it).
 */
export interface TsharkCounts {
  /** Packet frames tshark read (field lines without a custom-block PEN). */
  readonly packets: number
  /** Sum of frame.len (bytes on the wire). */
  readonly bytes: number
  /** Sum of frame.cap_len (bytes captured). */
  readonly capturedBytes: number
  readonly ipv4Conversations: number
  readonly ipv6Conversations: number
  /** pcapng Custom Blocks tshark showed as frames (not included in packets and the byte sums). */
  readonly customBlocks: number
  /** Lines that were neither a frame line nor part of a table (should stay 0; a sign the format changed). */
  readonly unparsedLines: number
}

const FRAME_LINE = /^(\d+)\t(\d+)(?:\t(\d*))?$/

export function parseTsharkOutput(stdout: string): TsharkCounts {
  let packets = 0
  let bytes = 0
  let capturedBytes = 0
  let ipv4Conversations = 0
  let ipv6Conversations = 0
  let customBlocks = 0
  let unparsedLines = 0
  let table: 'ipv4' | 'ipv6' | 'other' | null = null
  let inTables = false
  for (const raw of stdout.split('\n')) {
    const line = raw.trimEnd()
    if (line.startsWith('====')) {
      // Each table opens and closes with a rule; a title follows an opening rule.
      inTables = true
      table = null
      continue
    }
    if (!inTables) {
      const m = FRAME_LINE.exec(line)
      if (m && m[3]) {
        customBlocks++
      } else if (m) {
        packets++
        bytes += Number(m[1])
        capturedBytes += Number(m[2])
      } else if (line !== '') {
        unparsedLines++
      }
      continue
    }
    if (table === null) {
      if (line === 'IPv4 Conversations') table = 'ipv4'
      else if (line === 'IPv6 Conversations') table = 'ipv6'
      else if (/Conversations$/.test(line)) table = 'other'
      continue
    }
    if (!line.includes('<->')) continue
    if (table === 'ipv4') ipv4Conversations++
    else if (table === 'ipv6') ipv6Conversations++
  }
  return { packets, bytes, capturedBytes, ipv4Conversations, ipv6Conversations, customBlocks, unparsedLines }
}
