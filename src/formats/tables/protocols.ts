/**
 * Protocol and service names as tables write them, normalised: protocols lower case with one spelling each
 * (IANA protocol numbers, https://www.iana.org/assignments/protocol-numbers, become their keywords), services
 * from the dataset when it names one and from the responder port otherwise (flows/well-known-ports.ts).
 */
import { serviceForPort } from '../../flows/well-known-ports.ts'
import type { StringTable } from './string-table.ts'

const BY_NUMBER = new Map<string, string>([
  ['0', 'hopopt'], ['1', 'icmp'], ['2', 'igmp'], ['4', 'ipip'], ['6', 'tcp'], ['17', 'udp'], ['41', 'ipv6'],
  ['47', 'gre'], ['50', 'esp'], ['51', 'ah'], ['58', 'icmpv6'], ['89', 'ospf'], ['103', 'pim'], ['112', 'vrrp'],
  ['132', 'sctp'],
])

const SPELLINGS = new Map<string, string>([
  ['ipv6-icmp', 'icmpv6'], ['icmp6', 'icmpv6'], ['icmp-v6', 'icmpv6'], ['ipv6icmp', 'icmpv6'],
])

/** Lower-case protocol keyword for a protocol cell: 'TCP' -> 'tcp', '17' -> 'udp', 'ipv6-icmp' -> 'icmpv6'. */
export function normaliseProtocol(raw: string): string {
  const s = raw.trim().toLowerCase()
  if (s === '' || s === '-') return ''
  return BY_NUMBER.get(s) ?? SPELLINGS.get(s) ?? s
}

/** IP protocol number of a normalised keyword (6 tcp, 17 udp, 132 sctp), or -1. */
export function protocolNumber(proto: string): number {
  return proto === 'tcp' ? 6 : proto === 'udp' ? 17 : proto === 'sctp' ? 132 : -1
}

/** Service name of the responder port, or '' when none is known. */
export function serviceFromPort(proto: string, port: number): string {
  if (port < 0) return ''
  return serviceForPort(protocolNumber(proto), port) ?? ''
}

/** Names that mean "no service": Zeek's unset '-', UNSW's '-', CIC's absent column, KDD's catch-alls. */
const NO_SERVICE = new Set(['', '-', '(empty)'])

/** NSL-KDD / KDD'99 service names that have a usual spelling elsewhere. */
const KDD_SERVICES = new Map<string, string>([
  ['domain_u', 'dns'], ['domain', 'dns'], ['ftp_data', 'ftp-data'], ['http_443', 'https'], ['http_8001', 'http-alt'],
  ['http_2784', 'http-alt'], ['ecr_i', 'icmp-echo-reply'], ['eco_i', 'icmp-echo'], ['tim_i', 'icmp-timestamp'],
  ['urp_i', 'icmp-unreachable'], ['urh_i', 'icmp-unreachable'], ['red_i', 'icmp-redirect'], ['tftp_u', 'tftp'],
  ['ntp_u', 'ntp'], ['netbios_ns', 'netbios-ns'], ['netbios_dgm', 'netbios-dgm'], ['netbios_ssn', 'netbios-ssn'],
  ['sql_net', 'sqlnet'], ['pop_3', 'pop3'], ['pop_2', 'pop2'], ['imap4', 'imap'],
])

/** A service cell normalised: lower case, '' for "none"; KDD spellings mapped when `kdd` is set. */
export function normaliseService(raw: string, kdd = false): string {
  const s = raw.trim().toLowerCase()
  if (NO_SERVICE.has(s)) return ''
  return kdd ? (KDD_SERVICES.get(s) ?? s) : s
}

/** Service ids by (protocol id, responder port), cached so a row costs one map lookup and no string. */
export class PortServices {
  private readonly cache = new Map<number, number>()

  constructor(private readonly strings: StringTable) {}

  /** Service id for protocol id `protoId` (an id in `strings`) and port, 0 when unknown. */
  id(protoId: number, port: number): number {
    if (port < 0 || protoId === 0) return 0
    const key = protoId * 65536 + port
    let id = this.cache.get(key)
    if (id === undefined) {
      id = this.strings.intern(serviceFromPort(this.strings.strings[protoId] ?? '', port))
      this.cache.set(key, id)
    }
    return id
  }
}
