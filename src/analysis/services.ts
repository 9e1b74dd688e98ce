/**
 * Services: traffic per server port (protocol + port), from the TCP and UDP conversation tables after the
 * fact (no per-packet cost). Which side of a conversation is the server is decided per conversation, in order:
 * 1. TCP: the side that received a SYN without ACK (the connection's responder; unambiguous when only one
 *    side sent SYNs);
 * 2. a port below 1024 against one at or above it (IANA system ports, RFC 6335 section 6);
 * 3. a port outside the dynamic range 49152-65535 against one inside it;
 * 4. otherwise the lower port (ties: side B, the first packet's destination).
 * Conversations that overflowed the tables are not included.
 */
import type { ConversationTable } from './conversation-table.ts'
import { ConvFlag } from './conversation-table.ts'

export interface ServiceRecord {
  readonly proto: 'tcp' | 'udp'
  readonly port: number
  /** A conventional name for well-known ports, '' otherwise. */
  readonly name: string
  readonly conversations: number
  readonly packets: number
  readonly bytes: number
  /** Distinct server addresses offering this port. */
  readonly servers: number
}

/** Conventional names of common ports (IANA service names where one exists). */
const PORT_NAMES: Readonly<Record<number, string>> = {
  20: 'ftp-data', 21: 'ftp', 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'domain', 67: 'dhcp', 68: 'dhcp', 69: 'tftp',
  80: 'http', 88: 'kerberos', 110: 'pop3', 119: 'nntp', 123: 'ntp', 135: 'msrpc', 137: 'netbios-ns',
  138: 'netbios-dgm', 139: 'netbios-ssn', 143: 'imap', 161: 'snmp', 162: 'snmptrap', 389: 'ldap', 443: 'https',
  445: 'microsoft-ds', 465: 'smtps', 500: 'isakmp', 514: 'syslog', 587: 'submission', 636: 'ldaps', 853: 'domain-s',
  993: 'imaps', 995: 'pop3s', 1194: 'openvpn', 1433: 'ms-sql', 1812: 'radius', 1900: 'ssdp', 3306: 'mysql',
  3389: 'rdp', 3478: 'stun', 4500: 'ipsec-nat-t', 5060: 'sip', 5353: 'mdns', 5355: 'llmnr', 5432: 'postgresql',
  5900: 'vnc', 6379: 'redis', 8080: 'http-alt', 8443: 'https-alt', 9200: 'elasticsearch', 27017: 'mongodb',
}

export function portName(port: number): string {
  return PORT_NAMES[port] ?? ''
}

/** 0 when side A is the server, 1 when side B is. */
export function serverSide(t: ConversationTable, row: number, isTcp: boolean): 0 | 1 {
  if (isTcp) {
    const f = t.flags(row)
    const synA = (f & ConvFlag.SynFromA) !== 0
    const synB = (f & ConvFlag.SynFromB) !== 0
    if (synA && !synB) return 1
    if (synB && !synA) return 0
  }
  const pa = t.portA(row)
  const pb = t.portB(row)
  if ((pa < 1024) !== (pb < 1024)) return pa < 1024 ? 0 : 1
  if ((pa >= 49152) !== (pb >= 49152)) return pa < 49152 ? 0 : 1
  return pa < pb ? 0 : 1
}

/** Aggregates both tables by server port; sorted by bytes, largest first, capped at `limit`. */
export function computeServices(tcp: ConversationTable, udp: ConversationTable, limit = 100): ServiceRecord[] {
  interface Acc { conversations: number; packets: number; bytes: number; servers: Set<number> }
  const acc = new Map<number, Acc>()
  const addTable = (t: ConversationTable, isTcp: boolean): void => {
    for (let r = 0; r < t.rows; r++) {
      const side = serverSide(t, r, isTcp)
      const port = side === 0 ? t.portA(r) : t.portB(r)
      const server = side === 0 ? t.addrA(r) : t.addrB(r)
      const key = (isTcp ? 0 : 65536) + port
      let a = acc.get(key)
      if (!a) {
        a = { conversations: 0, packets: 0, bytes: 0, servers: new Set() }
        acc.set(key, a)
      }
      a.conversations++
      a.packets += t.packetsAB(r) + t.packetsBA(r)
      a.bytes += t.bytesAB(r) + t.bytesBA(r)
      // Distinct servers are a display detail: stop tracking past a few thousand per port.
      if (a.servers.size < 4096) a.servers.add(server)
    }
  }
  addTable(tcp, true)
  addTable(udp, false)
  const out: ServiceRecord[] = []
  for (const [key, a] of acc) {
    const port = key & 0xffff
    out.push({
      proto: key >= 65536 ? 'udp' : 'tcp',
      port,
      name: portName(port),
      conversations: a.conversations,
      packets: a.packets,
      bytes: a.bytes,
      servers: a.servers.size,
    })
  }
  out.sort((a, b) => b.bytes - a.bytes || b.packets - a.packets || a.port - b.port)
  return out.slice(0, Math.max(0, limit))
}
