/**
 * Application-layer dispatch, called by the TCP and UDP decoders with the captured L4 payload range
 * [start, end) of ctx.reader for row `row` (addresses, ports, ipProto, tcpFlags and tcpSeq already set).
 *
 * Content decides first, ports second, and the early rejection is a few byte comparisons: this runs for every
 * payload-carrying packet. Nothing is allocated unless a fact is produced. A recognised protocol sets the App
 * value and ORs its Layer bit even when no fact is extracted (e.g. TLS application data), so protocol counts
 * mean something.
 *   TCP: TLS records on any port (content type 20-24, version 3.x) and continuations of a pending ClientHello;
 *        HTTP/1 request-lines (known method + space) and status-lines on any port; DNS with its 2-byte length
 *        prefix on port 53.
 *   UDP: DNS on 53, mDNS on 5353, LLMNR on 5355; DHCP/BOOTP between 67 and 68; QUIC long headers with a known
 *        version on any port, and any QUIC-looking packet (fixed bit set) on 443.
 */
import type { AppFact } from '../model/app-facts.ts'
import { Layer } from '../model/layers.ts'
import { App, type PacketBatch } from '../model/packet-batch.ts'
import type { DecodeContext } from './context.ts'
import { decodeDhcp } from './dhcp.ts'
import { DNS_HEADER_LEN, decodeDns, decodeDnsOverTcp } from './dns.ts'
import { decodeHttpRequest, httpMethodLength, isHttpResponse } from './http.ts'
import { decodeQuicInitial, isQuicLongHeader } from './quic.ts'
import { startsTlsRecord } from './tls-reassembly.ts'

const IPPROTO_TCP = 6
const IPPROTO_UDP = 17
/** TLS ContentType handshake (RFC 8446 section 5.1). */
const CONTENT_HANDSHAKE = 22
const LAYER_DNS = Layer.dns
const LAYER_TLS = Layer.tls
const LAYER_HTTP = Layer.http
const LAYER_DHCP = Layer.dhcp
const LAYER_QUIC = Layer.quic

export function decodeApp(ctx: DecodeContext, batch: PacketBatch, row: number, start: number, end: number): void {
  const buf = ctx.reader.buf
  if (end > buf.length) end = buf.length
  if (end <= start || start < 0) return
  try {
    const proto = batch.ipProto[row]
    if (proto === IPPROTO_TCP) decodeTcpPayload(ctx, batch, row, buf, start, end)
    else if (proto === IPPROTO_UDP) decodeUdpPayload(ctx, batch, row, buf, start, end)
  } catch {
    // The decoders check every length themselves; reaching here is a bug, counted rather than crashing the file.
    ctx.anomalies.add('app.decoder_error')
  }
}

function mark(batch: PacketBatch, row: number, app: App, layer: number, fact: AppFact | null): void {
  batch.app[row] = app
  batch.layers[row] |= layer
  if (fact !== null) {
    batch.factIndex[row] = batch.facts.length
    batch.facts.push(fact)
  }
}

function decodeTcpPayload(ctx: DecodeContext, batch: PacketBatch, row: number, buf: Uint8Array, start: number, end: number): void {
  const b0 = buf[start]
  const tls = ctx.tls
  if (tls.pending === 0 && b0 !== CONTENT_HANDSHAKE && b0 >= 20 && b0 <= 24) {
    // No hello is waiting and this is no handshake (application data, mostly: a third of all packets), so
    // there is nothing to extract: the answer tls.feed would give, without its call.
    if (startsTlsRecord(buf, start, end)) {
      mark(batch, row, App.TLS, LAYER_TLS, null)
      return
    }
  } else if (tls.pending !== 0 || (b0 >= 20 && b0 <= 24)) {
    const isTls = tls.feed(
      buf, start, end, batch.payloadLen[row], batch.srcAddr[row], batch.dstAddr[row],
      // `| 0`: the same 32 bits as an int32, which (unlike a uint32 >= 2^31) is passed without boxing.
      batch.srcPort[row], batch.dstPort[row], batch.tcpSeq[row] | 0, ctx.time, ctx.anomalies,
    )
    if (isTls) {
      mark(batch, row, App.TLS, LAYER_TLS, tls.fact)
      return
    }
  }
  if (b0 >= 0x41 && b0 <= 0x5a) {
    const methodLength = httpMethodLength(buf, start, end)
    if (methodLength > 0) {
      const fact = decodeHttpRequest(buf, start, end, methodLength, ctx.anomalies)
      if (fact !== null) {
        mark(batch, row, App.HTTP, LAYER_HTTP, fact)
        return
      }
    } else if (b0 === 0x48 && isHttpResponse(buf, start, end)) {
      mark(batch, row, App.HTTP, LAYER_HTTP, null)
      return
    }
  }
  if ((batch.srcPort[row] === 53 || batch.dstPort[row] === 53) && looksLikeDnsOverTcp(buf, start, end)) {
    mark(batch, row, App.DNS, LAYER_DNS, decodeDnsOverTcp(buf, start, end, ctx.anomalies))
  }
}

/**
 * A segment on port 53 that starts a DNS message: a length prefix of at least a header and an assigned opcode
 * (0-2, 4-6), so continuation segments of a long message are rarely taken for a new one.
 */
function looksLikeDnsOverTcp(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start < 2 + DNS_HEADER_LEN) return false
  const opcode = (buf[start + 4] >>> 3) & 0xf
  return ((buf[start] << 8) | buf[start + 1]) >= DNS_HEADER_LEN && opcode <= 6 && opcode !== 3
}

function decodeUdpPayload(ctx: DecodeContext, batch: PacketBatch, row: number, buf: Uint8Array, start: number, end: number): void {
  const sp = batch.srcPort[row]
  const dp = batch.dstPort[row]
  if (sp === 53 || dp === 53 || sp === 5353 || dp === 5353 || sp === 5355 || dp === 5355) {
    const fact = decodeDns(buf, start, end, ctx.anomalies)
    if (fact !== null) mark(batch, row, App.DNS, LAYER_DNS, fact)
    return
  }
  if ((sp === 67 || sp === 68) && (dp === 67 || dp === 68)) {
    const fact = decodeDhcp(buf, start, end, ctx.anomalies)
    if (fact !== null) mark(batch, row, App.DHCP, LAYER_DHCP, fact)
    return
  }
  const b0 = buf[start]
  if ((b0 & 0x40) === 0) return // QUIC sets the fixed bit in every header (RFC 9000 section 17)
  const on443 = sp === 443 || dp === 443
  if ((b0 & 0x80) !== 0 && (on443 || isQuicLongHeader(buf, start, end))) {
    mark(batch, row, App.QUIC, LAYER_QUIC, decodeQuicInitial(buf, start, end, ctx.anomalies))
  } else if (on443) {
    mark(batch, row, App.QUIC, LAYER_QUIC, null)
  }
}
