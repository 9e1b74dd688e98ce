/**
 * Parses the stdout of `tshark -r FILE -n -q -z conv,tcp -z conv,udp`: each conversation table is framed by
 * "====" lines and titled ("TCP Conversations", "UDP Conversations"), with one row containing "<->" per
 * conversation (https://www.wireshark.org/docs/man-pages/tshark.html, "-z conv,type";
 * https://www.wireshark.org/docs/wsug_html_chunked/ChStatConversations.html).
 */
export interface TsharkFlowCounts {
  /** Rows of the "TCP Conversations" table; null when tshark printed no such table (it stopped early). */
  readonly tcpConversations: number | null
  /** Rows of the "UDP Conversations" table; null when tshark printed no such table. */
  readonly udpConversations: number | null
}

export function parseTsharkConversations(stdout: string): TsharkFlowCounts {
  let tcp: number | null = null
  let udp: number | null = null
  let table: 'tcp' | 'udp' | 'other' | null = null
  let inTable = false
  for (const raw of stdout.split('\n')) {
    const line = raw.trimEnd()
    if (line.startsWith('====')) {
      // A rule opens a table (its title follows) and another closes it.
      inTable = !inTable
      table = null
      continue
    }
    if (!inTable) continue
    if (table === null) {
      if (line === 'TCP Conversations') table = 'tcp'
      else if (line === 'UDP Conversations') table = 'udp'
      else table = 'other'
      if (table === 'tcp') tcp ??= 0
      if (table === 'udp') udp ??= 0
      continue
    }
    if (!line.includes('<->')) continue
    if (table === 'tcp') tcp = (tcp ?? 0) + 1
    else if (table === 'udp') udp = (udp ?? 0) + 1
  }
  return { tcpConversations: tcp, udpConversations: udp }
}
