/**
 * Packet tables take the capture's packet path (vitest project "conformance"): a packet table gives the same
 * flows, conversations, endpoints and alerts as the capture it was exported from, where the table has the fields.
 * Two sources of tables: (1) CSVs written here from corpus captures as our capture reader decodes them, in the
 * layout of Wireshark's "Export Packet Dissections > As CSV" with Source Port / Destination Port columns and
 * Wireshark's Info text ("52232 → 80 [SYN, ACK] Seq=0 Ack=1 Win=29200 Len=0"); (2) the corpus's own
 * tshark-made exports (../shared/corpus/csv/wireshark-export-derived) against their source captures. Both go
 * through `nettwin analyze`'s own code (summarizeFile), so what is compared is what the command prints.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import type { CaptureSummary } from '../src/analysis/capture-summary.ts'
import type { PacketTableSummary } from '../src/analysis/table-summary.ts'
import { summarizeFile, type SummarizedFile } from '../src/cli/analyze-command.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { Net, TcpFlag } from '../src/model/packet-batch.ts'
import { corpusDir, corpusExists } from './corpus-index.ts'

const work = mkdtempSync(join(tmpdir(), 'nettwin-packet-tables-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const FLAG_ORDER: readonly [number, string][] = [
  [TcpFlag.FIN, 'FIN'], [TcpFlag.SYN, 'SYN'], [TcpFlag.RST, 'RST'], [TcpFlag.PSH, 'PSH'], [TcpFlag.ACK, 'ACK'],
  [TcpFlag.URG, 'URG'], [TcpFlag.ECE, 'ECE'], [TcpFlag.CWR, 'CWR'],
]
const quote = (s: string | number): string => `"${String(s).replace(/"/g, '""')}"`
const hex4 = (v: number): string => v.toString(16).padStart(4, '0')

/** Info as Wireshark writes it for the messages the test captures hold. */
function icmpInfo(v6: boolean, type: number, code: number, id: number): string {
  const echo = v6 ? [128, 129] : [8, 0]
  if (type === echo[0]) return `Echo (ping) request  id=0x${hex4(id)}, seq=1/256, ttl=64`
  if (type === echo[1]) return `Echo (ping) reply    id=0x${hex4(id)}, seq=1/256, ttl=64`
  if (!v6 && type === 3 && code === 3) return 'Destination unreachable (Port unreachable)'
  if (!v6 && type === 3 && code === 1) return 'Destination unreachable (Host unreachable)'
  if (v6 && type === 135) return 'Neighbor Solicitation for fe80::1'
  if (v6 && type === 136) return 'Neighbor Advertisement fe80::1'
  return `Unknown ICMP (${type})`
}

/** A Wireshark-layout CSV of the capture at `path`, every packet as our reader decodes it. */
async function exportAsWiresharkCsv(path: string): Promise<string> {
  const lines = ['"No.","Time","Source","Destination","Protocol","Length","Source Port","Destination Port","Info"']
  let no = 0
  await analyzeCapture(await NodeFileSource.open(path), {
    onBatch: (b, ctx) => {
      for (let i = 0; i < b.count; i++) {
        const net = b.net[i]
        const p = b.ipProto[i]
        const ip = net === Net.IPv4 || net === Net.IPv6
        const src = ip ? ctx.addresses.format(b.srcAddr[i]) : b.srcMac[i] !== 0 ? ctx.addresses.format(b.srcMac[i]) : ''
        const dst = ip ? ctx.addresses.format(b.dstAddr[i]) : b.dstMac[i] !== 0 ? ctx.addresses.format(b.dstMac[i]) : ''
        let proto = net === Net.ARP ? 'ARP' : ip ? (net === Net.IPv4 ? 'IPv4' : 'IPv6') : 'ETH'
        let sport = ''
        let dport = ''
        let info = ''
        if (net === Net.ARP && b.srcAddr[i] !== 0) {
          // Requests go to the broadcast address; Info names the sender and target IP addresses as Wireshark does.
          const spa = ctx.addresses.format(b.srcAddr[i])
          info = dst === 'ff:ff:ff:ff:ff:ff' || b.dstMac[i] === 0 ? `Who has ${ctx.addresses.format(b.dstAddr[i])}? Tell ${spa}` : `${spa} is at ${src}`
        }
        if (ip && p === 6) {
          proto = 'TCP'
          sport = String(b.srcPort[i])
          dport = String(b.dstPort[i])
          const names = FLAG_ORDER.filter(([bit]) => (b.tcpFlags[i] & bit) !== 0).map(([, n]) => n)
          info = `${sport} → ${dport} [${names.length > 0 ? names.join(', ') : '<None>'}] Seq=${b.tcpSeq[i]} Ack=${b.tcpAck[i]} Win=${b.tcpWindow[i]} Len=${b.payloadLen[i]}`
        } else if (ip && p === 17) {
          proto = 'UDP'
          sport = String(b.srcPort[i])
          dport = String(b.dstPort[i])
          info = `${sport} → ${dport} Len=${b.payloadLen[i]}`
        } else if (ip && (p === 1 || p === 58)) {
          proto = p === 1 ? 'ICMP' : 'ICMPv6'
          info = icmpInfo(p === 58, b.srcPort[i], b.dstPort[i], b.icmpId[i])
        } else if (ip && p !== 0) proto = String(p)
        lines.push([++no, b.time[i].toFixed(6), src, dst, proto, b.origLen[i], sport, dport, info].map(quote).join(','))
      }
    },
  })
  const csv = join(work, `${path.split('/').pop() ?? 'capture'}.csv`)
  writeFileSync(csv, `${lines.join('\n')}\n`)
  return csv
}

/** What must agree between a capture and its packet table. */
function comparable(f: SummarizedFile) {
  const s = f.analysis.summary as CaptureSummary
  const c = s.conversations
  return {
    conversations: { tcp: c.tcp, udp: c.udp, ipv4: c.ipv4, ipv6: c.ipv6 },
    ipConversations: s.ipConversations,
    endpoints: s.endpoints,
    flows: s.flows,
    flowStates: s.flowStates,
    alerts: (f.detection?.alerts ?? []).map((a) => `${a.category} ${a.severity}`).sort(),
  }
}

// ARP: the writer tells requests from replies by the broadcast destination, so captures with unicast ARP requests
// (labelled/slips/test8-malicious.pcap) would be written wrongly. Wireshark's Info of an unsolicited reply does not
// name its target address, so an ARP spoofing capture (labelled/sgr/na-arpSpoofing.pcap) loses the target side.
const CAPTURES = [
  'pcap/zeek/wikipedia.pcap', 'labelled/sgr/hs-arpScan.pcap', 'labelled/sgr/hs-udpScan.pcap',
  'labelled/sgr/hs-icmpScan.pcap', 'labelled/sgr/hs-tcp_ackPingSweepRand.pcapng',
]

describe.skipIf(!corpusExists)('packet tables analysed as the captures they came from', () => {
  for (const rel of CAPTURES) {
    it(`${rel}: same conversations, endpoints, flows, flow states and alerts from its Wireshark-layout CSV`, async () => {
      const path = join(corpusDir, rel)
      const csv = await exportAsWiresharkCsv(path)
      const capture = await summarizeFile(path)
      const table = await summarizeFile(csv)
      expect(table.analysis.kind).toBe('capture')
      const summary = table.analysis.summary as PacketTableSummary
      expect(summary.table.dialect).toBe('wireshark-csv')
      expect(summary.packets).toBe((capture.analysis.summary as CaptureSummary).packets)
      expect(comparable(table)).toEqual(comparable(capture))
    })
  }

  it('the corpus tshark export of an ICMP sweep gives the sweep alert and the capture\'s flows', async () => {
    const capture = await summarizeFile(join(corpusDir, 'labelled/slips/test12-icmp-portscan.pcap'))
    const table = await summarizeFile(join(corpusDir, 'csv/wireshark-export-derived/test12-icmp-portscan.csv'))
    expect(comparable(table)).toEqual(comparable(capture))
    expect(comparable(table).alerts).toContain('host-sweep medium')
  })

  it('the corpus tshark export of web browsing (no port columns) gives the capture\'s IP and TCP conversations', async () => {
    const capture = comparable(await summarizeFile(join(corpusDir, 'pcap/zeek/wikipedia.pcap')))
    const table = comparable(await summarizeFile(join(corpusDir, 'csv/wireshark-export-derived/wikipedia_benign.csv')))
    // Ports come from Info, which names them for TCP but not for DNS or MDNS: UDP conversations need port columns.
    expect(table.conversations.tcp).toBe(capture.conversations.tcp)
    expect(table.conversations.ipv4).toBe(capture.conversations.ipv4)
    expect(table.conversations.ipv6).toBe(capture.conversations.ipv6)
    expect(table.ipConversations).toBe(capture.ipConversations)
    expect(table.endpoints).toBe(capture.endpoints)
  })
})
