/**
 * The capture part of `npm run eval`: what each labelled attack capture in ../shared/corpus/labelled contains
 * (from MANIFEST.tsv's label_ground_truth column, written out as the category and hosts an alert must name),
 * and a runner that reads a capture with the same engine as the app (analysis + packet taps), runs
 * detectAll with its defaults (baseline learned from the first 30%; payload indicators turned on) and returns
 * the alerts.
 */
import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import type { Alert, AlertCategory } from '../src/detect/alert.ts'
import { detectAll, type DetectAllResult } from '../src/detect/run-detectors.ts'
import { PacketTaps } from '../src/detect/taps/packet-taps.ts'

export interface Expectation {
  readonly file: string
  /** What the label says, in short. */
  readonly label: string
  /** Any of these categories counts as the right one. */
  readonly categories: readonly AlertCategory[]
  /** The attacker an alert must name in src, and/or the victim it must name in dst (when the label gives them). */
  readonly attacker?: string
  readonly victim?: string
  /** A weak label (the file's own description says so): reported, not counted in the score. */
  readonly weak?: boolean
}

export const EXPECTATIONS: readonly Expectation[] = [
  { file: 'labelled/sgr/hs-arpScan.pcap', label: 'ARP scan of 10.0.0.0/24', categories: ['host-sweep'], attacker: '10.0.0.128' },
  { file: 'labelled/sgr/hs-icmpScan.pcap', label: 'ICMP ping sweep', categories: ['host-sweep'], attacker: '10.0.0.128' },
  { file: 'labelled/sgr/hs-icmpScan.pcapng', label: 'ICMP ping sweep', categories: ['host-sweep'], attacker: '10.0.0.128' },
  { file: 'labelled/sgr/hs-sh-IPscan.pcapng', label: 'IP protocol scan of one target', categories: ['port-scan'], attacker: '10.0.0.128', victim: '10.0.0.2' },
  { file: 'labelled/sgr/hs-tcp_ackPingSweepRand.pcapng', label: 'TCP ACK ping sweep', categories: ['host-sweep'], attacker: '10.0.0.128' },
  { file: 'labelled/sgr/hs-udpScan.pcap', label: 'UDP host sweep', categories: ['host-sweep'], attacker: '246.237.45.150' },
  { file: 'labelled/sgr/na-arpSpoofing.pcap', label: 'ARP spoofing of 10.0.0.153 / 10.0.0.157', categories: ['arp-spoof'], attacker: '00:e0:4d:3c:25:7b', victim: '10.0.0.153' },
  { file: 'labelled/slips/test12-icmp-portscan.pcap', label: 'ICMP sweep of 192.168.1.0/24', categories: ['host-sweep'], attacker: '192.168.1.109' },
  { file: 'labelled/slips/test7-malicious.pcap', label: 'infected host 192.168.2.16 (telnet scanning botnet)', categories: ['host-sweep', 'port-scan'], attacker: '192.168.2.16' },
  { file: 'labelled/slips/test8-malicious.pcap', label: 'ARP scan', categories: ['host-sweep'], attacker: '192.168.1.247' },
  { file: 'labelled/stopddos/pkt.TCP.DOMINATE.syn.ecn.cwr.pcapng', label: 'SYN flood to 10.10.10.10', categories: ['syn-flood'], victim: '10.10.10.10' },
  { file: 'labelled/zeek/ftp/bruteforce.pcap', label: 'FTP password brute force', categories: ['brute-force'], attacker: '192.168.56.1', victim: '192.168.56.101' },
  { file: 'labelled/zeek/http/cooper-grill-dvwa.pcapng', label: 'SQL injection against DVWA', categories: ['payload-indicator'], attacker: '192.168.111.148', victim: '192.168.111.154' },
    // The trace holds nmap's host-discovery phase (ARP requests to a /24, then TCP SYNs to ports 80 and 443 of the
  // live hosts): no host gets more than two ports, so a sweep is what it shows.
  { file: 'labelled/zeek/nmap-vsn.pcap', label: 'nmap scan (host discovery phase)', categories: ['port-scan', 'host-sweep'], attacker: '192.168.1.71' },
  { file: 'labelled/zeek/dhcp/dhcp_flood.pcap', label: 'DHCP flood (500 messages in 5 s)', categories: ['udp-flood', 'ddos'] },
  { file: 'labelled/sgr/dns-domainlist-burst.pcapng', label: 'DNS lookups of suspicious domains (weak label: not real DGA)', categories: ['dns-tunnel'], attacker: '192.168.1.100', weak: true },
]

export interface CaptureRun {
  readonly file: string
  readonly result: DetectAllResult | null
  readonly error: string | null
  readonly milliseconds: number
}

/** Reads one capture and runs the detectors with their defaults (payload indicators on). */
export async function runCapture(path: string, file: string): Promise<CaptureRun> {
  const started = performance.now()
  const analysis = new CaptureAnalysis()
  const taps = new PacketTaps()
  try {
    await analyzeCapture(await NodeFileSource.open(path), { analysis, onBatch: (b, ctx) => taps.consume(b, ctx) })
    const result = detectAll(analysis, { taps, fileName: file, enabled: { 'payload-indicator': true } })
    return { file, result, error: null, milliseconds: performance.now() - started }
  } catch (e) {
    return { file, result: null, error: e instanceof Error ? e.message.slice(0, 120) : String(e), milliseconds: performance.now() - started }
  }
}

/** Whether an alert matches an expectation: right category and the named attacker/victim where given. */
export function matches(a: Alert, e: Expectation): boolean {
  if (!e.categories.includes(a.category)) return false
  if (e.attacker !== undefined && !a.src.includes(e.attacker)) return false
  if (e.victim !== undefined && !a.dst.includes(e.victim)) return false
  return true
}
