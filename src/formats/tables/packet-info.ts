/**
 * What the columns of a packet table say in Wireshark's words: the Protocol column's name (the topmost protocol
 * Wireshark dissected) as the layers below it, the Info text of TCP, ICMP and ICMPv6 packets
 * (https://www.wireshark.org/docs/wsug_html_chunked/ChUsePacketListPaneSection.html: "[SYN, ACK] Seq=0 Ack=1
 * Win=65535 Len=0", "Echo (ping) request  id=0x0001"), and address text. Nothing here makes a string per packet.
 */
import { Layer } from '../../model/layers.ts'
import { App, TcpFlag } from '../../model/packet-batch.ts'

/** Info prefixes Wireshark writes for ICMP messages (RFC 792) with their type and code; longest first. */
export const ICMP_MESSAGES: readonly (readonly [string, number, number])[] = [
  ['Echo (ping) request', 8, 0], ['Echo (ping) reply', 0, 0],
  ['Destination unreachable (Network unreachable)', 3, 0], ['Destination unreachable (Host unreachable)', 3, 1],
  ['Destination unreachable (Protocol unreachable)', 3, 2], ['Destination unreachable (Port unreachable)', 3, 3],
  ['Destination unreachable (Fragmentation needed)', 3, 4], ['Destination unreachable (Communication administratively filtered)', 3, 13],
  ['Destination unreachable', 3, 0], ['Source quench', 4, 0], ['Redirect', 5, 1],
  ['Time-to-live exceeded (Time to live exceeded in transit)', 11, 0], ['Time-to-live exceeded (Fragment reassembly time exceeded)', 11, 1],
  ['Time-to-live exceeded', 11, 0], ['Parameter problem', 12, 0], ['Timestamp request', 13, 0], ['Timestamp reply', 14, 0],
  ['Address mask request', 17, 0], ['Address mask reply', 18, 0], ['Router advertisement', 9, 0], ['Router solicitation', 10, 0],
]
/** The same for ICMPv6 (RFC 4443, RFC 4861, RFC 3810). */
export const ICMPV6_MESSAGES: readonly (readonly [string, number, number])[] = [
  ['Echo (ping) request', 128, 0], ['Echo (ping) reply', 129, 0],
  ['Destination Unreachable (no route to destination)', 1, 0], ['Destination Unreachable (Address unreachable)', 1, 3],
  ['Destination Unreachable (Port unreachable)', 1, 4], ['Destination Unreachable', 1, 0], ['Packet Too Big', 2, 0],
  ['Time Exceeded', 3, 0], ['Parameter Problem', 4, 0], ['Multicast Listener Query', 130, 0],
  ['Multicast Listener Report Message v2', 143, 0], ['Multicast Listener Report', 131, 0], ['Multicast Listener Done', 132, 0],
  ['Router Solicitation', 133, 0], ['Router Advertisement', 134, 0], ['Neighbor Solicitation', 135, 0],
  ['Neighbor Advertisement', 136, 0], ['Redirect', 137, 0],
]

/** What a protocol name says about the packet below it. */
export interface ProtocolFacts {
  readonly ipProto: number
  readonly layers: number
  readonly app: number
  readonly arp: boolean
}

export const UNKNOWN_PROTOCOL: ProtocolFacts = { ipProto: 0, layers: 0, app: App.None, arp: false }

/** Application protocols Wireshark names that run over UDP (the rest with ports default to TCP). */
const OVER_UDP = new Set([
  'udp', 'dns', 'mdns', 'llmnr', 'nbns', 'nbdgm', 'browser', 'ssdp', 'dhcp', 'bootp', 'dhcpv6', 'ntp', 'snmp',
  'syslog', 'quic', 'gquic', 'http3', 'tftp', 'rtp', 'rtcp', 'stun', 'sip', 'cldap', 'openvpn', 'wireguard',
  'nat-pmp', 'ws-discovery', 'coap', 'radius', 'isakmp', 'l2tp', 'vxlan', 'geneve', 'db-lsp-disc', 'teredo',
  'lsd', 'rip', 'ripv2', 'srvloc', 'xdmcp', 'cups', 'kink', 'rmcp', 'ipmb', 'nbipx', 'mndp', 'cdp',
])
const OVER_TCP = new Set([
  'tcp', 'ssh', 'sshv2', 'ftp', 'ftp-data', 'smtp', 'imap', 'pop', 'smb', 'smb2', 'rdp', 'telnet', 'bgp', 'ldap',
  'irc', 'mysql', 'pgsql', 'vnc', 'x11', 'websocket', 'nbss', 'dcerpc', 'xmpp', 'rtsp', 'ocsp', 'pkix-cert',
])

/** Facts of a lower-case protocol name (or IP protocol number); unknown names know nothing. */
export function protocolFacts(name: string): ProtocolFacts {
  const n = name.trim().toLowerCase()
  if (/^\d{1,3}$/.test(n)) {
    const p = Number(n)
    return p > 255 ? UNKNOWN_PROTOCOL : { ipProto: p, layers: transportLayer(p), app: App.None, arp: false }
  }
  if (n === 'arp' || n === 'rarp') return { ipProto: 0, layers: Layer.arp, app: App.None, arp: true }
  if (n === 'icmp') return { ipProto: 1, layers: Layer.icmp, app: App.None, arp: false }
  if (n === 'icmpv6' || n === 'ipv6-icmp') return { ipProto: 58, layers: Layer.icmpv6, app: App.None, arp: false }
  if (n.startsWith('igmp')) return { ipProto: 2, layers: Layer.igmp, app: App.None, arp: false }
  if (n === 'gre') return { ipProto: 47, layers: Layer.gre, app: App.None, arp: false }
  if (n === 'esp') return { ipProto: 50, layers: Layer.esp, app: App.None, arp: false }
  if (n === 'ah') return { ipProto: 51, layers: Layer.ah, app: App.None, arp: false }
  if (n === 'sctp') return { ipProto: 132, layers: Layer.sctp, app: App.None, arp: false }
  if (n === 'dns' || n === 'mdns' || n === 'llmnr') return udpApp(Layer.dns, App.DNS)
  if (n === 'dhcp' || n === 'bootp') return udpApp(Layer.dhcp, App.DHCP)
  if (n === 'quic' || n === 'gquic' || n === 'http3') return udpApp(Layer.quic, App.QUIC)
  if (n.startsWith('tls') || n.startsWith('ssl')) return { ipProto: 6, layers: Layer.tcp | Layer.tls, app: App.TLS, arp: false }
  if (n.startsWith('http')) return { ipProto: 6, layers: Layer.tcp | Layer.http, app: App.HTTP, arp: false }
  if (OVER_UDP.has(n)) return { ipProto: 17, layers: Layer.udp, app: App.None, arp: false }
  if (OVER_TCP.has(n)) return { ipProto: 6, layers: Layer.tcp, app: App.None, arp: false }
  return UNKNOWN_PROTOCOL
}

function udpApp(layer: number, app: number): ProtocolFacts {
  return { ipProto: 17, layers: Layer.udp | layer, app, arp: false }
}

export function transportLayer(p: number): number {
  return p === 6 ? Layer.tcp : p === 17 ? Layer.udp : p === 1 ? Layer.icmp : p === 58 ? Layer.icmpv6 : p === 132 ? Layer.sctp : 0
}

/** A dotted quad as a uint32 (a<<24 | ...), or -1. */
export function ipv4FromText(s: string): number {
  let v = 0
  let part = 0
  let digits = 0
  let dots = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1
      v = v * 256 + part
      part = 0
      digits = 0
      dots++
    } else if (c >= 48 && c <= 57 && digits < 3) {
      part = part * 10 + c - 48
      digits++
      if (part > 255) return -1
    } else return -1
  }
  if (digits === 0 || dots !== 3) return -1
  return v * 256 + part
}


/** Six hex pairs separated by ':' or '-' into out[0..6); false otherwise. */
export function macFromText(s: string, out: Uint8Array): boolean {
  if (s.length !== 17) return false
  for (let k = 0; k < 6; k++) {
    const h = Number.parseInt(s.slice(3 * k, 3 * k + 2), 16)
    if (!/^[0-9a-fA-F]{2}$/.test(s.slice(3 * k, 3 * k + 2)) || (k < 5 && s[3 * k + 2] !== ':' && s[3 * k + 2] !== '-')) return false
    out[k] = h
  }
  return true
}

/** Reads the "[SYN, ACK]"-style flags and Seq=/Ack=/Win=/Len= values Wireshark writes into Info. */
export class InfoFields {
  flags = 0
  seq = -1
  ack = -1
  win = -1
  len = -1

  /** Parses `info`; returns whether it named TCP flags. Work is bounded by the (capped) Info length. */
  read(info: string): boolean {
    this.flags = 0
    this.seq = this.ack = this.win = this.len = -1
    let found = false
    let i = 0
    const n = info.length
    while (i < n) {
      const c = info.charCodeAt(i)
      if (c === 91 && !found) {
        // "[SYN, ACK]": only a group of nothing but flag names counts ("[TCP Retransmission]" does not).
        const close = info.indexOf(']', i)
        if (close < 0) break
        const flags = flagGroup(info, i + 1, close)
        if (flags > 0) {
          this.flags = flags
          found = true
        }
        i = close + 1
        continue
      }
      if (c === 61 && i >= 3 && (i === 3 || info.charCodeAt(i - 4) === 32)) {
        const key = (info.charCodeAt(i - 3) << 16) | (info.charCodeAt(i - 2) << 8) | info.charCodeAt(i - 1)
        if (key === KEY_SEQ) this.seq = leadingCount(info, i + 1)
        else if (key === KEY_ACK) this.ack = leadingCount(info, i + 1)
        else if (key === KEY_WIN) this.win = leadingCount(info, i + 1)
        else if (key === KEY_LEN) this.len = leadingCount(info, i + 1)
      }
      i++
    }
    return found
  }
}

/** Three letters as one number (no string per packet). */
const key3 = (w: string): number => (w.charCodeAt(0) << 16) | (w.charCodeAt(1) << 8) | w.charCodeAt(2)
const KEY_SEQ = key3('Seq')
const KEY_ACK = key3('Ack')
const KEY_WIN = key3('Win')
const KEY_LEN = key3('Len')

/** Flag names as Wireshark writes them in Info, keyed by their letters (two-letter names end in a space). */
const FLAG_KEYS = new Map<number, number>([
  [key3('FIN'), TcpFlag.FIN], [key3('SYN'), TcpFlag.SYN], [key3('RST'), TcpFlag.RST], [key3('PSH'), TcpFlag.PSH],
  [key3('ACK'), TcpFlag.ACK], [key3('URG'), TcpFlag.URG], [key3('ECE'), TcpFlag.ECE], [key3('ECN'), TcpFlag.ECE],
  [key3('CWR'), TcpFlag.CWR], [key3('NS '), TcpFlag.NS], [key3('AE '), TcpFlag.NS],
])

/** The flags of info[from, to) when it lists only flag names ("SYN, ACK"), else 0. */
function flagGroup(info: string, from: number, to: number): number {
  if (to - from > 40) return 0
  let flags = 0
  let i = from
  while (i < to) {
    while (i < to && info.charCodeAt(i) === 32) i++
    const start = i
    while (i < to && info.charCodeAt(i) !== 44 && info.charCodeAt(i) !== 32) i++
    const n = i - start
    if (n < 2 || n > 3) return 0
    const key = (info.charCodeAt(start) << 16) | (info.charCodeAt(start + 1) << 8) | (n === 3 ? info.charCodeAt(start + 2) : 32)
    const f = FLAG_KEYS.get(key)
    if (f === undefined) return 0
    flags |= f
    while (i < to && info.charCodeAt(i) === 32) i++
    if (i < to && info.charCodeAt(i) !== 44) return 0
    i++
  }
  return flags
}

/** The decimal at info[i] (at most 10 digits), or -1. */
function leadingCount(info: string, i: number): number {
  let v = 0
  let k = i
  while (k < info.length && k - i < 10) {
    const d = info.charCodeAt(k) - 48
    if (d < 0 || d > 9) break
    v = v * 10 + d
    k++
  }
  return k === i ? -1 : v
}
