/**
 * Small captures for the explore query tests, written with the project's pcap writer and analysed by the real
 * pipeline: a LAN with two clients, a web server, a DNS resolver and a gateway that routes to remote hosts
 * (which therefore all share the gateway's MAC), with a rejected connection, a retransmission, an ICMP
 * unreachable, ARP and an mDNS message to a multicast group. Deterministic.
 */
import { ascii, arp, icmpEcho, ipFrame, PROTO, TCP_FLAGS, tcp, udp, type Bytes, type Endpoint } from '../../../scripts/sample-packets.ts'
import { dnsMessage, httpRequest } from '../../../scripts/sample-payloads.ts'
import { writePcap, type PcapRecordInput } from '../../formats/pcap-writer.ts'
import { bytesSource } from '../../formats/sources.ts'
import { CaptureAnalysis } from '../capture-analysis.ts'
import { analyzeCapture } from '../capture-summary.ts'

export const T0 = 1_714_554_000
const mac = (n: number): number[] => [0x02, 0, 0, 0, 0, n]
export const HOSTS = {
  clientA: { mac: mac(10), ip: [10, 0, 0, 10] },
  clientB: { mac: mac(11), ip: [10, 0, 0, 11] },
  web: { mac: mac(5), ip: [10, 0, 0, 5] },
  resolver: { mac: mac(53), ip: [10, 0, 0, 53] },
  gateway: { mac: mac(1), ip: [10, 0, 0, 1] },
} as const satisfies Record<string, Endpoint>
const remote = (last: number): Endpoint => ({ mac: HOSTS.gateway.mac, ip: [203, 0, 113, last] })

class Recorder {
  readonly records: PcapRecordInput[] = []
  private ipId = 1
  add(t: number, data: Bytes): void {
    this.records.push({ time: T0 + t, data })
  }
  ip(t: number, src: Endpoint, dst: Endpoint, proto: number, l4: Bytes): void {
    this.add(t, ipFrame(src, dst, proto, l4, this.ipId++))
  }
  /** Handshake (RTT `rtt`), one request and one response of `down` bytes, FIN exchange. `retransmit` resends the request. */
  tcpSession(t: number, c: Endpoint, s: Endpoint, cport: number, sport: number, request: Bytes, down: number, rtt: number, retransmit = false): void {
    const { SYN, ACK, PSH, FIN } = TCP_FLAGS
    let cs = 1000
    let ss = 5000
    this.ip(t, c, s, PROTO.TCP, tcp(cport, sport, cs, 0, SYN, new Uint8Array(0)))
    this.ip(t + rtt, s, c, PROTO.TCP, tcp(sport, cport, ss, cs + 1, SYN | ACK, new Uint8Array(0)))
    cs++
    ss++
    this.ip(t + rtt + 0.001, c, s, PROTO.TCP, tcp(cport, sport, cs, ss, ACK, new Uint8Array(0)))
    this.ip(t + rtt + 0.002, c, s, PROTO.TCP, tcp(cport, sport, cs, ss, ACK | PSH, request))
    if (retransmit) this.ip(t + rtt + 0.3, c, s, PROTO.TCP, tcp(cport, sport, cs, ss, ACK | PSH, request))
    cs += request.length
    const body = new Uint8Array(down).fill(0x61)
    this.ip(t + 2 * rtt + 0.31, s, c, PROTO.TCP, tcp(sport, cport, ss, cs, ACK | PSH, body))
    ss += down
    this.ip(t + 2 * rtt + 0.4, c, s, PROTO.TCP, tcp(cport, sport, cs, ss, FIN | ACK, new Uint8Array(0)))
    this.ip(t + 3 * rtt + 0.4, s, c, PROTO.TCP, tcp(sport, cport, ss, cs + 1, FIN | ACK, new Uint8Array(0)))
    this.ip(t + 3 * rtt + 0.41, c, s, PROTO.TCP, tcp(cport, sport, cs + 1, ss + 1, ACK, new Uint8Array(0)))
  }
}

/** The LAN scenario as pcap bytes (times T0 .. T0 + ~30 s). */
export function lanCaptureBytes(): Uint8Array {
  const r = new Recorder()
  const { clientA, clientB, web, resolver, gateway } = HOSTS
  r.add(0, arp(1, clientA, gateway))
  r.add(0.001, arp(2, gateway, clientA))
  const ua = 'curl/8.5.0'
  r.ip(1, clientA, resolver, PROTO.UDP, udp(40001, 53, dnsMessage(7, 'intranet.example', 1, null)))
  r.ip(1.01, resolver, clientA, PROTO.UDP, udp(53, 40001, dnsMessage(7, 'intranet.example', 1, [{ type: 1, address: web.ip }])))
  r.tcpSession(2, clientA, web, 50001, 80, httpRequest('intranet.example', '/index.html', ua), 3000, 0.002)
  r.tcpSession(4, clientB, web, 50002, 80, httpRequest('intranet.example', '/big', ua), 20000, 0.004)
  r.ip(6, clientB, resolver, PROTO.UDP, udp(40002, 53, dnsMessage(8, 'www.example.com', 1, null)))
  r.ip(6.02, resolver, clientB, PROTO.UDP, udp(53, 40002, dnsMessage(8, 'www.example.com', 1, [{ type: 1, address: [203, 0, 113, 7] }])))
  r.tcpSession(7, clientA, remote(7), 50003, 443, ascii('hello over tls, not really'), 9000, 0.03, true)
  r.tcpSession(12, clientB, remote(8), 50004, 443, ascii('another request'), 4000, 0.05)
  r.tcpSession(18, clientA, remote(9), 50005, 8443, ascii('x'), 800, 0.04)
  // A rejected connection: SYN answered by RST-ACK.
  r.ip(20, clientB, remote(10), PROTO.TCP, tcp(50006, 22, 77, 0, TCP_FLAGS.SYN, new Uint8Array(0)))
  r.ip(20.05, remote(10), clientB, PROTO.TCP, tcp(22, 50006, 0, 78, TCP_FLAGS.RST | TCP_FLAGS.ACK, new Uint8Array(0)))
  // The gateway reports a port unreachable to clientB (type 3 code 3, quoting an IP header and 8 bytes).
  const quoted = ipFrame(clientB, remote(11), PROTO.UDP, udp(40003, 9999, ascii('probe')), 99).subarray(14, 14 + 28)
  r.ip(21, gateway, clientB, PROTO.ICMP, new Uint8Array([3, 3, 0, 0, 0, 0, 0, 0, ...quoted]))
  // An mDNS announcement to the multicast group (a group address, not a host).
  r.ip(26, clientA, { mac: [0x01, 0, 0x5e, 0, 0, 0xfb], ip: [224, 0, 0, 251] }, PROTO.UDP, udp(5353, 5353, dnsMessage(0, 'laptop.local', 1, [{ type: 1, address: clientA.ip }])))
  for (let seq = 1; seq <= 3; seq++) {
    r.ip(22 + seq, clientA, web, PROTO.ICMP, icmpEcho(8, 1, seq, ascii('ping')))
    r.ip(22 + seq + 0.001, web, clientA, PROTO.ICMP, icmpEcho(0, 1, seq, ascii('ping')))
  }
  r.records.sort((a, b) => a.time - b.time)
  return writePcap(r.records)
}

/** Reads pcap bytes through analyzeCapture into a finished CaptureAnalysis. */
export async function analyzeBytes(bytes: Uint8Array, name = 'test.pcap'): Promise<CaptureAnalysis> {
  const analysis = new CaptureAnalysis()
  await analyzeCapture(bytesSource(bytes, name), { analysis })
  return analysis
}

/** The LAN scenario, analysed. */
export function lanAnalysis(): Promise<CaptureAnalysis> {
  return analyzeBytes(lanCaptureBytes(), 'lan.pcap')
}
