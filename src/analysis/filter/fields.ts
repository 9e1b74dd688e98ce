/**
 * The field registry: every name a filter may use, its type (which decides how values are read and which
 * operators apply), a one-line description for help text, and how it is read from a FilterRecord.
 * Names follow Wireshark's display-filter fields where one exists (ip.addr, tcp.port, tls.handshake.extensions_server_name
 * is shortened to tls.sni as in common usage) and Zeek's conn.log for flow-only facts (state, history).
 * Tables (tables.ts) say which of these they support.
 */
import { AddrKind } from '../../model/address-table.ts'
import { CONN_STATE_NAMES } from '../../flows/conn-state.ts'
import type { AddrKey, NumKey, StrKey } from './record.ts'

export type FieldType = 'address' | 'number' | 'string' | 'bool' | 'proto' | 'state' | 'size' | 'duration' | 'time'

/** One condition of a protocol-presence field. */
export type PresenceTest =
  | { readonly num: NumKey; readonly equals: number }
  | { readonly str: StrKey; readonly oneOf?: readonly string[] }
  | { readonly addr: AddrKey; readonly kind: number }

export type FieldAccess =
  /** Any of the keys; with ipProto, only rows of that IP protocol have the field (tcp.port). */
  | { readonly kind: 'num'; readonly keys: readonly NumKey[]; readonly ipProto?: number }
  | { readonly kind: 'str'; readonly key: StrKey }
  | { readonly kind: 'addr'; readonly keys: readonly AddrKey[]; readonly family: 'ip' | 'mac' }
  /** True when any of the tests holds. */
  | { readonly kind: 'present'; readonly any: readonly PresenceTest[] }

export interface FieldDef {
  readonly name: string
  readonly aliases: readonly string[]
  readonly type: FieldType
  readonly description: string
  readonly access: FieldAccess
  /** Number fields: symbolic values, lower-case keys (dns.rcode: nxdomain -> 3). */
  readonly names?: Readonly<Record<string, number>>
  /** Text fields: the canonical form of a typed value, or null when the value cannot occur. */
  readonly normalize?: (text: string) => string | null
}

const DNS_RCODES: Record<string, number> = {
  noerror: 0, formerr: 1, servfail: 2, nxdomain: 3, notimp: 4, refused: 5, yxdomain: 6, yxrrset: 7, nxrrset: 8, notauth: 9, notzone: 10,
}
const DNS_QTYPES: Record<string, number> = {
  a: 1, ns: 2, cname: 5, soa: 6, ptr: 12, hinfo: 13, mx: 15, txt: 16, aaaa: 28, srv: 33, naptr: 35, opt: 41, ds: 43,
  rrsig: 46, nsec: 47, dnskey: 48, svcb: 64, https: 65, any: 255, caa: 257,
}
export const IP_PROTOCOLS: Record<string, number> = {
  icmp: 1, igmp: 2, ipip: 4, tcp: 6, udp: 17, ipv6: 41, gre: 47, esp: 50, ah: 51, icmpv6: 58, ospf: 89, pim: 103, sctp: 132,
}
const PROTOCOL_BY_NUMBER = new Map(Object.entries(IP_PROTOCOLS).map(([name, n]) => [String(n), name]))

const STATES: ReadonlySet<string> = new Set(CONN_STATE_NAMES)
const upper = (s: string): string => s.toUpperCase()
const lower = (s: string): string => s.toLowerCase()
const state = (s: string): string | null => (STATES.has(s.toUpperCase()) ? s.toUpperCase() : null)
/** proto == 6 means the same as proto == tcp. */
const protoName = (s: string): string => PROTOCOL_BY_NUMBER.get(s) ?? s.toLowerCase()

const TCP = 6
const UDP = 17
const PORTS: readonly NumKey[] = ['srcPort', 'dstPort']
const IP_PAIR: readonly AddrKey[] = ['src', 'dst']

function f(name: string, type: FieldType, access: FieldAccess, description: string, extra: Partial<FieldDef> = {}): FieldDef {
  return { name, aliases: [], type, access, description, ...extra }
}
const num = (...keys: NumKey[]): FieldAccess => ({ kind: 'num', keys })
const str = (key: StrKey): FieldAccess => ({ kind: 'str', key })
const ipProto = (n: number): PresenceTest => ({ num: 'ipProto', equals: n })
const app = (names: string[], evidence: StrKey): FieldAccess => ({ kind: 'present', any: [{ str: 'app', oneOf: names }, { str: evidence }] })

export const FIELDS: readonly FieldDef[] = [
  f('ip.src', 'address', { kind: 'addr', keys: ['src'], family: 'ip' }, 'originator address (A for conversations)', { aliases: ['ipv6.src'] }),
  f('ip.dst', 'address', { kind: 'addr', keys: ['dst'], family: 'ip' }, 'responder address (B for conversations)', { aliases: ['ipv6.dst'] }),
  f('ip.addr', 'address', { kind: 'addr', keys: IP_PAIR, family: 'ip' }, 'either address (IPv4 or IPv6)', { aliases: ['ipv6.addr'] }),
  f('eth.src', 'address', { kind: 'addr', keys: ['ethSrc'], family: 'mac' }, 'source MAC address'),
  f('eth.dst', 'address', { kind: 'addr', keys: ['ethDst'], family: 'mac' }, 'destination MAC address'),
  f('eth.addr', 'address', { kind: 'addr', keys: ['ethSrc', 'ethDst'], family: 'mac' }, 'either MAC address'),
  f('port', 'number', num(...PORTS), 'either port (TCP, UDP or SCTP)'),
  f('src.port', 'number', num('srcPort'), 'originator port', { aliases: ['srcport'] }),
  f('dst.port', 'number', num('dstPort'), 'responder port', { aliases: ['dstport'] }),
  f('tcp.port', 'number', { kind: 'num', keys: PORTS, ipProto: TCP }, 'either TCP port'),
  f('tcp.srcport', 'number', { kind: 'num', keys: ['srcPort'], ipProto: TCP }, 'TCP originator port'),
  f('tcp.dstport', 'number', { kind: 'num', keys: ['dstPort'], ipProto: TCP }, 'TCP responder port'),
  f('udp.port', 'number', { kind: 'num', keys: PORTS, ipProto: UDP }, 'either UDP port'),
  f('udp.srcport', 'number', { kind: 'num', keys: ['srcPort'], ipProto: UDP }, 'UDP originator port'),
  f('udp.dstport', 'number', { kind: 'num', keys: ['dstPort'], ipProto: UDP }, 'UDP responder port'),
  f('ip.proto', 'number', num('ipProto'), 'IP protocol number or name (6, tcp)', { names: IP_PROTOCOLS }),
  f('proto', 'string', str('proto'), 'protocol name: tcp, udp, icmp, icmpv6, sctp, arp, l2', { normalize: protoName }),
  f('ip', 'proto', { kind: 'present', any: [{ addr: 'src', kind: AddrKind.IPv4 }] }, 'IPv4'),
  f('ipv6', 'proto', { kind: 'present', any: [{ addr: 'src', kind: AddrKind.IPv6 }] }, 'IPv6'),
  f('eth', 'proto', { kind: 'present', any: [{ addr: 'ethSrc', kind: AddrKind.MAC }] }, 'Ethernet'),
  f('tcp', 'proto', { kind: 'present', any: [ipProto(TCP)] }, 'TCP'),
  f('udp', 'proto', { kind: 'present', any: [ipProto(UDP)] }, 'UDP'),
  f('icmp', 'proto', { kind: 'present', any: [ipProto(1)] }, 'ICMP'),
  f('icmpv6', 'proto', { kind: 'present', any: [ipProto(58)] }, 'ICMPv6'),
  f('sctp', 'proto', { kind: 'present', any: [ipProto(132)] }, 'SCTP'),
  f('arp', 'proto', { kind: 'present', any: [{ str: 'proto', oneOf: ['arp'] }] }, 'ARP'),
  f('dns', 'proto', app(['dns', 'mdns', 'llmnr'], 'dnsQuery'), 'DNS (by content, or by port)'),
  f('tls', 'proto', app(['tls', 'https', 'https-alt', 'imaps', 'pop3s', 'smtps', 'ldaps', 'dns-over-tls'], 'tlsJa3'), 'TLS (by content, or by port)', { aliases: ['ssl'] }),
  f('http', 'proto', app(['http', 'http-alt', 'http-proxy'], 'httpHost'), 'HTTP (by content, or by port)'),
  f('dhcp', 'proto', app(['dhcp', 'dhcpv6'], 'dhcpHostName'), 'DHCP (by content, or by port)', { aliases: ['bootp'] }),
  f('quic', 'proto', { kind: 'present', any: [{ str: 'app', oneOf: ['quic'] }] }, 'QUIC (by content, or UDP port 443)'),
  f('app', 'string', str('app'), 'application: dns, tls, http, dhcp, quic, or a service guessed from the port', { normalize: lower }),
  f('bytes', 'size', num('bytes'), 'bytes in both directions'),
  f('packets', 'number', num('packets'), 'packets in both directions', { aliases: ['pkts'] }),
  f('bytes.orig', 'size', num('srcBytes'), 'bytes from the originator (A -> B)', { aliases: ['src.bytes', 'orig_bytes'] }),
  f('bytes.resp', 'size', num('dstBytes'), 'bytes from the responder (B -> A)', { aliases: ['dst.bytes', 'resp_bytes'] }),
  f('packets.orig', 'number', num('srcPackets'), 'packets from the originator', { aliases: ['src.packets', 'orig_pkts'] }),
  f('packets.resp', 'number', num('dstPackets'), 'packets from the responder', { aliases: ['dst.packets', 'resp_pkts'] }),
  f('tx.bytes', 'size', num('txBytes'), 'bytes the endpoint sent'),
  f('rx.bytes', 'size', num('rxBytes'), 'bytes the endpoint received'),
  f('tx.packets', 'number', num('txPackets'), 'packets the endpoint sent'),
  f('rx.packets', 'number', num('rxPackets'), 'packets the endpoint received'),
  f('duration', 'duration', num('duration'), 'seconds from first to last packet (units: ms, s, m, h)'),
  f('start', 'time', num('start'), 'first packet: seconds since 1970 or "2024-01-01 12:00:00" (UTC)', { aliases: ['first', 'ts'] }),
  f('end', 'time', num('end'), 'last packet: seconds since 1970 or "2024-01-01 12:00:00" (UTC)', { aliases: ['last'] }),
  f('state', 'state', str('state'), "Zeek conn_state (S0, SF, REJ, ...)", { aliases: ['conn_state'], normalize: state }),
  f('history', 'string', str('history'), 'Zeek connection history (ShADadFf...)'),
  f('tls.sni', 'string', str('tlsSni'), 'TLS or QUIC server name', { aliases: ['tls.handshake.extensions_server_name'] }),
  f('tls.ja3', 'string', str('tlsJa3'), 'JA3 hash of the ClientHello', { aliases: ['ja3'] }),
  f('tls.ja4', 'string', str('tlsJa4'), 'JA4 of the ClientHello', { aliases: ['ja4'] }),
  f('tls.alpn', 'string', str('tlsAlpn'), 'ALPN protocols offered (any of them)'),
  f('dns.qry.name', 'string', str('dnsQuery'), 'DNS query name', { aliases: ['dns.query', 'dns.name'] }),
  f('dns.answer', 'string', str('dnsAnswer'), 'DNS answer data (any of them)'),
  f('dns.qry.type', 'number', num('dnsQtype'), 'DNS query type (1 or A, 28 or AAAA, ...)', { aliases: ['dns.qtype'], names: DNS_QTYPES }),
  f('dns.rcode', 'number', num('dnsRcode'), 'DNS response code (3 or NXDOMAIN, ...)', { aliases: ['dns.flags.rcode'], names: DNS_RCODES }),
  f('http.host', 'string', str('httpHost'), 'HTTP Host header'),
  f('http.user_agent', 'string', str('httpUserAgent'), 'HTTP User-Agent header'),
  f('http.method', 'string', str('httpMethod'), 'HTTP request method', { aliases: ['http.request.method'], normalize: upper }),
  f('http.uri', 'string', str('httpUri'), 'HTTP request URI', { aliases: ['http.request.uri'] }),
  f('dhcp.hostname', 'string', str('dhcpHostName'), 'DHCP host name option', { aliases: ['dhcp.option.hostname'] }),
  f('vlan', 'number', num('vlan'), 'VLAN id', { aliases: ['vlan.id'] }),
  f('rtt', 'duration', num('rtt'), 'TCP handshake round-trip time (units: ms, s)'),
  f('retrans', 'number', num('retrans'), 'TCP retransmissions, both directions', { aliases: ['retransmissions'] }),
  f('handshake', 'bool', num('handshake'), 'the TCP handshake was seen'),
  f('tunnel', 'bool', num('tunnel'), 'outer UDP conversation of a tunnel'),
  f('label', 'string', str('label'), 'the label a table gives the row (e.g. a scenario label)'),
]

const BY_NAME = new Map<string, FieldDef>()
for (const def of FIELDS) for (const n of [def.name, ...def.aliases]) BY_NAME.set(n, def)

/** The field a name or alias stands for (names are case-insensitive), or undefined. */
export function lookupField(name: string): FieldDef | undefined {
  return BY_NAME.get(name.toLowerCase())
}

/** Every accepted name, canonical names first. */
export function allFieldNames(): string[] {
  return [...FIELDS.map((d) => d.name), ...FIELDS.flatMap((d) => d.aliases)]
}
