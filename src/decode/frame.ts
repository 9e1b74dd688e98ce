/**
 * Decodes one captured frame into row `row` of a PacketBatch: link layer by link type, then every layer and
 * tunnel down to the transport header of the innermost packet, whose payload goes to the application decoders.
 *
 * Layers follow each other through one loop (step.ts) with a cap, never by recursion. Reads go through
 * ctx.reader, which throws Truncated at the end of the captured bytes; that is caught here once per frame
 * (RELIABILITY.md row 40). A read past the captured bytes but within the length on the wire means the snaplen
 * cut the frame, which is not an anomaly; neither is a read past the end of a first fragment (the datagram
 * goes on in the next one). A read past the bytes the headers say exist counts `<layer>.truncated`. Nothing
 * escapes: anything unexpected counts `decoder.internal_error`.
 */
import { Truncated } from '../lib/byte-reader.ts'
import type { PacketBatch } from '../model/packet-batch.ts'
import { decodeArcnetLinux } from './arcnet.ts'
import { decodeArp } from './arp.ts'
import { decodeAyiya } from './ayiya.ts'
import { decodeChdlc } from './chdlc.ts'
import type { DecodeContext } from './context.ts'
import { decodeEthernet } from './ethernet.ts'
import { decodeFrameRelay } from './frame-relay.ts'
import { FrameState } from './frame-state.ts'
import { decodeGeneve } from './geneve.ts'
import { decodeGre } from './gre.ts'
import { decodeGtpU, decodeGtpV0 } from './gtp.ts'
import { decodeIcmp } from './icmp.ts'
import { decodeIcmpv6 } from './icmpv6.ts'
import { decodeIeee80211 } from './ieee80211.ts'
import { decodeAh, decodeEtherIp } from './ip-protocols.ts'
import { decodeIpv4 } from './ipv4.ts'
import { decodeIpv6 } from './ipv6.ts'
import { firstStep } from './link-types.ts'
import { decodeArista, decodeCiscoMetadata, decodeETag, decodeFabricPath, decodeMacsec, decodePbb, decodeVnTag } from './l2-tags.ts'
import { decodeLlc } from './llc.ts'
import { decodeMpls } from './mpls.ts'
import { decodeNflog } from './nflog.ts'
import { decodeNsh } from './nsh.ts'
import { decodeLoop, decodeNullLoopback, decodeRawIp } from './null-loopback.ts'
import { decodePim } from './pim.ts'
import { decodePktap } from './pktap.ts'
import { decodePpp, decodePppoe, decodePppSerial } from './ppp.ts'
import { decodeRadiotap } from './radiotap.ts'
import { decodeSctp } from './sctp.ts'
import { decodeSll, decodeSll2 } from './sll.ts'
import { decodeFddi, decodeIpnet, decodeIpoib, decodePpi } from './small-links.ts'
import { MAX_STEPS, Step } from './step.ts'
import { decodeTcp } from './tcp.ts'
import { decodeTeredo } from './teredo.ts'
import { decodeUdp } from './udp.ts'
import { decodeVlan } from './vlan.ts'
import { decodeVxlan, decodeVxlanGpe } from './vxlan.ts'

/** Reused for every frame (decoding is synchronous and never re-entered). */
let state: FrameState | null = null

/**
 * Decodes data[start, start + capLen) of a frame of link type `linkType` into row `row` of `batch`. The caller
 * has cleared the row and set its time, capLen, origLen and linkType. Never throws.
 */
export function decodeFrame(
  ctx: DecodeContext,
  linkType: number,
  data: Uint8Array,
  start: number,
  capLen: number,
  batch: PacketBatch,
  row: number,
): void {
  const s = state ?? (state = new FrameState(ctx, batch))
  ctx.reader.reset(data, start, start + capLen)
  const origLen = batch.origLen[row]
  s.begin(ctx, batch, row, start + (origLen > capLen ? origLen : capLen))
  try {
    const step = firstStep(linkType)
    if (step < 0) {
      ctx.unsupportedLinkTypes.set(linkType, (ctx.unsupportedLinkTypes.get(linkType) ?? 0) + 1)
      ctx.anomalies.add('link.unsupported')
      return
    }
    runSteps(s, step)
  } catch (e) {
    if (e instanceof Truncated) {
      if (e.at + e.need > s.wireEnd && !s.fragmented) ctx.anomalies.add(s.truncCode)
    } else {
      ctx.anomalies.add('decoder.internal_error')
    }
  } finally {
    batch.layers[row] |= s.layers
  }
}

function runSteps(s: FrameState, first: number): void {
  let step = first
  for (let n = 0; step !== Step.Done; n++) {
    if (n >= MAX_STEPS) {
      s.anomaly('decoder.too_many_layers')
      return
    }
    step = decodeStep(s, step)
  }
}

/**
 * The layers nearly every frame goes through, in a function small enough for the engine to optimise after a
 * few hundred frames (the number of calls it waits for grows with a function's size); everything else is
 * decodeRareStep.
 */
function decodeStep(s: FrameState, step: number): number {
  switch (step) {
    case Step.Ethernet:
      return decodeEthernet(s)
    case Step.IPv4:
      return decodeIpv4(s)
    case Step.TCP:
      return decodeTcp(s)
    case Step.UDP:
      return decodeUdp(s)
    case Step.IPv6:
      return decodeIpv6(s)
    case Step.VLAN:
      return decodeVlan(s)
    case Step.ICMP:
      return decodeIcmp(s)
    case Step.ICMPv6:
      return decodeIcmpv6(s)
    case Step.ARP:
      return decodeArp(s)
    default:
      return decodeRareStep(s, step)
  }
}

function decodeRareStep(s: FrameState, step: number): number {
  switch (step) {
    case Step.LLC:
      return decodeLlc(s)
    case Step.MPLS:
      return decodeMpls(s)
    case Step.PPPoE:
      return decodePppoe(s)
    case Step.PPP:
      return decodePpp(s)
    case Step.PPPSerial:
      return decodePppSerial(s)
    case Step.CHDLC:
      return decodeChdlc(s)
    case Step.RawIP:
      return decodeRawIp(s)
    case Step.AH:
      return decodeAh(s)
    case Step.SCTP:
      return decodeSctp(s)
    case Step.GRE:
      return decodeGre(s)
    case Step.EtherIP:
      return decodeEtherIp(s)
    case Step.VXLAN:
      return decodeVxlan(s)
    case Step.VXLANGPE:
      return decodeVxlanGpe(s)
    case Step.Geneve:
      return decodeGeneve(s)
    case Step.Teredo:
      return decodeTeredo(s)
    case Step.SLL:
      return decodeSll(s)
    case Step.SLL2:
      return decodeSll2(s)
    case Step.NullLoopback:
      return decodeNullLoopback(s)
    case Step.Loop:
      return decodeLoop(s)
    case Step.Radiotap:
      return decodeRadiotap(s)
    case Step.WLAN:
      return decodeIeee80211(s)
    case Step.NFLOG:
      return decodeNflog(s)
    case Step.PKTAP:
      return decodePktap(s)
    case Step.MACsec:
      return decodeMacsec(s)
    case Step.PBB:
      return decodePbb(s)
    case Step.ETag:
      return decodeETag(s)
    case Step.VNTag:
      return decodeVnTag(s)
    case Step.FabricPath:
      return decodeFabricPath(s)
    case Step.Arista:
      return decodeArista(s)
    case Step.CiscoMetadata:
      return decodeCiscoMetadata(s)
    case Step.NSH:
      return decodeNsh(s)
    case Step.GTPU:
      return decodeGtpU(s)
    case Step.GTPv0:
      return decodeGtpV0(s)
    case Step.PIM:
      return decodePim(s)
    case Step.AYIYA:
      return decodeAyiya(s)
    case Step.FrameRelay:
      return decodeFrameRelay(s)
    case Step.ArcnetLinux:
      return decodeArcnetLinux(s)
    case Step.FDDI:
      return decodeFddi(s)
    case Step.IPNET:
      return decodeIpnet(s)
    case Step.IPoIB:
      return decodeIpoib(s)
    case Step.PPI:
      return decodePpi(s)
    default:
      return Step.Done
  }
}
