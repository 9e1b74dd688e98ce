/**
 * Sets a flow slot up for one new flow of a service: picks the client/server pair, the shape (packets, bytes,
 * duration, outcome) and the RTT, derives each side's payload budget from the shape's frame bytes minus the
 * headers the generator writes, and chooses the flow's kind and application head (ClientHello, HTTP request,
 * DNS name). Ports come from a per-client counter over the dynamic range (RFC 6335 section 6), so flows of one
 * client never share a 5-tuple while either is alive.
 */
import type { Endpoint } from '../craft/index.ts'
import { DEFAULT_IDLE_CAPS, type IdleCaps } from './idle-caps.ts'
import { sampleGrid } from '../model/quantile-grid.ts'
import { pickCumulative, type Rng } from '../model/rng.ts'
import { AppHeads } from './app-heads.ts'
import { FlowSlot, MAX_SEGMENT, SlotKind } from './flow-slot.ts'
import { AppCode, type PreparedModel, type PreparedService } from './prepared-model.ts'

const ETH = 14
const TCP_HDR = 32 // 20 + NOP NOP timestamps
const TCP_SYN_HDR = 40 // 20 + MSS, SACK permitted, timestamps, NOP, window scale
const UDP_HDR = 8
const ICMP_HDR = 8
const EPHEMERAL_FIRST = 49152
const EPHEMERAL_COUNT = 16384

export class FlowStarter {
  private readonly nextPort: Uint16Array
  private readonly heads: AppHeads
  /** Reused for every flow (no options object per flow). */
  private readonly isns = { clientIsn: 0, serverIsn: 0 }

  constructor(private readonly prep: PreparedModel, private readonly rng: Rng, private readonly caps: IdleCaps = DEFAULT_IDLE_CAPS) {
    this.nextPort = new Uint16Array(prep.endpoints.length)
    for (let i = 0; i < this.nextPort.length; i++) this.nextPort[i] = rng.below(EPHEMERAL_COUNT)
    this.heads = new AppHeads(prep)
  }

  private clientPort(host: number): number {
    const p = this.nextPort[host]
    this.nextPort[host] = (p + 1) % EPHEMERAL_COUNT
    return EPHEMERAL_FIRST + p
  }

  /** Prepares `slot` for a flow of service `s` starting at `startUs`; false when the pair cannot carry it. */
  start(slot: FlowSlot, s: PreparedService, startUs: number): boolean {
    const rng = this.rng
    const e = s.edgeDeck.draw(rng)
    const clientIndex = s.edgeClient[e]
    let server: Endpoint = this.prep.endpoints[s.edgeServer[e]]
    // The pair whose server is used: its ports are the ones that server answered on.
    let served = e
    const at = s.shapeDeck.draw(rng) * 6
    const sh = s.shapes
    // Only answered flows go to new pairs: a failed attempt is retried where it failed (a client does not
    // spread refused connections over other hosts unless it scans).
    if (s.novelty > 0 && sh[at + 5] === 0 && sh[at + 1] > 0 && rng.next() < s.novelty) {
      // A pair the source never showed: this pair's client with the server of another pair of the service
      // (each side keeps its weight in the mix); kept only when the two can talk (same family, not a group).
      const other = s.edgeDeck.draw(rng)
      const candidate = this.prep.endpoints[s.edgeServer[other]]
      if (candidate.ip.length === server.ip.length && (candidate.mac[0] & 1) === 0) {
        server = candidate
        served = other
      }
    }
    const client: Endpoint = this.prep.endpoints[clientIndex]
    // Families must match, and a group address never originates (its frames would carry a group source MAC).
    if (client.ip.length !== server.ip.length || (client.mac[0] & 1) !== 0) return false
    const v6 = client.ip.length === 16
    const ipHdr = v6 ? 40 : 20
    const o = Math.max(1, sh[at])
    // A group address (multicast, broadcast) never sends: its frames would carry a group source MAC.
    const r = (server.mac[0] & 1) !== 0 ? 0 : sh[at + 1]
    const bytesC = sh[at + 2]
    const bytesS = sh[at + 3]
    const durationUs = Math.max(0, sh[at + 4] * 1e6)
    const outcome = sh[at + 5]
    slot.app = s.app
    slot.start = startUs
    slot.time = startUs
    slot.end = startUs + durationUs
    slot.rtt = Math.max(1, sampleGrid(s.rtt, rng.next()) * 1e6)
    slot.phase = 0
    slot.firstMid = true
    slot.answerPending = false
    slot.headC = slot.headS = null
    slot.shareC = slot.extraC = slot.shareS = slot.extraS = 0
    const tail = s.tailPorts.length
    // The served pair's run of tail ports: a server answers on its own ports, whoever the client.
    const port = tail > 0 ? s.tailPorts[(served * s.tailSpan + rng.below(s.tailSpan)) % tail] : s.port
    const conv = slot.conv
    if (s.app === AppCode.Arp) {
      if (v6) return false
      conv.reset(client, server, 0, 0)
      this.paired(slot, o, r, this.caps.other)
      return true
    }
    if (s.app === AppCode.IcmpError) {
      // The quoted datagram went from the server to the client: a traceroute-style high port on the client.
      conv.reset(client, server, 33434 + rng.below(100), EPHEMERAL_FIRST + rng.below(EPHEMERAL_COUNT))
      this.paired(slot, o, 0, this.caps.icmp)
      slot.icmpType = s.port
      return true
    }
    if (s.app === AppCode.Echo) {
      conv.reset(client, server, rng.below(65536), 0)
      this.paired(slot, o, r, this.caps.icmp)
      slot.echoLen = Math.max(0, Math.min(1400, Math.round(bytesC / o) - ETH - ipHdr - ICMP_HDR))
      return true
    }
    const cport = this.clientPort(clientIndex)
    this.isns.clientIsn = rng.u32()
    this.isns.serverIsn = rng.u32()
    conv.reset(client, server, cport, port, this.isns)
    if (s.proto === 17) {
      if (s.app === AppCode.Dns && this.prep.dnsNames.length > 0) {
        this.paired(slot, o, r, this.caps.dns)
        slot.dns = this.prep.dnsNames[pickCumulative(this.prep.dnsCumulative, rng.next())]
        slot.msgId = rng.below(65536)
        return true
      }
      slot.kind = SlotKind.Udp
      slot.leftC = o
      slot.leftS = r
      slot.maxGap = this.caps.udp
      slot.setPayload(true, null, bytesC - o * (ETH + ipHdr + UDP_HDR), o)
      slot.setPayload(false, null, bytesS - r * (ETH + ipHdr + UDP_HDR), r)
      return true
    }
    // TCP.
    slot.maxGap = this.caps.tcp
    if (outcome !== 0 || r === 0 || o < 2) {
      slot.kind = SlotKind.TcpRetry
      slot.alternate = outcome === 2 || (r > 0 && o < 2)
      slot.synTotal = o
      slot.synSent = 0
      slot.leftS = r
      slot.isn = conv.clientSeq
      slot.maxGap = this.caps.tcpHandshake
      return true
    }
    slot.kind = SlotKind.TcpComplete
    slot.teardown = o >= 4 && r >= 2
    slot.leftC = o - 2 - (slot.teardown ? 2 : 0)
    slot.leftS = r - 1 - (slot.teardown ? 1 : 0)
    // The handshake fits the flow: a short flow gets a short RTT.
    slot.rtt = Math.max(1, Math.min(slot.rtt, durationUs / 3))
    slot.midEnd = Math.max(startUs + slot.rtt + 20, slot.end - (slot.teardown ? slot.rtt + 40 : 0))
    const budgetC = bytesC - (ETH + ipHdr + TCP_SYN_HDR) - (o - 1) * (ETH + ipHdr + TCP_HDR)
    const budgetS = bytesS - (ETH + ipHdr + TCP_SYN_HDR) - (r - 1) * (ETH + ipHdr + TCP_HDR)
    let headC: Uint8Array | null = null
    let headS: Uint8Array | null = null
    conv.tlsRecords = false
    if (s.app === AppCode.Tls && slot.leftC > 0) {
      const fp = pickCumulative(this.prep.tlsCumulative, rng.next())
      const sni = this.prep.sni.length > 0 ? pickCumulative(this.prep.sniCumulative, rng.next()) : -1
      headC = this.heads.hello(fp, sni, rng)
      conv.tlsRecords = true
    } else if (s.app === AppCode.Http && slot.leftC > 0) {
      const host = this.prep.httpHosts.length > 0 ? pickCumulative(this.prep.httpCumulative, rng.next()) : -1
      const hostText = host >= 0 ? '' : ipText(server.ip)
      const body = Math.min(this.heads.postBody(host, hostText, budgetC), MAX_SEGMENT * slot.leftC)
      headC = this.heads.request(host, hostText, body)
      if (slot.leftS > 0) {
        const respBody = Math.max(0, Math.min(budgetS - this.heads.responseLength(Math.max(0, budgetS)), MAX_SEGMENT * slot.leftS))
        headS = this.heads.response(respBody)
      }
      slot.setPayload(true, headC, headC.length + body, slot.leftC)
      slot.setPayload(false, headS, headS ? headS.length + Math.max(0, budgetS - headS.length) : 0, slot.leftS)
      return true
    }
    slot.setPayload(true, headC, budgetC, slot.leftC, conv.tlsRecords)
    slot.setPayload(false, headS, budgetS, slot.leftS, conv.tlsRecords)
    return true
  }

  private paired(slot: FlowSlot, o: number, r: number, maxGap: number): void {
    slot.kind = SlotKind.Paired
    slot.leftC = o
    slot.leftS = r
    slot.maxGap = maxGap
    slot.dns = null
    slot.msgId = 0
    slot.rtt = Math.max(1, Math.min(slot.rtt, maxGap))
    // Queries spread over the flow; the last answer closes it.
    slot.qEnd = r >= o ? Math.max(slot.start, slot.end - slot.rtt) : slot.end
  }
}

function ipText(ip: Uint8Array): string {
  if (ip.length === 4) return ip.join('.')
  return `[${Array.from({ length: 8 }, (_, i) => ((ip[2 * i] << 8) | ip[2 * i + 1]).toString(16)).join(':')}]`
}
