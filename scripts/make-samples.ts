/**
 * Writes the built-in sample capture public/samples/web-mix.pcapng: half a minute of synthetic web browsing by one
 * laptop (ARP, DNS over IPv4, HTTP, HTTPS over IPv4 and IPv6, ping) plus one damaged frame, so the summary shows
 * every kind of row. Deterministic: the same bytes on every run.  Run: npx tsx scripts/make-samples.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PcapngWriter } from '../src/formats/pcapng-writer.ts'
import { PROTO, TCP_FLAGS, arp, concat, ethernet, icmpEcho, ipFrame, ipv6, tcp, udp, type Bytes, type Endpoint } from './sample-packets.ts'
import { dnsMessage, httpRequest, httpResponse, tlsApplicationData, tlsClientHello, tlsServerHello } from './sample-payloads.ts'

/** 2024-05-01T09:00:00Z */
const T0 = 1714554000
const MSS = 1460
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0'

/** Small seeded generator (mulberry32) for ports, sequence numbers and payload bytes. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Timed {
  readonly time: number
  readonly data: Bytes
}

class Traffic {
  readonly packets: Timed[] = []
  private readonly random = seeded(20240501)
  private ipId = 0x1000

  int(n: number): number {
    return Math.floor(this.random() * n)
  }
  bytes(n: number): Bytes {
    const out = new Uint8Array(n)
    for (let i = 0; i < n; i++) out[i] = this.int(256)
    return out
  }
  add(time: number, data: Bytes): void {
    this.packets.push({ time: T0 + time, data })
  }
  ip(time: number, src: Endpoint, dst: Endpoint, proto: number, l4: Bytes): void {
    this.add(time, ipFrame(src, dst, proto, l4, this.ipId++ & 0xffff))
  }

  /** One DNS query and its answer; returns the time the answer arrived. */
  dns(time: number, client: Endpoint, resolver: Endpoint, name: string, qtype: 1 | 28, address: readonly number[]): number {
    const id = this.int(0x10000)
    const port = 49152 + this.int(16000)
    this.ip(time, client, resolver, PROTO.UDP, udp(port, 53, dnsMessage(id, name, qtype, null)))
    const answered = time + 0.012 + this.random() * 0.01
    this.ip(answered, resolver, client, PROTO.UDP, udp(53, port, dnsMessage(id, name, qtype, [{ type: qtype, address }])))
    return answered
  }

  /**
   * A TCP connection: handshake, then each message in turn (split into MSS-sized segments, acknowledged every
   * second segment), then FIN from the client. Returns the time the last packet was sent.
   */
  tcp(time: number, client: Endpoint, server: Endpoint, port: number, messages: readonly (readonly [fromClient: boolean, data: Bytes])[], rtt: number): number {
    const cport = 49152 + this.int(16000)
    let cseq = this.int(2 ** 32)
    let sseq = this.int(2 ** 32)
    const { SYN, ACK, PSH, FIN } = TCP_FLAGS
    const fromClient = (t: number, flags: number, data: Bytes) => this.ip(t, client, server, PROTO.TCP, tcp(cport, port, cseq, sseq, flags, data))
    const fromServer = (t: number, flags: number, data: Bytes) => this.ip(t, server, client, PROTO.TCP, tcp(port, cport, sseq, cseq, flags, data))
    let t = time
    fromClient(t, SYN, new Uint8Array(0))
    cseq++
    t += rtt
    fromServer(t, SYN | ACK, new Uint8Array(0))
    sseq++
    t += 0.0001
    fromClient(t, ACK, new Uint8Array(0))
    for (const [isClient, data] of messages) {
      t += isClient ? 0.001 : rtt / 2
      for (let at = 0, n = 0; at < data.length; at += MSS, n++) {
        const seg = data.subarray(at, Math.min(data.length, at + MSS))
        const flags = at + MSS >= data.length ? ACK | PSH : ACK
        if (isClient) fromClient(t, flags, seg)
        else fromServer(t, flags, seg)
        if (isClient) cseq += seg.length
        else sseq += seg.length
        t += 0.00012
        if (n % 2 === 1 || flags & PSH) {
          if (isClient) fromServer(t + rtt / 2, ACK, new Uint8Array(0))
          else fromClient(t + rtt / 2, ACK, new Uint8Array(0))
        }
      }
      t += rtt / 2
    }
    t += 0.05
    fromClient(t, FIN | ACK, new Uint8Array(0))
    cseq++
    t += rtt
    fromServer(t, FIN | ACK, new Uint8Array(0))
    sseq++
    t += 0.0001
    fromClient(t, ACK, new Uint8Array(0))
    return t
  }

  https(time: number, client: Endpoint, server: Endpoint, sni: string, exchanges: readonly (readonly [number, number])[], rtt: number): number {
    const hello = tlsClientHello(sni, this.bytes(32), this.bytes(32))
    const serverHello = concat(tlsServerHello(this.bytes(32), hello.subarray(44, 76), this.bytes(32)), tlsApplicationData(2800, (n) => this.bytes(n)))
    const messages: [boolean, Bytes][] = [[true, hello], [false, serverHello], [true, tlsApplicationData(80, (n) => this.bytes(n))]]
    for (const [up, down] of exchanges) messages.push([true, tlsApplicationData(up, (n) => this.bytes(n))], [false, tlsApplicationData(down, (n) => this.bytes(n))])
    return this.tcp(time, client, server, 443, messages, rtt)
  }
}

const GATEWAY_MAC = [0x02, 0x1a, 0x2b, 0x3c, 0x4d, 0x01]
const LAPTOP_MAC = [0x02, 0x42, 0xac, 0x11, 0x00, 0x17]
const laptop: Endpoint = { mac: LAPTOP_MAC, ip: [192, 168, 1, 23] }
const laptop6: Endpoint = { mac: LAPTOP_MAC, ip: ipv6('2001:db8:1::23') }
const gateway: Endpoint = { mac: GATEWAY_MAC, ip: [192, 168, 1, 1] }
const remote = (ip: readonly number[]): Endpoint => ({ mac: GATEWAY_MAC, ip })

/** Builds the sample; returns the file bytes and how many packets it holds. */
export function buildWebMix(): { readonly bytes: Uint8Array; readonly packets: number } {
  const tr = new Traffic()
  tr.add(0, arp(1, laptop, gateway))
  tr.add(0.0011, arp(2, gateway, laptop))

  const site = [192, 0, 2, 10]
  let t = tr.dns(0.01, laptop, gateway, 'example.com', 1, site)
  const page = `<!doctype html><title>Example</title><p>${'Hello from the nettwin sample. '.repeat(60)}</p>`
  tr.tcp(t + 0.001, laptop, remote(site), 80, [[true, httpRequest('example.com', '/', USER_AGENT)], [false, httpResponse(page)]], 0.024)

  const org = [198, 51, 100, 20]
  const org6 = ipv6('2001:db8:100::20')
  t = tr.dns(2.4, laptop, gateway, 'www.example.org', 1, org)
  t = tr.dns(t + 0.0005, laptop, gateway, 'www.example.org', 28, org6)
  tr.https(t + 0.001, laptop6, { mac: GATEWAY_MAC, ip: org6 }, 'www.example.org', [[420, 38_000], [380, 6_500]], 0.031)

  const cdn = [203, 0, 113, 30]
  t = tr.dns(3.1, laptop, gateway, 'cdn.example.net', 1, cdn)
  tr.https(t + 0.001, laptop, remote(cdn), 'cdn.example.net', [[510, 96_000]], 0.018)

  const api = [192, 0, 2, 44]
  t = tr.dns(11.7, laptop, gateway, 'api.example.com', 1, api)
  tr.https(t + 0.001, laptop, remote(api), 'api.example.com', [[640, 2_100], [610, 1_900], [655, 2_400], [600, 1_700]], 0.045)

  for (let seq = 1; seq <= 3; seq++) {
    const payload = tr.bytes(32)
    tr.ip(20 + seq, laptop, remote(site), PROTO.ICMP, icmpEcho(8, 0x4e54, seq, payload))
    tr.ip(20 + seq + 0.0235, remote(site), laptop, PROTO.ICMP, icmpEcho(0, 0x4e54, seq, payload))
  }

  // A damaged frame: an IPv4 header claiming IHL 4 (16 bytes), below the minimum of 5.
  tr.add(31.5, ethernet(GATEWAY_MAC, LAPTOP_MAC, 0x0800, concat([0x44, 0], tr.bytes(38))))

  const w = new PcapngWriter({ comment: 'nettwin built-in sample: synthetic web browsing (scripts/make-samples.ts)' })
  w.addInterface({ linkType: 1, snaplen: 262144, name: 'eth0', description: 'laptop Wi-Fi bridged to Ethernet' })
  const sorted = tr.packets.map((p, i) => [p, i] as const).sort((a, b) => a[0].time - b[0].time || a[1] - b[1])
  for (const [p] of sorted) w.packet({ interfaceId: 0, time: p.time, data: p.data })
  return { bytes: w.take(), packets: w.packets }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = new URL('../public/samples/', import.meta.url)
  mkdirSync(out, { recursive: true })
  const { bytes, packets } = buildWebMix()
  writeFileSync(new URL('web-mix.pcapng', out), bytes)
  console.log(`public/samples/web-mix.pcapng: ${packets} packets, ${bytes.length} bytes`)
}
