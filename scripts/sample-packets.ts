/**
 * Byte builders for the synthetic built-in sample (scripts/make-samples.ts): Ethernet II, ARP (RFC 826), IPv4
 * (RFC 791), IPv6 (RFC 8200), ICMP (RFC 792), UDP (RFC 768), TCP (RFC 9293) with real checksums, so tshark
 * reads the sample without complaint. Addresses come from the documentation ranges (RFC 5737, RFC 3849).
 */

export type Bytes = Uint8Array

export function concat(...parts: readonly (Bytes | readonly number[])[]): Bytes {
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint8Array(n)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export const u16 = (v: number): number[] => [(v >>> 8) & 0xff, v & 0xff]
export const u32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]
export const ascii = (s: string): Bytes => new TextEncoder().encode(s)

/** The Internet checksum (RFC 1071) over the concatenation of the parts. */
function checksum(...parts: Bytes[]): number {
  let sum = 0
  let odd = -1
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      if (odd < 0) odd = p[i]
      else {
        sum += (odd << 8) | p[i]
        odd = -1
      }
    }
  }
  if (odd >= 0) sum += odd << 8
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16)
  return ~sum & 0xffff
}

export interface Endpoint {
  readonly mac: readonly number[]
  /** 4 bytes for IPv4, 16 for IPv6. */
  readonly ip: readonly number[]
}

export function ipv6(text: string): number[] {
  const [head, tail = ''] = text.split('::')
  const groups = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)))
  const h = groups(head)
  const t = groups(tail)
  const all = text.includes('::') ? [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t] : h
  return all.flatMap(u16)
}

export function ethernet(dst: readonly number[], src: readonly number[], etherType: number, payload: Bytes): Bytes {
  const frame = concat(dst, src, u16(etherType), payload)
  // Ethernet pads frames to the 60-byte minimum (without FCS).
  return frame.length >= 60 ? frame : concat(frame, new Array<number>(60 - frame.length).fill(0))
}

export function arp(op: 1 | 2, sender: Endpoint, target: Endpoint): Bytes {
  const targetMac = op === 1 ? [0, 0, 0, 0, 0, 0] : target.mac
  const body = concat(u16(1), u16(0x0800), [6, 4], u16(op), sender.mac, sender.ip, targetMac, target.ip)
  return ethernet(op === 1 ? [0xff, 0xff, 0xff, 0xff, 0xff, 0xff] : target.mac, sender.mac, 0x0806, body)
}

export const PROTO = { ICMP: 1, TCP: 6, UDP: 17 } as const

/** An IP packet inside an Ethernet frame, IPv4 or IPv6 by the address length, with the L4 checksum filled in. */
export function ipFrame(src: Endpoint, dst: Endpoint, proto: number, l4: Bytes, ipId: number, ttl = 64): Bytes {
  const v6 = src.ip.length === 16
  const checksumAt = proto === PROTO.TCP ? 16 : proto === PROTO.UDP ? 6 : 2
  const seg = l4.slice()
  if (proto !== PROTO.ICMP || !v6) {
    const pseudo = v6
      ? concat(src.ip, dst.ip, u32(seg.length), [0, 0, 0, proto])
      : concat(src.ip, dst.ip, [0, proto], u16(seg.length))
    const sum = proto === PROTO.ICMP ? checksum(seg) : checksum(pseudo, seg)
    seg.set(u16(proto === PROTO.UDP && sum === 0 ? 0xffff : sum), checksumAt)
  }
  if (v6) {
    const header = concat([0x60, 0, 0, 0], u16(seg.length), [proto, ttl], src.ip, dst.ip)
    return ethernet(dst.mac, src.mac, 0x86dd, concat(header, seg))
  }
  const header = concat([0x45, 0], u16(20 + seg.length), u16(ipId), [0x40, 0], [ttl, proto], [0, 0], src.ip, dst.ip)
  header.set(u16(checksum(header)), 10)
  return ethernet(dst.mac, src.mac, 0x0800, concat(header, seg))
}

export function udp(srcPort: number, dstPort: number, payload: Bytes): Bytes {
  return concat(u16(srcPort), u16(dstPort), u16(8 + payload.length), [0, 0], payload)
}

export function icmpEcho(type: 0 | 8, id: number, seq: number, payload: Bytes): Bytes {
  return concat([type, 0, 0, 0], u16(id), u16(seq), payload)
}

export const TCP_FLAGS = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 } as const

export function tcp(srcPort: number, dstPort: number, seq: number, ack: number, flags: number, payload: Bytes, window = 64240): Bytes {
  // SYNs carry MSS 1460, NOP, NOP, SACK permitted, NOP, window scale 7: 12 bytes, a multiple of 32 bits.
  const options = flags & TCP_FLAGS.SYN ? [2, 4, ...u16(1460), 1, 1, 4, 2, 1, 3, 3, 7] : []
  const offset = (20 + options.length) / 4
  return concat(u16(srcPort), u16(dstPort), u32(seq >>> 0), u32(ack >>> 0), [offset << 4, flags], u16(window), [0, 0, 0, 0], options, payload)
}
